/*
 * traps.c - exceptions: the trap table, the fixups that let a probe
 * survive a fault, and the fatal report (registers, faulting address,
 * symbolised backtrace) before the domain crashes with a reason.
 *
 * The report reads memory only through probe_read64(), so a corrupt frame
 * pointer chain ends the backtrace instead of faulting again.  A fault
 * while reporting crashes at once.
 */
#include <domlet/kernel.h>
#include <arch/hypercall.h>
#include <arch/trap.h>

void evtchn_do_upcall(void);
const char *ksym_lookup(unsigned long addr, unsigned long *offset);

/* The entry stubs (entry.S).  A plain list: clang-format would stair-
 * step the macro calls. */
void trap_divide_error(void), trap_debug(void), trap_int3(void),
    trap_overflow(void), trap_bounds(void), trap_invalid_op(void),
    trap_device_na(void), trap_coproc_overrun(void), trap_invalid_tss(void),
    trap_segment_np(void), trap_stack_fault(void), trap_gp_fault(void),
    trap_page_fault(void), trap_fpu_error(void), trap_alignment(void),
    trap_machine_check(void), trap_simd_error(void);

/* flags 4: deliver with events masked, like an interrupt gate; the
 * iret hypercall restores the mask the frame recorded. */
#define GATE(vec, dpl, fn)                                                     \
	{                                                                      \
		vec, (dpl) | 4, FLAT_KERNEL_CS, (unsigned long)fn              \
	}
static const struct trap_info trap_table[] = {
    GATE(0, 0, trap_divide_error), GATE(1, 0, trap_debug),
    GATE(3, 3, trap_int3),	   GATE(4, 3, trap_overflow),
    GATE(5, 3, trap_bounds),	   GATE(6, 0, trap_invalid_op),
    GATE(7, 0, trap_device_na),	   GATE(9, 0, trap_coproc_overrun),
    GATE(10, 0, trap_invalid_tss), GATE(11, 0, trap_segment_np),
    GATE(12, 0, trap_stack_fault), GATE(13, 0, trap_gp_fault),
    GATE(14, 0, trap_page_fault),  GATE(16, 0, trap_fpu_error),
    GATE(17, 0, trap_alignment),   GATE(18, 0, trap_machine_check),
    GATE(19, 0, trap_simd_error),  {0, 0, 0, 0},
};

static const char *const trap_names[20] = {
    "divide error",
    "debug",
    "NMI",
    "int3",
    "overflow",
    "bounds",
    "invalid opcode",
    "device not available",
    "double fault",
    "coprocessor overrun",
    "invalid TSS",
    "segment not present",
    "stack fault",
    "general protection fault",
    "page fault",
    "reserved",
    "FPU error",
    "alignment check",
    "machine check",
    "SIMD error",
};

struct fixup {
	unsigned long insn, fixup;
};
extern const struct fixup __fixup_start[], __fixup_end[];

static bool in_fatal;
unsigned long faults_fixed; /* counted for the selftest */

void traps_init(void)
{
	if (hypercall_set_trap_table(trap_table))
		panic("traps: set_trap_table failed");
}

static void print_sym(const char *prefix, unsigned long addr)
{
	unsigned long off;
	const char *name = ksym_lookup(addr, &off);

	if (name)
		printk("%s%016lx <%s+0x%lx>\n", prefix, addr, name, off);
	else
		printk("%s%016lx\n", prefix, addr);
}

void backtrace_from(uint64_t rbp, uint64_t rip)
{
	int depth;

	printk("Backtrace:\n");
	if (rip)
		print_sym("  ", rip);
	for (depth = 0; depth < 32 && rbp; depth++) {
		uint64_t next, ret;

		if ((rbp & 7) || probe_read64((void *)rbp, &next) ||
		    probe_read64((void *)(rbp + 8), &ret))
			break;
		print_sym("  ", ret);
		if (next <= rbp)
			break; /* stacks grow down: callers are higher */
		rbp = next;
	}
}

static void dump_regs(const struct trapframe *tf)
{
	printk("RIP: %016lx  RSP: %016lx  RFLAGS: %016lx\n", tf->rip, tf->rsp,
	       tf->rflags);
	printk("RAX: %016lx  RBX: %016lx  RCX: %016lx\n", tf->rax, tf->rbx,
	       tf->rcx);
	printk("RDX: %016lx  RSI: %016lx  RDI: %016lx\n", tf->rdx, tf->rsi,
	       tf->rdi);
	printk("RBP: %016lx  R8:  %016lx  R9:  %016lx\n", tf->rbp, tf->r8,
	       tf->r9);
	printk("R10: %016lx  R11: %016lx  R12: %016lx\n", tf->r10, tf->r11,
	       tf->r12);
	printk("R13: %016lx  R14: %016lx  R15: %016lx\n", tf->r13, tf->r14,
	       tf->r15);
	printk("CS: %04lx  SS: %04lx  error code: %lx\n", tf->cs, tf->ss,
	       tf->error_code);
}

/*
 * A fault on a function's first instruction, or a call through a bad
 * pointer (rip outside our text), happens before a frame was pushed, so
 * the rbp chain skips the caller; its return address is still on top of
 * the stack.
 */
static void print_frameless_caller(const struct trapframe *tf)
{
	unsigned long off = 0;
	uint64_t ret;

	if ((!ksym_lookup(tf->rip, &off) || off == 0) &&
	    !probe_read64((void *)tf->rsp, &ret))
		print_sym("called from ", ret);
}

static void describe_page_fault(const struct trapframe *tf, uint64_t cr2)
{
	uint64_t ec = tf->error_code;

	printk("page fault at address %016lx: %s, %s%s\n", cr2,
	       (ec & 1) ? "protection violation" : "page not present",
	       (ec & 16) ? "instruction fetch" : ((ec & 2) ? "write" : "read"),
	       (ec & 8) ? ", reserved bit set" : "");
}

static NORETURN void fatal_trap(struct trapframe *tf, uint64_t cr2)
{
	const char *name =
	    tf->vector < 20 ? trap_names[tf->vector] : "failsafe callback";
	struct thread *t = current_thread();

	if (in_fatal)
		domain_shutdown(SHUTDOWN_crash);
	in_fatal = true;
	printk("\ndomlet: FATAL: %s in thread \"%s\"\n", name,
	       t ? thread_name(t) : "boot");
	if (tf->vector == 14)
		describe_page_fault(tf, cr2);
	if (t && cr2 - (uint64_t)thread_stack_guard(t) < 4096)
		printk("the address is this thread's stack guard page: "
		       "stack overflow\n");
	print_sym("at ", tf->rip);
	dump_regs(tf);
	backtrace_from(tf->rbp, tf->rip);
	print_frameless_caller(tf);
	printk("domlet: crashing the domain\n");
	domain_shutdown(SHUTDOWN_crash);
}

static unsigned long exec_probe_target;

int probe_exec(const void *code)
{
	long rc;

	exec_probe_target = (unsigned long)code;
	rc = ((long (*)(void))code)();
	exec_probe_target = 0;
	return (int)rc;
}

static bool try_fixup(struct trapframe *tf, uint64_t cr2)
{
	const struct fixup *f;

	/* probe_exec's call faulted on the fetch: return to its caller,
	 * whose return address the call left on top of the stack. */
	if (exec_probe_target && tf->rip == exec_probe_target &&
	    cr2 == tf->rip) {
		uint64_t ret;

		if (probe_read64((void *)tf->rsp, &ret))
			return false;
		printk("domlet: caught instruction fetch fault at %016lx,"
		       " recovered by probe\n",
		       cr2);
		tf->rip = ret;
		tf->rsp += 8;
		tf->rax = (uint64_t)-EFAULT;
		faults_fixed++;
		return true;
	}

	for (f = __fixup_start; f < __fixup_end; f++) {
		if (f->insn == tf->rip) {
			printk("domlet: caught page fault at %016lx (rip %lx),"
			       " recovered by fixup\n",
			       cr2, tf->rip);
			tf->rip = f->fixup;
			faults_fixed++;
			return true;
		}
	}
	return false;
}

void trap_dispatch(struct trapframe *tf)
{
	uint64_t cr2 = 0;

	if (tf->vector == VECTOR_UPCALL) {
		evtchn_do_upcall();
		return;
	}
	if (tf->vector == 14) {
		cr2 = shared_info ? shared_info->vcpu_info[0].arch.cr2 : 0;
		if (try_fixup(tf, cr2))
			return;
	}
	fatal_trap(tf, cr2);
}
