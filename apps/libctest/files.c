/*
 * files.c - file descriptors: /dev/xvda through read/write/lseek/fsync
 * (unaligned, sector-crossing and large I/O, reopen), stdio on a disk
 * fd, /dev/null and /dev/zero, dup2, poll and select.  The marker written
 * at DISK_MARK_OFF is checked again by dom0 (post.sh) in the image file.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>
#include <sys/stat.h>
#include <unistd.h>
#include "libctest.h"

#define DISK_MARK_OFF 4090 /* crosses the 4096 boundary */
#define DISK_MARK     "LIBCTEST-DISK-OK"
#define BIG	      (64 * 1024)

static bool pattern_io(int fd)
{
	static unsigned char out[BIG], in[BIG];

	for (int i = 0; i < BIG; i++)
		out[i] = (unsigned char)(i * 7 + 3);
	if (lseek(fd, 1 << 20, SEEK_SET) != 1 << 20 ||
	    write(fd, out, BIG) != BIG)
		return false;
	/* An odd-sized, odd-offset rewrite in the middle. */
	memset(out + 100, 0xa5, 1000);
	if (lseek(fd, (1 << 20) + 100, SEEK_SET) < 0 ||
	    write(fd, out + 100, 1000) != 1000)
		return false;
	if (lseek(fd, 1 << 20, SEEK_SET) < 0 || read(fd, in, BIG) != BIG)
		return false;
	return memcmp(in, out, BIG) == 0;
}

static void disk(void)
{
	char buf[32] = {0};
	struct stat st;
	int fd = open("/dev/xvda", O_RDWR);

	if (!app_check(fd >= 0, "open /dev/xvda", "errno %d (%s)", errno,
		       strerror(errno)))
		return;
	app_check(fstat(fd, &st) == 0 && S_ISBLK(st.st_mode) &&
		      st.st_size == 16 << 20,
		  "fstat /dev/xvda", "mode %o size %lld", (unsigned)st.st_mode,
		  (long long)st.st_size);
	app_check(lseek(fd, DISK_MARK_OFF, SEEK_SET) == DISK_MARK_OFF &&
		      write(fd, DISK_MARK, 16) == 16,
		  "write across a sector boundary", "errno %d", errno);
	app_check(lseek(fd, DISK_MARK_OFF, SEEK_SET) == DISK_MARK_OFF &&
		      read(fd, buf, 16) == 16 && !memcmp(buf, DISK_MARK, 16),
		  "read it back", "got \"%.16s\"", buf);
	app_check(pattern_io(fd), "64 KiB pattern + odd rewrite", "mismatch");
	app_check(fsync(fd) == 0, "fsync", "errno %d", errno);
	app_check(lseek(fd, 0, SEEK_END) == 16 << 20 && read(fd, buf, 1) == 0,
		  "lseek SEEK_END, read at end", "errno %d", errno);
	close(fd);

	/* Reconnects: the data is on the disk, not in a cache of ours. */
	FILE *f = fopen("/dev/xvda", "r");
	memset(buf, 0, sizeof(buf));
	app_check(f && fseek(f, DISK_MARK_OFF, SEEK_SET) == 0 &&
		      fread(buf, 1, 16, f) == 16 && !memcmp(buf, DISK_MARK, 16),
		  "fopen/fread after reopen", "got \"%.16s\"", buf);
	if (f)
		fclose(f);
	printf("DISK-MARK %d %s\n", DISK_MARK_OFF, DISK_MARK);
}

static void chardevs(void)
{
	char z[8] = "xxxxxxx";
	int fd = open("/dev/zero", O_RDONLY);
	int nul = open("/dev/null", O_WRONLY);

	app_check(fd >= 0 && read(fd, z, 8) == 8 && !z[0] && !z[7], "/dev/zero",
		  "fd %d", fd);
	app_check(nul >= 0 && write(nul, "gone", 4) == 4, "/dev/null", "fd %d",
		  nul);
	/* dup2 over stdout, then back: output goes to /dev/null between. */
	int saved = dup(1);
	app_check(saved > 2 && dup2(nul, 1) == 1 && printf("lost\n") &&
		      fflush(stdout) == 0 && dup2(saved, 1) == 1,
		  "dup/dup2", "saved %d", saved);
	close(saved);
	/* QEMU's qemu_dup: F_DUPFD_CLOEXEC, at or above the minimum given;
	 * the copy shares the open file's flags (F_SETFL on one shows on
	 * the other), and /dev/null cannot be truncated. */
	int cx = fcntl(nul, F_DUPFD_CLOEXEC, 20);
	app_check(cx >= 20 && fcntl(cx, F_GETFD) == FD_CLOEXEC &&
		      fcntl(nul, F_GETFD) == 0 &&
		      (fcntl(cx, F_GETFL) & O_ACCMODE) == O_WRONLY &&
		      fcntl(cx, F_SETFL, O_NONBLOCK) == 0 &&
		      (fcntl(nul, F_GETFL) & O_NONBLOCK),
		  "fcntl F_DUPFD_CLOEXEC", "fd %d, errno %d", cx, errno);
	errno = 0;
	app_check(ftruncate(nul, 0) == -1 && errno == EINVAL,
		  "ftruncate /dev/null", "errno %d", errno);
	close(cx);
	close(fd);
	close(nul);
}

static void polling(void)
{
	struct pollfd p[2] = {{.fd = 1, .events = POLLOUT},
			      {.fd = 42, .events = POLLIN}};
	struct timeval tv = {0, 20000};
	fd_set wr;

	app_check(poll(p, 2, 1000) == 2 && (p[0].revents & POLLOUT) &&
		      (p[1].revents & POLLNVAL),
		  "poll", "revents %x %x", p[0].revents, p[1].revents);
	FD_ZERO(&wr);
	FD_SET(1, &wr);
	app_check(select(2, NULL, &wr, NULL, &tv) == 1 && FD_ISSET(1, &wr),
		  "select", "errno %d", errno);
	tv.tv_usec = 20000;
	app_check(select(0, NULL, NULL, NULL, &tv) == 0, "select timeout",
		  "errno %d", errno);
}

void test_files(void)
{
	chardevs();
	polling();
	disk();
}
