/*
 * glue.h - every function one libc-glue file offers another, grouped by
 * the file that defines it (the public side is POSIX itself).  Internal
 * convention: 0/count or a negative errno in the libc's numbering; the
 * POSIX entry points turn that into -1 + errno with posix_ret().
 */
#ifndef LIBC_GLUE_GLUE_H
#define LIBC_GLUE_GLUE_H

#include "kapi.h"
#include "fdtable.h"
#include <signal.h>
#include <time.h>

/* rc < 0: errno = -rc and -1; else rc. */
static inline long posix_ret(long rc)
{
	if (rc < 0) {
		errno = (int)-rc;
		return -1;
	}
	return rc;
}

/* ---- io.c: the process's fd table ---- */
extern struct fdtable glue_fds;
/* A fresh gfile (refs 0) for a device open; NULL if out of memory. */
struct gfile *gfile_new(const struct file_ops *ops, void *priv, int flags);
/* Drops a reference taken with f->refs++; the last one closes f.  Held
 * across a call that may sleep, so a close() from another thread cannot
 * free the file under it. */
void gfile_release(struct gfile *f);
/* fd's file with such a reference taken, or NULL (EBADF). */
struct gfile *gfile_get(int fd);

/* ---- devices.c: the /dev namespace ---- */
/* Opens /dev/NAME into f (ops, priv); -ENOENT for unknown names. */
int dev_open(const char *name, int flags, struct gfile *f);
extern const struct file_ops console_ops;

/* ---- blkdev.c: /dev/xvdX over blkfront ---- */
int blkdev_open(const char *name, int flags, struct gfile *f);

/* ---- hvc.c: /dev/hvcN, the PV consoles (consfront for N >= 1) ---- */
int hvc_index(const char *name); /* "hvcN" -> N, else -1 */
int hvc_open(const char *name, int flags, struct gfile *f);
/* fstat of a device only this program uses: S_IFCHR | 0600 (the PV
 * consoles, /dev/xenvifN). */
int glue_fstat_private_chr(struct gfile *f, struct stat *st);

/* ---- vif.c: /dev/xenvifN, vif N as a tap-like packet device ---- */
int vif_index(const char *name); /* "xenvifN" -> N, else -1 */
int vif_open(const char *name, int flags, struct gfile *f);
/* Marks vif id taken (by /dev/xenvifN or lwIP); -EBUSY if it was. */
int glue_vif_claim(unsigned int id);

/* ---- poll.c ---- */
/* Devices call this when a file may have become ready (event-handler
 * safe): poll/select sleepers re-check. */
void poll_wake(void);

/* ---- lock.c: sleeping mutexes on the kernel scheduler ---- */
struct kmutex {
	struct thread *owner;
	unsigned int count; /* recursion depth */
	bool recursive;
	struct waitqueue wq;
};
/* 0, -EDEADLK (non-recursive relock), or -ETIMEDOUT past deadline
 * (monotonic ns, 0 = none). */
int kmutex_lock(struct kmutex *m, uint64_t deadline);
int kmutex_trylock(struct kmutex *m); /* 0 or -EBUSY */
int kmutex_unlock(struct kmutex *m);  /* 0 or -EPERM if not owner */

/* ---- process.c ---- */
extern struct thread *glue_main_thread; /* the one that ran main() */

/* ---- pthread.c: per-thread state other files keep ---- */
/* Signals (signal.c): what the thread blocks, what is pending for it,
 * and while it sleeps in sigwait/sigsuspend, the set it waits for. */
struct gsigstate {
	sigset_t mask, pending, waiting;
};
struct gsigstate *self_sigstate(void);
/* NULL: no such thread, or it has exited. */
struct gsigstate *pthread_sigstate(pthread_t id);
/* The calling thread's name (16 bytes with the NUL, writable: prctl). */
char *self_thread_name(void);

/* ---- time.c ---- */
/* Monotonic deadline for an absolute CLOCK_REALTIME/MONOTONIC time;
 * never 0 (0 means "no deadline" to the kernel). */
uint64_t deadline_from_abs(int clock, const struct timespec *abs);
/* The same for a relative timeout (futex, sigtimedwait): 0 and
 * *deadline (0 for rel NULL: no deadline), or -EINVAL for a bad one. */
int deadline_from_rel(const struct timespec *rel, uint64_t *deadline);

#endif
