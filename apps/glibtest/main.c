/*
 * glibtest - glib 2.74 (the glib port) in a domlet guest, for QEMU's
 * stub domain (issue #11): what QEMU's main loop and threads use of it.
 * A GMainLoop runs a timeout, an idle callback and a g_unix_fd_add watch
 * on a pipe (glib's poll over libc-glue's fds); a GThread meets the main
 * thread on a GMutex/GCond and answers over a GAsyncQueue; GRegex
 * (pcre2), GHashTable, GString, g_strdup_printf, g_get_monotonic_time
 * and g_convert (libc-glue's iconv).  Four threads contend on one GMutex
 * (glib's futex mutex over libc-glue's futex(2)) and g_cond_wait_until
 * times out (the futex wait's timespec).  Ends on one verdict line.
 */
#include <glib.h>
#include <glib-unix.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <domlet_app.h>

struct loop_state {
	GMainLoop *loop;
	int pipe_rd;
	int idle_runs, timeout_runs, fd_bytes;
	gint64 t0, t_timeout;
};

static gboolean on_idle(gpointer data)
{
	struct loop_state *s = data;

	s->idle_runs++;
	return s->idle_runs < 3 ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

static gboolean on_fd(gint fd, GIOCondition cond, gpointer data)
{
	struct loop_state *s = data;
	char buf[16];
	ssize_t n = 0;

	if (cond & G_IO_IN)
		n = read(fd, buf, sizeof(buf));
	if (n > 0)
		s->fd_bytes += n;
	return G_SOURCE_CONTINUE;
}

static gboolean on_timeout(gpointer data)
{
	struct loop_state *s = data;

	s->timeout_runs++;
	s->t_timeout = g_get_monotonic_time();
	g_main_loop_quit(s->loop);
	return G_SOURCE_REMOVE;
}

static void test_main_loop(void)
{
	struct loop_state s = {0};
	int fds[2];
	guint fd_src;

	app_check(pipe(fds) == 0, "pipe", "errno %d", errno);
	s.loop = g_main_loop_new(NULL, FALSE);
	s.pipe_rd = fds[0];
	g_idle_add(on_idle, &s);
	fd_src = g_unix_fd_add(fds[0], G_IO_IN, on_fd, &s);
	/* t0 before the timeout is armed: it is due 50 ms after arming, so
	 * no earlier than t0 + 50 ms however long the vCPU stalls between */
	s.t0 = g_get_monotonic_time();
	g_timeout_add(50, on_timeout, &s);
	app_check(write(fds[1], "hello", 5) == 5, "pipe write", "errno %d",
		  errno);
	g_main_loop_run(s.loop);
	app_check(s.idle_runs == 3, "idle ran 3 times", "%d", s.idle_runs);
	app_check(s.timeout_runs == 1, "timeout ran once", "%d",
		  s.timeout_runs);
	app_check(s.t_timeout - s.t0 >= 50000, "timeout after 50 ms", "%lld us",
		  (long long)(s.t_timeout - s.t0));
	app_check(s.fd_bytes == 5, "fd watch read the pipe", "%d bytes",
		  s.fd_bytes);
	g_source_remove(fd_src);
	g_main_loop_unref(s.loop);
	close(fds[0]);
	close(fds[1]);
}

struct thread_state {
	GMutex lock;
	GCond cond;
	gboolean ready;
	GAsyncQueue *to_worker, *from_worker;
};

static gpointer worker(gpointer data)
{
	struct thread_state *t = data;
	gpointer item;

	g_mutex_lock(&t->lock);
	t->ready = TRUE;
	g_cond_signal(&t->cond);
	g_mutex_unlock(&t->lock);
	/* Doubles numbers until it gets 0. */
	while ((item = g_async_queue_pop(t->to_worker)) != GINT_TO_POINTER(-1))
		g_async_queue_push(t->from_worker,
				   GINT_TO_POINTER(2 * GPOINTER_TO_INT(item)));
	return GINT_TO_POINTER(42);
}

static void test_threads(void)
{
	struct thread_state t = {0};
	GThread *th;
	int sum = 0;

	g_mutex_init(&t.lock);
	g_cond_init(&t.cond);
	t.to_worker = g_async_queue_new();
	t.from_worker = g_async_queue_new();
	th = g_thread_new("worker", worker, &t);
	g_mutex_lock(&t.lock);
	while (!t.ready)
		g_cond_wait(&t.cond, &t.lock);
	g_mutex_unlock(&t.lock);
	for (int i = 1; i <= 100; i++)
		g_async_queue_push(t.to_worker, GINT_TO_POINTER(i));
	for (int i = 1; i <= 100; i++)
		sum += GPOINTER_TO_INT(g_async_queue_pop(t.from_worker));
	g_async_queue_push(t.to_worker, GINT_TO_POINTER(-1));
	app_check(GPOINTER_TO_INT(g_thread_join(th)) == 42, "thread joined",
		  "%s", "no");
	app_check(sum == 10100, "async queue round trips", "sum %d", sum);
	g_async_queue_unref(t.to_worker);
	g_async_queue_unref(t.from_worker);
	g_cond_clear(&t.cond);
	g_mutex_clear(&t.lock);
}

enum { CONTENDERS = 4, ROUNDS = 20000 };
struct contend_state {
	GMutex lock;
	long counter;
};

static gpointer contender(gpointer data)
{
	struct contend_state *c = data;

	long v;

	for (int i = 0; i < ROUNDS; i++) {
		g_mutex_lock(&c->lock);
		v = c->counter;
		/* Give the others a chance to find the mutex taken. */
		if (i % 64 == 0)
			g_thread_yield();
		c->counter = v + 1;
		g_mutex_unlock(&c->lock);
	}
	return NULL;
}

static void test_contention(void)
{
	struct contend_state c = {0};
	GThread *th[CONTENDERS];
	GMutex m;
	GCond cond;
	gint64 start, waited;
	gboolean signalled;

	g_mutex_init(&c.lock);
	for (int i = 0; i < CONTENDERS; i++)
		th[i] = g_thread_new("contender", contender, &c);
	for (int i = 0; i < CONTENDERS; i++)
		g_thread_join(th[i]);
	app_check(c.counter == (long)CONTENDERS * ROUNDS,
		  "contended GMutex counts every increment", "%ld of %ld",
		  c.counter, (long)CONTENDERS * ROUNDS);
	g_mutex_clear(&c.lock);

	g_mutex_init(&m);
	g_cond_init(&cond);
	g_mutex_lock(&m);
	start = g_get_monotonic_time();
	signalled = g_cond_wait_until(&cond, &m, start + 50 * 1000);
	waited = g_get_monotonic_time() - start;
	g_mutex_unlock(&m);
	/* A spurious wakeup may return TRUE early (glib allows it); a
	 * FALSE before the deadline is a broken timed wait. */
	app_check(signalled || waited >= 50 * 1000,
		  "g_cond_wait_until times out at its deadline",
		  "returned %d after %lld us", signalled, (long long)waited);
	g_cond_clear(&cond);
	g_mutex_clear(&m);
}

static void test_data(void)
{
	GHashTable *h =
	    g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	GString *s = g_string_new("glib");
	char *p = g_strdup_printf("%s-%d.%02d %.2f", "glib", 2, 74, 0.5);
	char *latin1;
	gsize n;

	for (int i = 0; i < 1000; i++)
		g_hash_table_insert(h, g_strdup_printf("key%d", i),
				    GINT_TO_POINTER(i));
	app_check(g_hash_table_size(h) == 1000 &&
		      GPOINTER_TO_INT(g_hash_table_lookup(h, "key777")) == 777,
		  "hash table", "size %u", g_hash_table_size(h));
	g_string_append_printf(s, " %d", 274);
	g_string_prepend(s, ">");
	app_check(!strcmp(s->str, ">glib 274"), "GString", "'%s'", s->str);
	app_check(!strcmp(p, "glib-2.74 0.50"), "g_strdup_printf", "'%s'", p);
	app_check(
	    g_regex_match_simple("^q[a-z]+-(\\d+)\\.\\d+$", "qemu-7.2", 0, 0),
	    "regex matches", "%s", "no match");
	app_check(!g_regex_match_simple("^\\d+$", "7a", 0, 0), "regex rejects",
		  "%s", "matched");
	latin1 =
	    g_convert("caf\xc3\xa9", -1, "ISO-8859-1", "UTF-8", NULL, &n, NULL);
	app_check(latin1 && n == 4 && (guchar)latin1[3] == 0xe9, "g_convert",
		  "%p %zu", latin1, n);
	g_free(latin1);
	g_free(p);
	g_string_free(s, TRUE);
	g_hash_table_destroy(h);
}

int main(void)
{
	app_test_begin("glibtest");
	printf("glibtest: glib %u.%u.%u\n", glib_major_version,
	       glib_minor_version, glib_micro_version);
	test_data();
	test_threads();
	test_contention();
	test_main_loop();
	return app_verdict();
}
