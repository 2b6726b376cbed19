/* mime: the MIME structure of a message. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "mem.h"
#include "mime.h"

#define MAX_BOUNDARY	256	/* longer boundary parameters are cut here */

struct parser {
	struct pst_mime *m;
	size_t cap;
};

static struct pst_part *parse_part(struct parser *ps, const char *raw,
    size_t rawlen, int depth, struct pst_part *parent, const char *deftype);

/* Parse a structured field of h into *out (an empty one when missing). */
static void
parse_structured(const struct pst_header *h, const char *name,
    struct pst_params *out)
{
	struct pst_buf v = {0};
	const struct pst_field *f = pst_hdr_find(h, name);

	if (f != NULL)
		pst_hdr_unfold(f->value, f->valuelen, &v);
	pst_params_parse(pst_buf_str(&v), v.len, out);
	pst_buf_free(&v);
}

/* Whether the content type token is usable: "type/subtype", both parts
 * non-empty. */
static int
valid_type(const char *t)
{
	const char *slash = strchr(t, '/');

	return slash != NULL && slash != t && slash[1] != '\0';
}

static void
register_part(struct parser *ps, struct pst_part *p)
{
	struct pst_mime *m = ps->m;

	if (m->nparts == ps->cap) {
		ps->cap = ps->cap ? ps->cap * 2 : 16;
		m->parts = pst_xreallocarray(m->parts, ps->cap, sizeof *m->parts);
	}
	m->parts[m->nparts++] = p;
	p->num = (int)m->nparts;
}

/* The length of the line at p[0..n) without its line end, and in *next the
 * offset of the line after it. */
static size_t
line_at(const char *p, size_t n, size_t *next)
{
	const char *nl = memchr(p, '\n', n);
	size_t len = nl ? (size_t)(nl - p) : n;

	*next = nl ? len + 1 : n;
	if (len > 0 && p[len - 1] == '\r')
		len--;
	return len;
}

/* Whether line[0..n) is a delimiter for boundary b[0..blen): "--b",
 * maybe "--" after it (then *close is set), then only blanks. */
static int
is_delimiter(const char *line, size_t n, const char *b, size_t blen,
    int *close)
{
	size_t i;

	if (n < blen + 2 || line[0] != '-' || line[1] != '-' ||
	    memcmp(line + 2, b, blen) != 0)
		return 0;
	i = blen + 2;
	*close = n - i >= 2 && line[i] == '-' && line[i + 1] == '-';
	if (*close)
		i += 2;
	for (; i < n; i++)
		if (line[i] != ' ' && line[i] != '\t')
			return 0;
	return 1;
}

/* Without a boundary parameter, take the first line starting with "--"
 * as the delimiter. Copies it into b; returns its length or 0. */
static size_t
guess_boundary(const char *body, size_t len, char *b, size_t size)
{
	size_t off = 0, next, n;

	while (off < len) {
		n = line_at(body + off, len - off, &next);
		next += off;
		if (n > 2 && body[off] == '-' && body[off + 1] == '-') {
			n -= 2;
			while (n > 0 && (body[off + 1 + n] == ' ' ||
			    body[off + 1 + n] == '\t'))
				n--;
			if (n >= size)
				return 0;
			memcpy(b, body + off + 2, n);
			return n;
		}
		off = next;
	}
	return 0;
}

/* The end of the part that runs from start up to the delimiter line at
 * delim: the line end before a delimiter belongs to the delimiter. */
static size_t
part_end(const char *body, size_t start, size_t delim)
{
	size_t end = delim;

	if (end > start && body[end - 1] == '\n')
		end--;
	if (end > start && body[end - 1] == '\r')
		end--;
	return end;
}

static void
add_child(struct pst_part *parent, struct pst_part **last,
    struct pst_part *child)
{
	if (*last == NULL)
		parent->child = child;
	else
		(*last)->next = child;
	*last = child;
}

/* Split multipart p at its boundary lines into child parts. */
static void
split_multipart(struct parser *ps, struct pst_part *p)
{
	const char *param = pst_params_get(&p->ctype, "boundary");
	const char *deftype = strcmp(p->ctype.token, "multipart/digest") == 0 ?
	    "message/rfc822" : "text/plain";
	char b[MAX_BOUNDARY];
	size_t blen, off = 0, next, n, start = 0;
	struct pst_part *last = NULL, *child;
	int inside = 0, close = 0;

	if (param != NULL && param[0] != '\0') {
		blen = strlen(param);
		if (blen >= sizeof b)
			blen = sizeof b - 1;
		memcpy(b, param, blen);
	} else {
		blen = guess_boundary(p->body, p->bodylen, b, sizeof b);
	}
	while (blen > 0 && off < p->bodylen) {
		n = line_at(p->body + off, p->bodylen - off, &next);
		next += off;
		if (is_delimiter(p->body + off, n, b, blen, &close)) {
			if (inside) {
				if (ps->m->nparts >= PST_MIME_MAX_PARTS) {
					p->flags |= PST_PART_TOO_MANY;
					return;
				}
				child = parse_part(ps, p->body + start,
				    part_end(p->body, start, off) - start,
				    p->depth + 1, p, deftype);
				add_child(p, &last, child);
			}
			inside = !close;
			start = next;
			if (close)
				break;		/* the rest is the epilogue */
		}
		off = next;
	}
	if (inside) {
		/* No closing delimiter: the last part runs to the end. */
		p->flags |= PST_PART_NO_END;
		if (ps->m->nparts < PST_MIME_MAX_PARTS)
			add_child(p, &last, parse_part(ps, p->body + start,
			    p->bodylen - start, p->depth + 1, p, deftype));
		else
			p->flags |= PST_PART_TOO_MANY;
	} else if (last == NULL) {
		p->flags |= PST_PART_NO_BOUNDARY;
	}
}

/* The length of a leading mbox "From " line of a message, or 0: a
 * message saved from an mbox, or embedded with one, is still a message. */
static size_t
from_line(const char *msg, size_t len)
{
	const char *nl;

	if (len < 5 || memcmp(msg, "From ", 5) != 0)
		return 0;
	nl = memchr(msg, '\n', len);
	return nl ? (size_t)(nl - msg) + 1 : len;
}

static struct pst_part *
parse_part(struct parser *ps, const char *raw, size_t rawlen, int depth,
    struct pst_part *parent, const char *deftype)
{
	struct pst_part *p = pst_xcalloc(1, sizeof *p);
	size_t hdrlen;
	char *cte;

	register_part(ps, p);
	p->depth = depth;
	p->parent = parent;
	p->raw = raw;
	p->rawlen = rawlen;
	hdrlen = pst_hdr_parse(raw, rawlen, &p->hdr);
	p->body = raw + hdrlen;
	p->bodylen = rawlen - hdrlen;

	parse_structured(&p->hdr, "Content-Type", &p->ctype);
	if (!valid_type(p->ctype.token)) {
		free(p->ctype.token);
		p->ctype.token = pst_xstrdup(deftype);
	}
	parse_structured(&p->hdr, "Content-Disposition", &p->disp);
	cte = pst_hdr_get(&p->hdr, "Content-Transfer-Encoding");
	p->cte = pst_cte_parse(cte);
	free(cte);
	p->charset = pst_params_get(&p->ctype, "charset");
	p->filename = pst_params_get(&p->disp, "filename");
	if (p->filename == NULL)
		p->filename = pst_params_get(&p->ctype, "name");

	if (pst_part_is(p, "multipart/")) {
		p->cte = PST_CTE_7BIT;
		if (depth >= PST_MIME_MAX_DEPTH)
			p->flags |= PST_PART_TOO_DEEP;
		else
			split_multipart(ps, p);
	} else if (strcmp(p->ctype.token, "message/rfc822") == 0 ||
	    strcmp(p->ctype.token, "message/global") == 0) {
		if (depth >= PST_MIME_MAX_DEPTH)
			p->flags |= PST_PART_TOO_DEEP;
		else if (ps->m->nparts < PST_MIME_MAX_PARTS) {
			size_t skip = from_line(p->body, p->bodylen);
			p->child = parse_part(ps, p->body + skip,
			    p->bodylen - skip, depth + 1, p, "text/plain");
		}
	}
	return p;
}

void
pst_mime_parse(const char *msg, size_t len, struct pst_mime *m)
{
	struct parser ps = { m, 0 };
	size_t skip = from_line(msg, len);

	memset(m, 0, sizeof *m);
	m->root = parse_part(&ps, msg + skip, len - skip, 0, NULL, "text/plain");
}

void
pst_mime_free(struct pst_mime *m)
{
	for (size_t i = 0; i < m->nparts; i++) {
		struct pst_part *p = m->parts[i];
		pst_hdr_free(&p->hdr);
		pst_params_free(&p->ctype);
		pst_params_free(&p->disp);
		free(p);
	}
	free(m->parts);
	memset(m, 0, sizeof *m);
}

struct pst_part *
pst_mime_part(const struct pst_mime *m, int num)
{
	if (num < 1 || (size_t)num > m->nparts)
		return NULL;
	return m->parts[num - 1];
}

int
pst_part_is(const struct pst_part *p, const char *prefix)
{
	return strncmp(p->ctype.token, prefix, strlen(prefix)) == 0;
}

static int
count_sink(void *ctx, const char *p, size_t n)
{
	(void)p;
	*(size_t *)ctx += n;
	return 0;
}

size_t
pst_part_decoded_size(const struct pst_part *p)
{
	size_t n = 0;

	if (p->cte == PST_CTE_7BIT)
		return p->bodylen;
	if (p->cte == PST_CTE_BASE64)
		return pst_base64_decoded_size(p->body, p->bodylen);
	pst_decode_stream(p->cte, p->body, p->bodylen, count_sink, &n);
	return n;
}
