/*
 * arch/sys_arch.h - lwIP's OS types on domlet's cooperative kernel
 * threads (implemented in libc-glue/lwip/sys_arch.c).
 */
#ifndef LWIP_ARCH_SYS_ARCH_H
#define LWIP_ARCH_SYS_ARCH_H

struct sys_sem_obj;
struct sys_mbox_obj;
struct thread;

typedef struct sys_sem_obj *sys_sem_t;
typedef struct sys_sem_obj *sys_mutex_t; /* a semaphore that starts at 1 */
typedef struct sys_mbox_obj *sys_mbox_t;
typedef struct thread *sys_thread_t;

#define sys_sem_valid(s)	    (*(s) != NULL)
#define sys_sem_set_invalid(s)	    (*(s) = NULL)
#define sys_mutex_valid(m)	    (*(m) != NULL)
#define sys_mutex_set_invalid(m)    (*(m) = NULL)
#define sys_mbox_valid(m)	    (*(m) != NULL)
#define sys_mbox_set_invalid(m)	    (*(m) = NULL)
#define sys_sem_valid_val(s)	    ((s) != NULL)
#define sys_sem_set_invalid_val(s)  ((s) = NULL)
#define sys_mbox_valid_val(m)	    ((m) != NULL)
#define sys_mbox_set_invalid_val(m) ((m) = NULL)

/* Threads switch only where they block or yield and lwIP is never
 * entered from an event handler, so a critical section needs no lock;
 * SYS_ARCH_PROTECT still masks events, which is cheap and keeps the
 * sections safe should netfront ever call in from a handler. */
typedef unsigned long sys_prot_t;

#endif
