// SOURCES: libc-glue/tls.c libc-glue/socketpair.c libc-glue/fdtable.c
// CFLAGS: -Ilibc-glue -DTLS_HOST_TEST
/*
 * test_libc_tls_sp.c - libc-glue's pure parts for QEMU/glib on the host:
 * the TLS block layout (tls_layout: image aligned as the segment asks,
 * the thread pointer 16-aligned at the linker's offset above the image,
 * the TCB after it; impossible placements refused) and socketpair's two
 * rings through their file ops (both directions, wrap-around, partial
 * non-blocking writes at full, readiness, EOF and EPIPE).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include "glue.h"
#include "tls.h"
#include "check.h"

/* ---- stubs, as in test_libc_pipe.c: nothing sleeps here ---- */
struct fdtable glue_fds;

struct gfile *gfile_new(const struct file_ops *ops, void *priv, int flags)
{
	struct gfile *f = calloc(1, sizeof(*f));

	f->ops = ops;
	f->priv = priv;
	f->flags = flags;
	return f;
}
void poll_wake(void)
{
}
void wake_up(struct waitqueue *wq)
{
	(void)wq;
}
int wait_on(struct waitqueue *wq, uint64_t deadline)
{
	(void)wq;
	(void)deadline;
	abort();
}
unsigned long irq_save(void)
{
	return 0;
}
void irq_restore(unsigned long flags)
{
	(void)flags;
}

static int layout_ok(size_t memsz, size_t align, size_t tp_off)
{
	struct tls_layout l;

	if (tls_layout(memsz, align, tp_off, 128, &l))
		return 0;
	return l.align >= 16 && l.align >= align && l.image % align == 0 &&
	       l.tp % 16 == 0 && l.tp - l.image == tp_off &&
	       l.size == l.tp + 128 && l.image + memsz <= l.tp;
}

TEST(tls_layout)
{
	struct tls_layout l;

	/* what ld gives: tp_off = memsz rounded up to the alignment */
	CHECK(layout_ok(0x201, 0x100, 0x300));
	CHECK(layout_ok(1, 1, 1)); /* an odd offset: image moved to fix tp */
	CHECK(layout_ok(0, 1, 0));
	CHECK(layout_ok(24, 8, 24));
	CHECK(layout_ok(5000, 4096, 8192));
	CHECK(tls_layout(1, 1, 1, 128, &l) == 0 && l.image == 15 && l.tp == 16);
	CHECK(tls_layout(100, 64, 100, 128, &l) == -1); /* tp not 16-able */
	CHECK(tls_layout(100, 48, 112, 128, &l) == -1); /* not a power of 2 */
	CHECK(tls_layout(100, 16, 96, 128, &l) == -1);	/* below memsz */
}

static struct gfile *F(int fd)
{
	return fd_get(&glue_fds, fd);
}
static void close_fd(int fd)
{
	struct gfile *last = NULL;

	fd_remove(&glue_fds, fd, &last);
	if (last) {
		last->ops->close(last);
		free(last);
	}
}
static long rd(int fd, void *b, size_t n)
{
	return F(fd)->ops->read(F(fd), b, n);
}
static long wr(int fd, const void *b, size_t n)
{
	return F(fd)->ops->write(F(fd), b, n);
}
static int ready(int fd)
{
	return F(fd)->ops->poll(F(fd));
}

TEST(socketpair_rings)
{
	int sv[2];
	static unsigned char in[100000], out[100000];

	for (size_t i = 0; i < sizeof(in); i++)
		in[i] = (unsigned char)(i * 13 + i / 241);
	CHECK(socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, sv) == 0);
	CHECK(ready(sv[0]) == GF_WRITABLE && ready(sv[1]) == GF_WRITABLE);
	CHECK(rd(sv[0], out, 1) == -EAGAIN);
	for (int dir = 0; dir < 2; dir++) {
		int w = sv[dir], r = sv[!dir];
		size_t sent = 0, got = 0;

		while (got < sizeof(in)) {
			if (sent < sizeof(in)) {
				size_t n = sizeof(in) - sent < 30000
					       ? sizeof(in) - sent
					       : 30000;
				long k = wr(w, in + sent, n);
				CHECK(k > 0);
				sent += (size_t)k;
			}
			CHECK(ready(r) & GF_READABLE);
			long k = rd(r, out + got, 21000);
			CHECK(k > 0);
			got += (size_t)k;
		}
		CHECK(memcmp(in, out, sizeof(in)) == 0);
		CHECK(!(ready(r) & GF_READABLE));
	}
	CHECK(wr(sv[0], in, sizeof(in)) == 32768); /* partial at full */
	CHECK(wr(sv[0], in, 1) == -EAGAIN);
	CHECK(ready(sv[0]) == 0 && ready(sv[1]) == (GF_READABLE | GF_WRITABLE));
	CHECK(wr(sv[1], "z", 1) == 1); /* the other way is not full */
	close_fd(sv[1]);
	CHECK(ready(sv[0]) == (GF_READABLE | GF_WRITABLE));
	CHECK(rd(sv[0], out, 10) == 1 && out[0] == 'z');
	CHECK(rd(sv[0], out, 1) == 0);
	CHECK(wr(sv[0], "y", 1) == -EPIPE);
	close_fd(sv[0]);
	errno = 0;
	CHECK(socketpair(AF_INET, SOCK_STREAM, 0, sv) == -1 &&
	      errno == EAFNOSUPPORT);
	CHECK(socketpair(AF_UNIX, SOCK_DGRAM, 0, sv) == -1 &&
	      errno == EOPNOTSUPP);
}

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	RUN(tls_layout);
	RUN(socketpair_rings);
	return check_failures != 0;
}
