/* addr: RFC 5322 address lists.
 *
 * A liberal reader of what mailers really write, in one pass over tokens
 * (atoms, quoted strings, comments, domain literals, specials):
 *
 *  - "Name <box>": the name is the phrase's words joined by single spaces,
 *    quoted strings unquoted and unescaped, then RFC 2047 decoded as a
 *    whole, so encoded words inside quotes are decoded too (as mailers
 *    send them) and adjacent words join.  Words after the '>' are the
 *    name when there was none before ("<b@x> Bob"), or the next entry's
 *    when another '<' follows ("A <a@x> B <b@y>"); a route
 *    ("<@a,@b:box>") is dropped.
 *  - A bare address keeps its words, quotes included, with the white space
 *    around '.' and '@' dropped (obsolete "john . doe @ x"); its first
 *    comment becomes the name: "bob@x (Bob Smith)".
 *  - Groups: each member carries the group's name.  An empty group
 *    ("undisclosed-recipients:;") gives one entry with group set, name
 *    NULL and mailbox "", so the list still shows it; pst_addr_format
 *    writes that back as "undisclosed-recipients:;".
 *  - ';' outside a group separates like ',' (as some people type it); a ','
 *    inside "<...>" without a route closes a forgotten '>'; stray commas
 *    and entries holding only a comment give nothing.
 *  - Anything else (no '@', garbage) becomes the mailbox as written. */
#include <stdlib.h>
#include <string.h>

#include "addr.h"
#include "buf.h"
#include "charset.h"
#include "mem.h"
#include "rfc2047.h"

enum tok_type {
	T_END, T_WS, T_COMMENT, T_QUOTED, T_LITERAL, T_ATOM, T_SPECIAL,
};

struct tok {
	enum tok_type type;
	const char *p;		/* the raw span, delimiters included */
	size_t n;
};

struct lexer {
	const char *s;
	size_t i, len;
	/* The next "?=" and white space at or after *_from, found once and
	 * reused until passed: encoded words are found in linear time. */
	size_t close_from, close_at, ws_from, ws_at;
};

/* The entry being read and the list so far. */
struct parser {
	struct pst_addr *list;
	size_t n, cap;
	char *group;		/* the open group's name, or NULL */
	size_t group_members;
	struct pst_buf raw;	/* a bare address, as written */
	struct pst_buf name;	/* the phrase, undecoded */
	struct pst_buf angle;	/* what is between '<' and '>' */
	struct pst_buf tail;	/* words after the '>' */
	struct pst_buf comment;	/* the first comment, unescaped */
	int has_comment, has_angle, in_angle;
	int raw_space, name_space;	/* white space seen since last word */
	int tail_space;
};

static int
is_ws(int c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static int
is_special(int c)
{
	return c == '<' || c == '>' || c == ',' || c == ';' || c == ':' ||
	    c == '@';
}

/* The end of a span opened by in[i] (a quote, '(' or '['), the closing
 * byte included; a backslash escapes the next byte; comments nest.
 * Unterminated: the end of the input. */
static size_t
span_end(const char *s, size_t len, size_t i, char open, char close)
{
	size_t depth = 1;

	for (i++; i < len; i++) {
		if (s[i] == '\\')
			i++;
		else if (s[i] == close) {
			if (--depth == 0)
				return i + 1;
		} else if (s[i] == open && open == '(')
			depth++;
	}
	return len;
}

/* The first "?=" at or after p, or len. */
static size_t
next_close(struct lexer *lx, size_t p)
{
	if (p >= lx->close_from && p <= lx->close_at)
		return lx->close_at;
	lx->close_from = p;
	while (p + 1 < lx->len && !(lx->s[p] == '?' && lx->s[p + 1] == '='))
		p++;
	lx->close_at = p + 1 < lx->len ? p : lx->len;
	return lx->close_at;
}

/* The first white space at or after p, or len. */
static size_t
next_ws(struct lexer *lx, size_t p)
{
	if (p >= lx->ws_from && p <= lx->ws_at)
		return lx->ws_at;
	lx->ws_from = p;
	while (p < lx->len && !is_ws((unsigned char)lx->s[p]))
		p++;
	lx->ws_at = p;
	return p;
}

/* If an RFC 2047 word "=?cs?X?text?=" starts at s[j], the index after
 * it, else 0. Taken whole into an atom, so that the specials some
 * encoders leave in it ("=?utf-8?q?Smith,_John?=") do not split it. */
static size_t
encoded_word_end(struct lexer *lx, size_t j)
{
	const char *s = lx->s;
	size_t p, q, cs = j + 2;
	int c;

	for (p = cs; p < lx->len && p - cs < 64; p++) {
		c = (unsigned char)s[p];
		if (c == '?' || c <= ' ' || c >= 0x7f)
			break;
	}
	if (p == cs || p + 2 >= lx->len || s[p] != '?' || s[p + 2] != '?' ||
	    s[p + 1] == '\0' || strchr("QqBb", s[p + 1]) == NULL)
		return 0;
	q = next_close(lx, p + 3);
	if (q == lx->len || next_ws(lx, p + 3) < q)
		return 0;
	return q + 2;
}

static void
next_token(struct lexer *lx, struct tok *t)
{
	const char *s = lx->s;
	size_t i = lx->i, j;
	int c;

	t->p = s + i;
	if (i >= lx->len) {
		t->type = T_END;
		t->n = 0;
		return;
	}
	c = (unsigned char)s[i];
	if (is_ws(c)) {
		for (j = i; j < lx->len && is_ws((unsigned char)s[j]); j++)
			;
		t->type = T_WS;
	} else if (c == '(') {
		j = span_end(s, lx->len, i, '(', ')');
		t->type = T_COMMENT;
	} else if (c == '"') {
		j = span_end(s, lx->len, i, '"', '"');
		t->type = T_QUOTED;
	} else if (c == '[') {
		j = span_end(s, lx->len, i, '[', ']');
		t->type = T_LITERAL;
	} else if (is_special(c)) {
		j = i + 1;
		t->type = T_SPECIAL;
	} else {
		for (j = i; j < lx->len; j++) {
			size_t end;

			c = (unsigned char)s[j];
			if (c == '=' && j + 1 < lx->len && s[j + 1] == '?' &&
			    (end = encoded_word_end(lx, j)) != 0) {
				j = end - 1;
				continue;
			}
			if (is_ws(c) || is_special(c) || c == '(' ||
			    c == '"' || c == '[')
				break;
		}
		t->type = T_ATOM;
	}
	t->n = j - i;
	lx->i = j;
}

/* Append the inside of a quoted string or comment, its delimiters and
 * the backslashes of quoted pairs removed. */
static void
add_unquoted(struct pst_buf *b, const struct tok *t)
{
	size_t i, end = t->n;

	if (end > 1 && t->p[end - 1] == (t->type == T_QUOTED ? '"' : ')'))
		end--;
	for (i = 1; i < end; i++) {
		if (t->p[i] == '\\' && i + 1 < end)
			i++;
		pst_buf_addc(b, t->p[i]);
	}
}

/* Remove the NUL bytes from b: the entries are C strings, and a NUL
 * (raw, or from "=00") would silently cut one short. */
static void
drop_nuls(struct pst_buf *b)
{
	size_t i, k = 0;

	for (i = 0; i < b->len; i++)
		if (b->p[i] != '\0')
			b->p[k++] = b->p[i];
	b->len = k;
	if (b->p != NULL)
		b->p[k] = '\0';
}

/* s[0..n) as UTF-8: RFC 2047 decoded, trimmed; NULL when that is empty. */
static char *
decode_name(const char *s, size_t n)
{
	struct pst_buf b = { 0 };
	size_t lo = 0, hi;
	char *r;

	pst_rfc2047_decode(s, n, &b);
	drop_nuls(&b);
	hi = b.len;
	while (lo < hi && is_ws((unsigned char)b.p[lo]))
		lo++;
	while (hi > lo && is_ws((unsigned char)b.p[hi - 1]))
		hi--;
	r = lo < hi ? pst_xstrndup(b.p + lo, hi - lo) : NULL;
	pst_buf_free(&b);
	return r;
}

/* A mailbox as written, made UTF-8 (raw 8-bit read as windows-1252),
 * without NUL bytes. */
static char *
mailbox_text(const struct pst_buf *b)
{
	struct pst_buf u = { 0 };

	if (pst_utf8_valid(pst_buf_str(b), b->len))
		pst_buf_add(&u, pst_buf_str(b), b->len);
	else
		pst_charset_to_utf8("windows-1252", b->p, b->len, &u);
	drop_nuls(&u);
	return pst_buf_take(&u);
}

static void
push(struct parser *ps, char *name, char *mailbox)
{
	struct pst_addr *a;

	if (ps->n == ps->cap) {
		ps->cap = ps->cap ? ps->cap * 2 : 4;
		ps->list = pst_xreallocarray(ps->list, ps->cap,
		    sizeof *ps->list);
	}
	a = &ps->list[ps->n++];
	a->name = name;
	a->mailbox = mailbox;
	a->group = ps->group ? pst_xstrdup(ps->group) : NULL;
	if (ps->group)
		ps->group_members++;
}

static void
clear_entry(struct parser *ps)
{
	pst_buf_reset(&ps->raw);
	pst_buf_reset(&ps->name);
	pst_buf_reset(&ps->angle);
	pst_buf_reset(&ps->tail);
	pst_buf_reset(&ps->comment);
	ps->has_comment = ps->has_angle = ps->in_angle = 0;
	ps->raw_space = ps->name_space = ps->tail_space = 0;
}

/* Add the entry read so far, if it holds anything, and start afresh. */
static void
finish_entry(struct parser *ps)
{
	char *name = NULL;

	if (ps->has_angle) {
		if (ps->name.len > 0)
			name = decode_name(ps->name.p, ps->name.len);
		if (name == NULL && ps->tail.len > 0)
			name = decode_name(ps->tail.p, ps->tail.len);
		if (name == NULL && ps->has_comment)
			name = decode_name(pst_buf_str(&ps->comment),
			    ps->comment.len);
		push(ps, name, mailbox_text(&ps->angle));
	} else if (ps->raw.len > 0) {
		if (ps->has_comment)
			name = decode_name(pst_buf_str(&ps->comment),
			    ps->comment.len);
		push(ps, name, mailbox_text(&ps->raw));
	}
	clear_entry(ps);
}

static void
open_group(struct parser *ps)
{
	char *g = NULL;

	if (ps->has_angle) {
		/* "a <a@x> team: ...": the words after '>' name the group */
		if (ps->tail.len > 0)
			g = decode_name(ps->tail.p, ps->tail.len);
		pst_buf_reset(&ps->tail);
		finish_entry(ps);
	} else if (ps->name.len > 0)
		g = decode_name(ps->name.p, ps->name.len);
	clear_entry(ps);
	ps->group = g ? g : pst_xstrdup("");
	ps->group_members = 0;
}

static void
close_group(struct parser *ps)
{
	finish_entry(ps);
	if (ps->group == NULL)
		return;
	if (ps->group_members == 0)
		push(ps, NULL, pst_xstrdup(""));
	free(ps->group);
	ps->group = NULL;
}

/* Append a word to a phrase, after one space if white space preceded. */
static void
add_phrase_word(struct pst_buf *b, int *space, const struct tok *t)
{
	if (*space && b->len > 0)
		pst_buf_addc(b, ' ');
	*space = 0;
	if (t->type == T_QUOTED)
		add_unquoted(b, t);
	else
		pst_buf_add(b, t->p, t->n);
}

/* A word of the phrase (or of a bare address) outside "<...>". */
static void
add_word(struct parser *ps, const struct tok *t)
{
	char first = t->p[0];

	if (ps->has_angle) {
		add_phrase_word(&ps->tail, &ps->tail_space, t);
		return;
	}
	add_phrase_word(&ps->name, &ps->name_space, t);
	/* Obsolete addresses have white space around '.' and '@'. */
	if (ps->raw_space && ps->raw.len > 0 && first != '.' && first != '@' &&
	    ps->raw.p[ps->raw.len - 1] != '.' &&
	    ps->raw.p[ps->raw.len - 1] != '@')
		pst_buf_addc(&ps->raw, ' ');
	ps->raw_space = 0;
	pst_buf_add(&ps->raw, t->p, t->n);
}

/* A token between '<' and '>'. */
static void
angle_token(struct parser *ps, const struct tok *t)
{
	int route = ps->angle.len > 0 && ps->angle.p[0] == '@';

	if (t->type == T_WS || t->type == T_COMMENT)
		return;
	if (t->type != T_SPECIAL) {
		pst_buf_add(&ps->angle, t->p, t->n);
		return;
	}
	switch (t->p[0]) {
	case '>':
		ps->in_angle = 0;
		break;
	case '<':
		break;
	case ':':
		if (route)
			pst_buf_reset(&ps->angle);	/* "@a,@b:" */
		else
			pst_buf_addc(&ps->angle, ':');
		break;
	case ',':
		if (route)
			pst_buf_addc(&ps->angle, ',');
		else
			finish_entry(ps);	/* a '>' was forgotten */
		break;
	default:
		pst_buf_addc(&ps->angle, t->p[0]);
		break;
	}
}

/* "A <a@x> B <b@y>": a ',' is missing; B is the next entry's name. */
static void
next_angle(struct parser *ps)
{
	struct pst_buf b = ps->tail;

	memset(&ps->tail, 0, sizeof ps->tail);
	finish_entry(ps);
	pst_buf_free(&ps->name);
	ps->name = b;
}

/* A special outside "<...>". */
static void
special_token(struct parser *ps, const struct tok *t)
{
	switch (t->p[0]) {
	case '<':
		if (ps->has_angle)
			next_angle(ps);
		ps->has_angle = ps->in_angle = 1;
		break;
	case '>':
		break;
	case ',':
		finish_entry(ps);
		break;
	case ';':
		if (ps->group)
			close_group(ps);
		else
			finish_entry(ps);
		break;
	case ':':
		if (ps->group)
			add_word(ps, t);
		else
			open_group(ps);
		break;
	default:	/* '@' */
		add_word(ps, t);
		break;
	}
}

size_t
pst_addr_parse(const char *in, size_t len, struct pst_addr **list)
{
	struct lexer lx = { in, 0, len, 1, 0, 1, 0 };
	struct parser ps;
	struct tok t;

	memset(&ps, 0, sizeof ps);
	for (next_token(&lx, &t); t.type != T_END; next_token(&lx, &t)) {
		if (ps.in_angle) {
			angle_token(&ps, &t);
			continue;
		}
		switch (t.type) {
		case T_WS:
			ps.raw_space = ps.name_space = ps.tail_space = 1;
			break;
		case T_COMMENT:
			ps.raw_space = ps.name_space = ps.tail_space = 1;
			if (!ps.has_comment) {
				add_unquoted(&ps.comment, &t);
				ps.has_comment = 1;
			}
			break;
		case T_SPECIAL:
			special_token(&ps, &t);
			break;
		default:
			add_word(&ps, &t);
			break;
		}
	}
	close_group(&ps);
	pst_buf_free(&ps.raw);
	pst_buf_free(&ps.name);
	pst_buf_free(&ps.angle);
	pst_buf_free(&ps.tail);
	pst_buf_free(&ps.comment);
	*list = ps.list;
	return ps.n;
}

void
pst_addr_free(struct pst_addr *list, size_t n)
{
	size_t i;

	if (list == NULL)
		return;
	for (i = 0; i < n; i++) {
		free(list[i].name);
		free(list[i].mailbox);
		free(list[i].group);
	}
	free(list);
}

/* Append a display or group name, quoted when a reader could take it
 * apart: it holds a special, a quote or a backslash, or white space at
 * its ends. */
static void
add_phrase(struct pst_buf *out, const char *s)
{
	size_t n = strlen(s);

	if (n > 0 && strpbrk(s, "()<>[]:;@\\,\"") == NULL &&
	    !is_ws((unsigned char)s[0]) && !is_ws((unsigned char)s[n - 1])) {
		pst_buf_add(out, s, n);
		return;
	}
	pst_buf_addc(out, '"');
	for (; *s != '\0'; s++) {
		if (*s == '"' || *s == '\\')
			pst_buf_addc(out, '\\');
		pst_buf_addc(out, *s);
	}
	pst_buf_addc(out, '"');
}

/* ---- writing ------------------------------------------------------------- */

/* Append one entry: "name <mailbox>", a bare mailbox, or "<>"; the name
 * encoded for a header (wire) or quoted for a person. */
static void
write_entry(const struct pst_addr *a, int wire, struct pst_buf *out)
{
	const char *box = a->mailbox != NULL ? a->mailbox : "";

	if (a->name != NULL && (!wire || a->name[0] != '\0')) {
		if (wire)
			pst_rfc2047_encode_phrase(a->name, strlen(a->name), out);
		else
			add_phrase(out, a->name);
		pst_buf_adds(out, " <");
		pst_buf_adds(out, box);
		pst_buf_addc(out, '>');
	} else if (box[0] == '\0')
		pst_buf_adds(out, "<>");
	else
		pst_buf_adds(out, box);
}

/* Append "name:" opening a group.  On the wire RFC 2047 wants white
 * space between an encoded word and the ':', and a long last word needs
 * it as a place to fold. */
static void
add_group_name(const char *name, int wire, struct pst_buf *out)
{
	size_t start = out->len, last;

	if (!wire) {
		add_phrase(out, name);
		pst_buf_addc(out, ':');
		return;
	}
	pst_rfc2047_encode_phrase(name, strlen(name), out);
	for (last = out->len; last > start && out->p[last - 1] != ' '; last--)
		;
	if ((out->len - start >= 2 && out->p[out->len - 2] == '?' &&
	    out->p[out->len - 1] == '=') || out->len - last > 70)
		pst_buf_addc(out, ' ');
	pst_buf_addc(out, ':');
}

/* Append the list: entries joined by ", ", groups as "name: a, b;". */
static void
write_list(const struct pst_addr *list, size_t n, int wire,
    struct pst_buf *out)
{
	const char *open = NULL;	/* the group being written */
	const struct pst_addr *a;
	size_t i;

	for (i = 0; i < n; i++) {
		a = &list[i];
		if (open != NULL &&
		    (a->group == NULL || strcmp(a->group, open) != 0)) {
			pst_buf_addc(out, ';');
			open = NULL;
		}
		if (i > 0)
			pst_buf_adds(out, ", ");
		if (a->group != NULL && open == NULL) {
			add_group_name(a->group, wire, out);
			open = a->group;
			if (a->name == NULL &&
			    (a->mailbox == NULL || a->mailbox[0] == '\0'))
				continue;	/* an empty group */
			pst_buf_addc(out, ' ');
		}
		write_entry(a, wire, out);
	}
	if (open != NULL)
		pst_buf_addc(out, ';');
	if (out->p == NULL)
		pst_buf_add(out, "", 0);
}

void
pst_addr_format(const struct pst_addr *list, size_t n, struct pst_buf *out)
{
	write_list(list, n, 0, out);
}

void
pst_addr_encode(const struct pst_addr *list, size_t n, struct pst_buf *out)
{
	write_list(list, n, 1, out);
}

char *
pst_addr_first(const char *s)
{
	struct pst_addr *list;
	size_t n, i;
	char *a = NULL;

	if (s == NULL)
		return NULL;
	n = pst_addr_parse(s, strlen(s), &list);
	for (i = 0; i < n && a == NULL; i++)
		if (list[i].mailbox[0] != '\0')
			a = pst_xstrdup(list[i].mailbox);
	pst_addr_free(list, n);
	return a;
}

/* ---- checking ------------------------------------------------------------
 *
 * pst_addr_valid is for addresses typed on a command line: it accepts
 * what RFC 5321 and 6531 allow a mail server to be given (a dot-atom or
 * quoted local part of at most 64 octets, a dot-atom domain or an address
 * literal, at most 254 octets in all), and nothing that would need the
 * obsolete syntax, a comment, or white space outside quotes.  C1 controls
 * count as control characters. */

#define LOCAL_MAX	64	/* RFC 5321 section 4.5.3.1.1 */
#define ADDR_MAX	254	/* 256 for the path, less the "<>" */

/* Whether c (a byte) is atext, or part of a UTF-8 character (RFC 6531). */
static int
is_atext_u8(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c >= 0x80 ||
	    (c != '\0' && strchr("!#$%&'*+-/=?^_`{|}~", c) != NULL);
}

/* Whether s[0..n) is a dot-atom: atoms joined by single dots. */
static int
is_dot_atom(const char *s, size_t n)
{
	size_t i;

	if (n == 0 || s[0] == '.' || s[n - 1] == '.')
		return 0;
	for (i = 0; i < n; i++) {
		if (s[i] == '.') {
			if (s[i + 1] == '.')	/* i + 1 < n: no dot ends s */
				return 0;
		} else if (!is_atext_u8((unsigned char)s[i]))
			return 0;
	}
	return 1;
}

/* Whether s[0..n) is a quoted string holding something: printable ASCII
 * or UTF-8, '"' and '\' only as quoted pairs, no control characters. */
static int
is_quoted_local(const char *s, size_t n)
{
	size_t i;
	unsigned char c;

	if (n < 3 || s[0] != '"' || s[n - 1] != '"')
		return 0;
	for (i = 1; i < n - 1; i++) {
		c = (unsigned char)s[i];
		if (c == '\\') {
			if (++i == n - 1)
				return 0;	/* it escapes the closing quote */
			c = (unsigned char)s[i];
			if (c < ' ' || c == 0x7F)
				return 0;
		} else if (c == '"' || c < ' ' || c == 0x7F)
			return 0;
	}
	return 1;
}

/* Whether s[0..n) is an address literal: "[...]" holding printable
 * ASCII other than "[]\" and blanks. */
static int
is_literal(const char *s, size_t n)
{
	size_t i;
	unsigned char c;

	if (n < 3 || s[0] != '[' || s[n - 1] != ']')
		return 0;
	for (i = 1; i < n - 1; i++) {
		c = (unsigned char)s[i];
		if (c <= ' ' || c >= 0x7F || c == '[' || c == ']' || c == '\\')
			return 0;
	}
	return 1;
}

/* The length of the local part at the start of s, up to its '@': the
 * quoted string when s starts with one, else up to the first '@'. */
static size_t
local_part_len(const char *s)
{
	size_t i;

	if (s[0] != '"')
		return strcspn(s, "@");
	for (i = 1; s[i] != '\0' && s[i] != '"'; i++)
		if (s[i] == '\\' && s[i + 1] != '\0')
			i++;
	return s[i] == '"' ? i + 1 : i;
}

/* Whether s holds a C1 control character (U+0080 to U+009F) in UTF-8. */
static int
has_c1(const char *s)
{
	for (; *s != '\0'; s++)
		if ((unsigned char)s[0] == 0xC2 && (unsigned char)s[1] >= 0x80 &&
		    (unsigned char)s[1] <= 0x9F)
			return 1;
	return 0;
}

int
pst_addr_valid(const char *mailbox)
{
	size_t n, local, dom;
	const char *d;

	if (mailbox == NULL)
		return 0;
	n = strlen(mailbox);
	if (n > ADDR_MAX || !pst_utf8_valid(mailbox, n) || has_c1(mailbox))
		return 0;
	local = local_part_len(mailbox);
	if (local == 0 || local > LOCAL_MAX || mailbox[local] != '@')
		return 0;
	if (!is_dot_atom(mailbox, local) && !is_quoted_local(mailbox, local))
		return 0;
	d = mailbox + local + 1;
	dom = n - local - 1;
	return is_dot_atom(d, dom) || is_literal(d, dom);
}
