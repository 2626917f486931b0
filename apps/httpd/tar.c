/*
 * tar.c - ustar (POSIX) and GNU tar header blocks, for httpd's archive.
 * Pure and host-tested (see http.h).  The archive is disk data: the
 * checksum is verified, numeric fields must be well-formed octal (or
 * GNU base-256) and names are bounded by their fields.
 */
#include <string.h>
#include "http.h"

#define NAME_OFF    0
#define NAME_LEN    100
#define SIZE_OFF    124
#define SIZE_LEN    12
#define CHKSUM_OFF  148
#define CHKSUM_LEN  8
#define TYPE_OFF    156
#define MAGIC_OFF   257
#define PREFIX_OFF  345
#define PREFIX_LEN  155
#define MAX_SIZE    (1ull << 40) /* 1 TiB: larger is a corrupt header */
#define MODE_OFF    100
#define UID_OFF	    108
#define GID_OFF	    116
#define MTIME_OFF   136
#define VERSION_OFF 263

/* Octal, optionally space-padded, ended by NUL/space or the field end. */
static bool octal(const unsigned char *f, size_t n, uint64_t *v)
{
	size_t i = 0;
	bool digits = false;

	*v = 0;
	while (i < n && f[i] == ' ')
		i++;
	for (; i < n && f[i] >= '0' && f[i] <= '7'; i++) {
		if (*v >> 60)
			return false;
		*v = *v * 8 + (uint64_t)(f[i] - '0');
		digits = true;
	}
	for (; i < n; i++)
		if (f[i] != 0 && f[i] != ' ')
			return false;
	return digits;
}

static bool size_field(const unsigned char *f, uint64_t *v)
{
	if (f[0] & 0x80) { /* GNU base-256 */
		*v = 0;
		for (int i = 1; i < SIZE_LEN; i++) {
			if (*v >> 55)
				return false;
			*v = *v << 8 | f[i];
		}
		return f[0] == 0x80 && *v <= MAX_SIZE;
	}
	return octal(f, SIZE_LEN, v) && *v <= MAX_SIZE;
}

/* Appends up to n bytes of field f (NUL-terminated or full) at out. */
static size_t put_field(char *out, size_t o, const unsigned char *f, size_t n)
{
	size_t len = strnlen((const char *)f, n);

	memcpy(out + o, f, len);
	return o + len;
}

/* "/" + name with leading "./" and "/" removed; fits HTTP_PATH_MAX
 * because prefix + name are at most 256 bytes and we keep 255. */
static void set_name(struct tar_entry *e, const char *raw, size_t n)
{
	size_t o = 1;

	for (;;) {
		if (n >= 1 && raw[0] == '/')
			raw++, n--;
		else if (n >= 2 && raw[0] == '.' && raw[1] == '/')
			raw += 2, n -= 2;
		else
			break;
	}
	if (n > HTTP_PATH_MAX - 2)
		n = HTTP_PATH_MAX - 2;
	e->name[0] = '/';
	memcpy(e->name + o, raw, n);
	e->name[o + n] = 0;
}

enum tar_kind tar_parse_header(const unsigned char *hdr, struct tar_entry *e)
{
	uint64_t want, sum = 0;
	char raw[NAME_LEN + PREFIX_LEN + 2];
	size_t o = 0;
	int i;

	for (i = 0; i < 512 && !hdr[i]; i++)
		;
	if (i == 512)
		return TAR_END;
	for (i = 0; i < 512; i++)
		sum += (i >= CHKSUM_OFF && i < CHKSUM_OFF + CHKSUM_LEN)
			   ? ' '
			   : hdr[i];
	if (!octal(hdr + CHKSUM_OFF, CHKSUM_LEN, &want) || want != sum)
		return TAR_BAD;
	if (!size_field(hdr + SIZE_OFF, &e->size))
		return TAR_BAD;
	if (!memcmp(hdr + MAGIC_OFF, "ustar", 5) && hdr[PREFIX_OFF]) {
		o = put_field(raw, 0, hdr + PREFIX_OFF, PREFIX_LEN);
		raw[o++] = '/';
	}
	o = put_field(raw, o, hdr + NAME_OFF, NAME_LEN);
	set_name(e, raw, o);
	switch (hdr[TYPE_OFF]) {
	case '0':
	case 0:
	case '7':
		return TAR_FILE;
	case 'L':
		return TAR_LONGNAME;
	default:
		return TAR_SKIP;
	}
}

void tar_set_name(struct tar_entry *e, const char *raw, size_t n)
{
	set_name(e, raw, strnlen(raw, n));
}

uint64_t tar_data_blocks(uint64_t size)
{
	return (size + 511) / 512 * 512;
}

/* v in octal, zero-padded to fill n - 1 digits and a NUL; false if it
 * does not fit. */
static bool put_octal(unsigned char *f, size_t n, uint64_t v)
{
	f[n - 1] = 0;
	for (size_t i = n - 1; i-- > 0;) {
		f[i] = (unsigned char)('0' + (v & 7));
		v >>= 3;
	}
	return v == 0;
}

int tar_make_header(unsigned char *hdr, const char *path, uint64_t size,
		    uint64_t mtime)
{
	const char *name = path + (path[0] == '/');
	size_t n = strlen(name), split = 0;
	uint64_t sum = 0;

	if (n == 0 || size > MAX_SIZE)
		return -1;
	memset(hdr, 0, 512);
	if (n > NAME_LEN) {
		/* The prefix field takes everything before a '/' such that
		 * the rest fits the name field. */
		for (size_t i = n - NAME_LEN - 1; i < n && !split; i++)
			if (name[i] == '/' && i <= PREFIX_LEN && i > 0)
				split = i;
		if (!split)
			return -1;
		memcpy(hdr + PREFIX_OFF, name, split);
		name += split + 1;
		n -= split + 1;
	}
	memcpy(hdr + NAME_OFF, name, n);
	put_octal(hdr + MODE_OFF, 8, 0644);
	put_octal(hdr + UID_OFF, 8, 0);
	put_octal(hdr + GID_OFF, 8, 0);
	if (!put_octal(hdr + SIZE_OFF, SIZE_LEN, size)) {
		hdr[SIZE_OFF] = 0x80; /* GNU base-256, big-endian */
		for (int i = SIZE_LEN - 1; i > 0; i--, size >>= 8)
			hdr[SIZE_OFF + i] = (unsigned char)size;
	}
	if (!put_octal(hdr + MTIME_OFF, 12, mtime))
		put_octal(hdr + MTIME_OFF, 12, 0);
	hdr[TYPE_OFF] = '0';
	memcpy(hdr + MAGIC_OFF, "ustar", 6);
	memcpy(hdr + VERSION_OFF, "00", 2);
	for (int i = 0; i < 512; i++)
		sum += (i >= CHKSUM_OFF && i < CHKSUM_OFF + CHKSUM_LEN)
			   ? ' '
			   : hdr[i];
	/* Six digits, NUL, space: as tar writes it. */
	put_octal(hdr + CHKSUM_OFF, 7, sum);
	hdr[CHKSUM_OFF + 7] = ' ';
	return 0;
}
