/*
 * consfront.h - secondary PV consoles (device/console/N, N >= 1): the
 * whole public API.  The kernel's own console (kernel/console.c) is
 * console 0, the one start_info names; a domain can have more, each a
 * frontend under device/console/N with the same ring page as console 0
 * (xen/io/console.h) shared by grant.  libxl gives a device-model stub
 * domain three or more (stubdoms/qemu-dm/README.md): 1 and 2 carry the
 * device model's saved state out and in, 3.. the guest's serial ports.
 *
 * Handshake (the one Linux's hvc_xen and QEMU's console backend use):
 * we grant a zeroed page and allocate an event channel, publish
 * ring-ref and port in one transaction, say Initialised, and wait up to
 * 10 s for the backend's Connected; then we say Connected.
 *
 * Trust: the backend is untrusted.  Its indices (out_cons, in_prod) are
 * read once per use and checked (domlet/ring.h): an impossible one
 * latches the console broken (-EIO from then on, one console line).  A
 * backend that goes to Closing/Closed or vanishes gives -ENODEV.
 *
 * Errors: 0 or a negative errno of the kernel (domlet/errno.h).  One
 * reader and one writer at a time per console (callers serialise);
 * thread context.
 */
#ifndef CONSFRONT_CONSFRONT_H
#define CONSFRONT_CONSFRONT_H

#include <stddef.h>
#include <stdint.h>

struct consfront;

/* Connects device/console/<id> (id >= 1).  -ENOENT: no such console;
 * -ETIMEDOUT: the backend did not connect within 10 s. */
int consfront_open(unsigned int id, struct consfront **out);

/* Writes all len bytes (waiting for the backend to make room) unless the
 * deadline (monotonic ns, 0 = none) passes first: returns the bytes
 * written, or -ETIMEDOUT/-EIO/-ENODEV when none were. */
long consfront_write(struct consfront *c, const void *buf, size_t len,
		     uint64_t deadline);

/* Waits until the backend has taken every byte written (out[] empty),
 * or the deadline (monotonic ns, 0 = none) passes: 0, or -ETIMEDOUT,
 * -EIO (an impossible out_cons breaks the console), -ENODEV. */
int consfront_drain(struct consfront *c, uint64_t deadline);

/* Waits until at least one byte has come or the deadline passes:
 * returns 1..len bytes, or -ETIMEDOUT/-EIO/-ENODEV. */
long consfront_read(struct consfront *c, void *buf, size_t len,
		    uint64_t deadline);

/* Says Closed, ends the grant (bounded wait for the backend to unmap)
 * and frees c. */
void consfront_close(struct consfront *c);

/* What a read or write would find now: CONSFRONT_READABLE when bytes
 * have come (or the console broke, so that a read reports it),
 * CONSFRONT_WRITABLE when out[] has room (or broke).  Any context. */
#define CONSFRONT_READABLE 1
#define CONSFRONT_WRITABLE 2
int consfront_ready(struct consfront *c);

/* fn(arg) runs on every event from the backend (bytes came, room was
 * made), in the event handler: it must not block (wake_up is fine).
 * NULL stops it. */
void consfront_set_notify(struct consfront *c, void (*fn)(void *arg),
			  void *arg);

/* The backend's domain, as device/console/<id>/backend-id says. */
unsigned int consfront_backend_id(const struct consfront *c);

#endif
