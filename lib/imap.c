/* imap: fetching over IMAP. libcurl logs in; posta lists the folder and
 * fetches with pipelined UID FETCH, streaming each literal to a sink. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sysexits.h>

#include "buf.h"
#include "imap.h"
#include "mem.h"
#include "msgid.h"
#include "sanitize.h"

#define WINDOW		8	/* UID FETCH commands in flight */
#define PER_COMMAND	256	/* messages asked for by one of them */
#define SET_MAX		4000	/* bytes of a UID set in one command */
#define HEADER_MAX	(64 * 1024)	/* of a header literal we keep */

struct pst_imap {
	struct pst_conn *c;
	char **caps;
	size_t ncaps;
	unsigned long tagno;
	struct pst_buf line;	/* the response line being parsed */
	size_t pos;		/* where in it */
};

/* ---- capabilities ------------------------------------------------------ */

static void
add_caps(struct pst_imap *im, const char *p, size_t n)
{
	size_t i, w;

	for (i = 0; i < im->ncaps; i++)
		free(im->caps[i]);
	im->ncaps = 0;
	for (i = 0; i < n; i += w) {
		while (i < n && p[i] == ' ')
			i++;
		for (w = 0; i + w < n && p[i + w] != ' ' && p[i + w] != ']' &&
		    p[i + w] != '\r'; w++)
			;
		if (w == 0)
			break;
		im->caps = pst_xreallocarray(im->caps, im->ncaps + 1,
		    sizeof *im->caps);
		im->caps[im->ncaps++] = pst_xstrndup(p + i, w);
		if (i + w < n && p[i + w] == ']')
			break;
	}
}

/* Keep the last CAPABILITY list of the opening (a "* CAPABILITY ..."
 * line or a "[CAPABILITY ...]" code): the one after TLS and login. */
static void
parse_caps(struct pst_imap *im)
{
	const char *p = pst_conn_opening(im->c), *nl, *hit;
	size_t n;

	for (; *p != '\0'; p = nl + 1) {
		nl = strchr(p, '\n');
		n = nl != NULL ? (size_t)(nl - p) : strlen(p);
		if (n >= 13 && strncasecmp(p, "* CAPABILITY ", 13) == 0)
			add_caps(im, p + 13, n - 13);
		else if ((hit = strstr(p, "[CAPABILITY ")) != NULL &&
		    (nl == NULL || hit < nl))
			add_caps(im, hit + 12, n - (size_t)(hit + 12 - p));
		if (nl == NULL)
			break;
	}
}

int
pst_imap_has(const struct pst_imap *im, const char *name)
{
	size_t i;

	for (i = 0; i < im->ncaps; i++)
		if (strcasecmp(im->caps[i], name) == 0)
			return 1;
	return 0;
}

struct pst_imap *
pst_imap_on(struct pst_conn *c)
{
	struct pst_imap *im = pst_xcalloc(1, sizeof *im);

	im->c = c;
	parse_caps(im);
	return im;
}

struct pst_imap *
pst_imap_open(const struct pst_conn_opts *o, struct pst_err *e)
{
	struct pst_conn *c = pst_conn_open(o, e);

	return c != NULL ? pst_imap_on(c) : NULL;
}

void
pst_imap_close(struct pst_imap *im)
{
	size_t i;

	if (im == NULL)
		return;
	pst_conn_close(im->c);
	for (i = 0; i < im->ncaps; i++)
		free(im->caps[i]);
	free(im->caps);
	pst_buf_free(&im->line);
	free(im);
}

/* ---- reading responses ------------------------------------------------- */

/* Fail for a response that makes no sense, quoting it. */
static int
nonsense(struct pst_imap *im, struct pst_err *e, const char *what)
{
	struct pst_buf clean = {0};
	size_t n = im->line.len < 80 ? im->line.len : 80;

	pst_sanitize(pst_buf_str(&im->line), n, 0, &clean);
	pst_err_set(e, EX_PROTOCOL, "%s: \"%s\"", what, pst_buf_str(&clean));
	pst_buf_free(&clean);
	return -1;
}

/* Read the next line into im->line, parsing from its start. */
static int
next_line(struct pst_imap *im, struct pst_err *e)
{
	const char *p;
	size_t n;

	if (pst_conn_line(im->c, &p, &n, e) != 0)
		return -1;
	pst_buf_reset(&im->line);
	pst_buf_add(&im->line, p, n);
	pst_buf_addc(&im->line, '\0');
	im->line.len--;
	im->pos = 0;
	return 0;
}

static const char *
cur(const struct pst_imap *im)
{
	return im->line.p + im->pos;
}

static size_t
left(const struct pst_imap *im)
{
	return im->line.len - im->pos;
}

static void
skip_spaces(struct pst_imap *im)
{
	while (im->pos < im->line.len && im->line.p[im->pos] == ' ')
		im->pos++;
}

/* Whether the line goes on with word (any case) and then a space or its
 * end; if so, step over it. */
static int
take_word(struct pst_imap *im, const char *word)
{
	size_t n = strlen(word);

	if (left(im) < n || strncasecmp(cur(im), word, n) != 0 ||
	    (left(im) > n && cur(im)[n] != ' ' && cur(im)[n] != '('))
		return 0;
	im->pos += n;
	skip_spaces(im);
	return 1;
}

/* A number at the cursor into *v. 0, or -1 when there is none. */
static int
take_number(struct pst_imap *im, unsigned long long *v)
{
	unsigned long long x = 0;
	size_t start = im->pos;

	while (im->pos < im->line.len && isdigit((unsigned char)*cur(im))) {
		if (x > (~0ULL - 9) / 10)
			return -1;
		x = x * 10 + (unsigned long long)(*cur(im) - '0');
		im->pos++;
	}
	*v = x;
	return im->pos > start ? 0 : -1;
}

/* Whether a literal ("{n}" or "{n+}") is at the cursor and ends the line;
 * if so, its length into *n and the cursor past it. */
static int
take_literal(struct pst_imap *im, unsigned long long *n)
{
	size_t save = im->pos;

	if (left(im) < 3 || *cur(im) != '{')
		return 0;
	im->pos++;
	if (take_number(im, n) != 0)
		goto no;
	if (left(im) > 0 && *cur(im) == '+')
		im->pos++;
	if (left(im) != 1 || *cur(im) != '}')
		goto no;
	im->pos++;
	return 1;
no:
	im->pos = save;
	return 0;
}

/* Read and drop a literal of n bytes, then go on with the next line. */
static int
drop_literal(struct pst_imap *im, unsigned long long n, struct pst_err *e)
{
	if (pst_conn_read(im->c, (size_t)n, NULL, NULL, e) != 0)
		return -1;
	return next_line(im, e);
}

/* Skip a quoted string at the cursor. 0, or -1 when it does not end. */
static int
skip_quoted(struct pst_imap *im)
{
	for (im->pos++; im->pos < im->line.len; im->pos++) {
		if (*cur(im) == '\\' && left(im) > 1)
			im->pos++;
		else if (*cur(im) == '"') {
			im->pos++;
			return 0;
		}
	}
	return -1;
}

/* Skip one value at the cursor: an atom, a number, NIL, a quoted string, a
 * literal, or a parenthesized list of them (literals inside included). */
static int
skip_value(struct pst_imap *im, struct pst_err *e)
{
	unsigned long long n;
	int depth = 0;

	do {
		if (left(im) == 0)
			return nonsense(im, e, "a response cut short");
		if (take_literal(im, &n)) {
			if (drop_literal(im, n, e) != 0)
				return -1;
		} else if (*cur(im) == '"') {
			if (skip_quoted(im) != 0)
				return nonsense(im, e, "a quoted string that "
				    "does not end");
		} else if (*cur(im) == '(') {
			depth++;
			im->pos++;
		} else if (*cur(im) == ')') {
			if (depth == 0)
				return nonsense(im, e, "a response that makes "
				    "no sense");
			depth--;
			im->pos++;
		} else {
			size_t w = strcspn(cur(im), " ()\"{");

			/* An atom; a "[...]" section in it may hold blanks. */
			const char *br = memchr(cur(im), '[', w);

			if (br != NULL) {
				const char *end = strchr(br, ']');

				if (end == NULL)
					return nonsense(im, e, "a section that "
					    "does not end");
				w = (size_t)(end - cur(im)) + 1;
				w += strcspn(cur(im) + w, " ()\"{");
			}
			if (w == 0)
				return nonsense(im, e, "a response that makes "
				    "no sense");
			im->pos += w;
		}
		skip_spaces(im);
	} while (depth > 0);
	return 0;
}

/* Drop the rest of a response we have no use for, literals included. */
static int
skip_response(struct pst_imap *im, struct pst_err *e)
{
	unsigned long long n;

	for (;;) {
		const char *brace = strrchr(cur(im), '{');

		if (brace == NULL)
			return 0;
		im->pos = (size_t)(brace - im->line.p);
		if (!take_literal(im, &n))
			return 0;
		if (drop_literal(im, n, e) != 0)
			return -1;
	}
}

/* ---- commands ----------------------------------------------------------- */

/* Send "TAG text\r\n", the tag made fresh into tag[0..16). */
static int
command(struct pst_imap *im, char *tag, const char *text, struct pst_err *e)
{
	struct pst_buf b = {0};
	int rc;

	snprintf(tag, 16, "m%lu", ++im->tagno);
	pst_buf_printf(&b, "%s %s\r\n", tag, text);
	rc = pst_conn_send(im->c, b.p, b.len, e);
	pst_buf_free(&b);
	return rc;
}

/* Whether the line is the tagged reply for tag; if so, the cursor is past
 * the tag. */
static int
tagged(struct pst_imap *im, const char *tag)
{
	size_t n = strlen(tag);

	if (im->line.len <= n || strncmp(im->line.p, tag, n) != 0 ||
	    im->line.p[n] != ' ')
		return 0;
	im->pos = n + 1;
	return 1;
}

/* The tagged reply at the cursor: 0 for OK; else -1 with *e set (75 when
 * the server says it is unavailable for now, notfound for NO, 76 BAD). */
static int
tagged_status(struct pst_imap *im, const char *what, int notfound,
    struct pst_err *e)
{
	struct pst_buf clean = {0};
	int status = notfound;

	if (take_word(im, "OK"))
		return 0;
	if (take_word(im, "BAD"))
		status = EX_PROTOCOL;
	else if (!take_word(im, "NO"))
		return nonsense(im, e, "a reply that is not IMAP");
	if (strstr(cur(im), "[UNAVAILABLE]") != NULL ||
	    strstr(cur(im), "[INUSE]") != NULL ||
	    strstr(cur(im), "[SERVERBUG]") != NULL)
		status = EX_TEMPFAIL;
	pst_sanitize(cur(im), left(im), 0, &clean);
	pst_err_set(e, status, "%s: the server said \"%s\"", what,
	    pst_buf_str(&clean));
	pst_buf_free(&clean);
	return -1;
}

/* An untagged line that is not otherwise handled: "* BYE" ends the
 * session (75); anything else is dropped. The cursor is past "* ". */
static int
untagged_other(struct pst_imap *im, struct pst_err *e)
{
	if (take_word(im, "BYE")) {
		struct pst_buf clean = {0};

		pst_sanitize(cur(im), left(im), 0, &clean);
		pst_err_set(e, EX_TEMPFAIL, "the server closed the session: "
		    "\"%s\"", pst_buf_str(&clean));
		pst_buf_free(&clean);
		return -1;
	}
	return skip_response(im, e);
}

/* Send one command and read everything up to its tagged reply, handing
 * each untagged line to on_untagged (cursor past "* ") when set, else
 * dropping it. Returns 0, or -1 with *e set. */
static int
simple(struct pst_imap *im, const char *text, const char *what, int notfound,
    int (*on_untagged)(struct pst_imap *, void *, struct pst_err *),
    void *ctx, struct pst_err *e)
{
	char tag[16];

	if (command(im, tag, text, e) != 0)
		return -1;
	for (;;) {
		if (next_line(im, e) != 0)
			return -1;
		if (tagged(im, tag))
			return tagged_status(im, what, notfound, e);
		if (left(im) < 2 || strncmp(cur(im), "* ", 2) != 0) {
			if (*cur(im) == '+')
				return nonsense(im, e, "the server asks for "
				    "more of a command");
			return nonsense(im, e, "a reply that is not IMAP");
		}
		im->pos += 2;
		if (on_untagged != NULL) {
			if (on_untagged(im, ctx, e) != 0)
				return -1;
		} else if (untagged_other(im, e) != 0)
			return -1;
	}
}

/* Append s as an IMAP quoted string. -1 when it holds CR or LF. */
static int
add_quoted(struct pst_buf *b, const char *s)
{
	pst_buf_addc(b, '"');
	for (; *s != '\0'; s++) {
		if (*s == '\r' || *s == '\n')
			return -1;
		if (*s == '"' || *s == '\\')
			pst_buf_addc(b, '\\');
		pst_buf_addc(b, *s);
	}
	pst_buf_addc(b, '"');
	return 0;
}

/* ---- SELECT ---------------------------------------------------------------- */

struct selected {
	unsigned long long uidvalidity, exists;
};

static int
on_select(struct pst_imap *im, void *ctx, struct pst_err *e)
{
	struct selected *s = ctx;
	unsigned long long n;

	if (take_number(im, &n) == 0) {
		skip_spaces(im);
		if (take_word(im, "EXISTS"))
			s->exists = n;
		return skip_response(im, e);
	}
	if (take_word(im, "OK") && left(im) > 13 &&
	    strncasecmp(cur(im), "[UIDVALIDITY ", 13) == 0) {
		im->pos += 13;
		if (take_number(im, &n) != 0 || n == 0 || n > 0xffffffffULL)
			return nonsense(im, e, "a UIDVALIDITY that is not one");
		s->uidvalidity = n;
		return 0;
	}
	return untagged_other(im, e);
}

int
pst_imap_select(struct pst_imap *im, const char *folder, int writable,
    unsigned long *uidvalidity, unsigned long *exists, struct pst_err *e)
{
	struct pst_buf cmd = {0}, name = {0};
	struct selected s = { 0, 0 };
	int rc = -1;

	if (pst_imap_utf7_encode(folder, &name) != 0) {
		pst_err_set(e, EX_USAGE, "%s: a folder name that is not UTF-8",
		    folder);
		goto out;
	}
	pst_buf_adds(&cmd, writable ? "SELECT " : "EXAMINE ");
	if (add_quoted(&cmd, pst_buf_str(&name)) != 0) {
		pst_err_set(e, EX_USAGE, "a folder name with a line break");
		goto out;
	}
	if (simple(im, cmd.p, "opening the folder", EX_NOINPUT, on_select, &s,
	    e) != 0)
		goto out;
	if (s.uidvalidity == 0) {
		pst_err_set(e, EX_PROTOCOL, "the server gives no UIDVALIDITY");
		goto out;
	}
	*uidvalidity = (unsigned long)s.uidvalidity;
	*exists = (unsigned long)s.exists;
	rc = 0;
out:
	pst_buf_free(&cmd);
	pst_buf_free(&name);
	return rc;
}

/* ---- FETCH responses ---------------------------------------------------- */

/* What one FETCH response said. */
struct fetched {
	unsigned long long uid, size;
	int has_uid, has_size;
	int body;		/* a BODY[] literal went to the sink */
	int header;		/* a header literal is in hdr */
	struct pst_buf hdr;
};

/* Hands a literal's pieces to a sink, carrying its error. */
struct to_sink {
	const struct pst_sink *sink;
	struct pst_err *e;
};

static int
sink_piece(void *ctx, const char *p, size_t n)
{
	struct to_sink *t = ctx;

	return t->sink->data(t->sink->ctx, p, n, t->e) != 0 ? 1 : 0;
}

static int
keep_piece(void *ctx, const char *p, size_t n)
{
	struct pst_buf *b = ctx;

	if (b->len < HEADER_MAX)
		pst_buf_add(b, p, n < HEADER_MAX - b->len ? n :
		    HEADER_MAX - b->len);
	return 0;
}

/* The value of a BODY[...] item at the cursor: the whole message (section
 * "") to the sink, a header to f->hdr, anything else dropped. */
static int
body_item(struct pst_imap *im, const char *section, size_t slen,
    const struct pst_sink *sink, struct fetched *f, struct pst_err *e)
{
	unsigned long long n;
	struct to_sink t = { sink, e };
	int rc;

	if (!take_literal(im, &n))
		return skip_value(im, e);	/* NIL or a quoted string */
	if (slen == 0 && sink != NULL && !f->body) {
		if (sink->begin(sink->ctx, e) != 0)
			return -1;
		f->body = 1;
		rc = pst_conn_read(im->c, (size_t)n, sink_piece, &t, e);
		if (rc != 0)
			return -1;
	} else if (slen > 6 && strncasecmp(section, "HEADER", 6) == 0) {
		pst_buf_reset(&f->hdr);
		if (pst_conn_read(im->c, (size_t)n, keep_piece, &f->hdr, e) != 0)
			return -1;
		f->header = 1;
	} else if (pst_conn_read(im->c, (size_t)n, NULL, NULL, e) != 0)
		return -1;
	return next_line(im, e);
}

/* Parse "(item value ...)" of a FETCH response, the cursor at "(". A
 * BODY[] literal goes to sink (begun here; the caller ends or aborts it). */
static int
fetch_items(struct pst_imap *im, const struct pst_sink *sink,
    struct fetched *f, struct pst_err *e)
{
	if (left(im) == 0 || *cur(im) != '(')
		return nonsense(im, e, "a FETCH response that is not one");
	im->pos++;
	for (;;) {
		const char *name, *br;
		size_t w;

		skip_spaces(im);
		name = cur(im);
		if (left(im) > 0 && *name == ')') {
			im->pos++;
			if (left(im) != 0)
				return nonsense(im, e, "more after a FETCH "
				    "response");
			return 0;
		}
		w = strcspn(name, " ()[");
		if (w < left(im) && name[w] == '[') {
			const char *end = strchr(name + w, ']');

			if (end == NULL)
				return nonsense(im, e, "a section that does not "
				    "end");
			w = (size_t)(end - name) + 1;
			if (name[w] == '<')
				w += strcspn(name + w, ">") + 1;
		}
		if (w == 0 || w > left(im))
			return nonsense(im, e, "a FETCH response that makes no "
			    "sense");
		im->pos += w;
		skip_spaces(im);
		if (w == 3 && strncasecmp(name, "UID", 3) == 0) {
			if (take_number(im, &f->uid) != 0)
				return nonsense(im, e, "a UID that is not one");
			f->has_uid = 1;
		} else if (w == 11 && strncasecmp(name, "RFC822.SIZE", 11) == 0) {
			if (take_number(im, &f->size) != 0)
				return nonsense(im, e, "a size that is not one");
			f->has_size = 1;
		} else if (w >= 6 && strncasecmp(name, "BODY[", 5) == 0 &&
		    (br = memchr(name, ']', w)) != NULL) {
			if (body_item(im, name + 5, (size_t)(br - name - 5),
			    sink, f, e) != 0)
				return -1;
		} else if (skip_value(im, e) != 0)
			return -1;
	}
}

/* Whether the cursor is at "N FETCH "; if so, step past it. */
static int
fetch_response(struct pst_imap *im)
{
	unsigned long long seq;
	size_t save = im->pos;

	if (take_number(im, &seq) == 0 && left(im) > 0 && *cur(im) == ' ') {
		im->pos++;
		if (take_word(im, "FETCH"))
			return 1;
	}
	im->pos = save;
	return 0;
}

/* ---- listing ---------------------------------------------------------------- */

struct listing {
	int with_msgid;
	int (*each)(void *, unsigned long, unsigned long long, const char *);
	void *ctx;
	int rc;			/* each's nonzero value */
	struct fetched f;
	struct pst_buf msgid;
};

static int
on_list(struct pst_imap *im, void *ctx, struct pst_err *e)
{
	struct listing *l = ctx;
	struct fetched *f = &l->f;

	if (!fetch_response(im))
		return untagged_other(im, e);
	f->has_uid = f->has_size = f->header = 0;
	if (fetch_items(im, NULL, f, e) != 0)
		return -1;
	/* A flag change the server tells of: during a UID command it comes
	 * with the UID (RFC 3501 6.4.8), but without a size. */
	if (!f->has_uid || !f->has_size || l->rc != 0)
		return 0;
	if (f->uid == 0 || f->uid > 0xffffffffULL)
		return nonsense(im, e, "a listing with a UID that is not one");
	if (l->with_msgid)
		pst_msgid_find(pst_buf_str(&f->hdr), f->header ? f->hdr.len :
		    0, &l->msgid);
	l->rc = l->each(l->ctx, (unsigned long)f->uid, f->size,
	    l->with_msgid ? pst_buf_str(&l->msgid) : NULL);
	return 0;
}

int
pst_imap_list(struct pst_imap *im, int with_msgid,
    int (*each)(void *ctx, unsigned long uid, unsigned long long size,
    const char *msgid), void *ctx, struct pst_err *e)
{
	struct listing l = { with_msgid, each, ctx, 0, { 0 }, { 0 } };
	int rc;

	rc = simple(im, with_msgid ? "UID FETCH 1:* (UID RFC822.SIZE "
	    "BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)])" :
	    "UID FETCH 1:* (UID RFC822.SIZE)", "listing the folder", EX_PROTOCOL,
	    on_list, &l, e);
	pst_buf_free(&l.f.hdr);
	pst_buf_free(&l.msgid);
	return rc != 0 ? -1 : l.rc;
}

/* ---- SEARCH ----------------------------------------------------------------- */

struct searching {
	int (*each)(void *, unsigned long);
	void *ctx;
	int rc;
};

static int
on_search(struct pst_imap *im, void *ctx, struct pst_err *e)
{
	struct searching *s = ctx;
	unsigned long long uid;

	if (!take_word(im, "SEARCH"))
		return untagged_other(im, e);
	while (left(im) > 0 && s->rc == 0) {
		if (take_number(im, &uid) != 0 || uid == 0 ||
		    uid > 0xffffffffULL)
			return nonsense(im, e, "a SEARCH response that is not "
			    "one");
		s->rc = s->each(s->ctx, (unsigned long)uid);
		skip_spaces(im);
	}
	return 0;
}

int
pst_imap_since(struct pst_imap *im, const char *date,
    int (*each)(void *ctx, unsigned long uid), void *ctx, struct pst_err *e)
{
	struct searching s = { each, ctx, 0 };
	char cmd[64];

	if (strspn(date, "0123456789-abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != strlen(date) ||
	    snprintf(cmd, sizeof cmd, "UID SEARCH SINCE %s", date) >=
	    (int)sizeof cmd) {
		pst_err_set(e, EX_USAGE, "%s: not a date", date);
		return -1;
	}
	if (simple(im, cmd, "searching", EX_PROTOCOL, on_search, &s, e) != 0)
		return -1;
	return s.rc;
}

/* ---- fetching ---------------------------------------------------------------- */

/* Append the UID set of uids[*i..n) to b: runs of consecutive UIDs as
 * "a:b", at most PER_COMMAND messages and SET_MAX bytes; *i moves past
 * what was taken. */
static void
uid_set(const unsigned long *uids, size_t n, size_t *i, struct pst_buf *b)
{
	size_t start = b->len, taken = 0;

	while (*i < n && taken < PER_COMMAND && b->len - start < SET_MAX) {
		size_t j = *i;

		while (j + 1 < n && uids[j + 1] == uids[j] + 1 &&
		    taken + (j + 1 - *i) < PER_COMMAND)
			j++;
		if (b->len > start)
			pst_buf_addc(b, ',');
		if (j == *i)
			pst_buf_printf(b, "%lu", uids[*i]);
		else
			pst_buf_printf(b, "%lu:%lu", uids[*i], uids[j]);
		taken += j + 1 - *i;
		*i = j + 1;
	}
}

struct inflight {
	char tag[WINDOW][16];
	size_t first, count;	/* a ring of tags */
};

/* Send UID FETCH commands until WINDOW are in flight or all are asked. */
static int
ask_more(struct pst_imap *im, const unsigned long *uids, size_t n, size_t *next,
    struct inflight *q, struct pst_err *e)
{
	struct pst_buf cmd = {0};
	int rc = 0;

	while (rc == 0 && q->count < WINDOW && *next < n) {
		pst_buf_reset(&cmd);
		pst_buf_adds(&cmd, "UID FETCH ");
		uid_set(uids, n, next, &cmd);
		pst_buf_adds(&cmd, " (UID BODY.PEEK[])");
		rc = command(im, q->tag[(q->first + q->count) % WINDOW], cmd.p,
		    e);
		q->count++;
	}
	pst_buf_free(&cmd);
	return rc;
}

/* One FETCH response of the bodies: the message to the sink, ended when
 * the response is whole, aborted when not. */
static int
fetched_body(struct pst_imap *im, const struct pst_sink *sink,
    struct fetched *f, struct pst_err *e)
{
	f->has_uid = f->has_size = f->body = f->header = 0;
	if (fetch_items(im, sink, f, e) != 0) {
		if (f->body)
			sink->abort(sink->ctx);
		return -1;
	}
	if (!f->body)
		return 0;	/* a flag change the server tells of */
	if (!f->has_uid || f->uid == 0 || f->uid > 0xffffffffULL) {
		sink->abort(sink->ctx);
		return nonsense(im, e, "a message without its UID");
	}
	return sink->end(sink->ctx, (unsigned long)f->uid, e);
}

int
pst_imap_fetch(struct pst_imap *im, const unsigned long *uids, size_t n,
    const struct pst_sink *sink, struct pst_err *e)
{
	struct inflight q = { .first = 0, .count = 0 };
	struct fetched f = { 0 };
	size_t next = 0;
	int rc = 0;

	while (rc == 0 && (next < n || q.count > 0)) {
		if ((rc = ask_more(im, uids, n, &next, &q, e)) != 0 ||
		    (rc = next_line(im, e)) != 0)
			break;
		if (tagged(im, q.tag[q.first])) {
			rc = tagged_status(im, "fetching", EX_PROTOCOL, e);
			q.first = (q.first + 1) % WINDOW;
			q.count--;
		} else if (left(im) >= 2 && strncmp(cur(im), "* ", 2) == 0) {
			im->pos += 2;
			rc = fetch_response(im) ? fetched_body(im, sink, &f, e) :
			    untagged_other(im, e);
		} else
			rc = nonsense(im, e, "a reply that is not IMAP");
	}
	pst_buf_free(&f.hdr);
	return rc != 0 ? -1 : 0;
}

/* ---- deleting --------------------------------------------------------------- */

int
pst_imap_delete(struct pst_imap *im, const unsigned long *uids, size_t n,
    struct pst_err *e)
{
	struct pst_buf set = {0}, cmd = {0};
	size_t i = 0;
	int rc = 0;

	if (n == 0)
		return 0;
	if (!pst_imap_has(im, "UIDPLUS")) {
		pst_err_set(e, EX_UNAVAILABLE, "the server cannot expunge "
		    "chosen messages (no UIDPLUS); nothing deleted");
		return -1;
	}
	while (rc == 0 && i < n) {
		pst_buf_reset(&set);
		uid_set(uids, n, &i, &set);
		pst_buf_reset(&cmd);
		pst_buf_printf(&cmd, "UID STORE %s +FLAGS.SILENT (\\Deleted)",
		    set.p);
		rc = simple(im, cmd.p, "marking deleted", EX_PROTOCOL, NULL, NULL,
		    e);
		if (rc != 0)
			break;
		pst_buf_reset(&cmd);
		pst_buf_printf(&cmd, "UID EXPUNGE %s", set.p);
		rc = simple(im, cmd.p, "expunging", EX_PROTOCOL, NULL, NULL, e);
	}
	pst_buf_free(&set);
	pst_buf_free(&cmd);
	return rc;
}

/* ---- folders ------------------------------------------------------------------ */

struct folders {
	int (*each)(void *, const char *);
	void *ctx;
	int rc;
	struct pst_buf name, utf8;
};

/* The mailbox name at the cursor (an atom, a quoted string or a literal)
 * into b. */
static int
take_astring(struct pst_imap *im, struct pst_buf *b, struct pst_err *e)
{
	unsigned long long n;

	pst_buf_reset(b);
	if (take_literal(im, &n)) {
		if (n > 64 * 1024)
			return nonsense(im, e, "a folder name of over 64 KiB");
		if (pst_conn_read(im->c, (size_t)n, keep_piece, b, e) != 0)
			return -1;
		return next_line(im, e);
	}
	if (left(im) > 0 && *cur(im) == '"') {
		for (im->pos++; left(im) > 0 && *cur(im) != '"'; im->pos++) {
			if (*cur(im) == '\\' && left(im) > 1)
				im->pos++;
			pst_buf_addc(b, *cur(im));
		}
		if (left(im) == 0)
			return nonsense(im, e, "a quoted string that does not "
			    "end");
		im->pos++;
		return 0;
	}
	pst_buf_add(b, cur(im), left(im));
	im->pos = im->line.len;
	return 0;
}

static int
on_list_folder(struct pst_imap *im, void *ctx, struct pst_err *e)
{
	struct folders *fo = ctx;

	if (!take_word(im, "LIST"))
		return untagged_other(im, e);
	/* (flags) delimiter name */
	if (skip_value(im, e) != 0 || skip_value(im, e) != 0 ||
	    take_astring(im, &fo->name, e) != 0)
		return -1;
	if (fo->rc != 0)
		return 0;
	pst_buf_reset(&fo->utf8);
	(void)pst_imap_utf7_decode(pst_buf_str(&fo->name), fo->name.len,
	    &fo->utf8);
	fo->rc = fo->each(fo->ctx, pst_buf_str(&fo->utf8));
	return 0;
}

int
pst_imap_folders(struct pst_imap *im,
    int (*each)(void *ctx, const char *name), void *ctx, struct pst_err *e)
{
	struct folders fo = { each, ctx, 0, { 0 }, { 0 } };
	int rc;

	rc = simple(im, "LIST \"\" \"*\"", "listing folders", EX_PROTOCOL,
	    on_list_folder, &fo, e);
	pst_buf_free(&fo.name);
	pst_buf_free(&fo.utf8);
	return rc != 0 ? -1 : fo.rc;
}

int
pst_imap_logout(struct pst_imap *im, struct pst_err *e)
{
	char tag[16];

	if (command(im, tag, "LOGOUT", e) != 0)
		return -1;
	for (;;) {
		if (next_line(im, e) != 0)
			return -1;
		if (tagged(im, tag))
			return tagged_status(im, "logging out", EX_PROTOCOL, e);
		if (skip_response(im, e) != 0)
			return -1;
	}
}

/* ---- modified UTF-7 ------------------------------------------------------------ */

static const char b64[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+,";

/* The next code point of the UTF-8 at *s, *s moved past it; -1 when the
 * bytes are not UTF-8. */
static long
utf8_next(const unsigned char **s)
{
	const unsigned char *p = *s;
	long cp;
	int n, i;

	if (p[0] < 0x80) {
		*s = p + 1;
		return p[0];
	}
	if (p[0] >= 0xc2 && p[0] <= 0xdf)
		n = 1, cp = p[0] & 0x1f;
	else if (p[0] >= 0xe0 && p[0] <= 0xef)
		n = 2, cp = p[0] & 0x0f;
	else if (p[0] >= 0xf0 && p[0] <= 0xf4)
		n = 3, cp = p[0] & 0x07;
	else
		return -1;
	for (i = 1; i <= n; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return -1;
		cp = cp << 6 | (p[i] & 0x3f);
	}
	if ((n == 2 && cp < 0x800) || (n == 3 && (cp < 0x10000 ||
	    cp > 0x10ffff)) || (cp >= 0xd800 && cp <= 0xdfff))
		return -1;
	*s = p + n + 1;
	return cp;
}

/* Modified base64 written as the UTF-16 units come, so that a run of
 * characters out of ASCII is one shift however long it is: RFC 3501
 * 5.1.3 allows no null shift ("-&"). */
struct shift {
	unsigned long bits;
	int nbits;
	int open;
};

static void
shift_unit(struct shift *sh, unsigned unit, struct pst_buf *out)
{
	if (!sh->open) {
		pst_buf_addc(out, '&');
		sh->open = 1;
	}
	sh->bits = (sh->bits << 16 | unit) & 0x3fffff;
	sh->nbits += 16;
	while (sh->nbits >= 6) {
		sh->nbits -= 6;
		pst_buf_addc(out, b64[(sh->bits >> sh->nbits) & 0x3f]);
	}
}

static void
shift_close(struct shift *sh, struct pst_buf *out)
{
	if (!sh->open)
		return;
	if (sh->nbits > 0)
		pst_buf_addc(out, b64[(sh->bits << (6 - sh->nbits)) & 0x3f]);
	pst_buf_addc(out, '-');
	sh->bits = 0;
	sh->nbits = 0;
	sh->open = 0;
}

int
pst_imap_utf7_encode(const char *name, struct pst_buf *out)
{
	const unsigned char *s = (const unsigned char *)name;
	struct shift sh = { 0, 0, 0 };
	long cp;

	while (*s != '\0') {
		if (*s >= 0x20 && *s < 0x7f) {
			shift_close(&sh, out);
			if (*s == '&')
				pst_buf_adds(out, "&-");
			else
				pst_buf_addc(out, *s);
			s++;
			continue;
		}
		if ((cp = utf8_next(&s)) < 0x20)
			return -1;	/* invalid, or a control */
		if (cp >= 0x10000) {
			cp -= 0x10000;
			shift_unit(&sh, 0xd800 | (unsigned)(cp >> 10), out);
			shift_unit(&sh, 0xdc00 | (unsigned)(cp & 0x3ff), out);
		} else
			shift_unit(&sh, (unsigned)cp, out);
	}
	shift_close(&sh, out);
	return 0;
}

/* Decode the modified base64 p[0..n) (between & and -) to UTF-8. */
static int
decode_utf16(const char *p, size_t n, struct pst_buf *out)
{
	unsigned long bits = 0, hi = 0;
	int nbits = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		const char *k = strchr(b64, p[i]);
		unsigned long unit;

		if (k == NULL || p[i] == '\0')
			return -1;
		bits = (bits << 6 | (unsigned long)(k - b64)) & 0xffffff;
		nbits += 6;
		if (nbits < 16)
			continue;
		nbits -= 16;
		unit = (bits >> nbits) & 0xffff;
		if (unit >= 0xd800 && unit <= 0xdbff) {
			if (hi != 0)
				return -1;
			hi = unit;
		} else if (unit >= 0xdc00 && unit <= 0xdfff) {
			if (hi == 0)
				return -1;
			pst_buf_addutf8(out, 0x10000 + ((hi - 0xd800) << 10) +
			    (unit - 0xdc00));
			hi = 0;
		} else {
			if (hi != 0)
				return -1;
			pst_buf_addutf8(out, unit);
		}
	}
	/* Fewer than 6 bits left, all zero: no sextet that says nothing. */
	return hi != 0 || nbits >= 6 || (bits & ((1UL << nbits) - 1)) != 0 ?
	    -1 : 0;
}

int
pst_imap_utf7_decode(const char *name, size_t n, struct pst_buf *out)
{
	size_t start = out->len, i = 0, j;

	while (i < n) {
		if (name[i] != '&') {
			pst_buf_addc(out, name[i++]);
			continue;
		}
		for (j = i + 1; j < n && name[j] != '-'; j++)
			;
		if (j == n)
			goto bad;
		if (j == i + 1)
			pst_buf_addc(out, '&');
		else if (decode_utf16(name + i + 1, j - i - 1, out) != 0)
			goto bad;
		i = j + 1;
	}
	return 0;
bad:
	out->len = start;
	pst_buf_add(out, name, n);
	return -1;
}
