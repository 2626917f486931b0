/*
 * x86.h - the few x86 instructions domlet needs, as inline functions:
 * barriers, atomic bit operations on shared memory, rdtsc, cpuid.
 *
 * Barriers: x86 keeps stores ordered with stores and loads with loads, so
 * rmb()/wmb() only have to stop the compiler; mb() orders a store before a
 * later load, which x86 does not do on its own and the ring protocols need
 * (publish our producer index, then read whether the peer wants an event).
 */
#ifndef ARCH_X86_H
#define ARCH_X86_H

#include <stdint.h>

#define barrier() __asm__ __volatile__("" ::: "memory")
#define mb()	  __asm__ __volatile__("mfence" ::: "memory")
#define rmb()	  barrier()
#define wmb()	  barrier()

#define READ_ONCE(x)	 (*(const volatile __typeof__(x) *)&(x))
#define WRITE_ONCE(x, v) (*(volatile __typeof__(x) *)&(x) = (v))

static inline uint64_t rdtsc(void)
{
	uint32_t lo, hi;
	__asm__ __volatile__("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}

static inline void cpuid(uint32_t leaf, uint32_t sub, uint32_t *a, uint32_t *b,
			 uint32_t *c, uint32_t *d)
{
	__asm__ __volatile__("cpuid"
			     : "=a"(*a), "=b"(*b), "=c"(*c), "=d"(*d)
			     : "a"(leaf), "c"(sub));
}

/* Atomic (locked) bit operations on words shared with Xen or a peer. */
static inline void sync_set_bit(unsigned long nr, volatile unsigned long *addr)
{
	__asm__ __volatile__("lock btsq %1,%0"
			     : "+m"(*addr)
			     : "Ir"(nr)
			     : "memory");
}

static inline void sync_clear_bit(unsigned long nr,
				  volatile unsigned long *addr)
{
	__asm__ __volatile__("lock btrq %1,%0"
			     : "+m"(*addr)
			     : "Ir"(nr)
			     : "memory");
}

static inline int sync_test_bit(unsigned long nr,
				const volatile unsigned long *addr)
{
	return (addr[nr / 64] >> (nr % 64)) & 1;
}

static inline unsigned long xchg_ulong(volatile unsigned long *p,
				       unsigned long v)
{
	__asm__ __volatile__("xchgq %0,%1" : "+r"(v), "+m"(*p) : : "memory");
	return v;
}

static inline uint16_t cmpxchg_u16(volatile uint16_t *p, uint16_t old,
				   uint16_t new)
{
	__asm__ __volatile__("lock cmpxchgw %2,%1"
			     : "+a"(old), "+m"(*p)
			     : "r"(new)
			     : "memory");
	return old;
}

static inline unsigned int ffs_ulong(unsigned long x) /* x != 0 */
{
	return (unsigned int)__builtin_ctzl(x);
}

static inline void cpu_relax(void)
{
	__asm__ __volatile__("pause" ::: "memory");
}

#endif
