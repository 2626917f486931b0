/*
 * tb_priv.h - what tpmback's files share (not part of the API).
 *
 * All of it is owned by the thread in tpmback_run(): the watch callbacks
 * and the event handler only set flags and wake it, so a page is never
 * unmapped while a command is being read or answered.
 */
#ifndef TPMBACK_TB_PRIV_H
#define TPMBACK_TB_PRIV_H

#include <domlet/kernel.h>
#include "tpmback/tpmback.h"

#define TB_MAX_DEVS 8 /* frontends tracked at once; more are refused */

struct tb_dev {
	bool used;
	bool seen;	    /* still listed by the last scan */
	bool connected;	    /* page mapped, port bound, we said Connected */
	bool failed;	    /* refused or broke the protocol: wait for the
			       frontend to start over */
	volatile bool kick; /* an event arrived (set by the handler) */
	domid_t fe_id;
	unsigned int devid;
	unsigned long gen;    /* this instance's number (tb_needs_reset) */
	char be[64];	      /* backend/vtpm/<fe_id>/<devid> (relative) */
	char fe[128];	      /* its `frontend`, checked */
	XenbusState be_state; /* what we last wrote */
	void *page;
	grant_handle_t handle;
	evtchn_port_t port;
	struct xenbus_watch fe_watch;
	char fe_state_path[144];
	bool watching;
};

struct tb_state {
	bool inited;
	struct tpmback_ops ops;
	struct waitqueue wq;
	volatile bool dirty; /* xenstore changed: rescan */
	volatile bool stop;
	struct xenbus_watch watch;
	struct tb_dev devs[TB_MAX_DEVS];
	unsigned long gens;  /* instances numbered so far */
	unsigned long owner; /* the instance the TPM state is for, 0: none */
	struct tpmback_stats st;
};

extern struct tb_state tb;

/* xenbus.c: discovery and the handshake. */
void tb_scan(void);
void tb_disconnect(struct tb_dev *d, const char *why);
void tb_close_all(void);
void tb_set_state(struct tb_dev *d, XenbusState st);	   /* if it differs */
void tb_changed(struct xenbus_watch *w, const char *path); /* watch cb */
/* serve.c: one request of a connected device. */
void tb_serve(struct tb_dev *d);
void tb_event(evtchn_port_t port, void *data);

#endif
