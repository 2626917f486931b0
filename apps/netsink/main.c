/*
 * netsink - a TCP sink for the receive path (USES_LIBC): dom0 sends bulk
 * data, the guest reads it to the end and says how much arrived and its
 * CRC-32, so the sender can check every byte (busybox `crc32`).  Bulk TCP
 * from dom0 is what netback turns into multi-slot GSO frames with blank
 * checksums (netfront/rx.c, libc-glue/lwip/netif.c).
 *
 * extra="[ip=A.B.C.D/LEN ip6=ADDR ...] [port=9] [stop_after=SECONDS]"
 *   Network settings are <netconfig.h>'s.  Listens on IPv4 and IPv6 and
 *   takes one connection at a time; for each prints
 *   "netsink: connection N: BYTES bytes crc32 XXXXXXXX in MS ms".
 *   Prints "netsink: ready ..." once listening.  On `xl shutdown` (or
 *   after stop_after=SECONDS) prints the vif's counters and a verdict:
 *   PASS if at least one connection brought data and no read failed.
 */
#include <domlet_app.h>
#include <errno.h>
#include <netconfig.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define BUF_SIZE (64 * 1024)

static uint32_t crc_table[256];
static volatile int stopping;
static unsigned long conns, errors;

/* zlib's CRC-32 (reflected 0xEDB88320), as busybox crc32 prints it. */
static void crc_init(void)
{
	for (uint32_t i = 0; i < 256; i++) {
		uint32_t c = i;

		for (int k = 0; k < 8; k++)
			c = c & 1 ? 0xedb88320u ^ (c >> 1) : c >> 1;
		crc_table[i] = c;
	}
}

static uint32_t crc_update(uint32_t crc, const uint8_t *p, size_t n)
{
	crc = ~crc;
	while (n--)
		crc = crc_table[(crc ^ *p++) & 0xff] ^ (crc >> 8);
	return ~crc;
}

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static int listen_on(int family, int port)
{
	struct sockaddr_in sin = {0};
	struct sockaddr_in6 sin6 = {0};
	int fd = socket(family, SOCK_STREAM, 0), one = 1, rc;

	if (fd < 0)
		return -1;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (family == AF_INET6) {
		setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof(one));
		sin6.sin6_family = AF_INET6;
		sin6.sin6_port = htons((uint16_t)port);
		rc = bind(fd, (struct sockaddr *)&sin6, sizeof(sin6));
	} else {
		sin.sin_family = AF_INET;
		sin.sin_port = htons((uint16_t)port);
		sin.sin_addr.s_addr = htonl(INADDR_ANY);
		rc = bind(fd, (struct sockaddr *)&sin, sizeof(sin));
	}
	if (rc || listen(fd, 4)) {
		printf("netsink: listen on port %d: %s\n", port,
		       strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

/* Reads one connection to its end. */
static void drain(int fd, const char *family)
{
	static uint8_t buf[BUF_SIZE];
	uint64_t bytes = 0, t0 = now_ms(), ms;
	uint32_t crc = 0;
	ssize_t n;

	while ((n = read(fd, buf, sizeof(buf))) > 0) {
		crc = crc_update(crc, buf, (size_t)n);
		bytes += (uint64_t)n;
	}
	ms = now_ms() - t0;
	conns++;
	if (n < 0) {
		printf("netsink: connection %lu (%s): read: %s\n", conns,
		       family, strerror(errno));
		errors++;
	}
	printf("netsink: connection %lu (%s): %llu bytes crc32 %08x in %llu "
	       "ms\n",
	       conns, family, (unsigned long long)bytes, crc,
	       (unsigned long long)ms);
	fflush(stdout);
	close(fd);
}

static void *accept_loop(void *arg)
{
	struct pollfd *pfd = arg;

	while (!stopping) {
		if (poll(pfd, 2, 500) <= 0)
			continue;
		for (int i = 0; i < 2; i++) {
			int fd;

			if (!(pfd[i].revents & POLLIN))
				continue;
			fd = accept(pfd[i].fd, NULL, NULL);
			if (fd >= 0)
				drain(fd, i ? "IPv6" : "IPv4");
		}
	}
	return NULL;
}

int main(void)
{
	static struct pollfd pfd[2];
	const char *p = getenv("port"), *stop = getenv("stop_after");
	int port = p ? atoi(p) : 9;
	char where[768];
	pthread_t t;

	crc_init();
	if (net_up())
		printf("netsink: network: %s\n", strerror(errno));
	pfd[0] =
	    (struct pollfd){.fd = listen_on(AF_INET, port), .events = POLLIN};
	pfd[1] =
	    (struct pollfd){.fd = listen_on(AF_INET6, port), .events = POLLIN};
	if (pfd[0].fd < 0 || pfd[1].fd < 0 ||
	    pthread_create(&t, NULL, accept_loop, pfd)) {
		printf("VERDICT: FAIL netsink (cannot listen)\n");
		return 1;
	}
	net_describe(where, sizeof(where));
	printf("netsink: ready on port %d: %s\n", port, where);
	fflush(stdout);
	app_wait_stop(stop ? atoi(stop) : 0);
	stopping = 1;
	pthread_join(t, NULL);
	net_stats(where, sizeof(where));
	printf("netsink: vif %s\n", where);
	if (conns && !errors)
		printf("VERDICT: PASS netsink\n");
	else
		printf("VERDICT: FAIL netsink (%lu connections, %lu errors)\n",
		       conns, errors);
	fflush(stdout);
	return 0;
}
