/*
 * fault - a deliberately broken app: it writes through a bad pointer three
 * calls deep.  Its boot scenario (tests/rig-broken/domlet-fault) proves a
 * crashing domlet is visible: the console shows the fault, the registers
 * and a symbolised backtrace through fault_level1..3, and the rig reports
 * the scenario as FAIL.  With "smash" it overruns a stack buffer instead,
 * which the stack protector must turn into a panic (tests/boot/stack-smash).
 */
#include <domlet/kernel.h>
#include <string.h>

__attribute__((noinline)) static void fault_level3(volatile int *p)
{
	*p = 1;
}

__attribute__((noinline)) static void fault_level2(volatile int *p)
{
	fault_level3(p);
	__asm__ __volatile__("" ::: "memory"); /* keep the frame */
}

__attribute__((noinline)) void fault_level1(volatile int *p)
{
	fault_level2(p);
	__asm__ __volatile__("" ::: "memory");
}

/* Overruns a stack buffer; the stack protector must catch it on return. */
__attribute__((noinline)) static void smash(size_t len)
{
	char buf[16];

	memset(buf, 'A', len);
	__asm__ __volatile__("" : : "r"(buf) : "memory");
}

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "smash")) {
		printk("fault: overrunning a stack buffer\n");
		smash(64 + (size_t)argc);
		printk("VERDICT: PASS smash (should never be printed)\n");
		return 0;
	}
	printk("fault: writing through a bad pointer\n");
	fault_level1((volatile int *)0xdead0000ul);
	printk("VERDICT: PASS fault (should never be printed)\n");
	return 0;
}
