/*
 * xenring.h - Xen's shared-ring macros (xen/io/ring.h) for domlet drivers.
 *
 * ring.h expects the including OS to define its barriers.  The producer
 * publishes requests with a write barrier before moving req_prod; the
 * "need notify" check reads the other end's req_event after our store of
 * req_prod, which is a store-then-load ordering x86 only gives with mfence,
 * hence xen_mb() = mb().  Responses come from an untrusted backend: use
 * RING_COPY_RESPONSE (one copy out of shared memory) and check rsp_prod
 * against the ring size before walking to it (STYLE.md, practice 2).
 */
#ifndef DOMLET_XENRING_H
#define DOMLET_XENRING_H

#include <string.h>
#include <arch/x86.h>

#define xen_mb()  mb()
#define xen_rmb() rmb()
#define xen_wmb() wmb()

#include <xen/io/ring.h>

#endif
