/*
 * termios.c - terminal attributes on a system without terminals.
 * domlet's consoles (hvc.c) and every other fd are byte streams with no
 * line discipline, so the calls that ask a terminal answer ENOTTY (EBADF
 * for an fd that is not open), as Linux does for a file or a pipe:
 * callers such as QEMU's char-stdio.c and char-serial.c then leave the
 * line as it is.  The struct-only helpers (cfmakeraw, cf*speed) work
 * as glibc's, on Linux's flag values (include/sys/termios.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <termios.h>

/* -1 with ENOTTY for an open fd, EBADF otherwise. */
static int not_a_tty(int fd)
{
	if (fcntl(fd, F_GETFL) >= 0)
		errno = ENOTTY;
	return -1;
}

int tcgetattr(int fd, struct termios *t)
{
	(void)t;
	return not_a_tty(fd);
}

int tcsetattr(int fd, int action, const struct termios *t)
{
	(void)t;
	if (action != TCSANOW && action != TCSADRAIN && action != TCSAFLUSH) {
		errno = EINVAL;
		return -1;
	}
	return not_a_tty(fd);
}

int tcsendbreak(int fd, int duration)
{
	(void)duration;
	return not_a_tty(fd);
}

int tcdrain(int fd)
{
	return not_a_tty(fd);
}

int tcflush(int fd, int queue)
{
	(void)queue;
	return not_a_tty(fd);
}

int tcflow(int fd, int action)
{
	(void)action;
	return not_a_tty(fd);
}

/* As glibc's: no input or output processing, 8 bits, no echo. */
void cfmakeraw(struct termios *t)
{
	t->c_iflag &= ~(tcflag_t)(IGNBRK | BRKINT | PARMRK | ISTRIP | INLCR |
				  IGNCR | ICRNL | IXON);
	t->c_oflag &= ~(tcflag_t)OPOST;
	t->c_lflag &= ~(tcflag_t)(ECHO | ECHONL | ICANON | ISIG | IEXTEN);
	t->c_cflag &= ~(tcflag_t)(CSIZE | PARENB);
	t->c_cflag |= CS8;
	t->c_cc[VMIN] = 1;
	t->c_cc[VTIME] = 0;
}

/* A speed is one of the B* codes; Linux keeps it in c_cflag's CBAUD
 * bits (one speed for both directions) and in c_ispeed/c_ospeed. */
static int valid_speed(speed_t speed)
{
	return (speed & ~(speed_t)CBAUD) == 0 &&
	       (speed <= B38400 || (speed >= B57600 && speed <= B4000000));
}

speed_t cfgetospeed(const struct termios *t)
{
	return t->c_cflag & CBAUD;
}

speed_t cfgetispeed(const struct termios *t)
{
	return cfgetospeed(t);
}

int cfsetospeed(struct termios *t, speed_t speed)
{
	if (!valid_speed(speed)) {
		errno = EINVAL;
		return -1;
	}
	t->c_cflag = (t->c_cflag & ~(tcflag_t)CBAUD) | speed;
	t->c_ospeed = speed;
	return 0;
}

/* 0 means "the same as the output speed", as POSIX allows. */
int cfsetispeed(struct termios *t, speed_t speed)
{
	if (speed == 0)
		return 0;
	if (!valid_speed(speed)) {
		errno = EINVAL;
		return -1;
	}
	t->c_cflag = (t->c_cflag & ~(tcflag_t)CBAUD) | speed;
	t->c_ispeed = speed;
	return 0;
}
