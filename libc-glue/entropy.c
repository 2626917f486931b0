/*
 * entropy.c - getentropy(): RDRAND when the CPU offers it (CPUID.1:ECX
 * bit 30; Xen passes it through to PV guests when the host has it).
 *
 * Without RDRAND the fallback is NOT cryptographically strong, and says
 * so on the console once: a SplitMix64 stream seeded from the wallclock,
 * the TSC and the monotonic clock, re-mixed with the TSC on every word,
 * so values differ between boots and calls but an observer of the timing
 * could predict them.  Good enough for hash seeds and temp names; not
 * for keys.  (Xen offers PV guests no entropy device of its own.)
 */
#include <unistd.h>
#include <string.h>
#include "glue.h"

static bool have_rdrand(void)
{
	static int known; /* 0 unknown, 1 yes, -1 no */
	unsigned int a = 1, b, c = 0, d;

	if (!known) {
		__asm__ volatile("cpuid" : "+a"(a), "=b"(b), "+c"(c), "=d"(d));
		known = (c >> 30) & 1 ? 1 : -1;
	}
	return known > 0;
}

/* RDRAND may transiently fail (CF=0); Intel suggests 10 retries. */
static bool rdrand64(uint64_t *v)
{
	for (int i = 0; i < 10; i++) {
		unsigned char ok;

		__asm__ volatile("rdrand %0; setc %1" : "=r"(*v), "=qm"(ok));
		if (ok)
			return true;
	}
	return false;
}

static uint64_t rdtsc(void)
{
	uint32_t lo, hi;

	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return (uint64_t)hi << 32 | lo;
}

static uint64_t weak64(void)
{
	static uint64_t state;
	static int warned;
	uint64_t z;

	if (!warned++) {
		uint64_t sec;
		uint32_t nsec;

		printk("libc: no RDRAND: getentropy() falls back to a "
		       "clock-seeded generator, not for keys\n");
		wallclock(&sec, &nsec);
		state = sec * NSEC_PER_SEC + nsec;
		state ^= monotonic_ns() << 17;
	}
	state += 0x9e3779b97f4a7c15ull ^ rdtsc();
	z = state;
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

int getentropy(void *buf, size_t len)
{
	unsigned char *p = buf;

	if (len > 256)
		return (int)posix_ret(-EIO); /* the POSIX limit */
	while (len) {
		uint64_t v;
		size_t n = len < 8 ? len : 8;

		if (!have_rdrand() || !rdrand64(&v))
			v = weak64();
		memcpy(p, &v, n);
		p += n;
		len -= n;
	}
	return 0;
}
