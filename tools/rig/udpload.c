/*
 * udpload - small-datagram load for the rig's benchmarks (UDP pkt/s).
 *
 *   udpload echo PORT
 *	answers every datagram on PORT with itself, for ever (dom0 runs
 *	one on the echo port from its init).
 *   udpload flood HOST PORT SECONDS [SIZE [WINDOW]]
 *	sends SIZE-byte datagrams (default 64) to the echo server at HOST
 *	(an IPv4 address) with up to WINDOW (default 32) unanswered at
 *	once, for SECONDS, and prints one line:
 *	"NET-UDP <pkt/s> pkt/s echoed (<size> bytes, window <w>, <n> sent,
 *	 <m> lost)" where pkt/s counts answers only.  A window whose
 *	answers do not come within 50 ms is counted lost and sent again,
 *	so drops slow the rate instead of stalling it.  Exit 1 when no
 *	answer came at all.
 *
 * It measures a path both ways (guest -> device model -> dom0 and back)
 * with the sender's clock only.  Timings are reported, never judged.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static long number(const char *s, long lo, long hi, const char *what)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < lo || v > hi) {
		fprintf(stderr, "udpload: %s must be %ld..%ld, not '%s'\n",
			what, lo, hi, s);
		exit(2);
	}
	return v;
}

static int echo(int port)
{
	struct sockaddr_in a = {.sin_family = AF_INET,
				.sin_port = htons((uint16_t)port),
				.sin_addr.s_addr = htonl(INADDR_ANY)};
	char buf[65536];
	int s = socket(AF_INET, SOCK_DGRAM, 0);

	if (s < 0 || bind(s, (struct sockaddr *)&a, sizeof(a))) {
		perror("udpload echo: socket/bind");
		return 1;
	}
	for (;;) {
		struct sockaddr_in from;
		socklen_t fl = sizeof(from);
		ssize_t n = recvfrom(s, buf, sizeof(buf), 0,
				     (struct sockaddr *)&from, &fl);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			perror("udpload echo: recvfrom");
			return 1;
		}
		/* A full socket buffer drops the answer, as the network may. */
		(void)sendto(s, buf, (size_t)n, MSG_DONTWAIT,
			     (struct sockaddr *)&from, fl);
	}
}

static int flood(const char *host, int port, int secs, int size, int window)
{
	struct sockaddr_in a = {.sin_family = AF_INET,
				.sin_port = htons((uint16_t)port)};
	char buf[65536];
	unsigned long sent = 0, got = 0, lost = 0;
	int outstanding = 0, s, rc;
	double start, end, last_answer;

	/* An address, not a name: a static binary has no resolver here. */
	if (inet_pton(AF_INET, host, &a.sin_addr) != 1) {
		fprintf(stderr, "udpload: '%s' is not an IPv4 address\n", host);
		return 2;
	}
	s = socket(AF_INET, SOCK_DGRAM, 0);
	if (s < 0 || connect(s, (struct sockaddr *)&a, sizeof(a))) {
		perror("udpload flood: socket/connect");
		return 2;
	}
	memset(buf, 'u', sizeof(buf));
	start = now();
	end = start + secs;
	last_answer = start;
	while (now() < end) {
		struct pollfd p = {.fd = s, .events = POLLIN};

		while (outstanding < window) {
			if (send(s, buf, (size_t)size, 0) < 0) {
				if (errno == ENOBUFS || errno == EAGAIN ||
				    errno == ECONNREFUSED)
					break;
				perror("udpload flood: send");
				return 2;
			}
			sent++;
			outstanding++;
		}
		rc = poll(&p, 1, 50);
		if (rc > 0) {
			/* Everything that is there, without waiting. */
			while (recv(s, buf, sizeof(buf), MSG_DONTWAIT) >= 0) {
				got++;
				if (outstanding > 0)
					outstanding--;
			}
			last_answer = now();
		} else if (now() - last_answer >= 0.05) {
			lost += (unsigned long)outstanding;
			outstanding = 0;
			last_answer = now();
		}
	}
	end = now();
	printf("NET-UDP %.0f pkt/s echoed (%d bytes, window %d, %lu sent, "
	       "%lu lost, %.1f s)\n",
	       (double)got / (end - start), size, window, sent, lost,
	       end - start);
	return got ? 0 : 1;
}

int main(int argc, char **argv)
{
	if (argc == 3 && !strcmp(argv[1], "echo"))
		return echo((int)number(argv[2], 1, 65535, "PORT"));
	if (argc >= 5 && argc <= 7 && !strcmp(argv[1], "flood"))
		return flood(
		    argv[2], (int)number(argv[3], 1, 65535, "PORT"),
		    (int)number(argv[4], 1, 3600, "SECONDS"),
		    argc > 5 ? (int)number(argv[5], 1, 1472, "SIZE") : 64,
		    argc > 6 ? (int)number(argv[6], 1, 1024, "WINDOW") : 32);
	fprintf(stderr,
		"usage: udpload echo PORT\n"
		"       udpload flood HOST PORT SECONDS [SIZE [WINDOW]]\n");
	return 2;
}
