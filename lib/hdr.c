/* hdr: the header block of a message or MIME part. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "addr.h"
#include "hdr.h"
#include "mem.h"
#include "rfc2047.h"

/* The end of the line starting at p: the offset of its LF, or n. */
static size_t
line_end(const char *p, size_t n)
{
	const char *nl = memchr(p, '\n', n);

	return nl ? (size_t)(nl - p) : n;
}

/* Whether line[0..n) is empty (a lone CR counts as empty). */
static int
blank_line(const char *line, size_t n)
{
	return n == 0 || (n == 1 && line[0] == '\r');
}

/* The length of the field name at the start of line[0..n) if it is a
 * header line ("Name:" or the obsolete "Name :"); 0 if it is not. */
static size_t
field_name(const char *line, size_t n, size_t *colon)
{
	size_t i, end;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)line[i];
		if (c == ':' || c <= ' ' || c >= 0x7F)
			break;
	}
	end = i;
	while (i < n && (line[i] == ' ' || line[i] == '\t'))
		i++;
	if (end == 0 || i == n || line[i] != ':')
		return 0;
	*colon = i;
	return end;
}

static void
add_field(struct pst_header *h, const char *name, size_t namelen,
    const char *value, size_t valuelen)
{
	if (h->n == h->cap) {
		h->cap = h->cap ? h->cap * 2 : 16;
		h->f = pst_xreallocarray(h->f, h->cap, sizeof *h->f);
	}
	h->f[h->n].name = name;
	h->f[h->n].namelen = namelen;
	h->f[h->n].value = value;
	h->f[h->n].valuelen = valuelen;
	h->n++;
}

size_t
pst_hdr_parse(const char *p, size_t len, struct pst_header *h)
{
	size_t off = 0, n, namelen, colon, v;
	struct pst_field *last = NULL;

	memset(h, 0, sizeof *h);
	while (off < len) {
		const char *line = p + off;

		n = line_end(line, len - off);
		if (blank_line(line, n))
			return off + n + (off + n < len);
		if (line[0] == ' ' || line[0] == '\t') {
			/* A folded line: the field grows to its end, within
			 * the bound. */
			if (off + n > PST_HDR_MAX_BYTES) {
				h->truncated = 1;
				last = NULL;
			}
			if (last != NULL)
				last->valuelen = (size_t)(line - last->value) +
				    n - (n > 0 && line[n - 1] == '\r');
		} else if ((namelen = field_name(line, n, &colon)) > 0) {
			if (off + n > PST_HDR_MAX_BYTES ||
			    h->n == PST_HDR_MAX_FIELDS) {
				h->truncated = 1;
				last = NULL;
			} else {
				v = colon + 1;
				while (v < n && (line[v] == ' ' || line[v] == '\t'))
					v++;
				add_field(h, line, namelen, line + v,
				    n - v - (n > v && line[n - 1] == '\r'));
				last = &h->f[h->n - 1];
			}
		} else {
			/* Not a header line: the body starts here, as it
			 * does for most readers of broken mail. */
			return off;
		}
		off += n + 1;
	}
	return len;
}

void
pst_hdr_free(struct pst_header *h)
{
	free(h->f);
	memset(h, 0, sizeof *h);
}

const struct pst_field *
pst_hdr_find(const struct pst_header *h, const char *name)
{
	size_t len = strlen(name);

	for (size_t i = 0; i < h->n; i++)
		if (h->f[i].namelen == len &&
		    strncasecmp(h->f[i].name, name, len) == 0)
			return &h->f[i];
	return NULL;
}

void
pst_hdr_unfold(const char *v, size_t len, struct pst_buf *out)
{
	size_t i = 0, start = out->len;

	while (i < len && (v[i] == ' ' || v[i] == '\t' || v[i] == '\r' ||
	    v[i] == '\n'))
		i++;
	while (i < len) {
		if (v[i] == '\r' || v[i] == '\n') {
			while (i < len && (v[i] == '\r' || v[i] == '\n' ||
			    v[i] == ' ' || v[i] == '\t'))
				i++;
			pst_buf_addc(out, ' ');
			continue;
		}
		pst_buf_addc(out, v[i++]);
	}
	while (out->len > start && (out->p[out->len - 1] == ' ' ||
	    out->p[out->len - 1] == '\t'))
		out->p[--out->len] = '\0';
}

char *
pst_hdr_get(const struct pst_header *h, const char *name)
{
	const struct pst_field *f = pst_hdr_find(h, name);
	struct pst_buf b = {0};

	if (f == NULL)
		return NULL;
	pst_hdr_unfold(f->value, f->valuelen, &b);
	return pst_buf_take(&b);
}

char *
pst_hdr_get_decoded(const struct pst_header *h, const char *name)
{
	const struct pst_field *f = pst_hdr_find(h, name);
	struct pst_buf raw = {0}, b = {0};

	if (f == NULL)
		return NULL;
	pst_hdr_unfold(f->value, f->valuelen, &raw);
	pst_rfc2047_decode(pst_buf_str(&raw), raw.len, &b);
	pst_buf_free(&raw);
	return pst_buf_take(&b);
}

int
pst_hdr_is_address(const char *name, size_t n)
{
	static const char *const fields[] = {
		"from", "to", "cc", "bcc", "reply-to", "sender",
		"resent-from", "resent-to", "resent-cc", "resent-bcc",
		"resent-sender", "mail-followup-to", "mail-reply-to",
		"disposition-notification-to",
	};

	for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
		if (strlen(fields[i]) == n && strncasecmp(name, fields[i], n) == 0)
			return 1;
	return 0;
}

void
pst_hdr_decode_field(const struct pst_field *f, struct pst_buf *out)
{
	struct pst_buf raw = {0};
	struct pst_addr *list;
	size_t n;

	pst_hdr_unfold(f->value, f->valuelen, &raw);
	if (pst_hdr_is_address(f->name, f->namelen)) {
		n = pst_addr_parse(pst_buf_str(&raw), raw.len, &list);
		pst_addr_format(list, n, out);
		pst_addr_free(list, n);
	} else {
		pst_rfc2047_decode(pst_buf_str(&raw), raw.len, out);
	}
	pst_buf_free(&raw);
}

/* ---- writing ---------------------------------------------------------------
 *
 * The value is cut into segments at the places a fold may go: before a
 * space outside quoted strings that follows some text and is followed by
 * a non-blank.  Folding before the last blank of a run (and never before
 * a tab) is what makes pst_hdr_unfold give the value back exactly: the LF
 * and the one blank after it become one space again.  Segments are then
 * laid on lines greedily, so a line is too long only where one segment
 * alone is.  Quoted strings count only in the structured fields that
 * have them (has_quoted_strings). */

#define EW_LINE	76	/* RFC 2047: a line holding an encoded word */

/* Whether s[0..n) may hold an encoded word: "=?" with "?=" later. Taken
 * loosely, since it can only make a line shorter. */
static int
may_hold_encoded_word(const char *s, size_t n)
{
	const char *open = NULL;

	for (size_t i = 0; i + 1 < n; i++) {
		if (open == NULL && s[i] == '=' && s[i + 1] == '?')
			open = s + i;
		else if (open != NULL && s + i > open + 1 && s[i] == '?' &&
		    s[i + 1] == '=')
			return 1;
	}
	return 0;
}

/* Whether value, in the field called name, has quoted strings: only the
 * structured fields that hold them do (in free text such as Subject or an
 * X- field a '"' is text), and only when its quotes pair up: a stray one
 * must not stop every fold after it. */
static int
has_quoted_strings(const char *name, const char *value)
{
	int open = 0;

	if (!pst_hdr_is_address(name, strlen(name)) &&
	    strcasecmp(name, "content-type") != 0 &&
	    strcasecmp(name, "content-disposition") != 0)
		return 0;
	for (; *value != '\0'; value++) {
		if (open && *value == '\\' && value[1] != '\0')
			value++;
		else if (*value == '"')
			open = !open;
	}
	return !open;
}

/* The end of the segment of v[0..n) that starts at i: the next place a
 * fold may go, or n. *quoted carries the quoted-string state along; it is
 * -1 where there are none. */
static size_t
segment_end(const char *v, size_t n, size_t i, int *quoted)
{
	int text = i > 0;	/* a non-blank seen on this line */

	for (; i < n; i++) {
		if (*quoted == 1) {
			if (v[i] == '\\' && i + 1 < n)
				i++;
			else if (v[i] == '"')
				*quoted = 0;
			continue;
		}
		if (v[i] == '"' && *quoted == 0)
			*quoted = 1;
		else if (v[i] == ' ' && text && i + 1 < n &&
		    v[i + 1] != ' ' && v[i + 1] != '\t')
			return i;
		if (v[i] != ' ' && v[i] != '\t')
			text = 1;
	}
	return n;
}

size_t
pst_hdr_write(struct pst_buf *out, const char *name, const char *value)
{
	char *v = pst_xstrdup(value);
	size_t n = strlen(v), i, end, seglen, col, limit, longest = 0;
	int quoted = has_quoted_strings(name, value) ? 0 : -1, ew, line_ew;

	/* A CR or LF would start a field of its own: never let one out. */
	for (i = 0; i < n; i++)
		if (v[i] == '\r' || v[i] == '\n')
			v[i] = ' ';
	pst_buf_adds(out, name);
	pst_buf_adds(out, ": ");
	col = strlen(name) + 2;
	line_ew = 0;
	for (i = 0; i < n; i = end) {
		end = segment_end(v, n, i + (i > 0), &quoted);
		seglen = end - i;
		ew = may_hold_encoded_word(v + i, seglen);
		limit = line_ew || ew ? EW_LINE : PST_HDR_FOLD;
		if (i > 0 && col + seglen > limit) {
			pst_buf_addc(out, '\n');
			col = 0;
			line_ew = 0;
		}
		pst_buf_add(out, v + i, seglen);
		col += seglen;
		line_ew |= ew;
		if (col > longest)
			longest = col;
	}
	pst_buf_addc(out, '\n');
	free(v);
	return n == 0 ? strlen(name) + 2 : longest;
}
