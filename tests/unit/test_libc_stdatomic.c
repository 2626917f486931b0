// LIBS: -lpthread
/*
 * test_libc_stdatomic.c - libc-glue's <stdatomic.h> (which shadows
 * newlib's broken one in domlet builds), included by path so the host's
 * own does not stand in: every operation on scalars, a pointer and a
 * flag, then two threads contending through fetch_add, a CAS loop and a
 * flag spinlock, the shapes glib's futex mutex uses.
 */
#include <pthread.h>
#include "../../libc-glue/include/stdatomic.h"
#include "check.h"

TEST(scalar_operations)
{
	atomic_uint u = ATOMIC_VAR_INIT(5);
	unsigned int expected = 4;

	CHECK(atomic_load(&u) == 5);
	atomic_store_explicit(&u, 7, memory_order_release);
	CHECK(atomic_load_explicit(&u, memory_order_acquire) == 7);
	CHECK(atomic_exchange(&u, 9) == 7);
	CHECK(!atomic_compare_exchange_strong(&u, &expected, 1));
	CHECK(expected == 9);
	CHECK(atomic_compare_exchange_strong_explicit(
	    &u, &expected, 1, memory_order_acquire, memory_order_relaxed));
	CHECK(atomic_load(&u) == 1);
	CHECK(atomic_fetch_add(&u, 2) == 1);
	CHECK(atomic_fetch_sub(&u, 1) == 3);
	CHECK(atomic_fetch_or(&u, 0x10) == 2);
	CHECK(atomic_fetch_xor(&u, 0x3) == 0x12);
	CHECK(atomic_fetch_and(&u, 0x10) == 0x11);
	CHECK(atomic_load(&u) == 0x10);
	CHECK(atomic_is_lock_free(&u));
}

TEST(pointer_and_init)
{
	int a, b;
	int *_Atomic p;
	int *want = &a;
	atomic_llong big;

	atomic_init(&p, &a);
	atomic_init(&big, 1LL << 40);
	CHECK(atomic_exchange(&p, &b) == &a);
	CHECK(!atomic_compare_exchange_weak(&p, &want, &a));
	CHECK(want == &b);
	CHECK(atomic_fetch_add(&big, 1) == 1LL << 40);
	CHECK(atomic_load(&big) == (1LL << 40) + 1);
	atomic_thread_fence(memory_order_seq_cst);
	atomic_signal_fence(memory_order_seq_cst);
}

TEST(flag)
{
	atomic_flag f = ATOMIC_FLAG_INIT;

	CHECK(!atomic_flag_test_and_set(&f));
	CHECK(atomic_flag_test_and_set_explicit(&f, memory_order_acquire));
	atomic_flag_clear(&f);
	CHECK(!atomic_flag_test_and_set(&f));
}

enum { ROUNDS = 200000 };
static atomic_ulong counter;
static atomic_uint cas_counter;
static atomic_flag lock = ATOMIC_FLAG_INIT;
static unsigned long plain;

static void *worker(void *arg)
{
	(void)arg;
	for (int i = 0; i < ROUNDS; i++) {
		unsigned int old =
		    atomic_load_explicit(&cas_counter, memory_order_relaxed);

		atomic_fetch_add_explicit(&counter, 1, memory_order_relaxed);
		while (
		    !atomic_compare_exchange_weak(&cas_counter, &old, old + 1))
			;
		while (atomic_flag_test_and_set_explicit(&lock,
							 memory_order_acquire))
			;
		plain++;
		atomic_flag_clear_explicit(&lock, memory_order_release);
	}
	return NULL;
}

TEST(two_threads_contend)
{
	pthread_t t[2];

	for (int i = 0; i < 2; i++)
		CHECK(pthread_create(&t[i], NULL, worker, NULL) == 0);
	for (int i = 0; i < 2; i++)
		pthread_join(t[i], NULL);
	CHECK(atomic_load(&counter) == 2UL * ROUNDS);
	CHECK(atomic_load(&cas_counter) == 2U * ROUNDS);
	CHECK(plain == 2UL * ROUNDS);
}

int main(void)
{
	RUN(scalar_operations);
	RUN(pointer_and_init);
	RUN(flag);
	RUN(two_threads_contend);
	return check_failures != 0;
}
