/*
 * tpmfront.h - domlet's Xen vTPM frontend (tpmif protocol version 2,
 * xen/io/tpmif.h): send TPM commands to the vTPM stub domain named by
 * xl's vtpm=["backend=NAME"].  The whole public API; everything else in
 * tpmfront/ is private.
 *
 * Model: tpmfront_open() connects device/vtpm/<id> (one shared page, one
 * event channel); tpmfront_transmit() puts one command in the page,
 * waits for the answer and copies it out; tpmfront_close() says Closed
 * and takes the page back.  One command at a time per device (callers
 * serialise); any thread.
 *
 * Trust: the backend is untrusted.  Its response length is read once and
 * checked against the page and the caller's buffer, its state byte
 * against the protocol; a backend that breaks the protocol or does not
 * answer a cancel latches the device broken (-EIO from then on).  If
 * the backend goes away (Closing/Closed, or its directory is removed)
 * calls fail with -ENODEV.
 *
 * Errors are 0 or a negative errno of the kernel (domlet/errno.h).
 */
#ifndef TPMFRONT_TPMFRONT_H
#define TPMFRONT_TPMFRONT_H

#include <stddef.h>
#include <stdint.h>

/* The largest command and response: one page less the 8-byte header. */
#define TPMFRONT_MAX_PACKET 4088u

struct tpmfront;

/*
 * Connects device/vtpm/<id>: waits up to 10 s for the backend's
 * InitWait and Connected.  -ENOENT: no such device; -ETIMEDOUT: the
 * backend did not answer; -EOPNOTSUPP: the backend lacks protocol
 * version 2.
 */
int tpmfront_open(unsigned int id, struct tpmfront **out);
/*
 * Sends cmd[0..len) (1..TPMFRONT_MAX_PACKET bytes) and waits up to
 * timeout_ns for the response, copied to resp with its length in
 * *resp_len.  A response longer than resp_max: -ENOBUFS with *resp_len
 * set to its length and nothing copied.  On timeout the command is
 * cancelled: -ETIMEDOUT (the device stays usable if the backend
 * acknowledges the cancel within a second, else it is broken).
 * -ECANCELED: the backend cancelled the command itself.
 */
int tpmfront_transmit(struct tpmfront *tf, const uint8_t *cmd, size_t len,
		      uint8_t *resp, size_t resp_max, size_t *resp_len,
		      uint64_t timeout_ns);
/* Closes the connection (Closing, then Closed once the backend has
 * closed, at most 5 s each) and frees tf. */
void tpmfront_close(struct tpmfront *tf);

/* The backend's domain id (to name it in messages). */
unsigned int tpmfront_backend_id(const struct tpmfront *tf);

/*
 * For tests of backends only (apps/tpmiftest's hostile mode): the
 * shared page, to write what a misbehaving frontend would, and a way to
 * notify the backend.  Nothing else should touch the page.
 */
volatile void *tpmfront_test_page(struct tpmfront *tf);
int tpmfront_test_notify(struct tpmfront *tf);

#endif
