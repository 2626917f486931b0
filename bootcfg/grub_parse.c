/*
 * grub_parse.c - GRUB script text to a syntax tree.
 *
 * The subset grub-mkconfig writes and people add by hand: words with
 * 'single' and "double" quotes, backslash escapes and line continuations,
 * $var / ${var} / $1 / $? references (kept as parts, expanded when the
 * command runs, as GRUB does), comments, ';' and newlines, and the
 * compound commands if/elif/else/fi, while/until/do/done, for/in/do/done,
 * function NAME { }, menuentry ... { } and submenu ... { }.
 *
 * The text is the guest's: nesting is bounded (BC_MAX_NEST), every word
 * and list is bounded, and any error (an unterminated quote or brace, a
 * missing fi) is reported once with the line it started on.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "bootcfg/internal.h"

enum tok_type { T_EOF, T_SEP, T_LBRACE, T_RBRACE, T_WORD };

struct tok {
	enum tok_type type;
	int line;
	struct gword word;
	bool plain; /* unquoted, no $: a keyword candidate */
};

struct parser {
	const char *s;
	size_t len, pos;
	int line;
	const char *file;
	struct bootcfg_host *h;
	struct tok tok; /* the current token */
	int err;
};

static int perr(struct parser *p, int line, const char *what)
{
	if (!p->err)
		bc_printf(p->h, "%s:%d: syntax error: %s", p->file, line, what);
	p->err = -EINVAL;
	return p->err;
}

static void word_free(struct gword *w)
{
	for (unsigned int i = 0; i < w->n; i++)
		free(w->parts[i].text);
	free(w->parts);
	w->parts = NULL;
	w->n = 0;
}

/* A growing word: the literal being collected, then its parts. */
struct wbuf {
	char *lit;
	size_t n;
	enum gpart_kind kind;
	struct gword w;
};

static int flush(struct wbuf *b)
{
	struct gpart *np;

	if (!b->lit)
		return 0;
	np = realloc(b->w.parts, (b->w.n + 1) * sizeof(*np));
	if (!np)
		return -ENOMEM;
	b->w.parts = np;
	b->lit[b->n] = 0;
	np[b->w.n].kind = b->kind;
	np[b->w.n++].text = b->lit;
	b->lit = NULL;
	b->n = 0;
	return 0;
}

static int addc(struct wbuf *b, char c, enum gpart_kind kind)
{
	if (b->lit && b->kind != kind && flush(b))
		return -ENOMEM;
	if (b->n + 1 >= BC_MAX_VALUE || b->w.n >= BC_MAX_ARGS)
		return -E2BIG;
	if (!b->lit || (b->n & 63) == 0) {
		char *nl = realloc(b->lit, b->n + 65);
		if (!nl)
			return -ENOMEM;
		b->lit = nl;
	}
	b->kind = kind;
	b->lit[b->n++] = c;
	return 0;
}

static int addvar(struct wbuf *b, const char *name, size_t n, bool quoted)
{
	int rc = flush(b);

	if (!rc && (rc = addc(b, 0, quoted ? GP_QVAR : GP_VAR)) == 0) {
		b->n = 0;
		for (size_t i = 0; i < n && !rc; i++)
			rc = addc(b, name[i], quoted ? GP_QVAR : GP_VAR);
		if (!rc)
			rc = flush(b);
	}
	return rc;
}

static bool name_char(char c, bool first)
{
	return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (!first && c >= '0' && c <= '9');
}

/* At '$': a variable reference, or a literal '$'. */
static int lex_var(struct parser *p, struct wbuf *b, bool quoted)
{
	const char *s = p->s;
	size_t i = p->pos + 1, start;

	if (i < p->len && s[i] == '{') {
		start = ++i;
		while (i < p->len && s[i] != '}' && s[i] != '\n')
			i++;
		if (i >= p->len || s[i] != '}')
			return perr(p, p->line, "unterminated ${");
		p->pos = i + 1;
		return addvar(b, s + start, i - start, quoted);
	}
	start = i;
	if (i < p->len && (s[i] == '?' || s[i] == '#' || s[i] == '@' ||
			   s[i] == '*' || (s[i] >= '0' && s[i] <= '9'))) {
		while (i < p->len && s[i] >= '0' && s[i] <= '9' &&
		       s[start] >= '0' && s[start] <= '9')
			i++;
		i = i == start ? i + 1 : i;
	} else {
		while (i < p->len && name_char(s[i], i == start))
			i++;
	}
	if (i == start) {
		p->pos++;
		return addc(b, '$', quoted ? GP_QLIT : GP_LIT);
	}
	p->pos = i;
	return addvar(b, s + start, i - start, quoted);
}

static int lex_squote(struct parser *p, struct wbuf *b)
{
	int line = p->line, rc = addc(b, 0, GP_QLIT);

	b->n--; /* an empty '' still makes a (quoted) part */
	for (p->pos++; !rc && p->pos < p->len && p->s[p->pos] != '\'';
	     p->pos++) {
		if (p->s[p->pos] == '\n')
			p->line++;
		rc = addc(b, p->s[p->pos], GP_QLIT);
	}
	if (!rc && p->pos >= p->len)
		return perr(p, line, "unterminated single quote");
	p->pos++;
	return rc;
}

static int lex_dquote(struct parser *p, struct wbuf *b)
{
	int line = p->line, rc = addc(b, 0, GP_QLIT);

	b->n--;
	for (p->pos++; !rc && p->pos < p->len && p->s[p->pos] != '"';) {
		char c = p->s[p->pos],
		     d = p->pos + 1 < p->len ? p->s[p->pos + 1] : 0;

		if (c == '$') {
			rc = lex_var(p, b, true);
			continue;
		}
		if (c == '\\' && d == '\n') {
			p->pos += 2;
			p->line++;
			continue;
		}
		if (c == '\\' && (d == '$' || d == '"' || d == '\\'))
			c = p->s[++p->pos];
		if (c == '\n')
			p->line++;
		rc = addc(b, c, GP_QLIT);
		p->pos++;
	}
	if (!rc && p->pos >= p->len)
		return perr(p, line, "unterminated double quote");
	p->pos++;
	return rc;
}

static bool delim(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == ';' || c == '\r';
}

static int lex_word(struct parser *p)
{
	struct wbuf b = {0};
	int rc = 0;

	p->tok.plain = true;
	while (!rc && !p->err && p->pos < p->len && !delim(p->s[p->pos])) {
		char c = p->s[p->pos];

		if (c == '\'' || c == '"' || c == '$' || c == '\\')
			p->tok.plain = false;
		if (c == '\'') {
			rc = lex_squote(p, &b);
		} else if (c == '"') {
			rc = lex_dquote(p, &b);
		} else if (c == '$') {
			rc = lex_var(p, &b, false);
		} else if (c == '\\' && p->pos + 1 < p->len) {
			p->pos += 2;
			if (p->s[p->pos - 1] == '\n')
				p->line++; /* a line continuation */
			else
				rc = addc(&b, p->s[p->pos - 1], GP_QLIT);
		} else {
			rc = addc(&b, c, GP_LIT);
			p->pos++;
		}
	}
	if (!rc)
		rc = flush(&b);
	free(b.lit);
	if (rc || p->err) {
		word_free(&b.w);
		return p->err ? p->err : perr(p, p->line, "word too long");
	}
	p->tok.word = b.w;
	return 0;
}

/* Reads the next token into p->tok. */
static int next(struct parser *p)
{
	const char *s = p->s;

	word_free(&p->tok.word);
	for (;;) {
		while (p->pos < p->len &&
		       (s[p->pos] == ' ' || s[p->pos] == '\t' ||
			s[p->pos] == '\r'))
			p->pos++;
		if (p->pos + 1 < p->len && s[p->pos] == '\\' &&
		    s[p->pos + 1] == '\n') {
			p->pos += 2;
			p->line++;
			continue;
		}
		if (p->pos < p->len && s[p->pos] == '#') {
			while (p->pos < p->len && s[p->pos] != '\n')
				p->pos++;
		}
		break;
	}
	p->tok.line = p->line;
	p->tok.plain = false;
	if (p->pos >= p->len || s[p->pos] == 0) {
		p->tok.type = T_EOF;
		return 0;
	}
	if (s[p->pos] == '\n' || s[p->pos] == ';') {
		p->line += s[p->pos] == '\n';
		p->pos++;
		p->tok.type = T_SEP;
		return 0;
	}
	if ((s[p->pos] == '{' || s[p->pos] == '}') &&
	    (p->pos + 1 >= p->len || delim(s[p->pos + 1]))) {
		p->tok.type = s[p->pos++] == '{' ? T_LBRACE : T_RBRACE;
		return 0;
	}
	p->tok.type = T_WORD;
	return lex_word(p);
}

static bool is_kw(const struct parser *p, const char *kw)
{
	return p->tok.type == T_WORD && p->tok.plain && p->tok.word.n == 1 &&
	       strcmp(p->tok.word.parts[0].text, kw) == 0;
}

/* Iterative: the sub-lists are spliced into the list being freed, so
 * no nesting or elif chain recurses. */
void gs_free(struct gnode *n)
{
	while (n) {
		struct gnode *nx = n->next, *subs[3] = {n->a, n->b, n->c};

		for (int i = 0; i < 3; i++) {
			struct gnode *t = subs[i];

			if (!t)
				continue;
			while (t->next)
				t = t->next;
			t->next = nx;
			nx = subs[i];
		}
		for (unsigned int i = 0; i < n->n_words; i++)
			word_free(&n->words[i]);
		free(n->words);
		free(n);
		n = nx;
	}
}

static struct gnode *node_new(struct parser *p, enum gnode_kind kind)
{
	struct gnode *n = calloc(1, sizeof(*n));

	if (!n) {
		p->err = -ENOMEM;
		return NULL;
	}
	n->kind = kind;
	n->line = p->tok.line;
	return n;
}

/* Moves the current word token into n's words. */
static int take_word(struct parser *p, struct gnode *n)
{
	struct gword *nw;

	if (n->n_words >= BC_MAX_ARGS)
		return perr(p, p->tok.line, "too many words");
	nw = realloc(n->words, (n->n_words + 1) * sizeof(*nw));
	if (!nw)
		return p->err = -ENOMEM;
	n->words = nw;
	nw[n->n_words++] = p->tok.word;
	p->tok.word.parts = NULL;
	p->tok.word.n = 0;
	return next(p);
}

static int parse_list(struct parser *p, int depth, const char *stops,
		      struct gnode **out);

/* Parses a list that must end at one of stops ("then|fi"); consumes the
 * stop and returns its index, or a negative errno. */
static int list_until(struct parser *p, int depth, const char *stops,
		      struct gnode **out, int line, const char *what)
{
	int rc = parse_list(p, depth, stops, out);

	if (rc == -ENOENT)
		return perr(p, line, what);
	if (rc >= 0 && next(p))
		return p->err ? p->err : -EINVAL;
	return rc;
}

/* if/elif/else/fi; each elif becomes an if node in the else part (a
 * chain the evaluator walks iteratively, bounded here). */
static int parse_if(struct parser *p, int depth, struct gnode *n)
{
	struct gnode *cur = n;
	int line = n->line, rc, elifs = 0;

	if (next(p))
		return p->err;
	for (;;) {
		rc = list_until(p, depth, "then", &cur->a, line,
				"'if' without 'then'");
		if (rc < 0)
			return rc;
		rc = list_until(p, depth, "elif|else|fi", &cur->b, line,
				"'if' without 'fi'");
		if (rc != 0)
			break;
		if (++elifs > 256)
			return perr(p, line, "too many elif");
		if (!(cur->c = node_new(p, GN_IF)))
			return -ENOMEM;
		cur = cur->c;
	}
	if (rc == 1)
		rc = list_until(p, depth, "fi", &cur->c, line,
				"'if' without 'fi'");
	return rc < 0 ? rc : 0;
}

static int parse_loop(struct parser *p, int depth, struct gnode *n)
{
	int rc;

	if (next(p))
		return p->err;
	if (n->kind == GN_FOR) {
		if (p->tok.type != T_WORD || take_word(p, n))
			return perr(p, n->line, "'for' without a name");
		if (!is_kw(p, "in") || next(p))
			return perr(p, n->line, "'for' without 'in'");
		while (p->tok.type == T_WORD && !is_kw(p, "do") && !p->err)
			if (take_word(p, n))
				return p->err;
		while (p->tok.type == T_SEP && !p->err)
			next(p);
		if (!is_kw(p, "do") || next(p))
			return perr(p, n->line, "'for' without 'do'");
	} else {
		rc = list_until(p, depth, "do", &n->a, n->line,
				"loop without 'do'");
		if (rc < 0)
			return rc;
	}
	rc =
	    list_until(p, depth, "done", &n->b, n->line, "loop without 'done'");
	return rc < 0 ? rc : 0;
}

/* function NAME { ... }, menuentry WORDS { ... }, submenu WORDS { ... } */
static int parse_block(struct parser *p, int depth, struct gnode *n)
{
	int rc;

	if (next(p))
		return p->err;
	while (p->tok.type == T_WORD && !p->err)
		if (take_word(p, n))
			return p->err;
	if (p->tok.type != T_LBRACE || next(p))
		return perr(p, n->line, "'{' missing");
	if (n->kind == GN_FUNC && n->n_words != 1)
		return perr(p, n->line, "function needs one name");
	rc = list_until(p, depth, "}", &n->a, n->line, "'}' missing");
	return rc < 0 ? rc : 0;
}

static int parse_command(struct parser *p, int depth, struct gnode **out)
{
	static const struct {
		const char *kw;
		enum gnode_kind kind;
	} kws[] = {{"if", GN_IF},	   {"while", GN_WHILE},
		   {"until", GN_UNTIL},	   {"for", GN_FOR},
		   {"function", GN_FUNC},  {"menuentry", GN_MENU},
		   {"submenu", GN_SUBMENU}};
	struct gnode *n;
	int rc = 0;

	for (unsigned int i = 0; i < sizeof(kws) / sizeof(kws[0]); i++) {
		if (!is_kw(p, kws[i].kw))
			continue;
		if (!(n = node_new(p, kws[i].kind)))
			return -ENOMEM;
		*out = n;
		if (n->kind == GN_IF)
			return parse_if(p, depth, n);
		if (n->kind <= GN_FOR)
			return parse_loop(p, depth, n);
		return parse_block(p, depth, n);
	}
	if (!(n = node_new(p, GN_CMD)))
		return -ENOMEM;
	*out = n;
	while (p->tok.type == T_WORD && !rc)
		rc = take_word(p, n);
	return rc;
}

/* Parses commands until EOF or a keyword of stops in command position
 * ("}" stands for the closing brace).  Returns the index of the stop
 * met, -ENOENT at EOF when stops is not empty, else 0 at EOF. */
static int parse_list(struct parser *p, int depth, const char *stops,
		      struct gnode **out)
{
	struct gnode **tail = out;

	if (depth >= BC_MAX_NEST)
		return perr(p, p->tok.line, "nested too deeply");
	*out = NULL;
	while (!p->err) {
		if (p->tok.type == T_SEP) {
			next(p);
			continue;
		}
		if (p->tok.type == T_EOF)
			return stops[0] ? -ENOENT : 0;
		int idx = 0;
		for (const char *s = stops; *s; idx++) {
			size_t n = strcspn(s, "|");
			bool brace = n == 1 && s[0] == '}';

			if ((brace && p->tok.type == T_RBRACE) ||
			    (!brace && p->tok.type == T_WORD && p->tok.plain &&
			     p->tok.word.n == 1 &&
			     strlen(p->tok.word.parts[0].text) == n &&
			     memcmp(p->tok.word.parts[0].text, s, n) == 0))
				return idx;
			s += n + (s[n] == '|');
		}
		if (p->tok.type == T_RBRACE)
			return perr(p, p->tok.line, "unexpected '}'");
		if (p->tok.type == T_LBRACE)
			return perr(p, p->tok.line, "unexpected '{'");
		if (is_kw(p, "then") || is_kw(p, "elif") || is_kw(p, "else") ||
		    is_kw(p, "fi") || is_kw(p, "do") || is_kw(p, "done"))
			return perr(p, p->tok.line, "unexpected keyword");
		if (parse_command(p, depth + 1, tail) < 0 || p->err)
			return p->err ? p->err : -EINVAL;
		tail = &(*tail)->next;
	}
	return p->err;
}

int gs_parse(const char *text, size_t len, const char *file,
	     struct bootcfg_host *h, struct gnode **out)
{
	struct parser p = {
	    .s = text, .len = len, .line = 1, .file = file, .h = h};
	int rc;

	*out = NULL;
	if (len > BC_MAX_TEXT) {
		bc_printf(h, "%s: too big (%zu bytes)", file, len);
		return -EFBIG;
	}
	if (next(&p) == 0)
		rc = parse_list(&p, 0, "", out);
	else
		rc = p.err;
	word_free(&p.tok.word);
	if (rc < 0 || p.err) {
		gs_free(*out);
		*out = NULL;
		return p.err ? p.err : rc;
	}
	return 0;
}
