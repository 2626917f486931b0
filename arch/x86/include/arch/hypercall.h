/*
 * hypercall.h - the only place domlet issues hypercalls (STYLE.md,
 * practice 1).
 *
 * Xen fills `hypercall_page` (named by the HYPERCALL_PAGE ELF note) with a
 * 32-byte stub per hypercall; a call is `call hypercall_page + nr * 32`
 * with the arguments in rdi, rsi, rdx, r10, r8 and the result in rax.  A
 * debug hypervisor scrubs the argument registers, so every one of them is
 * declared clobbered.  The raw hypercallN() primitives are kept apart from
 * the typed wrappers below them, which are what the kernel calls.
 */
#ifndef ARCH_HYPERCALL_H
#define ARCH_HYPERCALL_H

#include <stdint.h>
#include <xen/xen.h>
#include <xen/callback.h>
#include <xen/event_channel.h>
#include <xen/grant_table.h>
#include <xen/memory.h>
#include <xen/sched.h>
#include <xen/vcpu.h>
#include <xen/version.h>

extern char hypercall_page[4096];

#define HC_CALL(nr) "call hypercall_page + " #nr " * 32"

#define hypercall0(nr)                                                         \
	({                                                                     \
		long res_;                                                     \
		__asm__ __volatile__("call hypercall_page + %c[off]"           \
				     : "=a"(res_)                              \
				     : [off] "i"((nr)*32)                      \
				     : "memory", "rcx", "r11");                \
		res_;                                                          \
	})

#define hypercall2(nr, a1, a2)                                                 \
	({                                                                     \
		long res_, d1_, d2_;                                           \
		__asm__ __volatile__("call hypercall_page + %c[off]"           \
				     : "=a"(res_), "=D"(d1_), "=S"(d2_)        \
				     : [off] "i"((nr)*32), "1"((long)(a1)),    \
				       "2"((long)(a2))                         \
				     : "memory", "rcx", "r11");                \
		res_;                                                          \
	})

#define hypercall3(nr, a1, a2, a3)                                             \
	({                                                                     \
		long res_, d1_, d2_, d3_;                                      \
		__asm__ __volatile__("call hypercall_page + %c[off]"           \
				     : "=a"(res_), "=D"(d1_), "=S"(d2_),       \
				       "=d"(d3_)                               \
				     : [off] "i"((nr)*32), "1"((long)(a1)),    \
				       "2"((long)(a2)), "3"((long)(a3))        \
				     : "memory", "rcx", "r11");                \
		res_;                                                          \
	})

#define hypercall4(nr, a1, a2, a3, a4)                                         \
	({                                                                     \
		long res_, d1_, d2_, d3_;                                      \
		register long a4_ __asm__("r10") = (long)(a4);                 \
		__asm__ __volatile__("call hypercall_page + %c[off]"           \
				     : "=a"(res_), "=D"(d1_), "=S"(d2_),       \
				       "=d"(d3_), "+r"(a4_)                    \
				     : [off] "i"((nr)*32), "1"((long)(a1)),    \
				       "2"((long)(a2)), "3"((long)(a3))        \
				     : "memory", "rcx", "r11");                \
		res_;                                                          \
	})

/*
 * Any hypercall by number, with five arguments (rdi, rsi, rdx, r10, r8):
 * for Xen's libxencall in a stub domain (xen_hypercall, arch/x86/
 * foreign.c), whose callers choose the hypercall at run time.  nr must
 * be < 128 (the page's slots); the caller checks.
 */
static inline long hypercall_raw(unsigned int nr, const uint64_t a[5])
{
	long res_, d1_, d2_, d3_;
	register long a4_ __asm__("r10") = (long)a[3];
	register long a5_ __asm__("r8") = (long)a[4];
	__asm__ __volatile__("call *%[fn]"
			     : "=a"(res_), "=D"(d1_), "=S"(d2_), "=d"(d3_),
			       "+r"(a4_), "+r"(a5_)
			     : [fn] "r"(hypercall_page + nr * 32),
			       "1"((long)a[0]), "2"((long)a[1]), "3"((long)a[2])
			     : "memory", "rcx", "r11");
	return res_;
}

/* Typed wrappers: one per hypercall the kernel uses. */

static inline int hypercall_set_trap_table(const struct trap_info *t)
{
	return (int)hypercall2(__HYPERVISOR_set_trap_table, t, 0);
}

static inline int hypercall_mmu_update(struct mmu_update *req,
				       unsigned int count, unsigned int *done)
{
	return (int)hypercall4(__HYPERVISOR_mmu_update, req, count, done,
			       DOMID_SELF);
}

/* mmu_update on behalf of page owner `foreign` (a domain we are
 * privileged over, or DOMID_SELF): maps its frames in our tables. */
static inline int hypercall_mmu_update_foreign(struct mmu_update *req,
					       unsigned int count,
					       unsigned int *done,
					       domid_t foreign)
{
	return (int)hypercall4(__HYPERVISOR_mmu_update, req, count, done,
			       foreign);
}

static inline int hypercall_mmuext_op(struct mmuext_op *op, unsigned int count)
{
	return (int)hypercall4(__HYPERVISOR_mmuext_op, op, count, 0,
			       DOMID_SELF);
}

static inline int hypercall_update_va_mapping(unsigned long va, uint64_t pte,
					      unsigned long flags)
{
	return (int)hypercall3(__HYPERVISOR_update_va_mapping, va, pte, flags);
}

static inline int hypercall_callback_register(struct callback_register *cb)
{
	return (int)hypercall2(__HYPERVISOR_callback_op, CALLBACKOP_register,
			       cb);
}

static inline int hypercall_sched_op(int cmd, void *arg)
{
	return (int)hypercall2(__HYPERVISOR_sched_op, cmd, arg);
}

static inline int hypercall_shutdown(unsigned int reason)
{
	struct sched_shutdown s = {.reason = reason};
	return hypercall_sched_op(SCHEDOP_shutdown, &s);
}

/*
 * Suspends the domain for save or migration.  The toolstack expects the
 * start_info frame in the third argument register (rdx).  Returns 0 when
 * resumed in a new domain, 1 when the suspend was cancelled and we go on
 * in the same one (we declare XEN_ELFNOTE_SUSPEND_CANCEL).
 */
static inline int hypercall_suspend(unsigned long start_info_mfn)
{
	struct sched_shutdown s = {.reason = SHUTDOWN_suspend};
	return (int)hypercall3(__HYPERVISOR_sched_op, SCHEDOP_shutdown, &s,
			       start_info_mfn);
}

static inline int hypercall_evtchn_op(int cmd, void *arg)
{
	return (int)hypercall2(__HYPERVISOR_event_channel_op, cmd, arg);
}

static inline int hypercall_evtchn_send(evtchn_port_t port)
{
	struct evtchn_send send = {.port = port};
	return hypercall_evtchn_op(EVTCHNOP_send, &send);
}

static inline int hypercall_grant_table_op(unsigned int cmd, void *uop,
					   unsigned int count)
{
	return (int)hypercall3(__HYPERVISOR_grant_table_op, cmd, uop, count);
}

static inline int hypercall_vcpu_op(int cmd, unsigned int vcpu, void *arg)
{
	return (int)hypercall3(__HYPERVISOR_vcpu_op, cmd, vcpu, arg);
}

static inline long hypercall_xen_version(int cmd, void *arg)
{
	return hypercall2(__HYPERVISOR_xen_version, cmd, arg);
}

static inline int hypercall_console_write(const char *s, unsigned int len)
{
	return (int)hypercall3(__HYPERVISOR_console_io, CONSOLEIO_write, len,
			       s);
}

static inline long hypercall_memory_op(unsigned int cmd, void *arg)
{
	return hypercall2(__HYPERVISOR_memory_op, cmd, arg);
}

/* Maps frame `pte` of domain `dom` (a GFN for a translated domain, an
 * MFN for a PV one) at va: foreign mappings (arch/x86/foreign.c). */
static inline int hypercall_update_va_mapping_otherdomain(unsigned long va,
							  uint64_t pte,
							  unsigned long flags,
							  domid_t dom)
{
	return (int)hypercall4(__HYPERVISOR_update_va_mapping_otherdomain, va,
			       pte, flags, dom);
}

/* The %fs base (SEGBASE_FS): only for code built for a glibc target,
 * which reads its stack canary at %fs:0x28 (arch/x86/fsbase.c). */
static inline int hypercall_set_segment_base(unsigned int which,
					     unsigned long base)
{
	return (int)hypercall2(__HYPERVISOR_set_segment_base, which, base);
}

#endif
