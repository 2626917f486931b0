// SOURCES: tpmback/proto.c tpmfront/proto.c
// CFLAGS: -I.
/*
 * test_tpmif.c - the tpmif shared page as tpmback and tpmfront see it:
 * a command put in by tpmfront is read back whole by tpmback and the
 * response the other way; each kind of hostile frontend page (every
 * state value, extra pages, lengths 0, 9, 4088, 4089 and 2^32-1) is
 * refused with a reason or taken exactly; the backend's response length
 * is checked by tpmfront (0, past the page, past the caller's buffer);
 * the TPM failure answer follows the command's tag family; the strict
 * xenstore number parser; and when a connect is a platform reset.
 * Pages are heap buffers of exactly 4096 bytes, so ASan sees any read
 * or write past them.
 */
#include <stdlib.h>
#include <domlet/errno.h>
#include "tpmback/tb_proto.h"
#include "tpmfront/tf_proto.h"
#include "check.h"

static uint8_t *page;
static uint8_t cmd[TB_MAX_DATA], out[TB_MAX_DATA];

static void set_hdr(uint32_t len, uint8_t state, uint8_t nr_extra)
{
	memcpy(page, &len, 4);
	page[4] = state;
	page[5] = 0;
	page[6] = 0;
	page[7] = nr_extra;
}

TEST(roundtrip)
{
	struct tb_req req;
	const char *why;
	size_t n, rlen;
	uint8_t resp[64];

	memset(page, 0, TB_PAGE_SIZE);
	for (n = 0; n < sizeof(cmd); n++)
		cmd[n] = (uint8_t)(n * 7 + 1);
	CHECK_EQ(tf_write_command(page, cmd, TF_MAX_DATA), 0);
	CHECK_EQ(tf_state(page), TF_SUBMIT);
	CHECK_EQ(tb_read_request(page, out, sizeof(out), &req, &why), 0);
	CHECK_EQ(req.kind, TB_REQ_COMMAND);
	CHECK_EQ(req.len, TB_MAX_DATA);
	CHECK(memcmp(out, cmd, TB_MAX_DATA) == 0);
	CHECK_EQ(tb_write_response(page, (const uint8_t *)"0123456789ab", 12),
		 0);
	CHECK_EQ(tf_state(page), TF_FINISH);
	CHECK_EQ(tf_read_response(page, resp, sizeof(resp), &rlen), 0);
	CHECK_EQ(rlen, 12);
	CHECK(memcmp(resp, "0123456789ab", 12) == 0);
	/* A finished page asks for nothing more. */
	CHECK_EQ(tb_read_request(page, out, sizeof(out), &req, &why), 0);
	CHECK_EQ(req.kind, TB_REQ_NONE);
}

TEST(states)
{
	struct tb_req req;
	const char *why;
	unsigned int st;

	for (st = 0; st < 256; st++) {
		set_hdr(10, (uint8_t)st, 0);
		int rc = tb_read_request(page, out, sizeof(out), &req, &why);

		if (st == 0 || st == 2) {
			CHECK(rc == 0 && req.kind == TB_REQ_NONE);
		} else if (st == 1) {
			CHECK(rc == 0 && req.kind == TB_REQ_COMMAND);
		} else if (st == 3) {
			CHECK(rc == 0 && req.kind == TB_REQ_CANCEL);
		} else {
			CHECK_EQ(rc, -EPROTO);
			CHECK(why && strstr(why, "state"));
		}
	}
}

TEST(lengths)
{
	static const struct {
		uint32_t len;
		uint8_t nr_extra;
		int rc;
	} cases[] = {
	    {0, 0, -EPROTO},
	    {9, 0, -EPROTO},
	    {10, 0, 0},
	    {4088, 0, 0},
	    {4089, 0, -EPROTO},
	    {4096, 0, -EPROTO},
	    {0xffffffffu, 0, -EPROTO},
	    {100, 1, -EPROTO},
	    {100, 255, -EPROTO},
	};
	struct tb_req req;
	const char *why;
	unsigned int i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		set_hdr(cases[i].len, 1, cases[i].nr_extra);
		CHECK_EQ(tb_read_request(page, out, sizeof(out), &req, &why),
			 cases[i].rc);
		if (cases[i].rc)
			CHECK(why != NULL && req.kind == TB_REQ_NONE);
		else
			CHECK_EQ(req.len, cases[i].len);
	}
	/* A caller buffer smaller than the command is never overrun. */
	set_hdr(100, 1, 0);
	CHECK_EQ(tb_read_request(page, out, 99, &req, &why), -EPROTO);
	CHECK_EQ(tb_write_response(page, out, TB_MAX_DATA + 1), -EINVAL);
}

TEST(front_checks_response)
{
	uint8_t resp[16];
	size_t rlen;

	set_hdr(0, 2, 0);
	CHECK_EQ(tf_read_response(page, resp, sizeof(resp), &rlen), -EIO);
	set_hdr(4089, 2, 0);
	CHECK_EQ(tf_read_response(page, resp, sizeof(resp), &rlen), -EIO);
	set_hdr(0xffffffffu, 2, 0);
	CHECK_EQ(tf_read_response(page, resp, sizeof(resp), &rlen), -EIO);
	set_hdr(17, 2, 0);
	CHECK_EQ(tf_read_response(page, resp, sizeof(resp), &rlen), -ENOBUFS);
	CHECK_EQ(rlen, 17);
	set_hdr(16, 2, 0);
	CHECK_EQ(tf_read_response(page, resp, sizeof(resp), &rlen), 0);
	CHECK_EQ(tf_write_command(page, cmd, 0), -EINVAL);
	CHECK_EQ(tf_write_command(page, cmd, TF_MAX_DATA + 1), -EINVAL);
}

TEST(error_response)
{
	static const uint8_t v2[] = {0x80, 0x01, 0, 0, 0, 12, 0, 0, 1, 0x7b};
	static const uint8_t v1[] = {0x00, 0xc1, 0, 0, 0, 10, 0, 0, 0, 0x99};
	static const uint8_t want2[] = {0x80, 0x01, 0, 0, 0, 10, 0, 0, 1, 1};
	static const uint8_t want1[] = {0x00, 0xc4, 0, 0, 0, 10, 0, 0, 0, 9};
	uint8_t r[TB_TPM_HDR];

	tb_error_response(v2, sizeof(v2), r);
	CHECK(memcmp(r, want2, sizeof(r)) == 0);
	tb_error_response(v1, sizeof(v1), r);
	CHECK(memcmp(r, want1, sizeof(r)) == 0);
	tb_error_response(v1, 1, r); /* too short for a tag: TPM 1.2 form */
	CHECK(memcmp(r, want1, sizeof(r)) == 0);
}

TEST(parse_uint)
{
	unsigned long v;

	CHECK_EQ(tb_parse_uint("0", 10, &v), 0);
	CHECK_EQ(v, 0);
	CHECK_EQ(tb_parse_uint("4294967295", 0xffffffffu, &v), 0);
	CHECK_EQ(v, 0xffffffffu);
	CHECK_EQ(tb_parse_uint("4294967296", 0xffffffffu, &v), -ERANGE);
	CHECK_EQ(tb_parse_uint("99999999999999999999999", 0xffffffffu, &v),
		 -ERANGE);
	CHECK_EQ(tb_parse_uint("", 10, &v), -EINVAL);
	CHECK_EQ(tb_parse_uint("01", 10, &v), -EINVAL);
	CHECK_EQ(tb_parse_uint("-1", 10, &v), -EINVAL);
	CHECK_EQ(tb_parse_uint("+1", 10, &v), -EINVAL);
	CHECK_EQ(tb_parse_uint("1 ", 10, &v), -EINVAL);
	CHECK_EQ(tb_parse_uint("0x10", 100, &v), -EINVAL);
}

/* The sequence tpmiftest's tpmif-loop drives: good (instance 1),
 * reconnecting, then a and b, then good2: resets only between guests. */
TEST(needs_reset)
{
	CHECK(!tb_needs_reset(0, 1)); /* the first frontend: TPM as started */
	CHECK(!tb_needs_reset(1, 1)); /* same domain reconnects: kept */
	CHECK(tb_needs_reset(1, 2));  /* another domain */
	CHECK(tb_needs_reset(3, 2));  /* back to an older, still listed one */
	CHECK(!tb_needs_reset(2, 2));
}

int main(void)
{
	page = malloc(TB_PAGE_SIZE);
	RUN(roundtrip);
	RUN(states);
	RUN(lengths);
	RUN(front_checks_response);
	RUN(error_response);
	RUN(parse_uint);
	RUN(needs_reset);
	free(page);
	return check_failures ? 1 : 0;
}
