/*
 * handles.c - a growable table from small integers to pointers; see
 * handles.h for why.  The table doubles when full, up to a limit far
 * below HANDLE_INVALID.
 */
#include <stdlib.h>
#include <string.h>
#include "handles.h"

#define HANDLES_LIMIT (1u << 20)

static int grow(struct handles *t)
{
	uint32_t size = t->size ? t->size * 2 : 16;
	void **slot;

	if (size > HANDLES_LIMIT)
		return -1;
	slot = realloc(t->slot, size * sizeof(*slot));
	if (!slot)
		return -1;
	memset(slot + t->size, 0, (size - t->size) * sizeof(*slot));
	t->slot = slot;
	t->hint = t->size;
	t->size = size;
	return 0;
}

uint32_t handle_alloc(struct handles *t, void *p)
{
	for (;;) {
		for (uint32_t n = 0; n < t->size; n++) {
			uint32_t i = (t->hint + n) % t->size;

			if (!t->slot[i]) {
				t->slot[i] = p;
				t->hint = i + 1;
				return i + 1;
			}
		}
		if (grow(t))
			return 0;
	}
}

void *handle_get(const struct handles *t, uint32_t h)
{
	if (h == 0 || h > t->size)
		return NULL;
	return t->slot[h - 1];
}

void *handle_free(struct handles *t, uint32_t h)
{
	void *p = handle_get(t, h);

	if (p)
		t->slot[h - 1] = NULL;
	return p;
}
