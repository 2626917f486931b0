/*
 * semaphore.h - POSIX unnamed semaphores, declarations only: nothing in
 * domlet implements them yet (QEMU's thread-posix.h includes this
 * header but builds its semaphores from a mutex and a condition
 * variable).  A caller links only once the glue has them.
 */
#ifndef LIBC_GLUE_SEMAPHORE_H
#define LIBC_GLUE_SEMAPHORE_H

#include <time.h>

typedef struct {
	unsigned long __handle; /* the glue's, when implemented */
} sem_t;

#define SEM_FAILED ((sem_t *)0)

int sem_init(sem_t *sem, int pshared, unsigned int value);
int sem_destroy(sem_t *sem);
int sem_wait(sem_t *sem);
int sem_trywait(sem_t *sem);
int sem_timedwait(sem_t *sem, const struct timespec *abstime);
int sem_post(sem_t *sem);
int sem_getvalue(sem_t *sem, int *sval);

#endif
