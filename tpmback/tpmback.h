/*
 * tpmback.h - domlet's Xen vTPM backend (tpmif protocol version 2,
 * xen/io/tpmif.h): the vTPM stub domain's side of a guest's TPM.  The
 * whole public API; everything else in tpmback/ is private.
 *
 * Model: tpmback_init() watches backend/vtpm in this domain's xenstore
 * area, where the toolstack (xl's vtpm=["backend=NAME"]) creates
 * backend/vtpm/<frontend domid>/<devid>.  tpmback_run() then does all
 * the work in the calling thread: the xenbus handshake with each
 * frontend (InitWait; on the frontend's Initialised or Connected, map its
 * ring-ref, bind its event-channel, Connected), and each command the
 * frontend submits goes to ops->handle in that same thread, so a TPM
 * engine runs on the caller's stack, never in an event handler.  One
 * frontend is served at a time; others wait in InitWait until it goes.
 *
 * Trust: the frontend is a guest and untrusted.  Its shared page, its
 * xenstore values and its state are checked; a violation (bad state or
 * length, extra pages, garbage ring-ref or event-channel, a frontend
 * that vanishes mid-command) ends that one connection with a message
 * naming what was wrong, and the backend moves to Closing.  The frontend
 * may start over by going through Closed/Initialising.
 *
 * Platform resets follow the guest, not the connection: a frontend
 * that closes and reconnects in the same domain (pvgrub handing over to
 * the kernel it loaded, a driver reload, a refused connection retried)
 * finds the TPM as it left it, PCRs included, as on real hardware.  A
 * guest reboot under Xen is a new domain (new domid, new backend
 * directory), so the first connect of a different device instance
 * (another domain, or a device the toolstack removed and re-created)
 * is preceded by ops->reset.
 *
 * Errors are 0 or a negative errno of the kernel (domlet/errno.h: Linux
 * numbers).  Thread context only.
 */
#ifndef TPMBACK_TPMBACK_H
#define TPMBACK_TPMBACK_H

#include <stddef.h>
#include <stdint.h>

/* The largest command and response: one page less the 8-byte header. */
#define TPMBACK_MAX_PACKET 4088u

struct tpmback_ops {
	/*
	 * One command, cmd[0..len) (len 10..TPMBACK_MAX_PACKET, a copy out
	 * of the shared page: the frontend cannot change it meanwhile).
	 * Writes the response to resp (resp_max = TPMBACK_MAX_PACKET) and
	 * its length to *resp_len; returns 0.  A negative return, or a
	 * length of 0 or above resp_max, sends the frontend a TPM failure
	 * response instead.  Runs in tpmback_run's thread; may block.
	 */
	int (*handle)(void *ctx, const uint8_t *cmd, size_t len, uint8_t *resp,
		      size_t resp_max, size_t *resp_len);
	/*
	 * A frontend is connecting that is not the device instance that
	 * connected last (another domain: a new or rebooted guest; or a
	 * device removed and re-created): the TPM does a platform reset
	 * (TPM2_Startup is the frontend's to send).  Called in
	 * tpmback_run's thread before that frontend's first command, never
	 * for the first frontend after tpmback_init, and never when the
	 * same instance closes and reconnects (a bootloader's hand-over to
	 * its kernel, a driver reload): its TPM state, PCRs included, stays
	 * as a real TPM's would.  May be NULL.
	 */
	void (*reset)(void *ctx);
	void *ctx;
};

struct tpmback_stats {
	unsigned long connects;	  /* handshakes completed */
	unsigned long commands;	  /* commands answered */
	unsigned long failed;	  /* of those, answered with a TPM failure */
	unsigned long cancels;	  /* CANCEL requests answered IDLE */
	unsigned long spurious;	  /* events with nothing submitted */
	unsigned long violations; /* connections ended for a bad page */
	unsigned long refused;	  /* handshakes refused (bad xenstore) */
	unsigned long resets;	  /* reset callbacks made */
};

/* Registers the watch on backend/vtpm; ops is copied.  -EBUSY if called
 * twice without tpmback_shutdown. */
int tpmback_init(const struct tpmback_ops *ops);
/*
 * Serves until `deadline` (monotonic ns, 0 = never) or tpmback_stop():
 * returns 0 at the deadline, -ECANCELED when stopped, or -EIO if xenbus
 * itself failed.  May be called again after it returns.
 */
int tpmback_run(uint64_t deadline);
/* Makes tpmback_run return soon (from any thread). */
void tpmback_stop(void);
/* Ends every connection (backend state Closed), drops the watches. */
void tpmback_shutdown(void);
void tpmback_get_stats(struct tpmback_stats *st);

#endif
