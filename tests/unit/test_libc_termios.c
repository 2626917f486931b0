// SOURCES: libc-glue/termios.c
/*
 * test_libc_termios.c - libc-glue's termios on a system without
 * terminals: the tc* calls answer ENOTTY on an open fd and EBADF on a
 * closed one; cfmakeraw and the cf*speed helpers edit the struct as
 * glibc's do (the host's <termios.h> has the same Linux values).
 */
#include <errno.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>
#include "check.h"

TEST(tc_calls_not_a_tty)
{
	struct termios t;
	int p[2];

	CHECK(pipe(p) == 0);
	errno = 0;
	CHECK(tcgetattr(p[0], &t) == -1 && errno == ENOTTY);
	errno = 0;
	CHECK(tcsetattr(p[1], TCSANOW, &t) == -1 && errno == ENOTTY);
	errno = 0;
	CHECK(tcsetattr(p[1], 42, &t) == -1 && errno == EINVAL);
	errno = 0;
	CHECK(tcsendbreak(p[1], 0) == -1 && errno == ENOTTY);
	close(p[0]);
	close(p[1]);
	errno = 0;
	CHECK(tcgetattr(p[0], &t) == -1 && errno == EBADF);
	errno = 0;
	CHECK(tcdrain(-1) == -1 && errno == EBADF);
}

TEST(makeraw)
{
	struct termios t;

	memset(&t, 0xff, sizeof(t));
	cfmakeraw(&t);
	CHECK((t.c_iflag & (IGNBRK | BRKINT | ICRNL | IXON)) == 0);
	CHECK((t.c_oflag & OPOST) == 0);
	CHECK((t.c_lflag & (ECHO | ICANON | ISIG | IEXTEN)) == 0);
	CHECK((t.c_cflag & (CSIZE | PARENB)) == CS8);
	CHECK(t.c_cc[VMIN] == 1 && t.c_cc[VTIME] == 0);
}

TEST(speeds)
{
	struct termios t;

	memset(&t, 0, sizeof(t));
	t.c_cflag = CS8 | CREAD;
	CHECK(cfsetospeed(&t, B115200) == 0);
	CHECK(cfgetospeed(&t) == B115200 && cfgetispeed(&t) == B115200);
	CHECK((t.c_cflag & ~CBAUD) == (CS8 | CREAD));
	CHECK(cfsetispeed(&t, 0) == 0 && cfgetispeed(&t) == B115200);
	CHECK(cfsetispeed(&t, B9600) == 0 && cfgetospeed(&t) == B9600);
	errno = 0;
	CHECK(cfsetospeed(&t, 12345) == -1 && errno == EINVAL);
	CHECK(cfgetospeed(&t) == B9600);
}

int main(void)
{
	RUN(tc_calls_not_a_tty);
	RUN(makeraw);
	RUN(speeds);
	return check_failures != 0;
}
