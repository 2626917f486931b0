/*
 * ring.h - index arithmetic for byte rings shared with another domain
 * (xenstore and console rings), kernel/lib/ring.c.
 *
 * Indices are free-running 32-bit counters; the position in the ring is
 * index & (size - 1), size a power of two.  The other end is untrusted: a
 * producer index that claims more than `size` unread bytes (or a consumer
 * index past the producer) is impossible and reported as -EPROTO, and the
 * caller marks the ring broken.  These functions never touch the indices
 * in shared memory: callers read them once (with the barriers arch needs)
 * and pass the copies in, so a racing peer cannot change them mid-check.
 */
#ifndef DOMLET_RING_H
#define DOMLET_RING_H

#include <stddef.h>
#include <stdint.h>

/* Bytes ready to consume, or -EPROTO if prod - cons > size. */
long ring_unread(uint32_t cons, uint32_t prod, uint32_t size);

/* Bytes free for a producer, or -EPROTO if prod - cons > size. */
long ring_space(uint32_t cons, uint32_t prod, uint32_t size);

/* Copies min(len, unread) bytes out of ring[] starting at cons, handling
 * wrap-around; returns bytes copied or -EPROTO. */
long ring_copy_out(void *dst, const volatile char *ring, uint32_t size,
		   uint32_t cons, uint32_t prod, size_t len);

/* Copies min(len, space) bytes into ring[] at prod; returns bytes copied or
 * -EPROTO. */
long ring_copy_in(volatile char *ring, uint32_t size, uint32_t cons,
		  uint32_t prod, const void *src, size_t len);

#endif
