/*
 * evq.c - the fired-port ring of evtchn.c (evq.h).  Pure.
 */
#include "xenlibs/evq.h"

void evq_push(struct evq *q, uint32_t port)
{
	if (q->tail - q->head == EVQ_SIZE) {
		q->dropped++;
		return;
	}
	q->port[q->tail++ % EVQ_SIZE] = port;
}

int evq_pop(struct evq *q)
{
	if (q->tail == q->head)
		return -1;
	return (int)q->port[q->head++ % EVQ_SIZE];
}

bool evq_empty(const struct evq *q)
{
	return q->tail == q->head;
}

void evq_drop(struct evq *q, uint32_t port)
{
	unsigned int i, n = q->tail - q->head, kept = 0;

	for (i = 0; i < n; i++) {
		uint32_t p = q->port[(q->head + i) % EVQ_SIZE];
		if (p != port)
			q->port[(q->head + kept++) % EVQ_SIZE] = p;
	}
	q->tail = q->head + kept;
}
