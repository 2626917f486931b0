/* memory.c - selftest: allocator stress, W^X, guard pages, fault probes. */
#include "selftest.h"
#include <string.h>

static uint32_t rng = 12345;

static uint32_t next_rand(void)
{
	rng = rng * 1103515245u + 12345u;
	return rng >> 8;
}

#define SLOTS 64

void test_memory(void)
{
	unsigned long pages_before = free_page_count();
	size_t heap_before = heap_bytes_in_use();
	void *blocks[SLOTS] = {0};
	unsigned int orders[SLOTS];
	void *small[SLOTS] = {0};
	int round, i, bad = 0;

	for (round = 0; round < 2000; round++) {
		i = (int)(next_rand() % SLOTS);
		if (blocks[i]) {
			if (*(uint32_t *)blocks[i] != (uint32_t)i)
				bad++;
			free_pages(blocks[i], orders[i]);
			blocks[i] = NULL;
		} else {
			orders[i] = next_rand() % 4;
			blocks[i] = alloc_pages(orders[i]);
			if (blocks[i])
				*(uint32_t *)blocks[i] = (uint32_t)i;
		}
		i = (int)(next_rand() % SLOTS);
		free(small[i]);
		small[i] = malloc(1 + next_rand() % 3000);
		if (small[i])
			memset(small[i], 0xa5, 1);
	}
	for (i = 0; i < SLOTS; i++) {
		if (blocks[i])
			free_pages(blocks[i], orders[i]);
		free(small[i]);
	}
	check(bad == 0, "allocator contents", "%d corrupted blocks", bad);
	check(heap_bytes_in_use() == heap_before, "heap returns to start",
	      "%lu bytes in use, %lu before",
	      (unsigned long)heap_bytes_in_use(), (unsigned long)heap_before);
	check(free_page_count() == pages_before, "page allocator stress",
	      "%lu free pages after 2000 rounds, %lu before", free_page_count(),
	      pages_before);
}

/* Allocations past the page pool's 4 MiB blocks: single pages mapped side
 * by side (kernel/mm.c), grown by realloc, every byte kept, all given
 * back. */
void test_big_alloc(void)
{
	size_t n = 3u << 20, i, bad = 0;
	unsigned long pages_before;
	uint32_t *p, *q = NULL;

	/* The first big block also makes the map area's page tables, which
	 * stay: count pages from after one. */
	p = malloc(n);
	q = malloc(n + (2u << 20));
	free(p);
	free(q);
	q = NULL;
	pages_before = free_page_count();
	p = malloc(n);

	check(p != NULL, "big malloc", "malloc(%zu) failed", n);
	if (!p)
		return;
	for (i = 0; i < n / 4; i++)
		p[i] = (uint32_t)i * 2654435761u;
	q = realloc(p, n + (2u << 20));
	check(q != NULL, "big realloc", "realloc to %zu failed",
	      n + (2u << 20));
	if (q) {
		for (i = 0; i < n / 4; i++)
			bad += q[i] != (uint32_t)i * 2654435761u;
		p = q;
	}
	check(bad == 0, "big realloc keeps contents", "%zu words differ", bad);
	free(p);
	check(free_page_count() == pages_before, "big blocks given back",
	      "%lu free pages, %lu before", free_page_count(), pages_before);
}

static const char rodata_probe[8] = "rodata";
static uint64_t data_probe;
/* "xor %eax,%eax; ret" placed in writable, no-execute data. */
static unsigned char data_code[4] = {0x31, 0xc0, 0xc3, 0x90};

static long guard_thread(void *arg)
{
	uint64_t v;

	(void)arg;
	return probe_read64(
	    (const char *)thread_stack_guard(current_thread()) + 8, &v);
}

void test_faults(void)
{
	unsigned long fixed = faults_fixed;
	struct thread *t;
	uint64_t v;
	long code = 0;

	check(probe_read64((void *)0x1000, &v) == -EFAULT, "page fault caught",
	      "read of an unmapped address reported and survived");
	check(probe_write64((void *)test_faults, 0) == -EFAULT,
	      "text is read-only", "write to text faulted");
	check(probe_write64((void *)rodata_probe, 0) == -EFAULT,
	      "rodata is read-only", "write to rodata faulted");
	check(probe_write64(&data_probe, 7) == 0 && data_probe == 7,
	      "data is writable", "write to data worked");
	if (cpu_has_nx)
		check(probe_exec(data_code) == -EFAULT, "data is no-execute",
		      "executing data faulted");
	t = thread_create("guard", guard_thread, NULL);
	if (t)
		thread_join(t, &code);
	check(t && code == -EFAULT, "stack guard page", "read of guard: %ld",
	      code);
	check(faults_fixed > fixed, "faults counted", "%lu faults caught",
	      faults_fixed - fixed);
}
