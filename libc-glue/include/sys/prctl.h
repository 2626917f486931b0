/*
 * sys/prctl.h - prctl() (libc-glue/procinfo.c) for what QEMU asks:
 * PR_SET_NAME/PR_GET_NAME (a thread's name, 16 bytes with the NUL) and
 * PR_SET_TIMERSLACK/PR_GET_TIMERSLACK (util/qemu-timer.c; timers here
 * have no slack).  Linux's numbers; other options are EINVAL.
 */
#ifndef LIBC_GLUE_SYS_PRCTL_H
#define LIBC_GLUE_SYS_PRCTL_H

#define PR_SET_NAME	  15
#define PR_GET_NAME	  16
#define PR_SET_TIMERSLACK 29
#define PR_GET_TIMERSLACK 30

int prctl(int option, ...);

#endif
