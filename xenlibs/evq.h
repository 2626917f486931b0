/*
 * evq.h - a handle's queue of fired event-channel ports (evtchn.c): a
 * fixed ring, pure so it is tested on the host (tests/unit/test_evq.c).
 * The caller serialises (evtchn.c: events masked).  A port is queued at
 * most once at a time normally (it stays masked until unmasked after
 * xenevtchn_pending), so EVQ_SIZE, twice the ports a handle may bind,
 * is not reached; a push onto a full ring is dropped and counted.
 */
#ifndef XENLIBS_EVQ_H
#define XENLIBS_EVQ_H

#include <stdbool.h>
#include <stdint.h>

#define EVQ_SIZE 128

struct evq {
	uint32_t port[EVQ_SIZE];
	unsigned int head, tail; /* free-running; tail - head = count */
	unsigned long dropped;
};

void evq_push(struct evq *q, uint32_t port);
/* The oldest port, or -1 if empty. */
int evq_pop(struct evq *q);
bool evq_empty(const struct evq *q);
/* Removes every queued occurrence of port (after an unbind). */
void evq_drop(struct evq *q, uint32_t port);

#endif
