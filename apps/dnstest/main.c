/*
 * dnstest - name resolution and IPv6 address autoconfiguration against
 * real servers (tests/boot/dns-slaac; USES_LIBC).
 *
 * extra="[net settings] [connect=NAME:PORT] -- NAME=[ADDR[,ADDR...]] ..."
 *   Network settings are <netconfig.h>'s; the scenario uses DHCP (which
 *   also names the DNS server) and ra_wait=, so that net_up() returns
 *   once a router advertisement has given vif 0 a SLAAC address.
 *   Each NAME=ADDRS word (expect.h) is looked up with getaddrinfo for
 *   AF_INET, AF_INET6 and AF_UNSPEC: every answer must be one of the
 *   expected addresses of that family, and a family the name lacks must
 *   fail, as every family must for "NAME=" (a name that does not exist),
 *   with EAI_FAIL (lwIP's code for every failed lookup; EAI_NONAME is
 *   accepted too) within LOOKUP_FAIL_MS: the server's answer, not lwIP's
 *   give-up after about 7 s of silence.
 *   connect=NAME:PORT looks NAME up for IPv6, connects over TCP and
 *   sends "dnstest from ADDR", ADDR being the connection's local
 *   address: the SLAAC one, the guest having no other global IPv6
 *   address.  It then prints "dnstest: ready slaac ADDR" and waits for
 *   `xl shutdown` (dom0 pings that address meanwhile) before its
 *   verdict line.
 */
#include <arpa/inet.h>
#include <domlet_app.h>
#include <errno.h>
#include <netconfig.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include "expect.h"

#define LOOKUP_FAIL_MS 5000

static long now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

static const char *af_name(int af)
{
	return af == AF_INET	? "AF_INET"
	       : af == AF_INET6 ? "AF_INET6"
				: "AF_UNSPEC";
}

/* sa's address as text. */
static const char *addr_str(const struct sockaddr *sa, char *buf, size_t size)
{
	const void *a =
	    sa->sa_family == AF_INET
		? (const void *)&((const struct sockaddr_in *)sa)->sin_addr
		: (const void *)&((const struct sockaddr_in6 *)sa)->sin6_addr;

	if (!inet_ntop(sa->sa_family, a, buf, (socklen_t)size))
		snprintf(buf, size, "(family %d)", sa->sa_family);
	return buf;
}

/* getaddrinfo(e->name) for family af, checked against e. */
static void lookup(const struct expect *e, int af)
{
	struct addrinfo hints = {.ai_family = af, .ai_socktype = SOCK_STREAM};
	struct addrinfo *res = NULL;
	char what[96], got[160] = "", a[INET6_ADDRSTRLEN];
	long t0 = now_ms(), ms;
	int rc = getaddrinfo(e->name, NULL, &hints, &res), n = 0, bad = 0;

	ms = now_ms() - t0;
	snprintf(what, sizeof(what), "%s %s", e->name, af_name(af));
	if (rc) {
		printf("dnstest: %s: error %d \"%s\" after %ld ms\n", what, rc,
		       gai_strerror(rc), ms);
		app_check(expect_count(e, af) == 0 && ms < LOOKUP_FAIL_MS &&
			      (rc == EAI_NONAME || rc == EAI_FAIL),
			  what, "error %d after %ld ms, want %s", rc, ms,
			  expect_count(e, af) ? "an address"
					      : "a quick EAI_FAIL");
		return;
	}
	for (struct addrinfo *ai = res; ai; ai = ai->ai_next, n++) {
		addr_str(ai->ai_addr, a, sizeof(a));
		snprintf(got + strlen(got), sizeof(got) - strlen(got), "%s%s",
			 n ? " " : "", a);
		bad += !expect_has(e, af, ai->ai_addr);
	}
	freeaddrinfo(res);
	printf("dnstest: %s -> %s (%ld ms)\n", what, got, ms);
	app_check(expect_count(e, af) > 0 && n > 0 && !bad, what,
		  "got %s, want %s", got,
		  expect_count(e, af) ? "only the expected addresses"
				      : "an error");
}

static void check_names(int argc, char **argv)
{
	struct expect e;
	static const int afs[] = {AF_INET, AF_INET6, AF_UNSPEC};

	for (int i = 1; i < argc; i++) {
		if (!app_check(expect_parse(argv[i], &e) == 0, argv[i],
			       "not NAME=[ADDR[,ADDR...]]"))
			continue;
		for (size_t k = 0; k < sizeof(afs) / sizeof(afs[0]); k++)
			lookup(&e, afs[k]);
	}
}

/* Connects to spec's "NAME:PORT" over IPv6 and says hello; the local
 * address goes into local.  0 or -1. */
static int hello(const char *spec, char *local, size_t size)
{
	struct addrinfo hints = {.ai_family = AF_INET6,
				 .ai_socktype = SOCK_STREAM},
			*ai;
	struct sockaddr_in6 me;
	socklen_t len = sizeof(me);
	char host[EXPECT_NAME_MAX], msg[96];
	const char *colon = strrchr(spec, ':');
	int fd, rc, ok = -1;

	if (!colon || (size_t)(colon - spec) >= sizeof(host))
		return -1;
	snprintf(host, sizeof(host), "%.*s", (int)(colon - spec), spec);
	rc = getaddrinfo(host, colon + 1, &hints, &ai);
	if (rc) {
		printf("dnstest: connect %s: %s\n", spec, gai_strerror(rc));
		return -1;
	}
	fd = socket(AF_INET6, SOCK_STREAM, 0);
	if (fd >= 0 && !connect(fd, ai->ai_addr, ai->ai_addrlen) &&
	    !getsockname(fd, (struct sockaddr *)&me, &len)) {
		addr_str((struct sockaddr *)&me, local, size);
		snprintf(msg, sizeof(msg), "dnstest from %s\n", local);
		if (write(fd, msg, strlen(msg)) == (ssize_t)strlen(msg))
			ok = 0;
	}
	if (ok)
		printf("dnstest: connect %s: %s\n", spec, strerror(errno));
	if (fd >= 0)
		close(fd);
	freeaddrinfo(ai);
	return ok;
}

int main(int argc, char **argv)
{
	const char *spec = getenv("connect");
	char where[512], local[INET6_ADDRSTRLEN] = "";

	app_test_begin("dnstest");
	if (net_up()) {
		printf("VERDICT: FAIL dnstest: network: %s\n", strerror(errno));
		return 1;
	}
	net_describe(where, sizeof(where));
	printf("dnstest: up: %s\n", where);
	check_names(argc, argv);
	if (spec && app_check(hello(spec, local, sizeof(local)) == 0, spec,
			      "no IPv6 connection by name")) {
		app_check(strncmp(local, "fe80:", 5) != 0,
			  "global source address", "%s is link-local", local);
		printf("dnstest: ready slaac %s\n", local);
	} else {
		printf("dnstest: ready (no connection)\n");
	}
	app_wait_stop(0);
	return app_verdict();
}
