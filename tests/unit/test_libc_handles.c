// SOURCES: libc-glue/handles.c
// CFLAGS: -Ilibc-glue
/*
 * test_libc_handles.c - the glue's handle table (pthread_t, mutex and
 * condvar ids): handles start at 1, never 0 or HANDLE_INVALID, are
 * reused after free, survive growth, and bad handles give NULL.
 */
#include <stdint.h>
#include <stdlib.h>
#include "handles.h"
#include "check.h"

TEST(alloc_get_free)
{
	struct handles t = {0};
	int a, b;

	uint32_t ha = handle_alloc(&t, &a);
	uint32_t hb = handle_alloc(&t, &b);
	CHECK(ha != 0 && hb != 0 && ha != hb);
	CHECK(handle_get(&t, ha) == &a);
	CHECK(handle_get(&t, hb) == &b);
	CHECK(handle_free(&t, ha) == &a);
	CHECK(handle_get(&t, ha) == NULL);
	CHECK(handle_free(&t, ha) == NULL); /* double free: nothing */
	CHECK(handle_get(&t, 0) == NULL);
	CHECK(handle_get(&t, HANDLE_INVALID) == NULL);
	free(t.slot);
}

TEST(growth_keeps_everything)
{
	struct handles t = {0};
	static int obj[1000];
	static uint32_t h[1000];

	for (int i = 0; i < 1000; i++) {
		h[i] = handle_alloc(&t, &obj[i]);
		CHECK(h[i] != 0 && h[i] != HANDLE_INVALID);
	}
	for (int i = 0; i < 1000; i++)
		CHECK(handle_get(&t, h[i]) == &obj[i]);
	for (int i = 0; i < 1000; i += 2)
		handle_free(&t, h[i]);
	/* Freed slots are found again before the table grows. */
	uint32_t size = t.size;
	for (int i = 0; i < 500; i++)
		CHECK(handle_alloc(&t, &obj[i]) != 0);
	CHECK_EQ(t.size, size);
	free(t.slot);
}

int main(void)
{
	RUN(alloc_get_free);
	RUN(growth_keeps_everything);
	return check_failures != 0;
}
