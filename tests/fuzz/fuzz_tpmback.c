// SOURCES: tpmback/proto.c
// CFLAGS: -I.
/*
 * fuzz_tpmback.c - tpmback's request reader (tpmback/proto.c) on pages a
 * hostile frontend could write: the input is the page's first bytes
 * (the rest zero).  A page the reader accepts must hold exactly what it
 * returned: SUBMIT, no extra pages, a length within [10, 4088] and the
 * command bytes equal to the page's; a refusal must name its reason.
 * Also the error answer for any command bytes, and the xenstore number
 * parser on any string.  The page is a heap buffer of exactly 4096
 * bytes, so ASan catches any read past it.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <domlet/errno.h>
#include "tpmback/tb_proto.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t cmd[TB_MAX_DATA];
	uint8_t *page = calloc(1, TB_PAGE_SIZE);
	uint8_t err[TB_TPM_HDR];
	struct tb_req req;
	const char *why;
	uint32_t len;
	char s[24];
	unsigned long v;
	int rc;

	REQUIRE(page);
	memcpy(page, data, size < TB_PAGE_SIZE ? size : TB_PAGE_SIZE);
	memcpy(&len, page, 4);
	rc = tb_read_request(page, cmd, sizeof(cmd), &req, &why);
	if (rc) {
		REQUIRE(rc == -EPROTO && why != NULL);
		REQUIRE(req.kind == TB_REQ_NONE);
	} else if (req.kind == TB_REQ_COMMAND) {
		REQUIRE(page[4] == 1 && page[7] == 0);
		REQUIRE(len == req.len && len >= TB_TPM_HDR);
		REQUIRE(len <= TB_MAX_DATA);
		REQUIRE(memcmp(cmd, page + TB_HDR_SIZE, len) == 0);
		tb_error_response(cmd, len, err);
		REQUIRE(err[5] == TB_TPM_HDR);
		REQUIRE(tb_write_response(page, cmd, len) == 0);
		REQUIRE(page[4] == 2);
	} else {
		REQUIRE(page[4] <= 3);
	}
	/* The same bytes as a xenstore value. */
	memset(s, 0, sizeof(s));
	memcpy(s, data, size < sizeof(s) - 1 ? size : sizeof(s) - 1);
	if (tb_parse_uint(s, 0xffffffffu, &v) == 0)
		REQUIRE(v <= 0xffffffffu && s[0] >= '0' && s[0] <= '9');
	free(page);
	return 0;
}
