/*
 * iconv.c - iconv_open/iconv/iconv_close between UTF-8, ASCII and
 * ISO-8859-1 only.
 *
 * newlib is configured without its iconv (it would rebuild newlib for
 * every app and bring tables no stub domain needs).  glib's g_convert
 * wants an iconv; glib does its own UTF-8/UTF-16/UCS-4 work, and domlet's
 * charset is UTF-8, so these three cover what it asks of us.  Other
 * names fail iconv_open with EINVAL.  Errors are POSIX's: EILSEQ for
 * malformed input or a character the target cannot hold, EINVAL for a
 * sequence cut off at the end of the input, E2BIG for a full output.
 */
#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdlib.h>
#include <strings.h>

enum iconv_cs { CS_UTF8, CS_ASCII, CS_LATIN1 };

struct iconv_state {
	enum iconv_cs from, to;
};

static int iconv_charset(const char *name)
{
	static const struct {
		const char *name;
		enum iconv_cs cs;
	} names[] = {
	    {"UTF-8", CS_UTF8},		  {"UTF8", CS_UTF8},
	    {"ASCII", CS_ASCII},	  {"US-ASCII", CS_ASCII},
	    {"ANSI_X3.4-1968", CS_ASCII}, {"ISO-8859-1", CS_LATIN1},
	    {"ISO8859-1", CS_LATIN1},	  {"ISO_8859-1", CS_LATIN1},
	    {"LATIN1", CS_LATIN1},
	};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcasecmp(name, names[i].name))
			return names[i].cs;
	return -1;
}

iconv_t iconv_open(const char *tocode, const char *fromcode)
{
	int to = iconv_charset(tocode), from = iconv_charset(fromcode);
	struct iconv_state *st;

	if (to < 0 || from < 0) {
		errno = EINVAL;
		return (iconv_t)-1;
	}
	st = malloc(sizeof(*st));
	if (!st) {
		errno = ENOMEM;
		return (iconv_t)-1;
	}
	st->from = from;
	st->to = to;
	return st;
}

int iconv_close(iconv_t cd)
{
	free(cd);
	return 0;
}

/*
 * One character of in (len bytes left) into *cp; returns its length,
 * 0 if cut off (EINVAL), -1 if malformed (EILSEQ).
 */
static int iconv_decode(enum iconv_cs cs, const unsigned char *in, size_t len,
			uint32_t *cp)
{
	int n;

	if (cs != CS_UTF8 || in[0] < 0x80) {
		if (cs == CS_ASCII && in[0] >= 0x80)
			return -1;
		*cp = in[0];
		return 1;
	}
	if (in[0] >= 0xc2 && in[0] <= 0xdf) {
		n = 2;
		*cp = in[0] & 0x1f;
	} else if (in[0] >= 0xe0 && in[0] <= 0xef) {
		n = 3;
		*cp = in[0] & 0x0f;
	} else if (in[0] >= 0xf0 && in[0] <= 0xf4) {
		n = 4;
		*cp = in[0] & 0x07;
	} else {
		return -1;
	}
	for (int i = 1; i < n; i++) {
		if ((size_t)i >= len)
			return 0;
		if ((in[i] & 0xc0) != 0x80)
			return -1;
		*cp = (*cp << 6) | (in[i] & 0x3f);
	}
	/* Overlong forms, surrogates and values past U+10FFFF. */
	if ((n == 3 && *cp < 0x800) || (n == 4 && *cp < 0x10000) ||
	    (*cp >= 0xd800 && *cp <= 0xdfff) || *cp > 0x10ffff)
		return -1;
	return n;
}

/* cp into out (room bytes); its length, 0 if no room, -1 unencodable. */
static int iconv_encode(enum iconv_cs cs, uint32_t cp, unsigned char *out,
			size_t room)
{
	int n;

	if (cs != CS_UTF8) {
		if (cp > (cs == CS_ASCII ? 0x7fu : 0xffu))
			return -1;
		if (!room)
			return 0;
		out[0] = cp;
		return 1;
	}
	n = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
	if ((size_t)n > room)
		return 0;
	if (n == 1) {
		out[0] = cp;
		return 1;
	}
	for (int i = n - 1; i > 0; i--) {
		out[i] = 0x80 | (cp & 0x3f);
		cp >>= 6;
	}
	out[0] = (0xf00 >> n) | cp;
	return n;
}

size_t iconv(iconv_t cd, char **__restrict inbuf, size_t *__restrict inleft,
	     char **__restrict outbuf, size_t *__restrict outleft)
{
	struct iconv_state *st = cd;

	/* No shift states: a reset (NULL input) writes nothing. */
	if (!inbuf || !*inbuf)
		return 0;
	while (*inleft) {
		uint32_t cp;
		int in, out;

		in = iconv_decode(st->from, (unsigned char *)*inbuf, *inleft,
				  &cp);
		if (in <= 0) {
			errno = in ? EILSEQ : EINVAL;
			return (size_t)-1;
		}
		out = iconv_encode(st->to, cp, (unsigned char *)*outbuf,
				   *outleft);
		if (out <= 0) {
			errno = out ? EILSEQ : E2BIG;
			return (size_t)-1;
		}
		*inbuf += in;
		*inleft -= in;
		*outbuf += out;
		*outleft -= out;
	}
	return 0;
}
