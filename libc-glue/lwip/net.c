/*
 * net.c - bringing lwIP up for an app: the tcpip thread, loopback, and
 * vif 0 configured from the environment (see <netconfig.h>).
 *
 * Threads (why the tcpip thread, NO_SYS=0): sockets block their caller
 * until the stack has data or room, which needs lwIP's sequential API
 * and so its OS layer (sys_arch.c).  With LWIP_TCPIP_CORE_LOCKING a
 * socket call takes the core lock and runs lwIP in the caller's thread
 * instead of messaging the tcpip thread and waiting for the answer,
 * which saves two context switches per call on a cooperative kernel;
 * the tcpip thread is left with the timers and deferred callbacks.
 *
 * Start-up happens once, on the first socket call or net_up(); callers
 * that arrive meanwhile wait for its result.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "lwip/dhcp.h"
#include "lwip/dns.h"
#include "lwip/ip_addr.h"
#include "lwip/netif.h"
#include "lwip/tcpip.h"
#include "libc-glue/inet.h"
#include "libc-glue/glue.h" /* glue_vif_claim */
#include "libc-glue/kapi.h"
#include "libc-glue/lwip/net.h"
#include "netconfig.h"
#include "netfront/netfront.h"

#define IP6_SETTLE_MS 5000 /* duplicate address detection, bounded */

static struct netif vif0;
static bool have_vif;
static enum { NET_DOWN, NET_STARTING, NET_UP } state;
static int start_rc;
static struct waitqueue start_wq = WAITQUEUE_INIT;

static void tcpip_ready(void *arg)
{
	sys_sem_signal(arg);
}

/* "A.B.C.D[/LEN]": 0 or -EINVAL. */
static int parse_ip4(const char *s, ip4_addr_t *addr, ip4_addr_t *mask)
{
	char buf[32];
	char *slash;
	long len = 24;

	if (strlen(s) >= sizeof(buf))
		return -EINVAL;
	strcpy(buf, s);
	slash = strchr(buf, '/');
	if (slash) {
		char *end;

		*slash = 0;
		len = strtol(slash + 1, &end, 10);
		if (*end || len < 1 || len > 32)
			return -EINVAL;
	}
	if (!ip4addr_aton(buf, addr))
		return -EINVAL;
	ip4_addr_set_u32(mask, lwip_htonl(0xffffffffu << (32 - len)));
	return 0;
}

static int config_ip4(void)
{
	const char *ip = getenv("ip"), *gw = getenv("gw"), *dns = getenv("dns");
	const char *host = getenv("hostname");
	ip4_addr_t a, m, g;
	ip_addr_t d;

	ip4_addr_set_zero(&g);
	if (gw && !ip4addr_aton(gw, &g)) {
		printf("net: gw=%s is not an IPv4 address\n", gw);
		return -EINVAL;
	}
	if (dns) {
		if (!ipaddr_aton(dns, &d)) {
			printf("net: dns=%s is not an address\n", dns);
			return -EINVAL;
		}
		dns_setserver(0, &d);
	}
	netif_set_hostname(&vif0, host ? host : "domlet");
	if (!ip)
		return dhcp_start(&vif0) == ERR_OK ? 0 : -ENOMEM;
	if (parse_ip4(ip, &a, &m)) {
		printf("net: ip=%s is not A.B.C.D[/LEN]\n", ip);
		return -EINVAL;
	}
	netif_set_addr(&vif0, &a, &m, &g);
	return 0;
}

static int config_ip6(void)
{
	const char *ip6 = getenv("ip6");
	ip6_addr_t a;
	s8_t idx;

	netif_create_ip6_linklocal_address(&vif0, 1);
	vif0.ip6_autoconfig_enabled = 1;
	if (!ip6)
		return 0;
	if (!ip6addr_aton(ip6, &a)) {
		printf("net: ip6=%s is not an IPv6 address\n", ip6);
		return -EINVAL;
	}
	if (netif_add_ip6_address(&vif0, &a, &idx) != ERR_OK)
		return -ENOMEM;
	return 0;
}

static bool have_ip4(void)
{
	return !ip4_addr_isany_val(*netif_ip4_addr(&vif0));
}

static bool ip6_settled(void)
{
	for (int i = 0; i < LWIP_IPV6_NUM_ADDRESSES; i++)
		if (ip6_addr_istentative(netif_ip6_addr_state(&vif0, i)))
			return false;
	return true;
}

/* A preferred address that came from a router advertisement (SLAAC):
 * slot 0 is the link-local one, and ip6= addresses are static. */
static bool have_slaac(void)
{
	for (int i = 1; i < LWIP_IPV6_NUM_ADDRESSES; i++)
		if (ip6_addr_ispreferred(netif_ip6_addr_state(&vif0, i)) &&
		    !netif_ip6_addr_isstatic(&vif0, i))
			return true;
	return false;
}

/* Polls ready() until it holds (0) or ms have passed (-ETIMEDOUT).
 * Without the core lock: ready() reads bytes and words that lwIP's
 * threads change while we sleep (threads are cooperative). */
static int wait_until(bool (*ready)(void), uint64_t ms)
{
	uint64_t start = monotonic_ns();

	while (!ready()) {
		if (monotonic_ns() - start > ms * NSEC_PER_MSEC)
			return -ETIMEDOUT;
		msleep(50);
	}
	return 0;
}

static int env_seconds(const char *name, int def)
{
	const char *v = getenv(name);

	return v ? atoi(v) : def;
}

/* Waits for what the configuration promised: an IPv4 address, with
 * ra_wait= an address from a router advertisement, and the IPv6 ones
 * through duplicate address detection. */
static int wait_addresses(void)
{
	int ip4_s = env_seconds("net_wait", 30),
	    ra_s = env_seconds("ra_wait", 0);

	if (wait_until(have_ip4, (uint64_t)ip4_s * 1000)) {
		printf("net: no IPv4 address after %d s\n", ip4_s);
		return -ETIMEDOUT;
	}
	if (ra_s > 0 && wait_until(have_slaac, (uint64_t)ra_s * 1000)) {
		printf("net: no IPv6 address from a router advertisement "
		       "after %d s\n",
		       ra_s);
		return -ETIMEDOUT;
	}
	wait_until(ip6_settled, IP6_SETTLE_MS);
	return 0;
}

static int start(void)
{
	unsigned int id;
	sys_sem_t ready;
	int rc;

	if (sys_sem_new(&ready, 0) != ERR_OK)
		return -ENOMEM;
	tcpip_init(tcpip_ready, &ready);
	sys_arch_sem_wait(&ready, 0);
	sys_sem_free(&ready);

	rc = netfront_list(&id, 1);
	if (rc <= 0) {
		printf("net: no vif, loopback only\n");
		return -ENODEV;
	}
	if (glue_vif_claim(id)) {
		printf("net: vif %u is /dev/xenvif%u's, loopback only\n", id,
		       id);
		return -EBUSY;
	}
	rc = vif_attach(id, &vif0);
	if (rc) {
		printf("net: vif %u: cannot attach (%d)\n", id, rc);
		return rc;
	}
	have_vif = true;
	LOCK_TCPIP_CORE();
	netif_set_default(&vif0);
	netif_set_up(&vif0);
	netif_set_link_up(&vif0);
	rc = config_ip6();
	if (!rc)
		rc = config_ip4();
	UNLOCK_TCPIP_CORE();
	return rc ? rc : wait_addresses();
}

int net_start(void)
{
	if (state == NET_DOWN) {
		state = NET_STARTING;
		start_rc = start();
		state = NET_UP;
		wake_up(&start_wq);
	}
	wait_event_until(start_wq, state == NET_UP, 0);
	return start_rc;
}

int net_up(void)
{
	int rc = net_start();

	if (rc < 0) {
		errno = -rc;
		return -1;
	}
	return 0;
}

int net_describe(char *buf, size_t size)
{
	const u8_t *mac = vif0.hwaddr;
	char a[IP6ADDR_STRLEN_MAX], m[IP4ADDR_STRLEN_MAX];
	size_t n = 0;

#define PUT(...)                                                               \
	do {                                                                   \
		int k_ =                                                       \
		    snprintf(buf + n, n < size ? size - n : 0, __VA_ARGS__);   \
		n += k_ > 0 ? (size_t)k_ : 0;                                  \
	} while (0)
	if (size)
		buf[0] = 0;
	if (!have_vif) {
		PUT("no vif; loopback 127.0.0.1 ::1");
		return (int)(n < size ? n : size ? size - 1 : 0);
	}
	LOCK_TCPIP_CORE();
	PUT("mac %02x:%02x:%02x:%02x:%02x:%02x", mac[0], mac[1], mac[2], mac[3],
	    mac[4], mac[5]);
	ip4addr_ntoa_r(netif_ip4_addr(&vif0), a, sizeof(a));
	ip4addr_ntoa_r(netif_ip4_netmask(&vif0), m, sizeof(m));
	PUT(" ipv4 %s/%s%s", a, m,
	    dhcp_supplied_address(&vif0) ? " (dhcp)" : "");
	for (int i = 0; i < LWIP_IPV6_NUM_ADDRESSES; i++) {
		u8_t st = netif_ip6_addr_state(&vif0, i);

		if (ip6_addr_isinvalid(st))
			continue;
		inet6_format((const u8_t *)netif_ip6_addr(&vif0, i)->addr, a,
			     sizeof(a));
		PUT(" ipv6 %s%s%s", a,
		    i && !netif_ip6_addr_isstatic(&vif0, i) ? " (slaac)" : "",
		    ip6_addr_istentative(st) ? " (tentative)" : "");
	}
	UNLOCK_TCPIP_CORE();
#undef PUT
	return (int)(n < size ? n : size ? size - 1 : 0);
}

int net_stats(char *buf, size_t size)
{
	if (!have_vif)
		return snprintf(buf, size, "no vif");
	return vif_stats(&vif0, buf, size);
}
