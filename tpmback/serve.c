/*
 * serve.c - tpmback's data path and its public entry points: the event
 * handler, the loop in tpmback_run(), and one request of a connected
 * frontend.
 *
 * Trust: the shared page is read by tb_read_request() (proto.c), once,
 * into tb_cmd; the engine sees only that copy.  A violation ends the
 * connection (tb_disconnect: unmap, unbind) and says why; the
 * engine's own answer is checked too, since a page-sized bug there
 * would otherwise write past the page.
 */
#include <domlet/kernel.h>
#include <domlet/printf.h>
#include <string.h>
#include "tpmback/tb_priv.h"
#include "tpmback/tb_proto.h"

struct tb_state tb;

/* One request at a time (one serving thread), so one pair of buffers. */
static uint8_t tb_cmd[TB_MAX_DATA];
static uint8_t tb_resp[TB_MAX_DATA];

/* Event-handler context: flag and wake, nothing else. */
void tb_event(evtchn_port_t port, void *data)
{
	struct tb_dev *d = data;

	(void)port;
	d->kick = true;
	wake_up(&tb.wq);
}

static void tb_violation(struct tb_dev *d, const char *why)
{
	printk("tpmback: frontend %u/%u broke the protocol: %s: closing\n",
	       d->fe_id, d->devid, why);
	tb.st.violations++;
	tb_disconnect(d, "protocol violation");
	d->failed = true;
	tb_set_state(d, XenbusStateClosing);
}

static void tb_command(struct tb_dev *d, uint32_t len)
{
	size_t rlen = 0;
	int rc;

	rc = tb.ops.handle(tb.ops.ctx, tb_cmd, len, tb_resp, sizeof(tb_resp),
			   &rlen);
	if (rc < 0 || rlen == 0 || rlen > sizeof(tb_resp)) {
		printk("tpmback: frontend %u/%u: the TPM gave no answer "
		       "(%d, %lu bytes): sending a failure\n",
		       d->fe_id, d->devid, rc, (unsigned long)rlen);
		tb_error_response(tb_cmd, len, tb_resp);
		rlen = TB_TPM_HDR;
		tb.st.failed++;
	}
	/* The handler may have slept, but only this thread unmaps. */
	if (!d->connected)
		return;
	tb_write_response(d->page, tb_resp, rlen);
	evtchn_notify(d->port);
	tb.st.commands++;
}

void tb_serve(struct tb_dev *d)
{
	struct tb_req req;
	const char *why;

	if (tb_read_request(d->page, tb_cmd, sizeof(tb_cmd), &req, &why)) {
		tb_violation(d, why);
		return;
	}
	switch (req.kind) {
	case TB_REQ_COMMAND:
		tb_command(d, req.len);
		break;
	case TB_REQ_CANCEL:
		/* Commands run to completion before we look again, so
		 * nothing is in progress: the cancel is complete. */
		tb_write_state(d->page, 0 /* TPMIF_STATE_IDLE */);
		evtchn_notify(d->port);
		tb.st.cancels++;
		break;
	case TB_REQ_NONE:
		tb.st.spurious++;
		break;
	}
}

static bool tb_kicked(void)
{
	unsigned int i;

	for (i = 0; i < TB_MAX_DEVS; i++)
		if (tb.devs[i].connected && tb.devs[i].kick)
			return true;
	return false;
}

int tpmback_init(const struct tpmback_ops *ops)
{
	int rc;

	if (tb.inited)
		return -EBUSY;
	if (!ops || !ops->handle)
		return -EINVAL;
	memset(&tb, 0, sizeof(tb));
	tb.ops = *ops;
	tb.watch.path = "backend/vtpm";
	tb.watch.cb = tb_changed;
	tb.dirty = true;
	rc = xenbus_watch(&tb.watch);
	if (rc) {
		printk("tpmback: watching backend/vtpm failed (%d)\n", rc);
		return rc;
	}
	tb.inited = true;
	return 0;
}

int tpmback_run(uint64_t deadline)
{
	unsigned int i;
	int rc;

	if (!tb.inited)
		return -EINVAL;
	for (;;) {
		rc = wait_event_until(tb.wq, tb.dirty || tb.stop || tb_kicked(),
				      deadline);
		if (tb.stop) {
			tb.stop = false;
			return -ECANCELED;
		}
		if (rc)
			return 0;
		if (tb.dirty) {
			tb.dirty = false;
			tb_scan();
		}
		for (i = 0; i < TB_MAX_DEVS; i++) {
			struct tb_dev *d = &tb.devs[i];

			if (d->connected && d->kick) {
				d->kick = false;
				tb_serve(d);
			}
		}
	}
}

void tpmback_stop(void)
{
	tb.stop = true;
	wake_up(&tb.wq);
}

void tpmback_shutdown(void)
{
	if (!tb.inited)
		return;
	xenbus_unwatch(&tb.watch);
	tb_close_all();
	tb.inited = false;
}

void tpmback_get_stats(struct tpmback_stats *st)
{
	*st = tb.st;
}
