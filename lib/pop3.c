/* pop3: fetching over POP3. libcurl logs in; posta lists, retrieves
 * (pipelined), deletes and quits, every reply checked. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sysexits.h>

#include "mem.h"
#include "pop3.h"
#include "sanitize.h"

#define WINDOW	64	/* commands in flight with PIPELINING */

struct pst_pop3 {
	struct pst_conn *c;
	int pipelining;
	int has_uidl_cap;
};

/* Whether the opening holds a line that is the capability name. */
static int
opening_has(const struct pst_conn *c, const char *name)
{
	const char *p = pst_conn_opening(c), *nl;
	size_t n = strlen(name), len;

	for (; *p != '\0'; p = nl + 1) {
		nl = strchr(p, '\n');
		len = nl != NULL ? (size_t)(nl - p) : strlen(p);
		while (len > 0 && p[len - 1] == '\r')
			len--;
		if ((len == n || (len > n && p[n] == ' ')) &&
		    strncasecmp(p, name, n) == 0)
			return 1;
		if (nl == NULL)
			break;
	}
	return 0;
}

int
pst_pop3_has(const struct pst_pop3 *p, const char *name)
{
	return opening_has(p->c, name);
}

struct pst_pop3 *
pst_pop3_on(struct pst_conn *c)
{
	struct pst_pop3 *p = pst_xcalloc(1, sizeof *p);

	p->c = c;
	p->pipelining = opening_has(c, "PIPELINING");
	return p;
}

struct pst_pop3 *
pst_pop3_open(const struct pst_conn_opts *o, struct pst_err *e)
{
	struct pst_conn *c = pst_conn_open(o, e);

	return c != NULL ? pst_pop3_on(c) : NULL;
}

void
pst_pop3_close(struct pst_pop3 *p)
{
	if (p == NULL)
		return;
	pst_conn_close(p->c);
	free(p);
}

/* ---- replies ------------------------------------------------------------- */

static void
quote(struct pst_err *e, int status, const char *what, const char *line,
    size_t n)
{
	struct pst_buf clean = {0};

	pst_sanitize(line, n < 200 ? n : 200, 0, &clean);
	pst_err_set(e, status, "%s: the server said \"%s\"", what,
	    pst_buf_str(&clean));
	pst_buf_free(&clean);
}

/* Read a status line: 0 for +OK; -1 with *e set for -ERR (status; 75
 * when the server says [SYS/TEMP] or [IN-USE]) or for nonsense (76). */
static int
status_line(struct pst_pop3 *p, const char *what, int status,
    struct pst_err *e)
{
	const char *line;
	size_t n;

	if (pst_conn_line(p->c, &line, &n, e) != 0)
		return -1;
	if (n >= 3 && strncmp(line, "+OK", 3) == 0 && (n == 3 ||
	    line[3] == ' '))
		return 0;
	if (n >= 4 && strncmp(line, "-ERR", 4) == 0) {
		if (strstr(line, "[SYS/TEMP]") != NULL ||
		    strstr(line, "[IN-USE]") != NULL)
			status = EX_TEMPFAIL;
		quote(e, status, what, line, n);
		return -1;
	}
	quote(e, EX_PROTOCOL, "a reply that is not POP3", line, n);
	return -1;
}

static int
send_str(struct pst_pop3 *p, const char *s, struct pst_err *e)
{
	return pst_conn_send(p->c, s, strlen(s), e);
}

/* ---- listing ----------------------------------------------------------- */

struct sized {
	unsigned long num;
	unsigned long long size;
};

static int
by_num(const void *a, const void *b)
{
	const struct sized *x = a, *y = b;

	return x->num < y->num ? -1 : x->num > y->num;
}

/* Parse "num rest" of a listing line: the number, and rest. */
static int
listing_line(const char *line, size_t n, unsigned long *num,
    const char **rest)
{
	char *end;
	unsigned long long v;

	if (n == 0 || !isdigit((unsigned char)line[0]))
		return -1;
	v = strtoull(line, &end, 10);
	if (v == 0 || v > 0xffffffffULL || *end != ' ')
		return -1;
	*num = (unsigned long)v;
	while (*end == ' ')
		end++;
	*rest = end;
	return 0;
}

/* Read the lines of a multi-line listing up to ".", each to line_cb. */
static int
read_listing(struct pst_pop3 *p, const char *what,
    int (*line_cb)(void *, unsigned long, const char *), void *ctx,
    struct pst_err *e)
{
	const char *line, *rest;
	unsigned long num;
	size_t n;

	for (;;) {
		if (pst_conn_line(p->c, &line, &n, e) != 0)
			return -1;
		if (n == 1 && line[0] == '.')
			return 0;
		if (listing_line(line, n, &num, &rest) != 0) {
			quote(e, EX_PROTOCOL, what, line, n);
			return -1;
		}
		if (line_cb(ctx, num, rest) != 0) {
			quote(e, EX_PROTOCOL, what, line, n);
			return -1;
		}
	}
}

struct sizes {
	struct sized *v;
	size_t n, cap;
	int sorted;
};

static int
keep_size(void *ctx, unsigned long num, const char *rest)
{
	struct sizes *s = ctx;
	char *end;
	unsigned long long size;

	/* Digits: strtoull would take "-5" as a size too. */
	if (!isdigit((unsigned char)rest[0]))
		return -1;
	size = strtoull(rest, &end, 10);
	if (*end != '\0' && *end != ' ')
		return -1;
	if (s->n > 0 && s->v[s->n - 1].num >= num)
		s->sorted = 0;
	if (s->n == s->cap) {	/* doubling: a mailbox lists thousands */
		s->cap = s->cap ? s->cap * 2 : 256;
		s->v = pst_xreallocarray(s->v, s->cap, sizeof *s->v);
	}
	s->v[s->n].num = num;
	s->v[s->n++].size = size;
	return 0;
}

struct uidls {
	struct sizes *sizes;
	int (*each)(void *, unsigned long, unsigned long long, const char *);
	void *ctx;
	int rc;
};

static int
each_uidl(void *ctx, unsigned long num, const char *uidl)
{
	struct uidls *u = ctx;
	struct sized key = { num, 0 }, *hit;
	size_t len = strlen(uidl);

	/* RFC 1939: 1 to 70 characters from 0x21 to 0x7E. */
	if (len == 0 || len > 70 || strspn(uidl, "!\"#$%&'()*+,-./0123456789"
	    ":;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz"
	    "{|}~") != len)
		return -1;
	hit = u->sizes->n == 0 ? NULL : bsearch(&key, u->sizes->v,
	    u->sizes->n, sizeof key, by_num);
	if (hit == NULL)
		return -1;
	if (u->rc == 0)
		u->rc = u->each(u->ctx, num, hit->size, uidl);
	return 0;
}

int
pst_pop3_list(struct pst_pop3 *p,
    int (*each)(void *ctx, unsigned long num, unsigned long long size,
    const char *uidl), void *ctx, struct pst_err *e)
{
	struct sizes s = { NULL, 0, 0, 1 };
	struct uidls u = { &s, each, ctx, 0 };
	int rc = -1;

	/* Both commands at once when the server takes that. */
	if (send_str(p, p->pipelining ? "LIST\r\nUIDL\r\n" : "LIST\r\n", e) != 0 ||
	    status_line(p, "LIST", EX_PROTOCOL, e) != 0 ||
	    read_listing(p, "a LIST line that is not one", keep_size, &s,
	    e) != 0)
		goto out;
	if (!s.sorted)
		qsort(s.v, s.n, sizeof *s.v, by_num);
	if (!p->pipelining && send_str(p, "UIDL\r\n", e) != 0)
		goto out;
	if (status_line(p, "UIDL", EX_UNAVAILABLE, e) != 0) {
		if (e->status == EX_UNAVAILABLE)
			snprintf(e->msg, sizeof e->msg, "the server has no UIDL, "
			    "so what was fetched before cannot be told apart");
		goto out;
	}
	if (read_listing(p, "a UIDL line that is not one", each_uidl, &u,
	    e) != 0)
		goto out;
	rc = u.rc;
out:
	free(s.v);
	return rc;
}

/* ---- retrieving ---------------------------------------------------------- */

/* The first LF in b[0..n) that a '.' follows, or NULL. */
static const char *
lf_dot(const char *b, size_t n)
{
	const char *q = b, *end = b + n;

	while ((q = memchr(q, '\n', (size_t)(end - q))) != NULL &&
	    q + 1 < end) {
		if (q[1] == '.')
			return q;
		q++;
	}
	return NULL;
}

/* Stream one multi-line reply, after its +OK, to the sink: lines
 * dot-unstuffed, up to the "." line. The sink's failure still reads the
 * rest, so the session stays in step; it is returned as 1. */
static int
stream_message(struct pst_pop3 *p, const struct pst_sink *sink,
    struct pst_err *e)
{
	const char *b, *q;
	size_t n, k;
	int bol = 1, failed = 0;

	for (;;) {
		if (bol) {
			if (pst_conn_need(p->c, 1, &b, &n, e) != 0)
				return -1;
			if (b[0] == '.') {
				if (pst_conn_need(p->c, 2, &b, &n, e) != 0)
					return -1;
				if (b[1] == '\n') {
					pst_conn_skip(p->c, 2);
					return failed;
				}
				if (b[1] == '\r') {
					if (pst_conn_need(p->c, 3, &b, &n,
					    e) != 0)
						return -1;
					if (b[2] == '\n') {
						pst_conn_skip(p->c, 3);
						return failed;
					}
				}
				pst_conn_skip(p->c, 1);	/* the stuffed dot */
				if (pst_conn_peek(p->c, &b, &n, e) != 0)
					return -1;
			}
		}
		q = lf_dot(b, n);
		k = q != NULL ? (size_t)(q - b) + 1 : n;
		if (!failed && sink->data(sink->ctx, b, k, e) != 0)
			failed = 1;
		bol = b[k - 1] == '\n';
		pst_conn_skip(p->c, k);
		if (pst_conn_peek(p->c, &b, &n, e) != 0)
			return -1;
	}
}

/* Send RETR commands until the window is full or all are asked. */
static int
ask_more(struct pst_pop3 *p, const unsigned long *nums, size_t n,
    size_t *next, size_t inflight, struct pst_err *e)
{
	struct pst_buf b = {0};
	size_t window = p->pipelining ? WINDOW : 1;
	int rc = 0;

	while (*next < n && inflight < window) {
		pst_buf_printf(&b, "RETR %lu\r\n", nums[(*next)++]);
		inflight++;
	}
	if (b.len > 0)
		rc = pst_conn_send(p->c, b.p, b.len, e);
	pst_buf_free(&b);
	return rc;
}

int
pst_pop3_fetch(struct pst_pop3 *p, const unsigned long *nums, size_t n,
    const struct pst_sink *sink, struct pst_err *e)
{
	size_t next = 0, done;
	int rc;

	for (done = 0; done < n; done++) {
		if (ask_more(p, nums, n, &next, next - done, e) != 0 ||
		    status_line(p, "RETR", EX_PROTOCOL, e) != 0)
			return -1;
		if (sink->begin(sink->ctx, e) != 0)
			return -1;
		if ((rc = stream_message(p, sink, e)) != 0) {
			sink->abort(sink->ctx);
			return -1;
		}
		if (sink->end(sink->ctx, nums[done], e) != 0)
			return -1;
	}
	return 0;
}

/* ---- deleting and quitting ----------------------------------------------- */

int
pst_pop3_dele(struct pst_pop3 *p, const unsigned long *nums, size_t n,
    struct pst_err *e)
{
	struct pst_buf b = {0};
	size_t window = p->pipelining ? WINDOW : 1, sent = 0, done;
	int rc = 0;

	for (done = 0; rc == 0 && done < n; done++) {
		pst_buf_reset(&b);
		while (sent < n && sent - done < window)
			pst_buf_printf(&b, "DELE %lu\r\n", nums[sent++]);
		if (b.len > 0)
			rc = pst_conn_send(p->c, b.p, b.len, e);
		if (rc == 0)
			rc = status_line(p, "DELE", EX_PROTOCOL, e);
	}
	pst_buf_free(&b);
	return rc;
}

int
pst_pop3_quit(struct pst_pop3 *p, struct pst_err *e)
{
	struct pst_err why = { 0, "" };

	if (send_str(p, "QUIT\r\n", &why) == 0 &&
	    status_line(p, "QUIT", EX_TEMPFAIL, &why) == 0)
		return 0;
	pst_err_set(e, EX_TEMPFAIL, "QUIT not confirmed, so the deletions may "
	    "not have happened (%s)", why.msg);
	return -1;
}
