/*
 * devices.c - the character devices under /dev: console (also fds 0-2),
 * null, zero and urandom.  Block devices are blkdev.c.
 *
 * Console reads wait for what is typed at `xl console` (the kernel's
 * console_read); where there is no input ring they return end-of-file
 * (said once on the console, so a program waiting for input is not a
 * mystery).
 */
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include "glue.h"

static long console_read_op(struct gfile *f, void *buf, size_t len)
{
	static int warned;
	long n;

	(void)f;
	if (!len)
		return 0;
	n = console_read(buf, len, 0);
	if (n >= 0)
		return n;
	if (!warned++)
		printk("libc: no console input: reads see EOF\n");
	return 0;
}

static long console_write_op(struct gfile *f, const void *buf, size_t len)
{
	(void)f;
	console_write(buf, len);
	return (long)len;
}

static int console_poll(struct gfile *f)
{
	(void)f;
	return GF_READABLE | GF_WRITABLE; /* a read may wait for a key */
}

const struct file_ops console_ops = {
    .kind = "console",
    .read = console_read_op,
    .write = console_write_op,
    .poll = console_poll,
};

static long null_read(struct gfile *f, void *buf, size_t len)
{
	(void)f;
	(void)buf;
	(void)len;
	return 0;
}

static long null_write(struct gfile *f, const void *buf, size_t len)
{
	(void)f;
	(void)buf;
	return (long)len;
}

static long zero_read(struct gfile *f, void *buf, size_t len)
{
	(void)f;
	memset(buf, 0, len);
	return (long)len;
}

/* getentropy() hands out at most 256 bytes a call. */
static long urandom_read(struct gfile *f, void *buf, size_t len)
{
	size_t done = 0;

	(void)f;
	while (done < len) {
		size_t n = len - done > 256 ? 256 : len - done;

		if (getentropy((char *)buf + done, n))
			return done ? (long)done : -errno;
		done += n;
	}
	return (long)done;
}

static int64_t zero_seek(struct gfile *f, int64_t off, int whence)
{
	(void)f;
	(void)off;
	(void)whence;
	return 0; /* as Linux: seeking these always lands at 0 */
}

static const struct file_ops null_ops = {
    .kind = "null",
    .read = null_read,
    .write = null_write,
    .lseek = zero_seek,
};

static const struct file_ops zero_ops = {
    .kind = "zero",
    .read = zero_read,
    .write = null_write,
    .lseek = zero_seek,
};

static const struct file_ops urandom_ops = {
    .kind = "urandom",
    .read = urandom_read,
    .write = null_write,
    .lseek = zero_seek,
};

static const struct {
	const char *name;
	const struct file_ops *ops;
} chardevs[] = {
    {"console", &console_ops}, {"tty", &console_ops},
    {"null", &null_ops},       {"zero", &zero_ops},
    {"urandom", &urandom_ops}, {"random", &urandom_ops},
};

int dev_open(const char *name, int flags, struct gfile *f)
{
	(void)flags;
	for (size_t i = 0; i < sizeof(chardevs) / sizeof(chardevs[0]); i++) {
		if (!strcmp(name, chardevs[i].name)) {
			f->ops = chardevs[i].ops;
			return 0;
		}
	}
	return -ENOENT;
}
