/*
 * ksyms.c - address to function name, for backtraces.  The table is
 * generated from a first link of the image (tools/mksyms) and linked into
 * the second; in the first it is absent (a weak reference, NULL).
 */
#include <domlet/kernel.h>

struct ksym_table {
	unsigned long count;
	const unsigned long *addrs; /* sorted */
	const unsigned int *name_offs;
	const char *names;
};

extern const struct ksym_table ksym_table __attribute__((weak));
extern char _text[], _etext[];

const char *ksym_lookup(unsigned long addr, unsigned long *offset)
{
	const struct ksym_table *t = &ksym_table;
	unsigned long lo = 0, hi;

	if (!t || !t->count || addr < (unsigned long)_text ||
	    addr >= (unsigned long)_etext || addr < t->addrs[0])
		return NULL;
	hi = t->count;
	while (hi - lo > 1) { /* last entry <= addr */
		unsigned long mid = lo + (hi - lo) / 2;

		if (t->addrs[mid] <= addr)
			lo = mid;
		else
			hi = mid;
	}
	*offset = addr - t->addrs[lo];
	return t->names + t->name_offs[lo];
}
