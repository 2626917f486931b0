/*
 * ring.c - index arithmetic and copies for byte rings shared with another
 * domain (xenstore, console).
 *
 * The indices are free-running uint32_t counters, so prod - cons in
 * unsigned 32-bit arithmetic is the unread count even after either wraps
 * past 2^32.  The peer writes one of them and may write anything: a
 * difference larger than the ring cannot happen honestly and is -EPROTO.
 * The caller has already copied both indices out of shared memory once;
 * the ring bytes themselves are read and written exactly once each, through
 * a volatile pointer, so a racing peer can change what we copy but never
 * make us go outside the ring.
 */
#include <stddef.h>
#include <stdint.h>
#include <domlet/errno.h>
#include <domlet/ring.h>

static int size_ok(uint32_t size)
{
	return size && !(size & (size - 1));
}

long ring_unread(uint32_t cons, uint32_t prod, uint32_t size)
{
	uint32_t n = prod - cons; /* wraps correctly at 2^32 */

	if (!size_ok(size))
		return -EINVAL;
	if (n > size)
		return -EPROTO;
	return n;
}

long ring_space(uint32_t cons, uint32_t prod, uint32_t size)
{
	long n = ring_unread(cons, prod, size);

	return n < 0 ? n : (long)size - n;
}

long ring_copy_out(void *dst, const volatile char *ring, uint32_t size,
		   uint32_t cons, uint32_t prod, size_t len)
{
	long avail = ring_unread(cons, prod, size);
	char *d = dst;
	size_t n, i;

	if (avail < 0)
		return avail;
	n = len < (size_t)avail ? len : (size_t)avail;
	/* Masking each index keeps every access inside ring[0..size). */
	for (i = 0; i < n; i++)
		d[i] = ring[(cons + (uint32_t)i) & (size - 1)];
	return (long)n;
}

long ring_copy_in(volatile char *ring, uint32_t size, uint32_t cons,
		  uint32_t prod, const void *src, size_t len)
{
	long space = ring_space(cons, prod, size);
	const char *s = src;
	size_t n, i;

	if (space < 0)
		return space;
	n = len < (size_t)space ? len : (size_t)space;
	for (i = 0; i < n; i++)
		ring[(prod + (uint32_t)i) & (size - 1)] = s[i];
	return (long)n;
}
