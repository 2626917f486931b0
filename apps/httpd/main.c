/*
 * httpd - a static-file HTTP/1.1 web server appliance (USES_LIBC).
 *
 * extra="[ip=A.B.C.D/LEN gw=A.B.C.D ip6=ADDR ...] [port=80] [disk=/dev/xvda]
 *        [cache=KiB] [upload=/DIR/] [stop_after=SECONDS]"
 *   Network settings are <netconfig.h>'s (no ip=: DHCP).  Serves the
 *   regular files of the tar archive on `disk` (GET and HEAD, keep-alive,
 *   single byte ranges, 404/405/416), or a built-in page without a disk.
 *   Files are kept in memory after their first use while they fit in
 *   cache=KiB in all (default an eighth of the domain's memory, at most
 *   2048; 0: always read the disk).
 *   upload=/DIR/ (off by default): PUT /DIR/NAME stores the request's
 *   body as a new member at the archive's end (the disk must be
 *   writable and have room after the archive): 201, or 204 when it
 *   replaces an older copy; 507 when it does not fit, 503 while another
 *   upload runs.  Names: A-Z a-z 0-9 . _ - and '/', no segment starting
 *   with '.' (site.c says why the archive stays whole whatever happens).
 *   Listens on IPv4 and IPv6; prints "httpd: ready ..." with its
 *   addresses once it accepts connections.  On `xl shutdown` (or after
 *   stop_after=SECONDS, if given) it prints
 *   its counters and a verdict line: PASS if it served at least one
 *   request and met no internal error (disk read, memory, threads);
 *   clients that go away are counted, not errors.
 *
 * The accept loop polls both listening sockets (poll() across sockets,
 * as any app would); each connection gets a thread (conn.c).
 */
#include <domlet_app.h>
#include <errno.h>
#include <netconfig.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include "httpd.h"

static int listen_on(int family, int port)
{
	struct sockaddr_in sin = {0};
	struct sockaddr_in6 sin6 = {0};
	int fd = socket(family, SOCK_STREAM, 0), one = 1, rc;

	if (fd < 0)
		return -1;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (family == AF_INET6) {
		/* The IPv4 socket takes IPv4; this one only IPv6. */
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
	if (rc || listen(fd, 128)) {
		printf("httpd: %s port %d: %s\n",
		       family == AF_INET ? "IPv4" : "IPv6", port,
		       strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

static volatile int stopping;

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
				conn_start(fd);
			else if (errno != EAGAIN && errno != EWOULDBLOCK)
				printf("httpd: accept: %s\n", strerror(errno));
		}
	}
	return NULL;
}

/* GET / from ourselves through getaddrinfo, connect and the loopback
 * interface; 0 if an HTTP response came back (any status: an archive
 * need not have an index page). */
static int fetch_self(const char *host, int port)
{
	struct addrinfo hints = {.ai_socktype = SOCK_STREAM}, *ai;
	static const char req[] = "GET / HTTP/1.0\r\n\r\n";
	char svc[8], buf[64];
	int fd, ok = -1;
	size_t have = 0;
	ssize_t n;

	snprintf(svc, sizeof(svc), "%d", port);
	if (getaddrinfo(host, svc, &hints, &ai))
		return -1;
	fd = socket(ai->ai_family, SOCK_STREAM, 0);
	if (fd >= 0 && !connect(fd, ai->ai_addr, ai->ai_addrlen) &&
	    write(fd, req, sizeof(req) - 1) == (ssize_t)sizeof(req) - 1) {
		while (have < sizeof(buf) - 1 &&
		       (n = read(fd, buf + have, sizeof(buf) - 1 - have)) > 0)
			have += (size_t)n;
		buf[have] = 0;
		ok = strncmp(buf, "HTTP/1.1 ", 9) ? -1 : 0;
	}
	if (fd >= 0)
		close(fd);
	freeaddrinfo(ai);
	return ok;
}

static const char *env_or(const char *name, const char *def)
{
	const char *v = getenv(name);

	return v ? v : def;
}

/* cache= unless given: an eighth of the domain's memory, at most 2 MiB
 * (in an 8 MiB domain the threads of 100 connections need the rest). */
static size_t cache_bytes(void)
{
	const char *v = getenv("cache");
	long pages = sysconf(_SC_PHYS_PAGES);
	size_t kib = pages > 0 ? (size_t)pages * 4 / 8 : 2048;

	if (v)
		return (size_t)atol(v) * 1024;
	return (kib < 2048 ? kib : 2048) * 1024;
}

int main(void)
{
	static struct pollfd pfd[2];
	int port = atoi(env_or("port", "80")), nfiles;
	char where[512];
	pthread_t t;

	upload_dir = getenv("upload");
	if (upload_dir && (upload_dir[0] != '/' ||
			   upload_dir[strlen(upload_dir) - 1] != '/')) {
		printf("httpd: upload=%s: not a directory like /uploads/; "
		       "uploads stay off\n",
		       upload_dir);
		upload_dir = NULL;
	}
	nfiles = site_load(env_or("disk", "/dev/xvda"), cache_bytes(),
			   upload_dir != NULL);
	if (nfiles < 0) {
		printf("VERDICT: FAIL httpd (no archive)\n");
		return 1;
	}
	if (upload_dir && site_free_bytes() < 0) {
		printf("httpd: upload=%s: the disk is read-only or its archive "
		       "has no end to append at; uploads stay off\n",
		       upload_dir);
		upload_dir = NULL;
	} else if (upload_dir) {
		printf("httpd: uploads to %s, %lld bytes free\n", upload_dir,
		       (long long)site_free_bytes());
	}
	if (net_up())
		printf("httpd: network: %s\n", strerror(errno));
	pfd[0] =
	    (struct pollfd){.fd = listen_on(AF_INET, port), .events = POLLIN};
	pfd[1] =
	    (struct pollfd){.fd = listen_on(AF_INET6, port), .events = POLLIN};
	if (pfd[0].fd < 0 || pfd[1].fd < 0) {
		printf("VERDICT: FAIL httpd (cannot listen)\n");
		return 1;
	}
	fcntl(pfd[0].fd, F_SETFL, O_NONBLOCK);
	fcntl(pfd[1].fd, F_SETFL, O_NONBLOCK);
	if (pthread_create(&t, NULL, accept_loop, pfd)) {
		printf("VERDICT: FAIL httpd (no accept thread)\n");
		return 1;
	}
	if (fetch_self("127.0.0.1", port) || fetch_self("::1", port)) {
		printf("httpd: loopback self-test FAILED\n");
		stats.errors++;
	} else {
		printf("httpd: loopback self-test ok (127.0.0.1, ::1)\n");
	}
	net_describe(where, sizeof(where));
	printf("httpd: ready on port %d, %d files: %s\n", port, nfiles, where);
	fflush(stdout);

	if (app_wait_stop(atoi(env_or("stop_after", "0"))))
		printf("httpd: stop_after=%s seconds passed\n",
		       getenv("stop_after"));
	stopping = 1;
	pthread_join(t, NULL);
	printf("httpd: %lu connections (peak %lu concurrent, %lu open), "
	       "%lu requests: %lu 2xx %lu 4xx %lu 5xx; %lu aborted by "
	       "clients, %lu errors\n",
	       stats.conns, stats.peak, stats.active, stats.requests,
	       stats.status[2], stats.status[4], stats.status[5], stats.aborted,
	       stats.errors);
	printf("httpd: file bodies: %llu bytes, %llu ms reading the disk, "
	       "%llu ms writing sockets (summed over connections)\n",
	       (unsigned long long)stats.body_bytes,
	       (unsigned long long)(stats.read_ns / 1000000),
	       (unsigned long long)(stats.write_ns / 1000000));
	if (upload_dir)
		printf("httpd: uploads: %lu stored, %llu body bytes received\n",
		       stats.uploads, (unsigned long long)stats.upload_bytes);
	net_stats(where, sizeof(where));
	printf("httpd: vif %s\n", where);
	if (stats.requests && !stats.errors)
		printf("VERDICT: PASS httpd\n");
	else
		printf("VERDICT: FAIL httpd (%s)\n",
		       stats.errors ? "internal errors" : "no requests served");
	fflush(stdout);
	return 0;
}
