/*
 * nettest - netfront's boot-test app, on the raw API only.
 *
 * extra="mode=echo|detach|bench ip=A.B.C.D peer=A.B.C.D secs=N"
 *   echo    every vif answers ARP, ICMP echo and UDP port 7 (vif k uses
 *           ip + k) until `xl shutdown`; PASS if vif 0 answered ping and
 *           UDP and every vif closed cleanly (tests/boot/net).
 *   detach  vif 0 answers as above and streams UDP to peer:9 until the
 *           toolstack detaches the vif; PASS if sends then fail with
 *           -ENODEV and close ends every grant (tests/boot/net-detach).
 *   bench   streams 60-byte, then 1514-byte frames to peer:9 for secs
 *           seconds each, marking phases for dom0 (tools/bench-net).
 */
#include <string.h>
#include "nettest.h"

#define MAX_VIFS	4
#define SEND_WAIT	(1 * NSEC_PER_SEC)
#define DETACH_WAIT	(180 * NSEC_PER_SEC)
#define BENCH_LINGER_MS 8000 /* after BENCH-DONE, see mode_bench */

static struct nettest vifs[MAX_VIFS];
static unsigned int nvifs;
static uint8_t frame[1514];

static const char *arg(int argc, char **argv, const char *key)
{
	size_t n = strlen(key);
	int i;

	for (i = 1; i < argc; i++)
		if (!strncmp(argv[i], key, n) && argv[i][n] == '=')
			return argv[i] + n + 1;
	return NULL;
}

static int open_vifs(const uint8_t ip[4], const uint8_t peer[4])
{
	unsigned int ids[MAX_VIFS], i;
	int n = netfront_list(ids, MAX_VIFS), rc;

	if (n <= 0) {
		printk("nettest: no vif (%d)\n", n);
		return n ? n : -ENODEV;
	}
	for (i = 0; i < (unsigned int)n && i < MAX_VIFS; i++) {
		struct nettest *nt = &vifs[i];
		struct netfront_info inf;

		memcpy(nt->ip, ip, 4);
		nt->ip[3] = (uint8_t)(ip[3] + i);
		memcpy(nt->peer_ip, peer, 4);
		rc = netfront_open(ids[i], nt_rx, nt, &nt->nf);
		if (rc) {
			printk("nettest: vif %u: open failed (%d)\n", ids[i],
			       rc);
			return rc;
		}
		netfront_get_info(nt->nf, &inf);
		memcpy(nt->mac, inf.mac, 6);
		printk("nettest: vif %u up: mac %02x:%02x:%02x:%02x:%02x:%02x "
		       "ip %u.%u.%u.%u backend %u sg %d\n",
		       inf.id, inf.mac[0], inf.mac[1], inf.mac[2], inf.mac[3],
		       inf.mac[4], inf.mac[5], nt->ip[0], nt->ip[1], nt->ip[2],
		       nt->ip[3], inf.backend, inf.sg);
		nvifs++;
	}
	return 0;
}

static void report(struct nettest *nt)
{
	struct netfront_stats st;

	netfront_get_stats(nt->nf, &st);
	printk("nettest: ip .%u: arp %lu icmp %lu udp %lu ignored %lu "
	       "send-errors %lu; tx %lu pkts %lu bytes %lu errors; "
	       "rx %lu pkts %lu bytes %lu dropped\n",
	       nt->ip[3], nt->arp_replies, nt->icmp_replies, nt->udp_echoes,
	       nt->ignored, nt->send_errors, st.tx_packets, st.tx_bytes,
	       st.tx_errors, st.rx_packets, st.rx_bytes, st.rx_dropped);
}

static int close_all(void)
{
	unsigned int i;
	int rc, bad = 0;

	for (i = 0; i < nvifs; i++) {
		report(&vifs[i]);
		rc = netfront_close(vifs[i].nf);
		if (rc) {
			printk("nettest: closing vif %u: %d\n", i, rc);
			bad = rc;
		}
	}
	return bad;
}

static int mode_echo(void)
{
	int reason, rc;
	unsigned int i;
	bool ok = true;

	printk("nettest: ready\n");
	reason = shutdown_wait(600 * NSEC_PER_SEC);
	printk("nettest: shutdown request %d\n", reason);
	for (i = 0; i < nvifs; i++)
		ok = ok && vifs[i].icmp_replies > 0;
	ok = ok && vifs[0].udp_echoes > 0;
	rc = close_all();
	if (!ok || rc) {
		printk("VERDICT: FAIL net: %s\n",
		       rc ? "close failed" : "a vif saw no ping or UDP");
		return 1;
	}
	printk("VERDICT: PASS net (%u vifs; vif0 icmp %lu udp %lu)\n", nvifs,
	       vifs[0].icmp_replies, vifs[0].udp_echoes);
	return 0;
}

/* Streams UDP frames of `payload` bytes to the peer's sink port until
 * `end` or a failure; returns the last error (0 at the end time). */
static int stream(struct nettest *nt, size_t payload, uint64_t end,
		  unsigned long *sent)
{
	size_t len = nt_build_udp(nt, frame, UDP_SINK_PORT, payload);
	unsigned long tries;
	int rc;

	for (tries = 1;; tries++) {
		rc = netfront_send(nt->nf, frame, len, 0, SEND_WAIT);
		if (rc == 0)
			(*sent)++;
		else if (rc != -ETIMEDOUT)
			return rc;
		/* Cooperative threads: let the worker take rx now and then. */
		if ((tries & 31) == 0) {
			yield();
			if (monotonic_ns() >= end)
				return 0;
		}
	}
}

static int mode_detach(void)
{
	struct nettest *nt = &vifs[0];
	unsigned long sent = 0;
	int rc;

	if (nt_resolve_peer(nt, 30 * NSEC_PER_SEC))
		printk("nettest: peer did not answer ARP; streaming anyway\n");
	printk("nettest: ready, streaming until detached\n");
	rc = stream(nt, 1000, monotonic_ns() + DETACH_WAIT, &sent);
	printk("nettest: stream ended after %lu frames: %d (status %d)\n", sent,
	       rc, netfront_status(nt->nf));
	if (rc != -ENODEV) {
		printk("VERDICT: FAIL net-detach: send ended with %d\n", rc);
		return 1;
	}
	rc = netfront_send(nt->nf, frame, 60, 0, SEND_WAIT);
	if (rc != -ENODEV) {
		printk("VERDICT: FAIL net-detach: send after detach: %d\n", rc);
		return 1;
	}
	rc = close_all();
	if (rc) {
		printk("VERDICT: FAIL net-detach: close returned %d\n", rc);
		return 1;
	}
	printk("VERDICT: PASS net-detach (%lu frames before the detach)\n",
	       sent);
	return 0;
}

static int mode_bench(unsigned long secs)
{
	struct nettest *nt = &vifs[0];
	static const struct {
		const char *name;
		size_t payload;
	} phase[] = {{"udp", 18}, {"bulk", 1472}};
	unsigned int i;
	int rc;

	rc = nt_resolve_peer(nt, 30 * NSEC_PER_SEC);
	if (rc) {
		printk("VERDICT: FAIL net-bench: peer did not answer ARP\n");
		return 1;
	}
	for (i = 0; i < ARRAY_SIZE(phase); i++) {
		unsigned long sent = 0;
		uint64_t t0 = monotonic_ns();

		printk("BENCH-PHASE %s\n", phase[i].name);
		rc = stream(nt, phase[i].payload, t0 + secs * NSEC_PER_SEC,
			    &sent);
		netfront_flush(nt->nf, SEND_WAIT);
		printk("BENCH-SENT %s %lu frames in %lu ms (%d)\n",
		       phase[i].name, sent,
		       (unsigned long)((monotonic_ns() - t0) / NSEC_PER_MSEC),
		       rc);
		if (rc)
			break;
	}
	printk("BENCH-DONE\n");
	/* dom0 reads the vif's counters when it sees BENCH-SENT on the
	 * console, which can lag by seconds on a loaded rig: keep the vif
	 * (and the domain) up until it has. */
	msleep(BENCH_LINGER_MS);
	if (close_all() || rc) {
		printk("VERDICT: FAIL net-bench: %d\n", rc);
		return 1;
	}
	printk("VERDICT: PASS net-bench\n");
	return 0;
}

int main(int argc, char **argv)
{
	const char *mode = arg(argc, argv, "mode"), *s;
	uint8_t ip[4] = {10, 99, 0, 3}, peer[4] = {10, 99, 0, 1};
	unsigned long secs = 8;
	unsigned int i;

	if ((s = arg(argc, argv, "ip")) && nt_parse_ip(s, ip))
		printk("nettest: bad ip=%s, using the default\n", s);
	if ((s = arg(argc, argv, "peer")) && nt_parse_ip(s, peer))
		printk("nettest: bad peer=%s, using the default\n", s);
	if ((s = arg(argc, argv, "secs")))
		for (secs = 0; *s >= '0' && *s <= '9' && secs < 3600; s++)
			secs = secs * 10 + (unsigned long)(*s - '0');
	if (!mode)
		mode = "echo";
	for (i = 0; i < MAX_VIFS; i++)
		vifs[i].peer_wq = (struct waitqueue)WAITQUEUE_INIT;
	printk("nettest: mode %s\n", mode);
	if (open_vifs(ip, peer)) {
		printk("VERDICT: FAIL nettest: vif setup failed\n");
		return 1;
	}
	if (!strcmp(mode, "detach"))
		return mode_detach();
	if (!strcmp(mode, "bench"))
		return mode_bench(secs ? secs : 8);
	return mode_echo();
}
