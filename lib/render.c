/* render: messages shown as text for a person. */
#include <string.h>
#include <strings.h>

#include "charset.h"
#include "flowed.h"
#include "html.h"
#include "render.h"
#include "sanitize.h"

#define FRAME	"| "	/* before each line of an embedded message */

struct render {
	const struct pst_render_opts *o;
	struct pst_buf *out;
	struct pst_buf *problems;
	int nproblems;
	int shown;		/* parts shown so far (for separators) */
};

static void render_part(struct render *r, const struct pst_part *p);

static void
problem(struct render *r, const struct pst_part *p, const char *what,
    const char *detail)
{
	struct pst_buf clean = {0};

	if (detail != NULL)
		pst_sanitize(detail, strlen(detail), 0, &clean);
	pst_buf_printf(r->problems, "part %d: %s%s%s%s\n", p->num, what,
	    detail ? " \"" : "", pst_buf_str(&clean), detail ? "\"" : "");
	pst_buf_free(&clean);
	r->nproblems++;
}

void
pst_render_size(size_t n, struct pst_buf *out)
{
	const size_t kib = 1024, mib = 1024 * 1024;
	size_t tenths;

	if (n < kib) {
		pst_buf_printf(out, "%zu B", n);
		return;
	}
	/* One decimal while it says something: "9.9 KiB", then "10 KiB". */
	tenths = n < mib ? (n * 10 + kib / 2) / kib : (n / kib * 10 + kib / 2) / kib;
	if (tenths < 100)
		pst_buf_printf(out, "%zu.%zu %s", tenths / 10, tenths % 10,
		    n < mib ? "KiB" : "MiB");
	else
		pst_buf_printf(out, "%zu %s", (tenths + 5) / 10,
		    n < mib ? "KiB" : "MiB");
}

/* Append s sanitised for one line, quoted. */
static void
add_quoted_name(struct pst_buf *out, const char *s)
{
	pst_buf_addc(out, '"');
	pst_sanitize(s, strlen(s), 0, out);
	pst_buf_addc(out, '"');
}

/* End what is in out with a line end, unless it is empty or has one. */
static void
end_line(struct pst_buf *out)
{
	if (out->len > 0 && out->p[out->len - 1] != '\n')
		pst_buf_addc(out, '\n');
}

/* Start a marker line "[-- N: type" for part p on a line of its own. */
static void
marker_start(struct pst_buf *out, const struct pst_part *p)
{
	end_line(out);
	pst_buf_printf(out, "[-- %d: ", p->num);
	pst_sanitize(p->ctype.token, strlen(p->ctype.token), 0, out);
}

/* The one line that stands for a part not shown. */
static void
part_line(struct render *r, const struct pst_part *p, const char *why)
{
	struct pst_buf *out = r->out;

	marker_start(out, p);
	pst_buf_adds(out, ", ");
	pst_render_size(pst_part_decoded_size(p), out);
	if (p->filename != NULL) {
		pst_buf_adds(out, ", ");
		add_quoted_name(out, p->filename);
	}
	if (why != NULL)
		pst_buf_printf(out, " (%s)", why);
	pst_buf_adds(out, " --]\n");
	r->shown++;
}

int
pst_part_text(const struct pst_part *p, struct pst_buf *out)
{
	struct pst_buf raw = {0};
	char meta[64];
	const char *cs = p->charset;
	int rc;

	pst_decode(p->cte, p->body, p->bodylen, &raw);
	if (cs == NULL && strcmp(p->ctype.token, "text/html") == 0 &&
	    pst_html_meta_charset(pst_buf_str(&raw), raw.len, meta,
	    sizeof meta) == 0)
		cs = meta;
	rc = pst_charset_to_utf8(cs, pst_buf_str(&raw), raw.len, out);
	pst_buf_free(&raw);
	return rc;
}

/* Whether parameter name of p's Content-Type equals value. */
static int
ctype_param_is(const struct pst_part *p, const char *name, const char *value)
{
	const char *v = pst_params_get(&p->ctype, name);

	return v != NULL && strcasecmp(v, value) == 0;
}

/* Show a text part: decoded, converted, HTML rendered, flowed reflowed. */
static void
render_text(struct render *r, const struct pst_part *p)
{
	struct pst_buf text = {0}, shaped = {0};
	const struct pst_buf *show = &text;

	if (pst_part_text(p, &text) < 0)
		problem(r, p, "unknown charset, shown as UTF-8", p->charset);
	if (text.len == 0) {	/* nothing to show, not even a marker */
		pst_buf_free(&text);
		return;
	}
	if (strcmp(p->ctype.token, "text/html") == 0) {
		pst_html_to_text(pst_buf_str(&text), text.len, r->o->width,
		    &shaped);
		show = &shaped;
	} else if (strcmp(p->ctype.token, "text/plain") == 0 &&
	    ctype_param_is(p, "format", "flowed")) {
		pst_flowed_reflow(pst_buf_str(&text), text.len,
		    ctype_param_is(p, "delsp", "yes"), r->o->width, &shaped);
		show = &shaped;
	}
	if (r->shown > 0) {
		marker_start(r->out, p);
		pst_buf_adds(r->out, " --]\n");
	}
	pst_sanitize(pst_buf_str(show), show->len, PST_SAN_NEWLINES, r->out);
	end_line(r->out);
	r->shown++;
	pst_buf_free(&text);
	pst_buf_free(&shaped);
}

/* Whether the type of p is named in the colon-separated list (entries may
 * end in "/" and a star); its position (0 first) or -1. */
static int
preference(const struct pst_part *p, const char *list)
{
	const char *t = p->ctype.token, *s = list, *end;
	size_t n, tl = strlen(t);
	int pos = 0;

	while (*s) {
		end = strchr(s, ':');
		n = end ? (size_t)(end - s) : strlen(s);
		if ((n == tl && strncasecmp(s, t, n) == 0) ||
		    (n >= 2 && s[n - 1] == '*' && s[n - 2] == '/' &&
		    strncasecmp(s, t, n - 1) == 0))
			return pos;
		pos++;
		s += n + (end != NULL);
	}
	return -1;
}

static void
render_alternative(struct render *r, const struct pst_part *p)
{
	const char *prefer = r->o->prefer ? r->o->prefer :
	    PST_RENDER_ALTERNATIVES;
	const struct pst_part *c, *best = NULL;
	int bestpos = -1, pos;

	for (c = p->child; c != NULL; c = c->next) {
		pos = preference(c, prefer);
		if (pos >= 0 && (bestpos < 0 || pos < bestpos)) {
			best = c;
			bestpos = pos;
		}
	}
	if (best == NULL)
		best = p->child;
	for (c = p->child; c != NULL; c = c->next)
		if (c == best)
			render_part(r, c);
		else if (!pst_part_is(c, "multipart/"))
			part_line(r, c, "alternative");
}

void
pst_render_field(const struct pst_field *f, struct pst_buf *out)
{
	struct pst_buf value = {0};

	pst_sanitize(f->name, f->namelen, 0, out);
	pst_buf_adds(out, ": ");
	pst_hdr_decode_field(f, &value);
	pst_sanitize(pst_buf_str(&value), value.len, 0, out);
	pst_buf_addc(out, '\n');
	pst_buf_free(&value);
}

/* Append the header fields chosen by the options. */
static void
render_headers(struct render *r, const struct pst_header *h)
{
	const char *list = r->o->headers ? r->o->headers : PST_RENDER_HEADERS;
	const char *s, *end;
	char name[128];
	size_t n;

	if (r->o->all_headers) {
		for (size_t i = 0; i < h->n; i++)
			pst_render_field(&h->f[i], r->out);
		return;
	}
	for (s = list; *s; s += n + (end != NULL)) {
		end = strchr(s, ':');
		n = end ? (size_t)(end - s) : strlen(s);
		if (n == 0 || n >= sizeof name)
			continue;
		memcpy(name, s, n);
		name[n] = '\0';
		for (size_t i = 0; i < h->n; i++)
			if (h->f[i].namelen == n &&
			    strncasecmp(h->f[i].name, name, n) == 0)
				pst_render_field(&h->f[i], r->out);
	}
}

/* Show an embedded message framed: its lines prefixed by FRAME. */
static void
render_embedded(struct render *r, const struct pst_part *p)
{
	struct pst_buf inner = {0};
	struct pst_buf *saved = r->out;
	int shown = r->shown;
	size_t i, start;

	part_line(r, p, NULL);
	if (p->child == NULL)
		return;
	r->out = &inner;
	r->shown = 0;
	render_headers(r, &p->child->hdr);
	pst_buf_addc(&inner, '\n');
	render_part(r, p->child);
	r->out = saved;
	r->shown = shown + 1;
	for (i = 0, start = 0; i < inner.len; i++) {
		if (inner.p[i] != '\n')
			continue;
		pst_buf_adds(saved, i > start ? FRAME : "|");
		pst_buf_add(saved, inner.p + start, i - start + 1);
		start = i + 1;
	}
	pst_buf_free(&inner);
}

static void
render_part(struct render *r, const struct pst_part *p)
{
	const struct pst_part *c;
	const char *disp = p->disp.token;

	if (p->flags & PST_PART_NO_END)
		problem(r, p, "no closing boundary; the last part runs to "
		    "the end", NULL);
	if (p->flags & PST_PART_TOO_MANY)
		problem(r, p, "too many parts; the rest is not split", NULL);
	if (p->flags & PST_PART_TOO_DEEP)
		problem(r, p, "nested too deep; not split", NULL);
	if (p->flags & PST_PART_NO_BOUNDARY) {
		problem(r, p, "multipart without boundary; shown as text",
		    NULL);
		render_text(r, p);
		return;
	}
	if (pst_part_is(p, "multipart/") && !(p->flags & PST_PART_TOO_DEEP)) {
		if (strcmp(p->ctype.token, "multipart/alternative") == 0 &&
		    p->child != NULL) {
			render_alternative(r, p);
			return;
		}
		for (c = p->child; c != NULL; c = c->next)
			render_part(r, c);
		return;
	}
	if (p->child != NULL) {
		render_embedded(r, p);
		return;
	}
	if (pst_part_is(p, "text/") && strcasecmp(disp, "attachment") != 0) {
		render_text(r, p);
		return;
	}
	part_line(r, p, NULL);
}

int
pst_render_message(const struct pst_mime *m,
    const struct pst_render_opts *opts, struct pst_buf *out,
    struct pst_buf *problems)
{
	struct render r = { opts, out, problems, 0, 0 };

	render_headers(&r, &m->root->hdr);
	pst_buf_addc(out, '\n');
	render_part(&r, m->root);
	return r.nproblems;
}

void
pst_render_tree(const struct pst_mime *m, struct pst_buf *out)
{
	for (size_t i = 0; i < m->nparts; i++) {
		const struct pst_part *p = m->parts[i];
		size_t size = p->child != NULL || pst_part_is(p, "multipart/") ?
		    p->bodylen : pst_part_decoded_size(p);

		pst_buf_printf(out, "%*s%d: ", 2 * (p->depth + 1), "", p->num);
		pst_sanitize(p->ctype.token, strlen(p->ctype.token), 0, out);
		if (p->charset != NULL) {
			pst_buf_adds(out, " charset=");
			pst_sanitize(p->charset, strlen(p->charset), 0, out);
		}
		pst_buf_printf(out, " size=%zu", size);
		if (p->filename != NULL) {
			pst_buf_adds(out, " name=");
			add_quoted_name(out, p->filename);
		}
		pst_buf_addc(out, '\n');
	}
}
