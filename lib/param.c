/* param: structured MIME header values (Content-Type, Content-Disposition). */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "charset.h"
#include "mem.h"
#include "param.h"
#include "rfc2047.h"

#define MAX_SECTIONS	256	/* RFC 2231 continuations kept per parameter */
#define MAX_PARAMS	256	/* parameters kept per value */

/* A parameter as written, before continuations are joined. */
struct raw_param {
	char *base;	/* name without any '*' part, lowercased */
	int section;	/* -1 when not a continuation */
	int extended;	/* value is charset'lang'%XX encoded */
	char *value;
};

/* Skip blanks and (nested) comments in s[*i..n). */
static void
skip_cfws(const char *s, size_t n, size_t *i)
{
	int depth = 0;

	for (; *i < n; (*i)++) {
		char c = s[*i];
		if (depth > 0) {
			if (c == '\\' && *i + 1 < n)
				(*i)++;
			else if (c == '(')
				depth++;
			else if (c == ')')
				depth--;
		} else if (c == '(') {
			depth++;
		} else if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
			return;
		}
	}
}

static void
lowercase(char *s)
{
	for (; *s; s++)
		*s = (char)tolower((unsigned char)*s);
}

/* The end of the unquoted value s[start..end) without the comments that
 * close it, as in RFC 2045's own "charset=us-ascii (Plain text)". A
 * parenthesis that does not end the value ("report (1).pdf") or follows
 * no blank ("a(b)") is not taken as a comment. */
static size_t
strip_trailing_comment(const char *s, size_t start, size_t end)
{
	size_t i;
	int depth;

	while (end > start && s[end - 1] == ')') {
		depth = 0;
		for (i = end; i > start; i--) {
			if (s[i - 1] == ')')
				depth++;
			else if (s[i - 1] == '(' && --depth == 0)
				break;
		}
		if (i == start)
			return end;		/* unbalanced */
		i--;				/* at the '(' */
		if (i > start && s[i - 1] != ' ' && s[i - 1] != '\t')
			return end;
		end = i;
		while (end > start && (s[end - 1] == ' ' || s[end - 1] == '\t'))
			end--;
	}
	return end;
}

/* Read the value at s[*i..n): a quoted string (escapes removed; an unclosed
 * one runs to the end) or everything up to the next ';', trimmed, without
 * a trailing comment. */
static char *
read_value(const char *s, size_t n, size_t *i)
{
	struct pst_buf b = {0};
	size_t start, end;

	if (*i < n && s[*i] == '"') {
		for ((*i)++; *i < n && s[*i] != '"'; (*i)++) {
			if (s[*i] == '\\' && *i + 1 < n)
				(*i)++;
			pst_buf_addc(&b, s[*i]);
		}
		if (*i < n)
			(*i)++;
		while (*i < n && s[*i] != ';')	/* junk after the quote */
			(*i)++;
		return pst_buf_take(&b);
	}
	start = *i;
	while (*i < n && s[*i] != ';')
		(*i)++;
	end = *i;
	while (end > start && (s[end - 1] == ' ' || s[end - 1] == '\t'))
		end--;
	end = strip_trailing_comment(s, start, end);
	pst_buf_add(&b, s + start, end - start);
	return pst_buf_take(&b);
}

/* Split "name*3*" into its base, section and extended flag. */
static void
split_name(char *name, struct raw_param *rp)
{
	char *star = strchr(name, '*');
	char *end;
	long sec;

	rp->section = -1;
	rp->extended = 0;
	if (star != NULL) {
		*star = '\0';
		if (star[1] == '\0') {
			rp->extended = 1;
		} else {
			sec = strtol(star + 1, &end, 10);
			if (end != star + 1 && sec >= 0 && sec < MAX_SECTIONS &&
			    (*end == '\0' || (*end == '*' && end[1] == '\0'))) {
				rp->section = (int)sec;
				rp->extended = *end == '*';
			}
		}
	}
	rp->base = name;
}

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* Append the %XX-decoded v to b. */
static void
percent_decode(const char *v, struct pst_buf *b)
{
	for (; *v; v++) {
		int h, l;
		if (*v == '%' && (h = hexval((unsigned char)v[1])) >= 0 &&
		    (l = hexval((unsigned char)v[2])) >= 0) {
			pst_buf_addc(b, h * 16 + l);
			v += 2;
		} else {
			pst_buf_addc(b, *v);
		}
	}
}

static void
add_param(struct pst_params *ps, const char *name, char *value)
{
	ps->p = pst_xreallocarray(ps->p, ps->n + 1, sizeof *ps->p);
	ps->p[ps->n].name = pst_xstrdup(name);
	ps->p[ps->n].value = value;
	ps->n++;
}

/* Join the RFC 2231 pieces of parameter base found in raw[0..n) and
 * convert them to UTF-8. */
static char *
join_extended(const struct raw_param *raw, size_t n, const char *base)
{
	struct pst_buf bytes = {0}, out = {0};
	char charset[64] = "";
	const struct raw_param *sec;
	int want;

	for (want = -1; want < MAX_SECTIONS; want++) {
		sec = NULL;
		for (size_t i = 0; i < n && sec == NULL; i++)
			if (strcmp(raw[i].base, base) == 0 &&
			    raw[i].section == want &&
			    (want >= 0 || raw[i].extended))
				sec = &raw[i];
		if (sec == NULL) {
			if (want <= 0)
				continue;	/* may start at *0 or be plain "*" */
			break;
		}
		const char *v = sec->value;
		if (sec->extended && want <= 0) {
			/* charset'language'text */
			const char *q1 = strchr(v, '\''), *q2;
			if (q1 && (q2 = strchr(q1 + 1, '\'')) != NULL) {
				size_t cl = (size_t)(q1 - v);
				if (cl < sizeof charset) {
					memcpy(charset, v, cl);
					charset[cl] = '\0';
				}
				v = q2 + 1;
			}
		}
		if (sec->extended)
			percent_decode(v, &bytes);
		else
			pst_buf_adds(&bytes, v);
		if (want == -1)
			break;		/* "name*=" stands alone */
	}
	if (charset[0] == '\0' || pst_charset_to_utf8(charset,
	    pst_buf_str(&bytes), bytes.len, &out) < 0) {
		pst_buf_reset(&out);
		pst_rfc2047_decode(pst_buf_str(&bytes), bytes.len, &out);
	}
	pst_buf_free(&bytes);
	return pst_buf_take(&out);
}

/* Turn the parameters as written into the final list: continuations
 * joined, RFC 2231 preferred over a plain duplicate, plain values decoded. */
static void
assemble(struct pst_params *ps, struct raw_param *raw, size_t n)
{
	struct pst_buf b = {0};

	/* First every RFC 2231 parameter, then the plain ones not yet had. */
	for (size_t i = 0; i < n; i++) {
		if (raw[i].section < 0 && !raw[i].extended)
			continue;
		if (pst_params_get(ps, raw[i].base) == NULL)
			add_param(ps, raw[i].base,
			    join_extended(raw, n, raw[i].base));
	}
	for (size_t i = 0; i < n; i++) {
		if (raw[i].section >= 0 || raw[i].extended ||
		    pst_params_get(ps, raw[i].base) != NULL)
			continue;
		pst_rfc2047_decode(raw[i].value, strlen(raw[i].value), &b);
		add_param(ps, raw[i].base, pst_buf_take(&b));
	}
}

void
pst_params_parse(const char *in, size_t len, struct pst_params *ps)
{
	struct raw_param *raw = NULL;
	struct pst_buf tok = {0};
	size_t i = 0, nraw = 0, start;

	memset(ps, 0, sizeof *ps);
	/* The token, comments and blanks removed. */
	while (i < len && in[i] != ';') {
		skip_cfws(in, len, &i);
		if (i < len && in[i] != ';')
			pst_buf_addc(&tok, in[i++]);
	}
	ps->token = pst_buf_take(&tok);
	lowercase(ps->token);

	while (i < len && nraw < MAX_PARAMS) {
		i++;			/* the ';' */
		skip_cfws(in, len, &i);
		start = i;
		while (i < len && in[i] != '=' && in[i] != ';' &&
		    in[i] != ' ' && in[i] != '\t')
			i++;
		char *name = pst_xstrndup(in + start, i - start);
		skip_cfws(in, len, &i);
		if (i >= len || in[i] != '=' || name[0] == '\0') {
			free(name);
			while (i < len && in[i] != ';')
				i++;
			continue;
		}
		i++;			/* the '=' */
		skip_cfws(in, len, &i);
		lowercase(name);
		raw = pst_xreallocarray(raw, nraw + 1, sizeof *raw);
		split_name(name, &raw[nraw]);
		raw[nraw].value = read_value(in, len, &i);
		if (raw[nraw].base[0] == '\0') {	/* "*=x": no name */
			free(raw[nraw].base);
			free(raw[nraw].value);
			continue;
		}
		nraw++;
	}
	assemble(ps, raw, nraw);
	for (size_t k = 0; k < nraw; k++) {
		free(raw[k].base);
		free(raw[k].value);
	}
	free(raw);
}

void
pst_params_free(struct pst_params *ps)
{
	for (size_t i = 0; i < ps->n; i++) {
		free(ps->p[i].name);
		free(ps->p[i].value);
	}
	free(ps->p);
	free(ps->token);
	memset(ps, 0, sizeof *ps);
}

const char *
pst_params_get(const struct pst_params *ps, const char *name)
{
	for (size_t i = 0; i < ps->n; i++)
		if (strcasecmp(ps->p[i].name, name) == 0)
			return ps->p[i].value;
	return NULL;
}

/* ---- writing --------------------------------------------------------------
 *
 * Each parameter is one segment for pst_hdr_write ("; " comes before it,
 * and the fold goes at that space), so it must fit on a line of its own:
 * " name=value;" within PIECE_LINE columns.  PIECE_LINE is below 78 so
 * that the line stays legal even beside an encoded word. */

#define PIECE_LINE	76
#define CHARSET_PREFIX	"UTF-8''"

/* Whether c may appear in an RFC 2045 token. */
static int
is_token_char(int c)
{
	return c > ' ' && c < 0x7F && strchr("()<>@,;:\\\"/[]?=", c) == NULL;
}

/* Whether c may stand for itself in an RFC 2231 value (attribute-char). */
static int
is_attr_char(int c)
{
	return is_token_char(c) && c != '*' && c != '\'' && c != '%';
}

/* Whether the line " name=repr;" (repr being len columns) fits. */
static int
piece_fits(const char *name, size_t len)
{
	return strlen(name) + len + 3 <= PIECE_LINE;
}

static int
is_token(const char *v)
{
	if (*v == '\0')
		return 0;
	for (; *v != '\0'; v++)
		if (!is_token_char((unsigned char)*v))
			return 0;
	return 1;
}

/* The length of v as a quoted string, or 0 when it cannot be one:
 * anything but printable ASCII, or a "=?" that readers (this one too)
 * would decode as RFC 2047. */
static size_t
quoted_len(const char *v)
{
	size_t len = 2;

	if (strstr(v, "=?") != NULL)
		return 0;
	for (; *v != '\0'; v++) {
		if ((unsigned char)*v < ' ' || (unsigned char)*v >= 0x7F)
			return 0;
		len += *v == '"' || *v == '\\' ? 2 : 1;
	}
	return len;
}

/* The columns the character at v[0..k) takes %-encoded. */
static size_t
pct_len(const char *v, size_t k)
{
	return k == 1 && is_attr_char((unsigned char)v[0]) ? 1 : 3 * k;
}

static void
add_pct(struct pst_buf *out, const char *v, size_t k)
{
	static const char hex[] = "0123456789ABCDEF";
	unsigned char c;

	for (size_t i = 0; i < k; i++) {
		c = (unsigned char)v[i];
		if (k == 1 && is_attr_char(c))
			pst_buf_addc(out, c);
		else {
			pst_buf_addc(out, '%');
			pst_buf_addc(out, hex[c >> 4]);
			pst_buf_addc(out, hex[c & 0xF]);
		}
	}
}

/* The length of the character at v: a whole UTF-8 sequence, or one byte
 * where v is not UTF-8. */
static size_t
char_at(const char *v)
{
	size_t k = pst_utf8_decode(v, strnlen(v, 4), NULL);

	return k > 0 ? k : 1;
}

/* The length of v in RFC 2231 form, charset prefix included. */
static size_t
extended_len(const char *v)
{
	size_t len = strlen(CHARSET_PREFIX), k;

	for (; *v != '\0'; v += k) {
		k = char_at(v);
		len += pct_len(v, k);
	}
	return len;
}

/* "; name*0*=UTF-8''...; name*1*=...", each piece fitting its line when
 * the name leaves room for one character at least. */
static void
add_continuations(struct pst_buf *out, const char *name, const char *v)
{
	struct pst_buf head = {0};
	size_t used, k, len;
	int section = 0;

	while (*v != '\0') {
		pst_buf_reset(&head);
		pst_buf_printf(&head, "; %s*%d*=%s", name, section,
		    section == 0 ? CHARSET_PREFIX : "");
		pst_buf_add(out, head.p, head.len);
		used = head.len - 1;	/* the "; " counts one column: " " */
		for (len = 0; *v != '\0'; v += k, len++) {
			k = char_at(v);
			if (len > 0 && used + pct_len(v, k) + 1 > PIECE_LINE)
				break;
			add_pct(out, v, k);
			used += pct_len(v, k);
		}
		section++;
	}
	pst_buf_free(&head);
}

/* "; name="value"", quotes and backslashes escaped. */
static void
add_quoted(struct pst_buf *out, const char *name, const char *v)
{
	pst_buf_printf(out, "; %s=\"", name);
	for (; *v != '\0'; v++) {
		if (*v == '"' || *v == '\\')
			pst_buf_addc(out, '\\');
		pst_buf_addc(out, *v);
	}
	pst_buf_addc(out, '"');
}

/* "; name*=UTF-8''%XX..." */
static void
add_extended(struct pst_buf *out, const char *name, const char *v)
{
	size_t k;

	pst_buf_printf(out, "; %s*=%s", name, CHARSET_PREFIX);
	for (; *v != '\0'; v += k) {
		k = char_at(v);
		add_pct(out, v, k);
	}
}

void
pst_params_add(struct pst_buf *out, const char *name, const char *value)
{
	size_t qlen = quoted_len(value);

	if (is_token(value) && piece_fits(name, strlen(value)))
		pst_buf_printf(out, "; %s=%s", name, value);
	else if (qlen > 0 && piece_fits(name, qlen))
		add_quoted(out, name, value);
	else if (piece_fits(name, extended_len(value) + 1))
		add_extended(out, name, value);
	else
		add_continuations(out, name, value);
}
