// SOURCES: apps/vtpmcounter/nvcmd.c
// CFLAGS: -I.
/*
 * test_nvcmd.c - apps/vtpmcounter's TPM 2.0 commands byte for byte
 * (TPM 2.0 Part 3's layouts) and its response reader on good answers,
 * TPM error codes and every kind of malformed answer.
 */
#include <stdint.h>
#include <string.h>
#include <domlet/errno.h>
#include "apps/vtpmcounter/nvcmd.h"
#include "check.h"

static uint8_t cmd[NVC_CMD_MAX];

/* A good NV_Read answer for value v, with a password session after it. */
static const uint8_t read_ok[] = {
    0x80, 0x02, 0, 0,  0, 29, 0, 0, 0, 0, /* header, rc 0 */
    0,	  0,	0, 10,			  /* parameterSize */
    0,	  8,	1, 2,  3, 4,  5, 6, 7, 8, /* TPM2B data */
    0,	  0,	1, 0,  0,		  /* session: nonce, attr, hmac */
};

TEST(startup)
{
	static const uint8_t want[] = {0x80, 1, 0, 0,	 0, 12,
				       0,    0, 1, 0x44, 0, 0};

	CHECK_EQ(nvc_startup_clear(cmd), sizeof(want));
	CHECK(!memcmp(cmd, want, sizeof(want)));
}

TEST(define)
{
	static const uint8_t want[] = {
	    0x80, 2,	0,    0,    0,	  45,	0, 0, 1, 0x2a, /* header */
	    0x40, 0,	0,    1,			       /* owner */
	    0,	  0,	0,    9,    0x40, 0,	0, 9, 0, 0,    0, 0, 0, /* pw */
	    0,	  0,				/* auth */
	    0,	  14,	0x01, 0x50, 0,	  0x16, /* index */
	    0,	  0x0b, 0x02, 0x02, 0,	  2,	/* attrs */
	    0,	  0,	0,    8,		/* size */
	};

	CHECK_EQ(nvc_define(cmd, NVC_INDEX), sizeof(want));
	CHECK(!memcmp(cmd, want, sizeof(want)));
}

TEST(write)
{
	static const uint8_t want[] = {
	    0x80, 2,	0,    0,    0,	  43,	0,    0,    1, 0x37, 0x40,
	    0,	  0,	1,    0x01, 0x50, 0,	0x16, 0,    0, 0,    9,
	    0x40, 0,	0,    9,    0,	  0,	0,    0,    0, 0,    8,
	    0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef, 0, 0,
	};

	CHECK_EQ(nvc_write(cmd, NVC_INDEX, 0x0123456789abcdefull),
		 sizeof(want));
	CHECK(!memcmp(cmd, want, sizeof(want)));
}

TEST(read)
{
	static const uint8_t want[] = {
	    0x80, 2, 0,	   0,	 0, 35,	  0, 0, 1, 0x4e, 0x40, 0,
	    0,	  1, 0x01, 0x50, 0, 0x16, 0, 0, 0, 9,	 0x40, 0,
	    0,	  9, 0,	   0,	 0, 0,	  0, 0, 8, 0,	 0,
	};

	CHECK_EQ(nvc_read(cmd, NVC_INDEX), sizeof(want));
	CHECK(!memcmp(cmd, want, sizeof(want)));
}

TEST(read_value_good)
{
	uint64_t v = 0;

	CHECK_EQ(nvc_read_value(read_ok, sizeof(read_ok), &v), 0);
	CHECK(v == 0x0102030405060708ull);
}

TEST(response_rc)
{
	static const uint8_t err[] = {0x80, 1, 0, 0, 0, 10, 0, 0, 0x02, 0x8b};
	uint32_t rc = 0;
	uint64_t v;

	CHECK_EQ(nvc_response_rc(err, sizeof(err), &rc), 0);
	CHECK_EQ(rc, 0x28b);
	CHECK(nvc_rc_is_no_handle(rc));
	CHECK(nvc_rc_is_no_handle(0x18b));
	CHECK(!nvc_rc_is_no_handle(0x1cb)); /* a parameter, not a handle */
	CHECK(!nvc_rc_is_no_handle(TPM_RC_NV_UNINITIALIZED));
	CHECK(nvc_rc_is_retry(TPM_RC_RETRY));
	CHECK(!nvc_rc_is_retry(TPM_RC_INITIALIZE));
	/* An error answer is never a value. */
	CHECK_EQ(nvc_read_value(err, sizeof(err), &v), -EBADMSG);
	/* Size field disagreeing with the length, short, bad tag. */
	CHECK_EQ(nvc_response_rc(err, 9, &rc), -EBADMSG);
	CHECK_EQ(nvc_response_rc(read_ok, sizeof(read_ok) - 1, &rc), -EBADMSG);
	{
		uint8_t b[10];

		memcpy(b, err, 10);
		b[1] = 0xc4;
		CHECK_EQ(nvc_response_rc(b, 10, &rc), -EBADMSG);
	}
}

TEST(read_value_malformed)
{
	uint8_t b[sizeof(read_ok)];
	uint64_t v;

	/* parameterSize past the end, too small, too large. */
	memcpy(b, read_ok, sizeof(b));
	b[13] = 200;
	CHECK_EQ(nvc_read_value(b, sizeof(b), &v), -EBADMSG);
	b[13] = 9;
	CHECK_EQ(nvc_read_value(b, sizeof(b), &v), -EBADMSG);
	b[10] = 0xff;
	b[13] = 10;
	CHECK_EQ(nvc_read_value(b, sizeof(b), &v), -EBADMSG);
	/* A TPM2B of another size. */
	memcpy(b, read_ok, sizeof(b));
	b[15] = 4;
	CHECK_EQ(nvc_read_value(b, sizeof(b), &v), -EBADMSG);
	/* No sessions tag. */
	memcpy(b, read_ok, sizeof(b));
	b[1] = 1;
	CHECK_EQ(nvc_read_value(b, sizeof(b), &v), -EBADMSG);
	/* Cut short, the size field saying so: no room for the data. */
	for (size_t n = 10; n < 24; n++) {
		memcpy(b, read_ok, sizeof(b));
		b[5] = (uint8_t)n;
		CHECK_EQ(nvc_read_value(b, n, &v), -EBADMSG);
	}
}

int main(void)
{
	RUN(startup);
	RUN(define);
	RUN(write);
	RUN(read);
	RUN(read_value_good);
	RUN(response_rc);
	RUN(read_value_malformed);
	return check_failures ? 1 : 0;
}
