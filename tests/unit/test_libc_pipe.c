// SOURCES: libc-glue/pipe.c libc-glue/fdtable.c
// CFLAGS: -Ilibc-glue -Ilibc-glue/include
/*
 * test_libc_pipe.c - libc-glue's pipes and eventfds on the host, through
 * their file ops with the fd table and the kernel's wait calls stubbed:
 * data wrapping round the 64 KiB ring, partial non-blocking writes at
 * full, poll readiness of both ends, EOF and EPIPE once an end closes,
 * the eventfd counter, its semaphore mode and its limits.  (A sleeper
 * woken by a write is the libc boot scenario's, on the real scheduler.)
 */
#define _GNU_SOURCE /* pipe2 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>
#include "glue.h"
#include "check.h"

/* ---- stubs: one fd table; nothing ever sleeps in these tests ---- */
struct fdtable glue_fds;
static int wakes;

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
	wakes++;
}
void wake_up(struct waitqueue *wq)
{
	(void)wq;
}
int wait_on(struct waitqueue *wq, uint64_t deadline)
{
	(void)wq;
	(void)deadline;
	abort(); /* a test would sleep for ever */
}
unsigned long irq_save(void)
{
	return 0;
}
void irq_restore(unsigned long flags)
{
	(void)flags;
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

TEST(pipe_ring)
{
	int fds[2];
	static unsigned char in[100000], out[100000];

	for (size_t i = 0; i < sizeof(in); i++)
		in[i] = (unsigned char)(i * 7 + i / 251);
	CHECK(pipe2(fds, O_NONBLOCK) == 0);
	CHECK(ready(fds[0]) == 0 && ready(fds[1]) == GF_WRITABLE);
	CHECK(rd(fds[0], out, 10) == -EAGAIN);
	/* Push 100000 bytes through in odd chunks so the ring wraps. */
	size_t sent = 0, got = 0;
	while (got < sizeof(in)) {
		if (sent < sizeof(in)) {
			size_t n = sizeof(in) - sent < 40000 ? sizeof(in) - sent
							     : 40000;
			long w = wr(fds[1], in + sent, n);
			CHECK(w > 0);
			sent += (size_t)w;
		}
		CHECK(ready(fds[0]) == GF_READABLE);
		long r = rd(fds[0], out + got, 25000);
		CHECK(r > 0);
		got += (size_t)r;
	}
	CHECK(memcmp(in, out, sizeof(in)) == 0);
	CHECK(wr(fds[1], in, sizeof(in)) == 65536); /* partial at full */
	CHECK(wr(fds[1], in, 1) == -EAGAIN);
	CHECK(ready(fds[1]) == 0);
	CHECK(rd(fds[0], out, 1) == 1 && ready(fds[1]) == GF_WRITABLE);
	close_fd(fds[1]);
	CHECK(ready(fds[0]) == GF_READABLE);
	CHECK(rd(fds[0], out, sizeof(out)) == 65535);
	CHECK(rd(fds[0], out, 1) == 0); /* end of file */
	close_fd(fds[0]);
}

TEST(pipe_epipe)
{
	int fds[2];

	CHECK(pipe(fds) == 0);
	CHECK((F(fds[0])->flags & O_ACCMODE) == O_RDONLY);
	CHECK((F(fds[1])->flags & O_ACCMODE) == O_WRONLY);
	close_fd(fds[0]);
	CHECK(ready(fds[1]) == GF_WRITABLE); /* a write would not block */
	CHECK(wr(fds[1], "x", 1) == -EPIPE);
	close_fd(fds[1]);
	errno = 0;
	CHECK(pipe2(fds, 12345) == -1 && errno == EINVAL);
}

TEST(eventfd)
{
	uint64_t v = 3;
	int fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);

	CHECK(fd >= 0 && glue_fds.cloexec[fd]);
	CHECK(ready(fd) == GF_WRITABLE);
	CHECK(rd(fd, &v, 8) == -EAGAIN);
	CHECK(rd(fd, &v, 4) == -EINVAL);
	CHECK(wr(fd, &v, 8) == 8);
	v = 4;
	CHECK(wr(fd, &v, 8) == 8);
	CHECK(ready(fd) == (GF_READABLE | GF_WRITABLE));
	CHECK(rd(fd, &v, 8) == 8 && v == 7);
	v = UINT64_MAX;
	CHECK(wr(fd, &v, 8) == -EINVAL);
	v = UINT64_MAX - 1; /* the maximum count */
	CHECK(wr(fd, &v, 8) == 8);
	CHECK(ready(fd) == GF_READABLE);
	v = 1;
	CHECK(wr(fd, &v, 8) == -EAGAIN);
	close_fd(fd);

	fd = eventfd(2, EFD_SEMAPHORE | EFD_NONBLOCK);
	CHECK(rd(fd, &v, 8) == 8 && v == 1);
	CHECK(rd(fd, &v, 8) == 8 && v == 1);
	CHECK(rd(fd, &v, 8) == -EAGAIN);
	close_fd(fd);
	errno = 0;
	CHECK(eventfd(0, 0x100) == -1 && errno == EINVAL);
}

int main(int argc, char **argv) /* kernel.h declares it so */
{
	(void)argc;
	(void)argv;
	RUN(pipe_ring);
	RUN(pipe_epipe);
	RUN(eventfd);
	CHECK(wakes > 0);
	return check_failures != 0;
}
