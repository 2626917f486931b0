/*
 * hvc.c - /dev/hvcN: the domain's PV consoles as files, named as Linux
 * names them.  /dev/hvc0 is the kernel's console (console_ops); hvc1..
 * are secondary consoles over consfront's public API
 * (consfront/consfront.h), as a QEMU stub domain gets them from libxl:
 * hvc1 the save stream, hvc2 the restore stream, hvc3.. the guest's
 * serial ports (QEMU's -serial /dev/hvc3, -incoming fd:N).
 *
 * A console is connected on its first open and stays connected for the
 * program's life: its backend (a QEMU in dom0 writing a file) keeps one
 * stream per console, and a disconnect would end it.  Reads wait for at
 * least one byte (O_NONBLOCK: EAGAIN), writes for room; a console whose
 * backend went away reads as end-of-file and writes fail with EPIPE; one
 * the backend broke fails with EIO.  poll() sees its readiness, woken by
 * the console's events.
 *
 * For QEMU's save stream (xen-save-devices-state opens /dev/fdset/1, a
 * dup of console 1, with O_TRUNC): ftruncate to 0 succeeds and does
 * nothing (a stream has nothing to cut), and fsync waits, at most
 * HVC_DRAIN_SECONDS, until the backend has taken every byte written, so
 * that qemu-dm can hold back QEMU's answer to libxl until the saved
 * state has left the stub domain.
 */
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include "glue.h"
#include "path.h"
#include "consfront/consfront.h"

#define HVC_MAX		  16
#define HVC_DRAIN_SECONDS 30

static struct consfront *hvcs[HVC_MAX];

/* "hvcN", N 0..HVC_MAX-1 without leading zeros: N, else -1. */
int hvc_index(const char *name)
{
	return path_dev_number(name, "hvc", HVC_MAX);
}

static uint64_t hvc_deadline(struct gfile *f)
{
	/* A deadline already past: one look, no wait (0 means none). */
	return (f->flags & O_NONBLOCK) ? 1 : 0;
}

static long hvc_read(struct gfile *f, void *buf, size_t len)
{
	long n;

	if (!len)
		return 0;
	n = kerr(consfront_read(f->priv, buf, len, hvc_deadline(f)));
	if (n == -ETIMEDOUT)
		return -EAGAIN;
	if (n == -ENODEV)
		return 0; /* the backend is gone: end of stream */
	return n;
}

static long hvc_write(struct gfile *f, const void *buf, size_t len)
{
	long n;

	if (!len)
		return 0;
	n = kerr(consfront_write(f->priv, buf, len, hvc_deadline(f)));
	if (n == -ETIMEDOUT)
		return -EAGAIN;
	if (n == -ENODEV)
		return -EPIPE;
	return n;
}

static int hvc_fsync(struct gfile *f)
{
	long rc = kerr(consfront_drain(
	    f->priv, monotonic_ns() + HVC_DRAIN_SECONDS * 1000000000ull));

	if (rc == -ETIMEDOUT || rc == -ENODEV)
		return -EIO; /* the bytes did not all reach the backend */
	return (int)rc;
}

static int hvc_truncate(struct gfile *f, int64_t len)
{
	(void)f;
	return len == 0 ? 0 : -EINVAL;
}

static int hvc_poll(struct gfile *f)
{
	int r = consfront_ready(f->priv), bits = 0;

	if (r & CONSFRONT_READABLE)
		bits |= GF_READABLE;
	if (r & CONSFRONT_WRITABLE)
		bits |= GF_WRITABLE;
	return bits;
}

int glue_fstat_private_chr(struct gfile *f, struct stat *st)
{
	(void)f;
	memset(st, 0, sizeof(*st));
	st->st_mode = S_IFCHR | 0600;
	return 0;
}

static const struct file_ops hvc_ops = {
    .kind = "hvc",
    .read = hvc_read,
    .write = hvc_write,
    .poll = hvc_poll,
    .fstat = glue_fstat_private_chr,
    .fsync = hvc_fsync,
    .truncate = hvc_truncate,
};

static void hvc_event(void *arg)
{
	(void)arg;
	poll_wake();
}

int hvc_open(const char *name, int flags, struct gfile *f)
{
	int n = hvc_index(name);
	long rc;

	(void)flags;
	if (n < 0)
		return -ENOENT;
	if (n == 0) {
		f->ops = &console_ops;
		return 0;
	}
	if (!hvcs[n]) {
		struct consfront *c;

		/* Opens of one console from two threads: the loser's
		 * connection would clash with the winner's in xenstore,
		 * but the glue's callers open their consoles once, at
		 * start-up, from one thread. */
		rc = kerr(consfront_open((unsigned int)n, &c));
		if (rc)
			return (int)rc;
		hvcs[n] = c;
		consfront_set_notify(c, hvc_event, NULL);
	}
	f->ops = &hvc_ops;
	f->priv = hvcs[n];
	return 0;
}
