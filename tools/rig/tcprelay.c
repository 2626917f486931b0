/*
 * tcprelay LISTEN_PORT DEST_IPV4 DEST_PORT: dom0's half of the rig's host
 * port forwards (tools/rig/run's HOSTFWD).  Accepts on LISTEN_PORT and
 * relays each connection to DEST_IPV4:DEST_PORT, both directions, half
 * closes passed on.  One process, poll(), non-blocking sockets, a listen
 * backlog of 128: busybox `nc -ll -e` (a fork and exec per connection,
 * backlog 2) lost requests when 20 arrived at once under TCG.
 *
 * Built on the host (gcc -static) by tools/rig/run into the share.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define MAX_PAIRS 256
#define BUF_SIZE  65536

struct half {
	int from, to; /* read from, write to */
	char *buf;
	size_t len, off; /* bytes buffered, bytes of them written */
	int eof; /* 1: from said EOF; 2: to is shut down (all passed on) */
};

struct pair {
	int a, b;      /* accepted, outgoing */
	int connected; /* b's connect() finished */
	struct half ab, ba;
};

static struct pair pairs[MAX_PAIRS];

static void nonblock(int fd)
{
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
}

static void drop(struct pair *p)
{
	close(p->a);
	close(p->b);
	free(p->ab.buf);
	free(p->ba.buf);
	memset(p, 0, sizeof(*p));
	p->a = p->b = -1;
}

static void start(int lfd, const struct sockaddr_in *dest)
{
	int a = accept(lfd, NULL, NULL), b, i;

	if (a < 0)
		return;
	for (i = 0; i < MAX_PAIRS && pairs[i].a >= 0; i++)
		;
	b = socket(AF_INET, SOCK_STREAM, 0);
	if (i == MAX_PAIRS || b < 0) {
		fprintf(stderr, "tcprelay: %s\n",
			b < 0 ? strerror(errno) : "too many connections");
		close(a);
		if (b >= 0)
			close(b);
		return;
	}
	nonblock(a);
	nonblock(b);
	if (connect(b, (const struct sockaddr *)dest, sizeof(*dest)) &&
	    errno != EINPROGRESS) {
		fprintf(stderr, "tcprelay: connect: %s\n", strerror(errno));
		close(a);
		close(b);
		return;
	}
	pairs[i] = (struct pair){.a = a, .b = b};
	pairs[i].ab =
	    (struct half){.from = a, .to = b, .buf = malloc(BUF_SIZE)};
	pairs[i].ba =
	    (struct half){.from = b, .to = a, .buf = malloc(BUF_SIZE)};
	if (!pairs[i].ab.buf || !pairs[i].ba.buf)
		drop(&pairs[i]);
}

/* Moves what it can; -1 when the pair is broken. */
static int pump(struct half *h, short rev_from)
{
	ssize_t n;

	if (h->len == 0 && !h->eof &&
	    (rev_from & (POLLIN | POLLHUP | POLLERR))) {
		n = read(h->from, h->buf, BUF_SIZE);
		if (n > 0) {
			h->len = (size_t)n;
			h->off = 0;
		} else if (n == 0) {
			h->eof = 1;
		} else if (errno != EAGAIN && errno != EINTR) {
			return -1;
		}
	}
	if (h->len) { /* non-blocking: EAGAIN waits for POLLOUT */
		n = write(h->to, h->buf + h->off, h->len - h->off);
		if (n > 0) {
			h->off += (size_t)n;
			if (h->off == h->len)
				h->len = h->off = 0;
		} else if (n < 0 && errno != EAGAIN && errno != EINTR) {
			return -1;
		}
	}
	if (h->eof == 1 && h->len == 0) {
		shutdown(h->to, SHUT_WR);
		h->eof = 2;
	}
	return 0;
}

int main(int argc, char **argv)
{
	static struct pollfd pfd[1 + 2 * MAX_PAIRS];
	struct sockaddr_in lsa = {.sin_family = AF_INET}, dest = lsa;
	int lfd, one = 1, i, n;

	if (argc != 4 || inet_pton(AF_INET, argv[2], &dest.sin_addr) != 1) {
		fprintf(stderr,
			"usage: tcprelay LISTEN_PORT DEST_IPV4 DEST_PORT\n");
		return 2;
	}
	signal(SIGPIPE, SIG_IGN);
	lsa.sin_port = htons((unsigned short)atoi(argv[1]));
	dest.sin_port = htons((unsigned short)atoi(argv[3]));
	lfd = socket(AF_INET, SOCK_STREAM, 0);
	setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (lfd < 0 || bind(lfd, (struct sockaddr *)&lsa, sizeof(lsa)) ||
	    listen(lfd, 128)) {
		perror("tcprelay: listen");
		return 1;
	}
	for (i = 0; i < MAX_PAIRS; i++)
		pairs[i].a = pairs[i].b = -1;
	for (;;) {
		pfd[0] = (struct pollfd){.fd = lfd, .events = POLLIN};
		for (i = 0; i < MAX_PAIRS; i++) {
			struct pair *p = &pairs[i];
			short ea = 0, eb = 0;

			if (p->a >= 0) {
				if (!p->connected) {
					eb = POLLOUT;
				} else {
					ea = (short)((p->ab.len || p->ab.eof
							  ? 0
							  : POLLIN) |
						     (p->ba.len ? POLLOUT : 0));
					eb = (short)((p->ba.len || p->ba.eof
							  ? 0
							  : POLLIN) |
						     (p->ab.len ? POLLOUT : 0));
				}
			}
			pfd[1 + 2 * i] =
			    (struct pollfd){.fd = p->a, .events = ea};
			pfd[2 + 2 * i] =
			    (struct pollfd){.fd = p->b, .events = eb};
		}
		n = poll(pfd, 1 + 2 * MAX_PAIRS, -1);
		if (n < 0 && errno != EINTR)
			return 1;
		if (pfd[0].revents & POLLIN)
			start(lfd, &dest);
		for (i = 0; i < MAX_PAIRS; i++) {
			struct pair *p = &pairs[i];
			short ra = pfd[1 + 2 * i].revents,
			      rb = pfd[2 + 2 * i].revents;
			int err = 0;
			socklen_t len = sizeof(err);

			if (p->a < 0 || pfd[1 + 2 * i].fd != p->a)
				continue;
			if (!p->connected) {
				if (!rb)
					continue;
				getsockopt(p->b, SOL_SOCKET, SO_ERROR, &err,
					   &len);
				if (err) {
					fprintf(stderr,
						"tcprelay: connect: %s\n",
						strerror(err));
					drop(p);
					continue;
				}
				p->connected = 1;
				continue;
			}
			if (pump(&p->ab, ra) || pump(&p->ba, rb) ||
			    (p->ab.eof == 2 && p->ba.eof == 2))
				drop(p);
		}
	}
}
