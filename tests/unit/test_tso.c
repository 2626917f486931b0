// SOURCES: libc-glue/lwip/tso.c
// CFLAGS: -I.
/*
 * test_tso.c - the TCP segment gathering of libc-glue/lwip/tso.c:
 * parsing IPv4 and IPv6 TCP frames (and refusing fragments, other
 * protocols, lengths that disagree, headers past the bytes given), which
 * segments may join a batch, and the header rewrite: the IP length and
 * header checksum, and a pseudo-header sum that, completed over the
 * segment as a backend does, gives the checksum computed from scratch.
 */
#include <stdlib.h>
#include <string.h>
#include "check.h"
#include "libc-glue/lwip/tso.h"

#define MSS 1460

static uint8_t frame[70000];

/* Builds headers (no payload bytes needed) for a TCP segment. */
static size_t build(uint8_t *f, bool v6, uint32_t seq, uint8_t flags,
		    size_t paylen, uint16_t sport)
{
	size_t ipl = v6 ? 40 : 20, len = 14 + ipl + 20 + paylen;
	uint8_t *ip = f + 14, *tcp = f + 14 + ipl;

	memset(f, 0, 14 + ipl + 20);
	memcpy(f, "\x00\x16\x3e\x00\x00\x01\x00\x16\x3e\x00\x00\x02", 12);
	if (v6) {
		f[12] = 0x86, f[13] = 0xdd;
		ip[0] = 0x60;
		ip[4] = (uint8_t)((20 + paylen) >> 8);
		ip[5] = (uint8_t)(20 + paylen);
		ip[6] = 6, ip[7] = 64;
		ip[8] = 0xfd, ip[23] = 1, ip[24] = 0xfd, ip[39] = 2;
	} else {
		f[12] = 0x08, f[13] = 0x00;
		ip[0] = 0x45, ip[8] = 64, ip[9] = 6;
		ip[2] = (uint8_t)((40 + paylen) >> 8);
		ip[3] = (uint8_t)(40 + paylen);
		ip[5] = 7; /* id */
		memcpy(ip + 12, "\x0a\x00\x00\x01\x0a\x00\x00\x02", 8);
	}
	tcp[0] = (uint8_t)(sport >> 8), tcp[1] = (uint8_t)sport;
	tcp[2] = 0, tcp[3] = 80;
	tcp[4] = (uint8_t)(seq >> 24), tcp[5] = (uint8_t)(seq >> 16);
	tcp[6] = (uint8_t)(seq >> 8), tcp[7] = (uint8_t)seq;
	tcp[11] = 99; /* ack */
	tcp[12] = 5 << 4, tcp[13] = flags;
	tcp[14] = 0xff, tcp[15] = 0xff;
	return len;
}

static uint32_t sum_bytes(const uint8_t *p, size_t n, uint32_t s)
{
	size_t i;

	for (i = 0; i + 1 < n; i += 2)
		s += (uint32_t)p[i] << 8 | p[i + 1];
	if (n & 1)
		s += (uint32_t)p[n - 1] << 8;
	return s;
}

static unsigned int fold(uint32_t s)
{
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return s;
}

/* The TCP checksum from scratch (field taken as zero). */
static unsigned int tcp_csum(uint8_t *f, const struct tso_frame *t, size_t len)
{
	uint8_t *tcp = f + t->l4, save[2] = {tcp[16], tcp[17]};
	size_t tcplen = len - t->l4;
	uint32_t s;

	tcp[16] = tcp[17] = 0;
	s = t->v6 ? sum_bytes(f + 14 + 8, 32, 0) : sum_bytes(f + 14 + 12, 8, 0);
	s += 6 + (uint32_t)tcplen;
	s = sum_bytes(tcp, tcplen, s);
	tcp[16] = save[0], tcp[17] = save[1];
	return ~fold(s) & 0xffff;
}

/* What a backend does with NETTXF_csum_blank: sum from the TCP header on,
 * with the field as we left it, and store the complement. */
static unsigned int complete(uint8_t *f, const struct tso_frame *t, size_t len)
{
	return ~fold(sum_bytes(f + t->l4, len - t->l4, 0)) & 0xffff;
}

static void fill_payload(uint8_t *f, const struct tso_frame *t, size_t len)
{
	size_t i;

	for (i = t->hdrlen; i < len; i++)
		f[i] = (uint8_t)(i * 7 + 3);
}

TEST(parse_ipv4_and_ipv6)
{
	struct tso_frame t;
	size_t len = build(frame, false, 1000, TSO_TCP_ACK, 100, 1234);

	CHECK_EQ(tso_parse(frame, TSO_HDR_MAX, len, &t), 0);
	CHECK(!t.v6);
	CHECK_EQ(t.l4, 34);
	CHECK_EQ(t.hdrlen, 54);
	CHECK_EQ(t.paylen, 100);
	CHECK_EQ(t.seq, 1000);
	CHECK_EQ(t.flags, TSO_TCP_ACK);
	len = build(frame, true, 0xfffffff0u, TSO_TCP_ACK | TSO_TCP_PSH, 7, 1);
	CHECK_EQ(tso_parse(frame, len, len, &t), 0);
	CHECK(t.v6);
	CHECK_EQ(t.l4, 54);
	CHECK_EQ(t.hdrlen, 74);
	CHECK_EQ(t.paylen, 7);
	CHECK_EQ(t.seq, 0xfffffff0u);
}

TEST(parse_refuses)
{
	struct tso_frame t;
	size_t len = build(frame, false, 1, TSO_TCP_ACK, 100, 1);

	CHECK_EQ(tso_parse(frame, 40, len, &t), -1);	 /* TCP cut off */
	CHECK_EQ(tso_parse(frame, 54, len + 1, &t), -1); /* padding */
	CHECK_EQ(tso_parse(frame, 54, 53, &t), -1);	 /* have > len */
	frame[14 + 6] = 0x20;				 /* MF */
	CHECK_EQ(tso_parse(frame, 54, len, &t), -1);
	frame[14 + 6] = 0x40; /* DF is fine */
	CHECK_EQ(tso_parse(frame, 54, len, &t), 0);
	frame[14 + 9] = 17; /* UDP */
	CHECK_EQ(tso_parse(frame, 54, len, &t), -1);
	len = build(frame, false, 1, TSO_TCP_ACK, 100, 1);
	frame[14 + 20 + 12] = 4 << 4; /* data offset 16 */
	CHECK_EQ(tso_parse(frame, 54, len, &t), -1);
	frame[14 + 20 + 12] = 15 << 4; /* 60 bytes: past `have` */
	CHECK_EQ(tso_parse(frame, 54, len, &t), -1);
	len = build(frame, true, 1, TSO_TCP_ACK, 100, 1);
	frame[14 + 6] = 0; /* hop-by-hop header first */
	CHECK_EQ(tso_parse(frame, TSO_HDR_MAX, len, &t), -1);
	frame[12] = 0x08, frame[13] = 0x06; /* ARP */
	CHECK_EQ(tso_parse(frame, TSO_HDR_MAX, len, &t), -1);
}

/* Three full segments, then a short one that closes the batch. */
TEST(join_and_fixup_ipv4)
{
	struct tso_batch b;
	struct tso_frame t;
	uint8_t h[TSO_HDR_MAX];
	size_t len, total;
	unsigned int i;

	len = build(h, false, 5000, TSO_TCP_ACK, MSS, 40000);
	CHECK_EQ(tso_parse(h, 54, len, &t), 0);
	CHECK(tso_startable(&t, 65535));
	tso_start(&b, h, &t);
	for (i = 1; i < 4; i++) {
		size_t pl = i < 3 ? MSS : 100;
		uint8_t fl = i == 3 ? TSO_TCP_ACK | TSO_TCP_PSH : TSO_TCP_ACK;

		len = build(h, false, 5000 + i * MSS, fl, pl, 40000);
		h[14 + 5] = (uint8_t)(7 + i); /* ids differ */
		CHECK_EQ(tso_parse(h, 54, len, &t), 0);
		CHECK(tso_join(&b, h, &t, 65535));
	}
	CHECK_EQ(b.nseg, 4);
	CHECK_EQ(b.paylen, 3 * MSS + 100);
	CHECK_EQ(b.mss, MSS);
	CHECK(!b.open);
	len = build(h, false, 5000 + 3 * MSS + 100, TSO_TCP_ACK, MSS, 40000);
	CHECK_EQ(tso_parse(h, 54, len, &t), 0);
	CHECK(!tso_join(&b, h, &t, 65535)); /* after a short segment */

	total = b.first.hdrlen + b.paylen;
	memcpy(frame, b.hdr, b.first.hdrlen);
	tso_fixup(frame, &b.first, b.paylen, b.flags);
	fill_payload(frame, &b.first, total);
	CHECK_EQ((frame[16] << 8 | frame[17]), 20 + 20 + b.paylen);
	CHECK_EQ(fold(sum_bytes(frame + 14, 20, 0)), 0xffff); /* IP csum */
	CHECK_EQ(frame[14 + 20 + 13], TSO_TCP_ACK | TSO_TCP_PSH);
	CHECK_EQ(complete(frame, &b.first, total),
		 tcp_csum(frame, &b.first, total));
}

TEST(fixup_ipv6_single)
{
	struct tso_frame t;
	size_t len = build(frame, true, 77, TSO_TCP_ACK | TSO_TCP_PSH, 333, 9);

	CHECK_EQ(tso_parse(frame, TSO_HDR_MAX, len, &t), 0);
	tso_fixup(frame, &t, t.paylen, t.flags);
	fill_payload(frame, &t, len);
	CHECK_EQ((frame[18] << 8 | frame[19]), 20 + 333);
	CHECK_EQ(complete(frame, &t, len), tcp_csum(frame, &t, len));
}

TEST(join_refuses)
{
	struct tso_batch b;
	struct tso_frame t;
	uint8_t h[TSO_HDR_MAX];
	size_t len;

	len = build(h, false, 100, TSO_TCP_ACK, MSS, 1);
	tso_parse(h, 54, len, &t);
	tso_start(&b, h, &t);
	len = build(h, false, 100 + MSS + 1, TSO_TCP_ACK, MSS, 1); /* gap */
	tso_parse(h, 54, len, &t);
	CHECK(!tso_join(&b, h, &t, 65535));
	len = build(h, false, 100 + MSS, TSO_TCP_ACK, MSS, 2); /* port */
	tso_parse(h, 54, len, &t);
	CHECK(!tso_join(&b, h, &t, 65535));
	len = build(h, false, 100 + MSS, TSO_TCP_ACK | TSO_TCP_FIN, 10, 1);
	tso_parse(h, 54, len, &t);
	CHECK(!tso_join(&b, h, &t, 65535));
	len = build(h, false, 100 + MSS, TSO_TCP_ACK, MSS + 1, 1); /* > mss */
	tso_parse(h, 54, len, &t);
	CHECK(!tso_join(&b, h, &t, 65535));
	len = build(h, true, 100 + MSS, TSO_TCP_ACK, MSS, 1); /* family */
	tso_parse(h, TSO_HDR_MAX, len, &t);
	CHECK(!tso_join(&b, h, &t, 65535));
	len = build(h, false, 100 + MSS, TSO_TCP_ACK, MSS, 1);
	h[14 + 20 + 15] = 0; /* another window */
	tso_parse(h, 54, len, &t);
	CHECK(!tso_join(&b, h, &t, 65535));
	h[14 + 20 + 15] = 0xff;
	CHECK(!tso_join(&b, h, &t, 2 * MSS + 54 - 1)); /* frame too long */
	CHECK(tso_join(&b, h, &t, 65535));
	CHECK_EQ(b.nseg, 2);
	/* A pure ACK and a SYN start nothing. */
	len = build(h, false, 1, TSO_TCP_ACK, 0, 1);
	tso_parse(h, 54, len, &t);
	CHECK(!tso_startable(&t, 65535));
	len = build(h, false, 1, TSO_TCP_SYN, 10, 1);
	tso_parse(h, 54, len, &t);
	CHECK(!tso_startable(&t, 65535));
}

/* Batches stop at the 64 KiB frame (IPv4 length field) */
TEST(batch_fills_to_frame_limit)
{
	struct tso_batch b;
	struct tso_frame t;
	uint8_t h[TSO_HDR_MAX];
	size_t len;
	unsigned int i;

	len = build(h, false, 0, TSO_TCP_ACK, MSS, 1);
	tso_parse(h, 54, len, &t);
	tso_start(&b, h, &t);
	for (i = 1;; i++) {
		len = build(h, false, i * MSS, TSO_TCP_ACK, MSS, 1);
		tso_parse(h, 54, len, &t);
		if (!tso_join(&b, h, &t, 65535))
			break;
	}
	CHECK_EQ(b.nseg, 44); /* 44 * 1460 + 54 <= 65535 < 45 * 1460 + 54 */
	CHECK(b.first.hdrlen + b.paylen <= 65535);
}

int main(void)
{
	RUN(parse_ipv4_and_ipv6);
	RUN(parse_refuses);
	RUN(join_and_fixup_ipv4);
	RUN(fixup_ipv6_single);
	RUN(join_refuses);
	RUN(batch_fills_to_frame_limit);
	return check_failures != 0;
}
