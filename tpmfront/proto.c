/*
 * proto.c - tpmfront's pure protocol code (tf_proto.h).
 *
 * Trust: the backend writes the page; its length is read once into a
 * local and range-checked before the one copy out.
 */
#include <domlet/errno.h>
#include <string.h>
#include "tpmfront/tf_proto.h"

#define OFF_LENGTH   0
#define OFF_STATE    4
#define OFF_LOCALITY 5
#define OFF_PAD	     6
#define OFF_NR_EXTRA 7

uint8_t tf_state(const volatile void *page)
{
	uint8_t st = ((const volatile uint8_t *)page)[OFF_STATE];

	/* Pairs with the backend's barrier before it wrote FINISH. */
	__atomic_thread_fence(__ATOMIC_ACQUIRE);
	return st;
}

int tf_write_command(volatile void *page, const uint8_t *cmd, size_t len)
{
	volatile uint8_t *p = page;

	if (len == 0 || len > TF_MAX_DATA)
		return -EINVAL;
	memcpy((uint8_t *)p + TF_HDR_SIZE, cmd, len);
	*(volatile uint32_t *)(p + OFF_LENGTH) = (uint32_t)len;
	p[OFF_LOCALITY] = 0;
	p[OFF_PAD] = 0;
	p[OFF_NR_EXTRA] = 0;
	/* The backend reads length and data once it sees SUBMIT. */
	__atomic_thread_fence(__ATOMIC_RELEASE);
	p[OFF_STATE] = TF_SUBMIT;
	return 0;
}

void tf_set_state(volatile void *page, uint8_t state)
{
	__atomic_thread_fence(__ATOMIC_RELEASE);
	((volatile uint8_t *)page)[OFF_STATE] = state;
}

int tf_read_response(const volatile void *page, uint8_t *resp, size_t max,
		     size_t *rlen)
{
	const volatile uint8_t *p = page;
	uint32_t len = *(const volatile uint32_t *)(p + OFF_LENGTH);

	*rlen = len;
	if (len == 0 || len > TF_MAX_DATA)
		return -EIO;
	if (len > max)
		return -ENOBUFS;
	memcpy(resp, (const uint8_t *)p + TF_HDR_SIZE, len);
	return 0;
}
