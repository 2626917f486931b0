/*
 * setup.c - the first C code: from the domain builder's state to a kernel
 * that can take faults, events and print.
 *
 * Trusts start_info, which Xen and the toolstack's domain builder wrote
 * before we ran; everything later from other domains is untrusted.
 */
#include <domlet/kernel.h>
#include <arch/hypercall.h>
#include <arch/page.h>
#include <arch/trap.h>
#include <arch/x86.h>

start_info_t *start_info;
shared_info_t *shared_info;
bool cpu_has_nx;
unsigned long __stack_chk_guard;

/* A page-sized hole in .bss that arch_start points at Xen's shared info
 * frame. */
static char shared_info_page[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));

void hypervisor_callback(void);
void failsafe_callback(void);
void console_init(void);
void arch_mm_init(void);
void kernel_start(void) NORETURN;

/*
 * The canary must be set before any protected function runs, and this
 * function's own frame predates it, so it is built without the protector.
 * RDRAND when the CPU has it, mixed with the TSC (which alone is guessable
 * but still differs between boots).
 */
__attribute__((no_stack_protector)) static void stack_guard_init(void)
{
	uint32_t a, b, c, d;
	unsigned long r = 0;
	int tries;

	cpuid(1, 0, &a, &b, &c, &d);
	if (c & (1u << 30)) {
		for (tries = 0; tries < 10; tries++) {
			unsigned char ok;
			__asm__ __volatile__("rdrand %0; setc %1"
					     : "=r"(r), "=qm"(ok));
			if (ok)
				break;
		}
	}
	r ^= rdtsc() * 0x9e3779b97f4a7c15ul;
	r &= ~0xfful; /* a NUL byte stops string-copy overflows early */
	__stack_chk_guard = r;
}

void __stack_chk_fail(void)
{
	panic("stack smashing detected (canary overwritten) in %p",
	      __builtin_return_address(0));
}

static void register_callbacks(void)
{
	struct callback_register event = {
	    .type = CALLBACKTYPE_event,
	    .flags = CALLBACKF_mask_events,
	    .address = (unsigned long)hypervisor_callback,
	};
	struct callback_register failsafe = {
	    .type = CALLBACKTYPE_failsafe,
	    .flags = CALLBACKF_mask_events,
	    .address = (unsigned long)failsafe_callback,
	};

	if (hypercall_callback_register(&event) ||
	    hypercall_callback_register(&failsafe))
		panic("setup: registering the event callbacks failed");
}

/* At boot and after resume; the toolstack may have moved shared info. */
void arch_map_shared_info(void)
{
	uint64_t pte = start_info->shared_info | PTE_KERNEL_RW;
	int rc;

	if (cpu_has_nx)
		pte |= _PAGE_NX;
	rc = hypercall_update_va_mapping((unsigned long)shared_info_page, pte,
					 UVMF_INVLPG);
	if (rc)
		panic("setup: mapping shared info failed (%d)", rc);
	shared_info = (shared_info_t *)shared_info_page;
}

/* Before suspending: a save can only translate mappings of our own
 * frames, and shared info is Xen's. */
void arch_unmap_shared_info(void)
{
	shared_info = NULL;
	hypercall_update_va_mapping((unsigned long)shared_info_page, 0,
				    UVMF_INVLPG);
}

static void detect_cpu(void)
{
	uint32_t a, b, c, d;

	cpuid(0x80000000, 0, &a, &b, &c, &d);
	if (a >= 0x80000001) {
		cpuid(0x80000001, 0, &a, &b, &c, &d);
		cpu_has_nx = (d >> 20) & 1;
	}
}

__attribute__((no_stack_protector)) NORETURN void arch_start(start_info_t *si)
{
	stack_guard_init();
	start_info = si;
	/* Events stay masked until the scheduler is ready for them. */
	traps_init();
	register_callbacks();
	detect_cpu();
	console_init();
	arch_mm_init();
	arch_map_shared_info();
	shared_info->vcpu_info[0].evtchn_upcall_mask = 1;
	kernel_start();
}
