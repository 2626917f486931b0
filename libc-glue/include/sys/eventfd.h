/*
 * sys/eventfd.h - eventfd() as Linux has it (libc-glue/pipe.c): an fd
 * over a 64-bit counter that poll() and select() see.
 */
#ifndef DOMLET_SYS_EVENTFD_H
#define DOMLET_SYS_EVENTFD_H

#include <fcntl.h>
#include <stdint.h>

typedef uint64_t eventfd_t;

#define EFD_SEMAPHORE 1
#define EFD_NONBLOCK  O_NONBLOCK
#define EFD_CLOEXEC   O_CLOEXEC

int eventfd(unsigned int initval, int flags);
int eventfd_read(int fd, eventfd_t *value);
int eventfd_write(int fd, eventfd_t value);

#endif
