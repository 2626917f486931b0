/*
 * printf.c - kvsnprintf and friends without libc.
 *
 * Implements the C99 subset listed in printf.h, byte-for-byte like the
 * host's snprintf for it (tests/unit/test_printf.c checks this).  The
 * format string is trusted (it is code); the arguments are not special.
 * No floating point, no %n: nothing here writes through an argument.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <domlet/errno.h>
#include <domlet/printf.h>

#define F_LEFT	0x01 /* '-' */
#define F_ZERO	0x02 /* '0' */
#define F_PLUS	0x04 /* '+' */
#define F_SPACE 0x08 /* ' ' */
#define F_ALT	0x10 /* '#' */

/* Output cursor: counts every byte, stores the ones that fit (leaving
 * room for the NUL). */
struct out {
	char *buf;
	size_t size;
	size_t pos;
};

/* One parsed conversion specification. */
struct spec {
	unsigned int flags;
	int width; /* 0 if none */
	int prec;  /* -1 if none */
	char len;  /* 'H' hh, 'h', 'l', 'L' ll, 'z', 't', 'j', 0 */
	char conv;
};

static void put(struct out *o, char c)
{
	if (o->size && o->pos < o->size - 1)
		o->buf[o->pos] = c;
	o->pos++;
}

static void pad(struct out *o, char c, int n)
{
	while (n-- > 0)
		put(o, c);
}

/* Digits of v in base, least significant first; returns the count. */
static int to_digits(char *tmp, uintmax_t v, unsigned int base, int upper)
{
	const char *dig = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	int n = 0;

	while (v) {
		tmp[n++] = dig[v % base];
		v /= base;
	}
	return n;
}

/*
 * Emits one integer conversion: [padding][sign/prefix][zeros][digits]
 * [padding], with C99's rules: a precision disables '0', precision 0 with
 * value 0 prints no digits, '#' on %o forces a leading 0 and on %x adds 0x
 * for a non-zero value.
 */
static void put_int(struct out *o, const struct spec *s, uintmax_t v, int neg)
{
	char tmp[24]; /* 2^64 in octal is 22 digits */
	char prefix[2];
	int np = 0, nd, zeros, total;
	unsigned int base = 10;
	int prec = s->prec;

	if (s->conv == 'o')
		base = 8;
	else if (s->conv == 'x' || s->conv == 'X' || s->conv == 'p')
		base = 16;
	nd = to_digits(tmp, v, base, s->conv == 'X');
	if (prec < 0)
		prec = 1;
	zeros = prec > nd ? prec - nd : 0;
	if (s->conv == 'o' && (s->flags & F_ALT) && zeros == 0 &&
	    (nd == 0 || tmp[nd - 1] != '0'))
		zeros = 1;

	if (neg)
		prefix[np++] = '-';
	else if ((s->conv == 'd' || s->conv == 'i') && (s->flags & F_PLUS))
		prefix[np++] = '+';
	else if ((s->conv == 'd' || s->conv == 'i') && (s->flags & F_SPACE))
		prefix[np++] = ' ';
	if (s->conv == 'p' ||
	    ((s->flags & F_ALT) && v && (s->conv == 'x' || s->conv == 'X'))) {
		prefix[np++] = '0';
		prefix[np++] = s->conv == 'X' ? 'X' : 'x';
	}

	total = np + zeros + nd;
	if ((s->flags & F_ZERO) && !(s->flags & F_LEFT) && s->prec < 0 &&
	    s->width > total) {
		zeros += s->width - total;
		total = s->width;
	}
	if (!(s->flags & F_LEFT))
		pad(o, ' ', s->width - total);
	for (int i = 0; i < np; i++)
		put(o, prefix[i]);
	pad(o, '0', zeros);
	while (nd)
		put(o, tmp[--nd]);
	if (s->flags & F_LEFT)
		pad(o, ' ', s->width - total);
}

static void put_str(struct out *o, const struct spec *s, const char *str)
{
	int n = 0;

	if (!str)
		str = "(null)";
	/* Never read past prec bytes: the string need not be terminated. */
	while ((s->prec < 0 || n < s->prec) && str[n])
		n++;
	if (!(s->flags & F_LEFT))
		pad(o, ' ', s->width - n);
	for (int i = 0; i < n; i++)
		put(o, str[i]);
	if (s->flags & F_LEFT)
		pad(o, ' ', s->width - n);
}

/* Fetches a signed argument of the spec's length, as its absolute value. */
static uintmax_t get_signed(const struct spec *s, va_list *ap, int *neg)
{
	intmax_t v;

	switch (s->len) {
	case 'H':
		v = (signed char)va_arg(*ap, int);
		break;
	case 'h':
		v = (short)va_arg(*ap, int);
		break;
	case 'l':
		v = va_arg(*ap, long);
		break;
	case 'L':
		v = va_arg(*ap, long long);
		break;
	case 'z': /* ssize_t */
		v = va_arg(*ap, long);
		break;
	case 't':
		v = va_arg(*ap, ptrdiff_t);
		break;
	case 'j':
		v = va_arg(*ap, intmax_t);
		break;
	default:
		v = va_arg(*ap, int);
		break;
	}
	*neg = v < 0;
	/* Negate in unsigned arithmetic: -INTMAX_MIN overflows. */
	return v < 0 ? -(uintmax_t)v : (uintmax_t)v;
}

static uintmax_t get_unsigned(const struct spec *s, va_list *ap)
{
	switch (s->len) {
	case 'H':
		return (unsigned char)va_arg(*ap, unsigned int);
	case 'h':
		return (unsigned short)va_arg(*ap, unsigned int);
	case 'l':
		return va_arg(*ap, unsigned long);
	case 'L':
		return va_arg(*ap, unsigned long long);
	case 'z':
		return va_arg(*ap, size_t);
	case 't':
		return (uintmax_t)va_arg(*ap, ptrdiff_t);
	case 'j':
		return va_arg(*ap, uintmax_t);
	default:
		return va_arg(*ap, unsigned int);
	}
}

static int parse_num(const char **fmt)
{
	int n = 0;

	while (**fmt >= '0' && **fmt <= '9') {
		if (n < 100000000) /* saturate rather than overflow */
			n = n * 10 + (**fmt - '0');
		(*fmt)++;
	}
	return n;
}

/* Parses flags, width, precision and length after a '%'; leaves *fmt on
 * the conversion character. */
static void parse_spec(const char **fmt, struct spec *s, va_list *ap)
{
	const char *f = *fmt;

	s->flags = 0;
	for (;; f++) {
		if (*f == '-')
			s->flags |= F_LEFT;
		else if (*f == '0')
			s->flags |= F_ZERO;
		else if (*f == '+')
			s->flags |= F_PLUS;
		else if (*f == ' ')
			s->flags |= F_SPACE;
		else if (*f == '#')
			s->flags |= F_ALT;
		else
			break;
	}
	if (*f == '*') {
		s->width = va_arg(*ap, int);
		if (s->width < 0) { /* C99: a negative width is '-' */
			s->flags |= F_LEFT;
			s->width =
			    s->width == INT32_MIN ? INT32_MAX : -s->width;
		}
		f++;
	} else {
		s->width = parse_num(&f);
	}
	s->prec = -1;
	if (*f == '.') {
		f++;
		if (*f == '*') {
			s->prec = va_arg(*ap, int); /* negative: as if none */
			if (s->prec < 0)
				s->prec = -1;
			f++;
		} else {
			s->prec = parse_num(&f);
		}
	}
	s->len = 0;
	if (*f == 'h' || *f == 'l') {
		s->len = *f++;
		if (*f == s->len) {
			s->len = s->len == 'h' ? 'H' : 'L';
			f++;
		}
	} else if (*f == 'z' || *f == 't' || *f == 'j') {
		s->len = *f++;
	}
	s->conv = *f;
	*fmt = f;
}

static void convert(struct out *o, struct spec *s, va_list *ap)
{
	uintmax_t v;
	int neg = 0;

	switch (s->conv) {
	case 'd':
	case 'i':
		v = get_signed(s, ap, &neg);
		put_int(o, s, v, neg);
		break;
	case 'u':
	case 'x':
	case 'X':
	case 'o':
		put_int(o, s, get_unsigned(s, ap), 0);
		break;
	case 'p':
		/* Fixed form, so addresses line up in logs. */
		s->flags &= F_LEFT;
		s->prec = 16;
		put_int(o, s, (uintptr_t)va_arg(*ap, void *), 0);
		break;
	case 'c': {
		char c = (char)va_arg(*ap, int);

		if (!(s->flags & F_LEFT))
			pad(o, ' ', s->width - 1);
		put(o, c);
		if (s->flags & F_LEFT)
			pad(o, ' ', s->width - 1);
		break;
	}
	case 's':
		put_str(o, s, va_arg(*ap, const char *));
		break;
	case '%':
		put(o, '%');
		break;
	default:
		/* Unknown conversion: print it as written, so the bug shows
		 * in the output instead of eating an argument. */
		put(o, '%');
		if (s->conv)
			put(o, s->conv);
		break;
	}
}

int kvsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct out o = {buf, size, 0};
	struct spec s;
	va_list aq;

	/* Work on a copy so helpers can take its address portably. */
	va_copy(aq, ap);
	while (*fmt) {
		if (*fmt != '%') {
			put(&o, *fmt++);
			continue;
		}
		fmt++;
		parse_spec(&fmt, &s, &aq);
		convert(&o, &s, &aq);
		if (*fmt)
			fmt++;
	}
	va_end(aq);
	if (size)
		buf[o.pos < size ? o.pos : size - 1] = '\0';
	return o.pos > INT32_MAX ? INT32_MAX : (int)o.pos;
}

int ksnprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = kvsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

static int digit_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return 99;
}

int kparse_ulong(const char *s, size_t len, unsigned long *out)
{
	unsigned long v = 0, base = 10;
	size_t i = 0;
	int overflow = 0;

	if (len > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		i = 2;
	}
	if (i == len)
		return -EINVAL;
	/* Keep scanning after an overflow: a bad character anywhere makes it
	 * -EINVAL, whatever its position. */
	for (; i < len; i++) {
		unsigned long d = (unsigned long)digit_value(s[i]);

		if (d >= base)
			return -EINVAL;
		if (v > (~0ul - d) / base)
			overflow = 1;
		v = v * base + d;
	}
	if (overflow)
		return -ERANGE;
	*out = v;
	return 0;
}
