/*
 * page.h - the virtual memory layout and page-table entry bits.
 *
 * Layout (x86_64 PV; Xen owns 0xffff800000000000-0xffff87ffffffffff):
 *   0 ... 2^47          unmapped: catches NULL and small-integer pointers
 *   MAP_AREA_START      frames mapped on demand: grant table, granted and
 *                       foreign frames (kernel/../arch/x86/mm.c)
 *   KERNEL_BASE         the image, then every pseudo-physical page p at
 *                       KERNEL_BASE + p * 4096 (the "direct map"): the
 *                       domain builder sets up this layout for the image
 *                       and the boot pages, arch/x86/mm.c extends it.
 * The direct map ends at 2^64, so a guest can use at most 2 GiB.
 */
#ifndef ARCH_PAGE_H
#define ARCH_PAGE_H

#define PAGE_SHIFT 12
#define PAGE_SIZE  4096ul
#define PAGE_MASK  (~(PAGE_SIZE - 1))

#define KERNEL_BASE	 0xffffffff80000000ul
#define MAP_AREA_START	 0xffffc00000000000ul
#define MAP_AREA_SIZE	 (1ul << 30)
#define DIRECT_MAP_PAGES (1ul << 19) /* 2 GiB of pseudo-physical memory */

#define _PAGE_PRESENT  0x001ul
#define _PAGE_RW       0x002ul
#define _PAGE_USER     0x004ul
#define _PAGE_ACCESSED 0x020ul
#define _PAGE_DIRTY    0x040ul
#define _PAGE_PSE      0x080ul
#define _PAGE_NX       (1ul << 63)
#define PTE_ADDR_MASK  0x000ffffffffff000ul

/*
 * A 64-bit PV kernel runs in ring 3, so its mappings carry _PAGE_USER
 * (Xen keeps guest user space apart by switching page tables).
 */
#define PTE_KERNEL_RO (_PAGE_PRESENT | _PAGE_USER | _PAGE_ACCESSED)
#define PTE_KERNEL_RW (PTE_KERNEL_RO | _PAGE_RW | _PAGE_DIRTY)
#define PTE_TABLE     (_PAGE_PRESENT | _PAGE_RW | _PAGE_USER | _PAGE_ACCESSED)

#ifndef __ASSEMBLER__
#include <stdint.h>

static inline unsigned long pfn_to_virt_addr(unsigned long pfn)
{
	return KERNEL_BASE + (pfn << PAGE_SHIFT);
}

static inline unsigned long virt_to_pfn(const void *va)
{
	return ((unsigned long)va - KERNEL_BASE) >> PAGE_SHIFT;
}
#endif

#endif
