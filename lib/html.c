/* html: HTML rendered as readable plain text.
 *
 * One forward pass over the input: a tokenizer finds text, character
 * references, tags, comments and raw-text elements, and hands them to a
 * renderer that lays words out in lines. Nothing recurses and all nesting
 * state is bounded, so hostile input costs linear time and fixed memory
 * beyond the output (and the list of link targets). */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "charset.h"
#include "html.h"
#include "mem.h"
#include "width.h"

#define MAX_FRAMES	32	/* lists and quotes tracked; deeper: flat */
#define MAX_PREFIX	128	/* bytes of line prefix at most */
#define MAX_ENTITY	32	/* longest reference name looked up */
#define MAX_LINKTEXT	4096	/* link text kept, to compare */
#define MAX_COUNTER	999999L	/* list numbers clamped to +-this */
#define HR_DEFAULT	40	/* dashes in a rule when not wrapping */
#define META_WINDOW	4096	/* bytes searched for <meta charset> */

/* ---- characters --------------------------------------------------------- */

/* Whether a line may break before and after cp: the ideographic scripts
 * that put no spaces between words. */
static int
cp_breakable(unsigned long cp)
{
	return (cp >= 0x2E80 && cp <= 0x9FFF) ||
	    (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
	    (cp >= 0xFF00 && cp <= 0xFF60) || (cp >= 0x20000 && cp <= 0x3FFFD);
}

/* HTML white space; a no-break space is taken as a plain one so that
 * text wraps. */
static int
cp_space(unsigned long cp)
{
	return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' ||
	    cp == '\f' || cp == 0xA0;
}

static int
lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

static int
is_alpha(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int
is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static int
is_hex(int c)
{
	return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

static int
is_ws(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

/* Whether s[0..n) equals the lowercase word w, ignoring ASCII case. */
static int
eq_word(const char *s, size_t n, const char *w)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (w[i] == '\0' || lower((unsigned char)s[i]) != w[i])
			return 0;
	return w[n] == '\0';
}

/* Whether s[0..n) starts with the lowercase word w, ignoring ASCII case. */
static int
starts_word(const char *s, size_t n, const char *w)
{
	size_t k = strlen(w);

	return n >= k && eq_word(s, k, w);
}

/* The first place pat occurs in s[from..n), or n. pat is short, so the
 * naive search stays linear. */
static size_t
find(const char *s, size_t n, size_t from, const char *pat)
{
	size_t k = strlen(pat), i;

	for (i = from; i + k <= n; i++)
		if (s[i] == pat[0] && memcmp(s + i, pat, k) == 0)
			return i;
	return n;
}

/* ---- character references --------------------------------------------- */

struct entity {
	const char *name;
	unsigned long cp;
};

/* The common named references, sorted by name (strcmp order). */
static const struct entity entities[] = {
	{ "AElig", 0x00C6 }, { "AMP", 0x0026 }, { "Aacute", 0x00C1 },
	{ "Acirc", 0x00C2 }, { "Agrave", 0x00C0 }, { "Aring", 0x00C5 },
	{ "Atilde", 0x00C3 }, { "Auml", 0x00C4 }, { "COPY", 0x00A9 },
	{ "Ccedil", 0x00C7 }, { "Dagger", 0x2021 }, { "Delta", 0x0394 },
	{ "ETH", 0x00D0 }, { "Eacute", 0x00C9 }, { "Ecirc", 0x00CA },
	{ "Egrave", 0x00C8 }, { "Euml", 0x00CB }, { "GT", 0x003E },
	{ "Iacute", 0x00CD }, { "Icirc", 0x00CE }, { "Igrave", 0x00CC },
	{ "Iuml", 0x00CF }, { "LT", 0x003C }, { "Ntilde", 0x00D1 },
	{ "OElig", 0x0152 }, { "Oacute", 0x00D3 }, { "Ocirc", 0x00D4 },
	{ "Ograve", 0x00D2 }, { "Omega", 0x03A9 }, { "Oslash", 0x00D8 },
	{ "Otilde", 0x00D5 }, { "Ouml", 0x00D6 }, { "Pi", 0x03A0 },
	{ "Prime", 0x2033 }, { "QUOT", 0x0022 }, { "REG", 0x00AE },
	{ "Scaron", 0x0160 }, { "Sigma", 0x03A3 }, { "THORN", 0x00DE },
	{ "Uacute", 0x00DA }, { "Ucirc", 0x00DB }, { "Ugrave", 0x00D9 },
	{ "Uuml", 0x00DC }, { "Yacute", 0x00DD }, { "Yuml", 0x0178 },
	{ "aacute", 0x00E1 }, { "acirc", 0x00E2 }, { "acute", 0x00B4 },
	{ "aelig", 0x00E6 }, { "agrave", 0x00E0 }, { "alpha", 0x03B1 },
	{ "amp", 0x0026 }, { "apos", 0x0027 }, { "aring", 0x00E5 },
	{ "asymp", 0x2248 }, { "atilde", 0x00E3 }, { "auml", 0x00E4 },
	{ "bdquo", 0x201E }, { "beta", 0x03B2 }, { "brvbar", 0x00A6 },
	{ "bull", 0x2022 }, { "ccedil", 0x00E7 }, { "cedil", 0x00B8 },
	{ "cent", 0x00A2 }, { "check", 0x2713 }, { "circ", 0x02C6 },
	{ "clubs", 0x2663 }, { "copy", 0x00A9 }, { "cross", 0x2717 },
	{ "curren", 0x00A4 }, { "dArr", 0x21D3 }, { "dagger", 0x2020 },
	{ "darr", 0x2193 }, { "deg", 0x00B0 }, { "delta", 0x03B4 },
	{ "diams", 0x2666 }, { "divide", 0x00F7 }, { "eacute", 0x00E9 },
	{ "ecirc", 0x00EA }, { "egrave", 0x00E8 }, { "emsp", 0x2003 },
	{ "ensp", 0x2002 }, { "epsilon", 0x03B5 }, { "eth", 0x00F0 },
	{ "euml", 0x00EB }, { "euro", 0x20AC }, { "fnof", 0x0192 },
	{ "frac12", 0x00BD }, { "frac14", 0x00BC }, { "frac34", 0x00BE },
	{ "frasl", 0x2044 }, { "gamma", 0x03B3 }, { "ge", 0x2265 },
	{ "gt", 0x003E }, { "hArr", 0x21D4 }, { "harr", 0x2194 },
	{ "hearts", 0x2665 }, { "hellip", 0x2026 }, { "iacute", 0x00ED },
	{ "icirc", 0x00EE }, { "iexcl", 0x00A1 }, { "igrave", 0x00EC },
	{ "infin", 0x221E }, { "iquest", 0x00BF }, { "iuml", 0x00EF },
	{ "lArr", 0x21D0 }, { "lambda", 0x03BB }, { "laquo", 0x00AB },
	{ "larr", 0x2190 }, { "ldquo", 0x201C }, { "le", 0x2264 },
	{ "loz", 0x25CA }, { "lrm", 0x200E }, { "lsaquo", 0x2039 },
	{ "lsquo", 0x2018 }, { "lt", 0x003C }, { "macr", 0x00AF },
	{ "mdash", 0x2014 }, { "micro", 0x00B5 }, { "middot", 0x00B7 },
	{ "minus", 0x2212 }, { "mu", 0x03BC }, { "nbsp", 0x00A0 },
	{ "ndash", 0x2013 }, { "ne", 0x2260 }, { "not", 0x00AC },
	{ "ntilde", 0x00F1 }, { "oacute", 0x00F3 }, { "ocirc", 0x00F4 },
	{ "oelig", 0x0153 }, { "ograve", 0x00F2 }, { "oline", 0x203E },
	{ "omega", 0x03C9 }, { "ordf", 0x00AA }, { "ordm", 0x00BA },
	{ "oslash", 0x00F8 }, { "otilde", 0x00F5 }, { "ouml", 0x00F6 },
	{ "para", 0x00B6 }, { "permil", 0x2030 }, { "pi", 0x03C0 },
	{ "plusmn", 0x00B1 }, { "pound", 0x00A3 }, { "prime", 0x2032 },
	{ "quot", 0x0022 }, { "rArr", 0x21D2 }, { "raquo", 0x00BB },
	{ "rarr", 0x2192 }, { "rdquo", 0x201D }, { "reg", 0x00AE },
	{ "rlm", 0x200F }, { "rsaquo", 0x203A }, { "rsquo", 0x2019 },
	{ "sbquo", 0x201A }, { "scaron", 0x0161 }, { "sect", 0x00A7 },
	{ "shy", 0x00AD }, { "sigma", 0x03C3 }, { "spades", 0x2660 },
	{ "star", 0x2606 }, { "starf", 0x2605 }, { "sup1", 0x00B9 },
	{ "sup2", 0x00B2 }, { "sup3", 0x00B3 }, { "szlig", 0x00DF },
	{ "thinsp", 0x2009 }, { "thorn", 0x00FE }, { "tilde", 0x02DC },
	{ "times", 0x00D7 }, { "trade", 0x2122 }, { "uArr", 0x21D1 },
	{ "uacute", 0x00FA }, { "uarr", 0x2191 }, { "ucirc", 0x00FB },
	{ "ugrave", 0x00F9 }, { "uml", 0x00A8 }, { "uuml", 0x00FC },
	{ "yacute", 0x00FD }, { "yen", 0x00A5 }, { "yuml", 0x00FF },
	{ "zwj", 0x200D }, { "zwnj", 0x200C },
};

/* What numeric references to 0x80-0x9F mean: windows-1252, as browsers
 * read them (0: no character there). */
static const unsigned short cp1252_c1[32] = {
	0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
	0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
};

static int
entity_cmp(const void *key, const void *elem)
{
	return strcmp(key, ((const struct entity *)elem)->name);
}

/* The code point a numeric reference stands for: nothing invalid or
 * terminal-active comes out of it, only U+FFFD. */
static unsigned long
numeric_cp(unsigned long v)
{
	if (v >= 0x80 && v <= 0x9F)
		return cp1252_c1[v - 0x80] ? cp1252_c1[v - 0x80] : 0xFFFD;
	if (v == 0 || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF) ||
	    (v < 0x20 && !is_ws((int)v)) || v == 0x7F)
		return 0xFFFD;
	return v;
}

/* A numeric reference "&#123;" or "&#x1F600;" at s[0..n) (s[0] == '&',
 * s[1] == '#'): return its length and set *cp, or 0 when it is not a
 * complete one (no digits, no ';'). */
static size_t
parse_numeric(const char *s, size_t n, unsigned long *cp)
{
	unsigned long v = 0;
	size_t i = 2, start;
	int hex = 0;

	if (i < n && (s[i] == 'x' || s[i] == 'X')) {
		hex = 1;
		i++;
	}
	start = i;
	for (; i < n; i++) {
		int c = (unsigned char)s[i], d;

		if (hex && is_hex(c))
			d = is_digit(c) ? c - '0' : lower(c) - 'a' + 10;
		else if (!hex && is_digit(c))
			d = c - '0';
		else
			break;
		/* Saturate: anything past U+10FFFF is as bad as any other. */
		if (v <= 0x10FFFF)
			v = v * (hex ? 16 : 10) + (unsigned long)d;
	}
	if (i == start || i >= n || s[i] != ';')
		return 0;
	*cp = numeric_cp(v);
	return i + 1;
}

/* A character reference at s[0..n) (s[0] == '&'): return its length and
 * set *cp, or 0 when there is none; unknown or unterminated ones are then
 * text. */
static size_t
parse_entity(const char *s, size_t n, unsigned long *cp)
{
	char name[MAX_ENTITY + 1];
	const struct entity *e;
	size_t i;

	if (n >= 2 && s[1] == '#')
		return parse_numeric(s, n, cp);
	for (i = 1; i < n && i <= MAX_ENTITY; i++) {
		int c = (unsigned char)s[i];

		if (!is_alpha(c) && !is_digit(c))
			break;
		name[i - 1] = (char)c;
	}
	if (i == 1 || i >= n || s[i] != ';')
		return 0;
	name[i - 1] = '\0';
	e = bsearch(name, entities, sizeof entities / sizeof entities[0],
	    sizeof entities[0], entity_cmp);
	if (e == NULL)
		return 0;
	*cp = e->cp;
	return i + 1;
}

/* Append s[0..n) to out with its character references decoded. */
static void
decode_refs(const char *s, size_t n, struct pst_buf *out)
{
	size_t i = 0, k;
	unsigned long cp;

	while (i < n) {
		if (s[i] == '&' && (k = parse_entity(s + i, n - i, &cp)) > 0) {
			pst_buf_addutf8(out, cp);
			i += k;
		} else
			pst_buf_addc(out, s[i++]);
	}
}

/* ---- tags --------------------------------------------------------------- */

struct span {
	const char *p;
	size_t n;
	int set;
};

struct tag {
	char name[16];		/* lowercase; "" when too long to know */
	int end;		/* </name> */
	int eof;		/* the input ended inside the tag */
	struct span href, alt, start, charset, http_equiv, content;
};

/* Record an attribute the renderer uses; the first of a name counts. */
static void
tag_attr(struct tag *t, const char *name, size_t nlen, const char *v,
    size_t vlen)
{
	static const struct {
		const char *name;
		size_t off;
	} known[] = {
		{ "href", offsetof(struct tag, href) },
		{ "alt", offsetof(struct tag, alt) },
		{ "start", offsetof(struct tag, start) },
		{ "charset", offsetof(struct tag, charset) },
		{ "http-equiv", offsetof(struct tag, http_equiv) },
		{ "content", offsetof(struct tag, content) },
	};
	size_t i;

	for (i = 0; i < sizeof known / sizeof known[0]; i++) {
		struct span *sp;

		if (!eq_word(name, nlen, known[i].name))
			continue;
		sp = (struct span *)(void *)((char *)t + known[i].off);
		if (!sp->set) {
			sp->p = v;
			sp->n = vlen;
			sp->set = 1;
		}
		return;
	}
}

static size_t
skip_ws(const char *in, size_t len, size_t j)
{
	while (j < len && is_ws((unsigned char)in[j]))
		j++;
	return j;
}

/* Parse the attributes of a tag from in[j]; return the index after its
 * '>', or len with t->eof set when the input ends first (a quoted value
 * may hold '>'). */
static size_t
parse_attrs(const char *in, size_t len, size_t j, struct tag *t)
{
	while (j < len) {
		size_t a, an, v = j, vn = 0;
		int c = (unsigned char)in[j];

		if (is_ws(c) || c == '/') {
			j++;
			continue;
		}
		if (c == '>')
			return j + 1;
		/* The name: a first '=' is part of it, as in browsers. */
		a = j++;
		while (j < len && !is_ws((unsigned char)in[j]) &&
		    in[j] != '/' && in[j] != '>' && in[j] != '=')
			j++;
		an = j - a;
		j = skip_ws(in, len, j);
		if (j < len && in[j] == '=') {
			j = skip_ws(in, len, j + 1);
			if (j < len && (in[j] == '"' || in[j] == '\'')) {
				char q = in[j++];

				v = j;
				while (j < len && in[j] != q)
					j++;
				if (j >= len)
					break;
				vn = j++ - v;
			} else {
				v = j;
				while (j < len && in[j] != '>' &&
				    !is_ws((unsigned char)in[j]))
					j++;
				vn = j - v;
			}
		}
		tag_attr(t, in + a, an, in + v, vn);
	}
	t->eof = 1;
	return len;
}

/* Parse the tag at in[i] == '<' ("<name ...>" or "</name ...>", name
 * starting with a letter). Return the index after it (t->eof set when
 * the input ended inside it), or 0 when in[i] starts no tag. */
static size_t
parse_tag(const char *in, size_t len, size_t i, struct tag *t)
{
	size_t j = i + 1, k = 0;
	int toolong = 0;

	memset(t, 0, sizeof *t);
	if (j < len && in[j] == '/') {
		t->end = 1;
		j++;
	}
	if (j >= len || !is_alpha((unsigned char)in[j]))
		return 0;
	for (; j < len && !is_ws((unsigned char)in[j]) && in[j] != '/' &&
	    in[j] != '>'; j++) {
		if (k < sizeof t->name - 1)
			t->name[k++] = (char)lower((unsigned char)in[j]);
		else
			toolong = 1;
	}
	t->name[toolong ? 0 : k] = '\0';
	return parse_attrs(in, len, j, t);
}

/* ---- the renderer ------------------------------------------------------- */

enum frame_kind { FR_QUOTE, FR_LIST };

/* A blockquote or list that the lines are currently inside. */
struct frame {
	enum frame_kind kind;
	int ordered;
	int items;		/* <li>s seen */
	long counter;		/* the number of the current item */
	char marker[16];	/* "* " or "12. " */
	size_t marker_len;
	int marker_pending;	/* the next line shows the marker */
};

struct link {
	size_t off, len;	/* the URL in render.urls */
};

struct render {
	struct pst_buf *out;
	size_t width;		/* 0: no wrapping */

	struct frame fr[MAX_FRAMES];
	size_t nfr;
	size_t overflow;	/* frames opened past MAX_FRAMES */

	struct pst_buf word;	/* the word being collected */
	struct pst_buf ref;	/* a character reference, as UTF-8 */
	size_t word_cols;
	int pending_space;	/* white space since the last word */
	int break_ok;		/* a break may come before the next word */
	int pending_sep;	/* a table cell began: " | " before next word */
	int line_open;		/* a line was started and not ended */
	size_t col;		/* columns used on the open line */
	int want_blank;		/* a blank line before the next line */
	int item_start;		/* a list item began, still empty */
	int started;		/* some line was written */
	size_t last_quotes;	/* quote depth of the last line written */
	size_t row_cells;	/* cells seen in this table row */

	size_t pre;		/* open <pre> elements */
	int pre_skip_lf;	/* a newline right after <pre> is dropped */
	size_t pre_blank;	/* empty lines held back inside <pre> */
	int in_head;
	int text_only;		/* a tag ran to the end: rest is text */
	unsigned raw_unclosed;	/* raw-text elements never closed */

	int link_open;		/* inside <a href> with a useful URL */
	struct pst_buf href;
	struct pst_buf link_text;
	int link_text_long;

	struct pst_buf urls;	/* every numbered URL, back to back */
	struct link *links;
	size_t nlinks, linkcap;
	size_t *slots;		/* URL hash: link index + 1, 0 free */
	size_t nslots;
};

static size_t
quote_depth(const struct render *r)
{
	size_t i, q = 0;

	for (i = 0; i < r->nfr; i++)
		if (r->fr[i].kind == FR_QUOTE)
			q++;
	return q;
}

static const char spaces[] = "                ";

/* Build the prefix for a new line: "> " per quote, the list marker on an
 * item's first line and its width in spaces after. Consumes the markers. */
static size_t
build_prefix(struct render *r, char *p, size_t size)
{
	size_t i, n = 0;

	for (i = 0; i < r->nfr; i++) {
		struct frame *f = &r->fr[i];
		const char *s;
		size_t k;

		if (f->kind == FR_QUOTE) {
			s = "> ";
			k = 2;
		} else if (f->marker_pending) {
			s = f->marker;
			k = f->marker_len;
			f->marker_pending = 0;
		} else {
			s = spaces;
			k = f->marker_len;
		}
		if (k > size - n)
			continue;
		memcpy(p + n, s, k);
		n += k;
	}
	return n;
}

/* A blank line; inside quotes it carries the markers both of its
 * neighbours share, without trailing space (">", "> >"). */
static void
blank_line(struct render *r, size_t quotes)
{
	size_t i;

	for (i = 0; i < quotes; i++) {
		if (i > 0)
			pst_buf_addc(r->out, ' ');
		pst_buf_addc(r->out, '>');
	}
	pst_buf_addc(r->out, '\n');
}

static void
start_line(struct render *r)
{
	char prefix[MAX_PREFIX];
	size_t q = quote_depth(r), n;

	if (r->want_blank && r->started)
		blank_line(r, q < r->last_quotes ? q : r->last_quotes);
	r->want_blank = 0;
	n = build_prefix(r, prefix, sizeof prefix);
	pst_buf_add(r->out, prefix, n);
	r->col = n;
	r->line_open = 1;
	r->started = 1;
	r->last_quotes = q;
	r->pending_space = 0;
	r->break_ok = 0;
	r->item_start = 0;
}

static void
end_line(struct render *r)
{
	if (r->line_open)
		pst_buf_addc(r->out, '\n');
	r->line_open = 0;
	r->pending_space = 0;
	r->break_ok = 0;
	r->pending_sep = 0;
}

/* Put a word on the line, breaking the line before it when it would pass
 * the width and a break is allowed there. A word is never split. */
static void
put_word(struct render *r, const char *s, size_t n, size_t cols)
{
	if (r->line_open && (r->pending_space || r->break_ok) &&
	    r->width > 0 && r->pre == 0 &&
	    r->col + (r->pending_space ? 1 : 0) + cols > r->width)
		end_line(r);
	if (!r->line_open)
		start_line(r);
	else if (r->pending_space) {
		pst_buf_addc(r->out, ' ');
		r->col++;
	}
	pst_buf_add(r->out, s, n);
	r->col += cols;
	r->pending_space = 0;
	r->break_ok = 0;
}

/* Keep the words of a link's text, to see whether they just repeat the
 * URL. */
static void
note_link_text(struct render *r, const char *s, size_t n, int space)
{
	if (r->link_text_long)
		return;
	if (r->link_text.len + n + 1 > MAX_LINKTEXT) {
		r->link_text_long = 1;
		return;
	}
	if (space && r->link_text.len > 0)
		pst_buf_addc(&r->link_text, ' ');
	pst_buf_add(&r->link_text, s, n);
}

/* Put a word of text: the table cell separator first when one is due. */
static void
place_word(struct render *r, const char *s, size_t n, size_t cols)
{
	int space = r->pending_space;

	if (r->pending_sep) {
		r->pending_sep = 0;
		if (r->line_open) {
			r->pending_space = 1;
			put_word(r, "|", 1, 1);
			r->pending_space = 1;
		}
	}
	if (r->link_open)
		note_link_text(r, s, n, space);
	put_word(r, s, n, cols);
}

/* The collected word goes out. A word of nothing visible (the zero-width
 * padding newsletters put in their preview text) is dropped. */
static void
flush_word(struct render *r)
{
	if (r->word.len > 0 && r->word_cols > 0)
		place_word(r, r->word.p, r->word.len, r->word_cols);
	pst_buf_reset(&r->word);
	r->word_cols = 0;
}

/* Ask for a line break, and for a blank line when blank is set. */
static void
request_break(struct render *r, int blank)
{
	flush_word(r);
	if (r->item_start)
		return;	/* the item's first line comes next anyway */
	end_line(r);
	if (blank)
		r->want_blank = 1;
}

/* Empty lines inside <pre>, written once text follows them. */
static void
flush_pre_blank(struct render *r)
{
	size_t q = quote_depth(r);

	if (r->pre_blank == 0)
		return;
	if (r->started) {
		while (r->pre_blank-- > 0)
			blank_line(r, q);
		r->want_blank = 0;
		r->last_quotes = q;
	}
	r->pre_blank = 0;
}

/* One character of preformatted text: kept as it is, lines and all. */
static void
pre_char(struct render *r, const char *s, size_t n, unsigned long cp)
{
	if (cp == '\r')
		return;
	if (cp == '\n') {
		if (r->pre_skip_lf)
			r->pre_skip_lf = 0;
		else if (r->line_open)
			end_line(r);
		else
			r->pre_blank++;
		return;
	}
	r->pre_skip_lf = 0;
	if (!r->line_open) {
		flush_pre_blank(r);
		start_line(r);
	}
	pst_buf_add(r->out, s, n);
	r->col += (size_t)pst_width_cp(cp);
}

/* One character of text, s[0..n) being its bytes (or one invalid byte,
 * cp then U+FFFD). */
static void
text_char(struct render *r, const char *s, size_t n, unsigned long cp)
{
	if (r->in_head)
		return;
	if (cp == 0xA0) {
		s = " ";
		n = 1;
		cp = ' ';
	}
	if (r->pre > 0) {
		pre_char(r, s, n, cp);
		return;
	}
	if (cp_space(cp)) {
		flush_word(r);
		r->pending_space = 1;
		return;
	}
	if (cp_breakable(cp)) {
		/* Ideographs each make a word a line may break around. */
		flush_word(r);
		r->break_ok = 1;
		pst_buf_add(&r->word, s, n);
		r->word_cols = (size_t)pst_width_cp(cp);
		flush_word(r);
		r->break_ok = 1;
		return;
	}
	pst_buf_add(&r->word, s, n);
	r->word_cols += (size_t)pst_width_cp(cp);
}

/* Feed text s[0..n) with its character references decoded. */
static void
text_decoded(struct render *r, const char *s, size_t n)
{
	size_t i = 0, k;
	unsigned long cp;

	while (i < n) {
		if (s[i] == '&' && (k = parse_entity(s + i, n - i, &cp)) > 0) {
			pst_buf_reset(&r->ref);
			pst_buf_addutf8(&r->ref, cp);
			text_char(r, r->ref.p, r->ref.len, cp);
			i += k;
		} else if ((k = pst_utf8_decode(s + i, n - i, &cp)) > 0) {
			text_char(r, s + i, k, cp);
			i += k;
		} else {
			text_char(r, s + i, 1, 0xFFFD);
			i++;
		}
	}
}

/* ---- links -------------------------------------------------------------- */

static size_t
hash_url(const char *s, size_t n)
{
	uint64_t h = 14695981039346656037ULL;
	size_t i;

	for (i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 1099511628211ULL;
	}
	return (size_t)h;
}

/* Make the hash table of URLs twice as large. */
static void
grow_slots(struct render *r)
{
	size_t nslots = r->nslots ? r->nslots * 2 : 64, i;
	size_t *slots = pst_xcalloc(nslots, sizeof *slots);

	for (i = 0; i < r->nlinks; i++) {
		const struct link *l = &r->links[i];
		size_t h = hash_url(r->urls.p + l->off, l->len) & (nslots - 1);

		while (slots[h] != 0)
			h = (h + 1) & (nslots - 1);
		slots[h] = i + 1;
	}
	free(r->slots);
	r->slots = slots;
	r->nslots = nslots;
}

/* The reference number of url: the one it already has, or the next. */
static size_t
link_number(struct render *r, const char *url, size_t n)
{
	size_t h;

	if (2 * (r->nlinks + 1) > r->nslots)
		grow_slots(r);
	for (h = hash_url(url, n) & (r->nslots - 1); r->slots[h] != 0;
	    h = (h + 1) & (r->nslots - 1)) {
		const struct link *l = &r->links[r->slots[h] - 1];

		if (l->len == n && memcmp(r->urls.p + l->off, url, n) == 0)
			return r->slots[h];
	}
	if (r->nlinks == r->linkcap) {
		r->linkcap = r->linkcap ? r->linkcap * 2 : 16;
		r->links = pst_xreallocarray(r->links, r->linkcap,
		    sizeof *r->links);
	}
	r->links[r->nlinks].off = r->urls.len;
	r->links[r->nlinks].len = n;
	pst_buf_add(&r->urls, url, n);
	r->slots[h] = ++r->nlinks;
	return r->nlinks;
}

/* Whether a link's text is just its URL, so a reference adds nothing. */
static int
text_is_url(const char *t, size_t tn, const char *u, size_t un)
{
	static const char *const schemes[] = { "mailto:", "http://",
	    "https://" };
	size_t i;

	if (tn == 0)
		return 0;
	for (i = 0; i < sizeof schemes / sizeof schemes[0]; i++)
		if (starts_word(u, un, schemes[i]) &&
		    starts_word(t, tn, schemes[i]) == 0) {
			u += strlen(schemes[i]);
			un -= strlen(schemes[i]);
			break;
		}
	if (un == tn + 1 && u[tn] == '/')
		un--;
	if (tn == un + 1 && t[un] == '/')
		tn--;
	return tn == un && memcmp(t, u, tn) == 0;
}

/* Close the open link: its reference number follows its text. */
static void
link_end(struct render *r)
{
	char mark[32];
	int n, space;

	if (!r->link_open)
		return;
	flush_word(r);
	r->link_open = 0;
	if (!r->link_text_long && text_is_url(r->link_text.p,
	    r->link_text.len, r->href.p, r->href.len))
		return;
	n = snprintf(mark, sizeof mark, "[%zu]",
	    link_number(r, r->href.p, r->href.len));
	if (n < 0 || (size_t)n >= sizeof mark)
		return;
	/* White space before the mark goes after it. */
	space = r->pending_space;
	r->pending_sep = 0;
	r->pending_space = 1;
	put_word(r, mark, (size_t)n, (size_t)n);
	r->pending_space = space;
}

/* Whether a URL is worth listing: not empty, not a fragment of this page,
 * not script or inline data. */
static int
url_useful(const char *u, size_t n)
{
	return n > 0 && u[0] != '#' && !starts_word(u, n, "javascript:") &&
	    !starts_word(u, n, "vbscript:") && !starts_word(u, n, "data:");
}

static void
link_begin(struct render *r, const struct span *href)
{
	struct pst_buf raw = { 0 };
	size_t i, a, b;

	link_end(r);		/* links do not nest */
	if (!href->set)
		return;
	/* URLs lose their tabs and newlines, and the spaces around them. */
	decode_refs(href->p, href->n, &raw);
	pst_buf_reset(&r->href);
	for (a = 0; a < raw.len && is_ws((unsigned char)raw.p[a]); a++)
		continue;
	for (b = raw.len; b > a && is_ws((unsigned char)raw.p[b - 1]); b--)
		continue;
	for (i = a; i < b; i++)
		if (raw.p[i] != '\t' && raw.p[i] != '\n' && raw.p[i] != '\r')
			pst_buf_addc(&r->href, raw.p[i]);
	pst_buf_free(&raw);
	if (!url_useful(r->href.p, r->href.len))
		return;
	r->link_open = 1;
	pst_buf_reset(&r->link_text);
	r->link_text_long = 0;
}

/* ---- elements ----------------------------------------------------------- */

static void
push_frame(struct render *r, enum frame_kind kind, int ordered, long start)
{
	struct frame *f;

	if (r->nfr == MAX_FRAMES) {
		r->overflow++;
		return;
	}
	f = &r->fr[r->nfr++];
	memset(f, 0, sizeof *f);
	f->kind = kind;
	f->ordered = ordered;
	f->counter = start - 1;
}

/* Close the innermost frame of this kind, and any opened inside it. */
static void
pop_frame(struct render *r, enum frame_kind kind)
{
	size_t i;

	if (r->overflow > 0) {
		r->overflow--;
		return;
	}
	for (i = r->nfr; i > 0; i--)
		if (r->fr[i - 1].kind == kind) {
			r->nfr = i - 1;
			return;
		}
}

/* The innermost list, or NULL. */
static struct frame *
inner_list(struct render *r)
{
	size_t i;

	for (i = r->nfr; i > 0; i--)
		if (r->fr[i - 1].kind == FR_LIST)
			return &r->fr[i - 1];
	return NULL;
}

/* The value of <ol start=N>, clamped. */
static long
list_start(const struct span *s)
{
	long v = 0;
	size_t i = 0;
	int neg = 0;

	if (!s->set)
		return 1;
	while (i < s->n && is_ws((unsigned char)s->p[i]))
		i++;
	if (i < s->n && (s->p[i] == '-' || s->p[i] == '+'))
		neg = s->p[i++] == '-';
	if (i >= s->n || !is_digit((unsigned char)s->p[i]))
		return 1;
	for (; i < s->n && is_digit((unsigned char)s->p[i]); i++)
		if (v <= MAX_COUNTER)
			v = v * 10 + (s->p[i] - '0');
	if (v > MAX_COUNTER)
		v = MAX_COUNTER;
	return neg ? -v : v;
}

static void
list_open(struct render *r, int ordered, const struct tag *t)
{
	/* Lists inside lists sit tight; others are paragraphs. */
	request_break(r, inner_list(r) == NULL);
	push_frame(r, FR_LIST, ordered, ordered ? list_start(&t->start) : 1);
}

static void
list_close(struct render *r)
{
	request_break(r, 0);
	pop_frame(r, FR_LIST);
	r->item_start = 0;
	if (inner_list(r) == NULL)
		r->want_blank = 1;
}

static void
list_item(struct render *r)
{
	struct frame *f;
	int n;

	flush_word(r);
	end_line(r);
	r->item_start = 0;
	if (r->overflow > 0)
		return;		/* an item of a list too deep to track */
	if ((f = inner_list(r)) == NULL) {
		push_frame(r, FR_LIST, 0, 1);	/* <li> with no list */
		if ((f = inner_list(r)) == NULL)
			return;
	}
	/* The item closes what the last one left open. */
	r->nfr = (size_t)(f - r->fr) + 1;
	if (f->items++ > 0)
		r->want_blank = 0;	/* items follow each other tightly */
	if (f->counter < MAX_COUNTER)
		f->counter++;
	n = f->ordered ? snprintf(f->marker, sizeof f->marker, "%ld. ",
	    f->counter) : snprintf(f->marker, sizeof f->marker, "* ");
	if (n < 0 || (size_t)n >= sizeof f->marker)
		n = 0;
	f->marker_len = (size_t)n;
	f->marker_pending = 1;
	r->item_start = 1;
}

static void
rule(struct render *r)
{
	size_t n, i;

	request_break(r, 1);
	start_line(r);
	n = HR_DEFAULT;
	if (r->width > 0)
		n = r->width > r->col + 3 ? r->width - r->col : 3;
	for (i = 0; i < n; i++)
		pst_buf_addc(r->out, '-');
	end_line(r);
	r->want_blank = 1;
}

static void
image(struct render *r, const struct tag *t)
{
	struct pst_buf alt = { 0 };

	if (!t->alt.set || t->alt.n == 0)
		return;
	decode_refs(t->alt.p, t->alt.n, &alt);
	flush_word(r);
	r->pending_space = 1;
	text_decoded(r, alt.p, alt.len);
	flush_word(r);
	r->pending_space = 1;
	pst_buf_free(&alt);
}

static void
line_break(struct render *r)
{
	if (r->pre > 0) {
		pre_char(r, "\n", 1, '\n');
		return;
	}
	flush_word(r);
	if (r->item_start)
		return;
	if (r->line_open)
		end_line(r);
	else
		r->want_blank = 1;
}

static void
table_cell(struct render *r)
{
	flush_word(r);
	if (r->row_cells++ > 0 && r->line_open)
		r->pending_sep = 1;
	r->pending_space = 1;
}

enum elem {
	E_INLINE, E_A, E_BLOCK, E_BODY, E_BR, E_HEAD, E_HEADONLY, E_HR,
	E_IMG, E_LI, E_OL, E_PARA, E_PRE, E_QUOTE, E_RAW, E_TD, E_TR, E_UL,
	E_WBR,
};

struct elem_name {
	const char *name;
	enum elem e;
};

/* The elements that matter, sorted by name. The rest are inline. */
static const struct elem_name elems[] = {
	{ "a", E_A }, { "address", E_PARA }, { "article", E_BLOCK },
	{ "aside", E_BLOCK }, { "base", E_HEADONLY },
	{ "blockquote", E_QUOTE }, { "body", E_BODY }, { "br", E_BR },
	{ "caption", E_BLOCK }, { "center", E_BLOCK }, { "dd", E_BLOCK },
	{ "details", E_BLOCK }, { "dir", E_UL }, { "div", E_BLOCK },
	{ "dl", E_PARA }, { "dt", E_BLOCK }, { "fieldset", E_PARA },
	{ "figcaption", E_BLOCK }, { "figure", E_PARA },
	{ "footer", E_BLOCK }, { "form", E_BLOCK }, { "h1", E_PARA },
	{ "h2", E_PARA }, { "h3", E_PARA }, { "h4", E_PARA },
	{ "h5", E_PARA }, { "h6", E_PARA }, { "head", E_HEAD },
	{ "header", E_BLOCK }, { "hr", E_HR }, { "html", E_HEADONLY },
	{ "iframe", E_RAW }, { "img", E_IMG }, { "li", E_LI },
	{ "link", E_HEADONLY }, { "listing", E_PRE }, { "main", E_BLOCK },
	{ "menu", E_UL }, { "meta", E_HEADONLY }, { "nav", E_BLOCK },
	{ "noembed", E_RAW }, { "noframes", E_RAW }, { "ol", E_OL },
	{ "p", E_PARA }, { "pre", E_PRE }, { "script", E_RAW },
	{ "section", E_BLOCK }, { "style", E_RAW }, { "summary", E_BLOCK },
	{ "table", E_BLOCK }, { "td", E_TD }, { "template", E_RAW },
	{ "textarea", E_RAW }, { "th", E_TD }, { "title", E_RAW },
	{ "tr", E_TR }, { "ul", E_UL }, { "wbr", E_WBR }, { "xmp", E_RAW },
};

static int
elem_cmp(const void *key, const void *elem)
{
	return strcmp(key, ((const struct elem_name *)elem)->name);
}

static enum elem
elem_of(const char *name)
{
	const struct elem_name *e;

	e = bsearch(name, elems, sizeof elems / sizeof elems[0],
	    sizeof elems[0], elem_cmp);
	return e ? e->e : E_INLINE;
}

static void
start_tag(struct render *r, const struct tag *t, enum elem e)
{
	if (e != E_HEADONLY && e != E_RAW && e != E_HEAD)
		r->in_head = 0;
	switch (e) {
	case E_A:
		link_begin(r, &t->href);
		break;
	case E_BLOCK:
		request_break(r, 0);
		break;
	case E_BR:
		line_break(r);
		break;
	case E_HEAD:
		if (!r->started)
			r->in_head = 1;
		break;
	case E_HR:
		rule(r);
		break;
	case E_IMG:
		image(r, t);
		break;
	case E_LI:
		list_item(r);
		break;
	case E_OL:
	case E_UL:
		list_open(r, e == E_OL, t);
		break;
	case E_PARA:
		request_break(r, 1);
		break;
	case E_PRE:
		request_break(r, 1);
		if (r->pre < SIZE_MAX)
			r->pre++;
		r->pre_skip_lf = 1;
		break;
	case E_QUOTE:
		request_break(r, 1);
		push_frame(r, FR_QUOTE, 0, 1);
		break;
	case E_TD:
		table_cell(r);
		break;
	case E_TR:
		request_break(r, 0);
		r->row_cells = 0;
		break;
	case E_WBR:
		flush_word(r);
		if (r->line_open)
			r->break_ok = 1;
		break;
	default:
		break;
	}
}

static void
end_tag(struct render *r, enum elem e)
{
	switch (e) {
	case E_A:
		link_end(r);
		break;
	case E_BLOCK:
	case E_TR:
		request_break(r, 0);
		break;
	case E_BR:
		line_break(r);
		break;
	case E_HEAD:
		r->in_head = 0;
		break;
	case E_LI:
		request_break(r, 0);
		r->item_start = 0;
		break;
	case E_OL:
	case E_UL:
		list_close(r);
		break;
	case E_PARA:
		request_break(r, 1);
		break;
	case E_PRE:
		if (r->pre > 0 && --r->pre == 0) {
			r->pre_blank = 0;
			r->pre_skip_lf = 0;
		}
		request_break(r, 1);
		break;
	case E_QUOTE:
		request_break(r, 1);
		pop_frame(r, FR_QUOTE);
		break;
	default:
		break;
	}
}

/* ---- the tokenizer ------------------------------------------------------ */

/* Skip the content of a raw-text element (script, style, title...) from
 * in[i], up to and past its end tag; return where text goes on, or 0 when
 * there is no end tag. */
static size_t
skip_raw(const char *in, size_t len, size_t i, const char *name)
{
	size_t k = strlen(name), j;

	for (j = i; j + 2 + k <= len; j++) {
		if (in[j] != '<' || in[j + 1] != '/' ||
		    !eq_word(in + j + 2, k, name))
			continue;
		if (j + 2 + k < len && !is_ws((unsigned char)in[j + 2 + k]) &&
		    in[j + 2 + k] != '/' && in[j + 2 + k] != '>')
			continue;
		j = find(in, len, j + 2 + k, ">");
		return j < len ? j + 1 : len;
	}
	return 0;
}

/* A raw-text element without an end tag: script and style hide the rest
 * of the input, as in browsers; the others (a stray <title/> in the body)
 * are ignored so that the text after them shows. The element's bit in
 * r->raw_unclosed says its end tag was looked for in vain, and so is not
 * looked for again: that keeps "<title><title>..." linear. */
static size_t
raw_element(struct render *r, const char *in, size_t len, size_t j,
    const char *name)
{
	static const char *const names[] = { "iframe", "noembed",
	    "noframes", "template", "textarea", "title", "xmp" };
	size_t i, k;

	for (i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strcmp(name, names[i]) == 0)
			break;
	if (i < sizeof names / sizeof names[0] && r->raw_unclosed & 1U << i)
		return j;
	if ((k = skip_raw(in, len, j, name)) > 0)
		return k;
	if (i == sizeof names / sizeof names[0])
		return len;
	r->raw_unclosed |= 1U << i;
	return j;
}

/* Past the end of what starts at in[i] and ends with pat (or the input). */
static size_t
skip_past(const char *in, size_t len, size_t from, const char *pat)
{
	size_t j = find(in, len, from, pat);

	return j < len ? j + strlen(pat) : len;
}

/* Markup at in[i] == '<': handle it and return the index after it, or 0
 * when the '<' is plain text. */
static size_t
markup(struct render *r, const char *in, size_t len, size_t i)
{
	struct tag t;
	size_t j;
	enum elem e;

	if (i + 1 >= len)
		return 0;
	if (in[i + 1] == '!') {
		if (len - i >= 4 && memcmp(in + i, "<!--", 4) == 0)
			return skip_past(in, len, i + 2, "-->");
		if (len - i >= 9 && memcmp(in + i, "<![CDATA[", 9) == 0)
			return skip_past(in, len, i + 9, "]]>");
		/* <!DOCTYPE>, <![if mso]> */
		return skip_past(in, len, i + 2, ">");
	}
	if (in[i + 1] == '?')
		return skip_past(in, len, i + 2, ">");
	if (in[i + 1] == '/' && (i + 2 >= len ||
	    !is_alpha((unsigned char)in[i + 2]))) {
		if (i + 2 >= len)
			return 0;
		/* </>, </ junk> */
		return skip_past(in, len, i + 2, ">");
	}
	if ((j = parse_tag(in, len, i, &t)) == 0)
		return 0;
	if (t.eof) {
		/* No '>' ends it: the '<' was text after all, and so is all
		 * that follows (whose tags could not end either, or only
		 * inside a quote that never closed). Showing it beats
		 * dropping it, and keeps this linear. */
		r->text_only = 1;
		return 0;
	}
	e = elem_of(t.name);
	if (t.end) {
		end_tag(r, e);
		return j;
	}
	start_tag(r, &t, e);
	if (e == E_RAW)
		return raw_element(r, in, len, j, t.name);
	return j;
}

static void
finish(struct render *r)
{
	size_t i;

	link_end(r);
	flush_word(r);
	end_line(r);
	if (r->nlinks == 0)
		return;
	if (r->started)
		pst_buf_addc(r->out, '\n');
	for (i = 0; i < r->nlinks; i++) {
		pst_buf_printf(r->out, "[%zu] ", i + 1);
		pst_buf_add(r->out, r->urls.p + r->links[i].off,
		    r->links[i].len);
		pst_buf_addc(r->out, '\n');
	}
}

void
pst_html_to_text(const char *in, size_t len, int width, struct pst_buf *out)
{
	struct render r;
	size_t i = 0, k;

	memset(&r, 0, sizeof r);
	r.out = out;
	r.width = width > 0 ? (size_t)width : 0;
	while (i < len) {
		/* Text runs up to the next '<'; markup says where it ends. */
		size_t j = i;

		while (j < len && (in[j] != '<' || r.text_only))
			j++;
		if (j > i)
			text_decoded(&r, in + i, j - i);
		if (j >= len)
			break;
		if ((k = markup(&r, in, len, j)) == 0) {
			text_char(&r, "<", 1, '<');
			k = j + 1;
		}
		i = k;
	}
	finish(&r);
	pst_buf_free(&r.word);
	pst_buf_free(&r.ref);
	pst_buf_free(&r.href);
	pst_buf_free(&r.link_text);
	pst_buf_free(&r.urls);
	free(r.links);
	free(r.slots);
}

/* ---- <meta charset> ----------------------------------------------------- */

static int
charset_char(int c)
{
	return is_alpha(c) || is_digit(c) || c == '-' || c == '_' ||
	    c == '.' || c == ':' || c == '+' || c == '(' || c == ')';
}

/* Copy the charset name at s[0..n) (up to a delimiter) into cs. */
static int
copy_charset(const char *s, size_t n, char *cs, size_t size)
{
	size_t a = 0, b;

	while (a < n && (is_ws((unsigned char)s[a]) || s[a] == '"' ||
	    s[a] == '\''))
		a++;
	for (b = a; b < n && charset_char((unsigned char)s[b]); b++)
		continue;
	if (b == a || b - a >= size)
		return -1;
	memcpy(cs, s + a, b - a);
	cs[b - a] = '\0';
	return 0;
}

/* The charset in a Content-Type value "text/html; charset=x". */
static int
content_charset(const char *s, size_t n, char *cs, size_t size)
{
	size_t i, j;

	for (i = 0; i + 7 <= n; i++) {
		if (!eq_word(s + i, 7, "charset"))
			continue;
		j = skip_ws(s, n, i + 7);
		if (j < n && s[j] == '=')
			return copy_charset(s + j + 1, n - j - 1, cs, size);
	}
	return -1;
}

static int
trimmed_eq(const struct span *sp, const char *w)
{
	size_t a = 0, b = sp->n;

	while (a < b && is_ws((unsigned char)sp->p[a]))
		a++;
	while (b > a && is_ws((unsigned char)sp->p[b - 1]))
		b--;
	return eq_word(sp->p + a, b - a, w);
}

int
pst_html_meta_charset(const char *in, size_t len, char *cs, size_t size)
{
	struct tag t;
	size_t n = len < META_WINDOW ? len : META_WINDOW, i = 0, j;

	if (size == 0)
		return -1;
	while (i < n) {
		if (in[i] != '<') {
			i++;
			continue;
		}
		if (n - i >= 4 && memcmp(in + i, "<!--", 4) == 0) {
			i = skip_past(in, n, i + 2, "-->");
			continue;
		}
		if ((j = parse_tag(in, n, i, &t)) == 0) {
			i++;
			continue;
		}
		if (t.eof)
			break;
		i = j;
		if (t.end || strcmp(t.name, "meta") != 0)
			continue;
		if (t.charset.set)
			return copy_charset(t.charset.p, t.charset.n, cs, size);
		if (t.http_equiv.set && t.content.set &&
		    trimmed_eq(&t.http_equiv, "content-type") &&
		    content_charset(t.content.p, t.content.n, cs, size) == 0)
			return 0;
	}
	return -1;
}
