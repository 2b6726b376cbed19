/* smtp: submitting a message over SMTP. libcurl opens the session;
 * posta speaks the transaction (RFC 5321, 2920 pipelining, 1870 SIZE,
 * 6152 8BITMIME, 6531 SMTPUTF8, 3461 DSN). */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sysexits.h>

#include "charset.h"
#include "conn.h"
#include "mem.h"
#include "smtp.h"

#define SEND_CHUNK	(64 * 1024)

struct pst_smtp {
	struct pst_conn *c;
	int verbose;
	char **ext;			/* EHLO keywords after TLS, e.g. "SIZE 0" */
	size_t next;
	struct pst_buf tls;		/* the TLS session, described */
};

struct reply {
	int code;
	char text[1024];	/* the lines, codes stripped, joined by " " */
};

static void
fail(struct pst_smtp_err *e, int status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
fail(struct pst_smtp_err *e, int status, const char *fmt, ...)
{
	va_list ap;
	char line[2048];

	va_start(ap, fmt);
	vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	if (e->status == 0)
		e->status = status;
	if (e->msg.len > 0)
		pst_buf_addc(&e->msg, '\n');
	pst_buf_adds(&e->msg, line);
}

void
pst_smtp_err_free(struct pst_smtp_err *e)
{
	pst_buf_free(&e->msg);
	e->status = 0;
}
/* ---- capabilities ------------------------------------------------------ */

/* The starts of the runs of "250" lines in what the server said while
 * libcurl connected (a run: a "250" line that does not continue a
 * "250-"), at most max of them, into starts; returns how many. */
static size_t
ehlo_runs(const struct pst_smtp *s, const char **starts, size_t max)
{
	const char *p = pst_conn_opening(s->c), *end = p + strlen(p), *line,
	    *nl;
	size_t n = 0;
	int in_run = 0;

	for (line = p; line < end; line = nl + 1) {
		if ((nl = memchr(line, '\n', (size_t)(end - line))) == NULL)
			nl = end;
		if (nl - line >= 4 && strncmp(line, "250", 3) == 0) {
			if (!in_run) {
				if (n == max)
					memmove(starts, starts + 1,
					    (max - 1) * sizeof *starts);
				starts[n < max ? n++ : max - 1] = line;
			}
			in_run = line[3] == '-';
		} else
			in_run = 0;
		if (nl == end)
			break;
	}
	return n;
}

/* Call add(ctx, keyword, len) for each keyword of the run at start (its
 * first line, the server's name, left out). */
static void
run_keywords(const char *start,
    void (*add)(void *, const char *, size_t), void *ctx)
{
	const char *end = start + strlen(start), *line, *nl;
	size_t len;

	for (line = start; line < end; line = nl + 1) {
		if ((nl = memchr(line, '\n', (size_t)(end - line))) == NULL)
			nl = end;
		len = (size_t)(nl - line);
		while (len > 0 && line[len - 1] == '\r')
			len--;
		if (len < 4 || strncmp(line, "250", 3) != 0)
			break;
		if (line != start)
			add(ctx, line + 4, len - 4);
		if (line[3] == ' ' || nl == end)
			break;
	}
}

static void
keep_extension(void *ctx, const char *k, size_t n)
{
	struct pst_smtp *s = ctx;

	s->ext = pst_xreallocarray(s->ext, s->next + 1, sizeof *s->ext);
	s->ext[s->next++] = pst_xstrndup(k, n);
}

/* Keep the keywords of the last EHLO reply: the one after TLS. */
static void
parse_extensions(struct pst_smtp *s)
{
	const char *start[1];

	if (ehlo_runs(s, start, 1) == 1)
		run_keywords(start[0], keep_extension, s);
}

int
pst_smtp_has(const struct pst_smtp *s, const char *name, const char **param)
{
	size_t i, n = strlen(name);

	for (i = 0; i < s->next; i++) {
		const char *k = s->ext[i];

		if (strncasecmp(k, name, n) == 0 &&
		    (k[n] == '\0' || k[n] == ' ' || k[n] == '=')) {
			if (param != NULL)
				*param = k[n] ? k + n + 1 : "";
			return 1;
		}
	}
	return 0;
}

/* Whether the server said "235" (authentication succeeded) during the
 * connect phase. */
static int
logged_in(const struct pst_smtp *s)
{
	const char *p = pst_conn_opening(s->c);

	if (strncmp(p, "235", 3) == 0)
		return 1;
	return strstr(p, "\n235 ") != NULL || strstr(p, "\n235-") != NULL;
}

/* ---- opening and the wire ----------------------------------------------- */

/* Carry a session error over to e. */
static int
conn_failed(const struct pst_err *ce, struct pst_smtp_err *e)
{
	fail(e, ce->status, "%s", ce->msg);
	return -1;
}

struct pst_smtp *
pst_smtp_open(const struct pst_smtp_opts *o, struct pst_smtp_err *e)
{
	struct pst_smtp *s = pst_xcalloc(1, sizeof *s);
	struct pst_conn_opts co = {0};
	struct pst_err ce = { 0, "" };

	s->verbose = o->verbose;
	co.url = o->url;
	co.protocols = "smtp,smtps";
	co.user = o->user;
	co.password = o->password;
	co.auth = o->auth;
	co.cacert = o->cacert;
	co.tls = o->tls;
	co.tlsinfo = &s->tls;
	co.verbose = o->verbose;
	co.prog = "smtp-send";
	co.timeout = o->timeout;
	if ((s->c = pst_conn_open(&co, &ce)) == NULL) {
		conn_failed(&ce, e);
		pst_smtp_close(s);
		return NULL;
	}
	parse_extensions(s);
	if (o->user != NULL && !pst_smtp_has(s, "AUTH", NULL)) {
		fail(e, EX_UNAVAILABLE, "%s: the server offers no way to log "
		    "in (no AUTH%s); nothing sent", o->url, o->tls ?
		    " after TLS" : "");
		pst_smtp_close(s);
		return NULL;
	}
	if (o->user != NULL && !logged_in(s)) {
		fail(e, EX_NOPERM, "%s: the login did not happen; nothing sent",
		    o->url);
		pst_smtp_close(s);
		return NULL;
	}
	return s;
}

/* Send p[0..n), not traced (the caller traced what it is). */
static int
send_all(struct pst_smtp *s, const char *p, size_t n, struct pst_smtp_err *e)
{
	struct pst_err ce = { 0, "" };

	return pst_conn_write(s->c, p, n, &ce) == 0 ? 0 : conn_failed(&ce, e);
}

static void
trace(const struct pst_smtp *s, char dir, const char *p, size_t n)
{
	pst_conn_trace(s->c, dir, p, n);
}

/* Send one command line (CRLF added), traced. */
static int
command(struct pst_smtp *s, const char *cmd, struct pst_smtp_err *e)
{
	struct pst_buf b = {0};
	struct pst_err ce = { 0, "" };
	int rc;

	pst_buf_printf(&b, "%s\r\n", cmd);
	rc = pst_conn_send(s->c, b.p, b.len, &ce);
	pst_buf_free(&b);
	return rc == 0 ? 0 : conn_failed(&ce, e);
}

/* Read one reply, all its lines. 0, or -1 with *e set. */
static int
read_reply(struct pst_smtp *s, struct reply *r, struct pst_smtp_err *e)
{
	struct pst_err ce = { 0, "" };
	const char *line;
	size_t len, tlen = 0;

	r->code = 0;
	r->text[0] = '\0';
	for (;;) {
		if (pst_conn_line(s->c, &line, &len, &ce) != 0)
			return conn_failed(&ce, e);
		if (len < 3 || !isdigit((unsigned char)line[0]) ||
		    !isdigit((unsigned char)line[1]) ||
		    !isdigit((unsigned char)line[2]) ||
		    (len > 3 && line[3] != ' ' && line[3] != '-')) {
			fail(e, EX_PROTOCOL, "a reply that is not SMTP: "
			    "\"%.*s\"", (int)(len < 80 ? len : 80), line);
			return -1;
		}
		r->code = (line[0] - '0') * 100 + (line[1] - '0') * 10 +
		    (line[2] - '0');
		if (len > 4 && tlen + 1 < sizeof r->text) {
			int w = snprintf(r->text + tlen, sizeof r->text - tlen,
			    "%s%.*s", tlen ? " " : "", (int)(len - 4),
			    line + 4);

			if (w > 0)
				tlen += (size_t)w < sizeof r->text - tlen ?
				    (size_t)w : sizeof r->text - tlen - 1;
		}
		if (len == 3 || line[3] == ' ')
			return 0;
	}
}

/* ---- the message --------------------------------------------------------- */

/* Where the conversion is, carried from one piece to the next. */
struct stuffing {
	int bol;	/* at the start of a line */
	int cr;		/* the last byte was a CR */
};

/* Append p[0..n) converted: LF made CRLF, a leading '.' doubled. */
static void
stuff(struct stuffing *st, const char *p, size_t n, struct pst_buf *out)
{
	size_t i, start = 0;

	for (i = 0; i < n; i++) {
		if (st->bol && p[i] == '.') {
			pst_buf_add(out, p + start, i - start);
			pst_buf_addc(out, '.');
			start = i;
		}
		if (p[i] == '\n' && !st->cr) {
			pst_buf_add(out, p + start, i - start);
			pst_buf_addc(out, '\r');
			start = i;
		}
		st->cr = p[i] == '\r';
		st->bol = p[i] == '\n';
	}
	pst_buf_add(out, p + start, n - start);
}

size_t
pst_smtp_wire_size(const char *msg, size_t len)
{
	size_t i, n = len;
	int bol = 1, cr = 0;

	for (i = 0; i < len; i++) {
		if (bol && msg[i] == '.')
			n++;
		if (msg[i] == '\n' && !cr)
			n++;
		cr = msg[i] == '\r';
		bol = msg[i] == '\n';
	}
	if (len > 0 && msg[len - 1] != '\n')
		n += 2;
	return n;
}

void
pst_smtp_stuff(const char *msg, size_t len, struct pst_buf *out)
{
	struct stuffing st = { 1, 0 };

	stuff(&st, msg, len, out);
	if (len > 0 && msg[len - 1] != '\n')
		pst_buf_add(out, "\r\n", 2);
}

/* Send the message in pieces, converted on the way, then the final dot. */
static int
send_data(struct pst_smtp *s, const char *msg, size_t len,
    struct pst_smtp_err *e)
{
	struct stuffing st = { 1, 0 };
	struct pst_buf b = {0};
	size_t off, n;
	int rc = 0;

	if (s->verbose)
		fprintf(stderr, "smtp-send: > (the message, %zu octets)\n",
		    pst_smtp_wire_size(msg, len));
	for (off = 0; off < len && rc == 0; off += n) {
		n = len - off > SEND_CHUNK ? SEND_CHUNK : len - off;
		pst_buf_reset(&b);
		stuff(&st, msg + off, n, &b);
		rc = send_all(s, b.p, b.len, e);
	}
	if (rc == 0 && len > 0 && msg[len - 1] != '\n')
		rc = send_all(s, "\r\n", 2, e);
	if (rc == 0) {
		trace(s, '>', ".", 1);
		rc = send_all(s, ".\r\n", 3, e);
	}
	pst_buf_free(&b);
	return rc;
}

/* ---- the transaction ------------------------------------------------------ */

/* Whether the C string s is all ASCII. */
static int
ascii(const char *s)
{
	return pst_ascii_only(s, strlen(s));
}

/* Whether the transaction needs SMTPUTF8: a UTF-8 header, or an address
 * that is not ASCII. */
static int
needs_utf8(const struct pst_envelope *env)
{
	size_t i;

	if (env->utf8 || !ascii(env->from))
		return 1;
	for (i = 0; i < env->nrcpt; i++)
		if (!ascii(env->rcpt[i]))
			return 1;
	return 0;
}

/* "MAIL FROM:<from> SIZE=n BODY=8BITMIME SMTPUTF8 RET=HDRS" */
static void
mail_command(struct pst_smtp *s, const struct pst_envelope *env, size_t size,
    struct pst_buf *cmd)
{
	pst_buf_printf(cmd, "MAIL FROM:<%s>", env->from);
	if (pst_smtp_has(s, "SIZE", NULL))
		pst_buf_printf(cmd, " SIZE=%zu", size);
	if (env->eightbit && pst_smtp_has(s, "8BITMIME", NULL))
		pst_buf_adds(cmd, " BODY=8BITMIME");
	if (needs_utf8(env) && pst_smtp_has(s, "SMTPUTF8", NULL))
		pst_buf_adds(cmd, " SMTPUTF8");
	if (env->ret != NULL && pst_smtp_has(s, "DSN", NULL))
		pst_buf_printf(cmd, " RET=%s", env->ret);
}

static void
rcpt_command(struct pst_smtp *s, const struct pst_envelope *env,
    const char *rcpt, struct pst_buf *cmd)
{
	pst_buf_printf(cmd, "RCPT TO:<%s>", rcpt);
	if (env->notify != NULL && pst_smtp_has(s, "DSN", NULL))
		pst_buf_printf(cmd, " NOTIFY=%s", env->notify);
}

/* Refuse before sending what the server said it cannot take. */
static int
check_limits(struct pst_smtp *s, const struct pst_envelope *env,
    size_t size, struct pst_smtp_err *e)
{
	const char *max;
	size_t i;

	if (pst_smtp_has(s, "SIZE", &max) && strtoull(max, NULL, 10) > 0 &&
	    size > strtoull(max, NULL, 10)) {
		fail(e, EX_DATAERR, "the message is %zu octets, over the "
		    "server's limit of %s", size, max);
		return -1;
	}
	if (!ascii(env->from) && !pst_smtp_has(s, "SMTPUTF8", NULL)) {
		fail(e, EX_DATAERR, "the sender's address is not ASCII and "
		    "the server does not offer SMTPUTF8");
		return -1;
	}
	for (i = 0; i < env->nrcpt; i++)
		if (!ascii(env->rcpt[i]) && !pst_smtp_has(s, "SMTPUTF8",
		    NULL)) {
			fail(e, EX_DATAERR, "%s: the address is not ASCII and "
			    "the server does not offer SMTPUTF8", env->rcpt[i]);
			return -1;
		}
	return 0;
}

static int
status_of(int code, int permanent)
{
	return code >= 400 && code < 500 ? EX_TEMPFAIL : permanent;
}

/* MAIL and every RCPT, in one batch when pipelining. Returns 0 when all
 * were accepted; -1 with every refusal in *e. */
static int
envelope(struct pst_smtp *s, const struct pst_envelope *env, size_t size,
    struct pst_smtp_err *e)
{
	struct pst_buf batch = {0}, cmd = {0};
	struct reply r;
	int pipelining = pst_smtp_has(s, "PIPELINING", NULL), rc = 0;
	size_t i;

	mail_command(s, env, size, &cmd);
	for (i = 0; i <= env->nrcpt; i++) {
		if (i > 0) {
			pst_buf_reset(&cmd);
			rcpt_command(s, env, env->rcpt[i - 1], &cmd);
		}
		trace(s, '>', cmd.p, cmd.len);
		pst_buf_printf(&batch, "%s\r\n", pst_buf_str(&cmd));
		if (!pipelining || i == env->nrcpt) {
			if (send_all(s, batch.p, batch.len, e) != 0)
				goto broken;
			pst_buf_reset(&batch);
		}
		if (pipelining && i < env->nrcpt)
			continue;
		/* Read the replies owed: one, or all of the batch. */
		for (size_t k = pipelining ? 0 : i; k <= i; k++) {
			if (read_reply(s, &r, e) != 0)
				goto broken;
			if (r.code / 100 == 2)
				continue;
			if (k == 0)
				fail(e, status_of(r.code, EX_DATAERR), "the "
				    "sender <%s> was refused: %d %s", env->from,
				    r.code, r.text);
			else
				fail(e, status_of(r.code, EX_NOUSER), "the "
				    "recipient <%s> was refused: %d %s",
				    env->rcpt[k - 1], r.code, r.text);
			rc = -1;
		}
		if (rc != 0 && !pipelining)
			break;
	}
	pst_buf_free(&batch);
	pst_buf_free(&cmd);
	return rc;
broken:
	pst_buf_free(&batch);
	pst_buf_free(&cmd);
	return -1;
}

int
pst_smtp_send(struct pst_smtp *s, const struct pst_envelope *env,
    const char *msg, size_t len, struct pst_smtp_err *e)
{
	size_t size = pst_smtp_wire_size(msg, len) + 3;
	struct reply r;

	if (check_limits(s, env, size, e) != 0)
		return -1;
	if (envelope(s, env, size, e) != 0) {
		if (!pst_conn_broken(s->c)) {
			struct pst_smtp_err ignored = {0};

			/* Nothing is sent to anyone when one is refused. */
			if (command(s, "RSET", &ignored) == 0)
				read_reply(s, &r, &ignored);
			pst_smtp_err_free(&ignored);
		}
		if (e->msg.len > 0 && e->status == EX_NOUSER)
			fail(e, EX_NOUSER, "nothing was sent");
		return -1;
	}
	if (command(s, "DATA", e) != 0 || read_reply(s, &r, e) != 0)
		return -1;
	if (r.code != 354) {
		fail(e, status_of(r.code, r.code / 100 == 5 ? EX_DATAERR :
		    EX_PROTOCOL), "DATA refused: %d %s", r.code, r.text);
		return -1;
	}
	if (send_data(s, msg, len, e) != 0)
		return -1;
	if (read_reply(s, &r, e) != 0) {
		pst_buf_reset(&e->msg);
		e->status = 0;
		fail(e, EX_PROTOCOL, "the connection was lost after the whole "
		    "message was sent, before the server answered: it may "
		    "have been delivered; not retrying");
		return -1;
	}
	if (r.code / 100 != 2) {
		fail(e, status_of(r.code, EX_DATAERR), "the message was "
		    "refused: %d %s", r.code, r.text);
		return -1;
	}
	return 0;
}

void
pst_smtp_close(struct pst_smtp *s)
{
	struct pst_smtp_err ignored = {0};
	struct reply r;
	size_t i;

	if (s == NULL)
		return;
	if (s->c != NULL && !pst_conn_broken(s->c) &&
	    command(s, "QUIT", &ignored) == 0)
		read_reply(s, &r, &ignored);
	pst_smtp_err_free(&ignored);
	pst_conn_close(s->c);
	for (i = 0; i < s->next; i++)
		free(s->ext[i]);
	free(s->ext);
	pst_buf_free(&s->tls);
	free(s);
}

/* ---- probing ------------------------------------------------------------- */

static void
add_keyword(void *ctx, const char *k, size_t n)
{
	struct pst_buf *out = ctx;

	pst_buf_printf(out, " %.*s", (int)n, k);
}

/* The report of what the server said and offered while connecting. */
static void
describe_session(struct pst_smtp *s, const struct pst_smtp_opts *o,
    struct pst_buf *out)
{
	const char *runs[2], *greet = pst_conn_opening(s->c);
	const char *auth;
	size_t n = ehlo_runs(s, runs, 2), len = strcspn(greet, "\r\n");

	pst_buf_printf(out, "%-13s%s\n", "server:", o->url);
	pst_buf_printf(out, "%-13s%.*s\n", "greeting:", (int)len, greet);
	if (n == 2) {
		pst_buf_printf(out, "%-12s", "before TLS:");
		run_keywords(runs[0], add_keyword, out);
		pst_buf_addc(out, '\n');
	}
	if (s->tls.len > 0)
		pst_buf_add(out, s->tls.p, s->tls.len);
	else
		pst_buf_printf(out, "%-13s%s\n", "TLS:", "none");
	if (n >= 1) {
		pst_buf_printf(out, "%-12s", n == 2 ? "after TLS:" : "EHLO:");
		run_keywords(runs[n - 1], add_keyword, out);
		pst_buf_addc(out, '\n');
	}
	pst_buf_printf(out, "%-13s%s\n", "AUTH:", pst_smtp_has(s, "AUTH",
	    &auth) ? auth : "none offered");
}

int
pst_smtp_probe(const struct pst_smtp_opts *o, struct pst_buf *out,
    struct pst_smtp_err *e)
{
	struct pst_smtp_opts anon = *o;
	struct pst_smtp *s;

	/* First without logging in, to see everything the server offers;
	 * then, with a user, again to try the login. */
	anon.user = NULL;
	anon.password = NULL;
	if ((s = pst_smtp_open(&anon, e)) == NULL)
		return -1;
	describe_session(s, o, out);
	pst_smtp_close(s);
	if (o->user == NULL) {
		pst_buf_printf(out, "%-13s%s\n", "login:", "not tried (no "
		    "user configured)");
		return 0;
	}
	if ((s = pst_smtp_open(o, e)) == NULL) {
		pst_buf_printf(out, "%-13s%s%s\n", "login:", "failed as ",
		    o->user);
		return -1;
	}
	pst_buf_printf(out, "%-13sok as %s\n", "login:", o->user);
	pst_smtp_close(s);
	return 0;
}

int
pst_smtp_ask(struct pst_smtp *s, const char *cmd, int *code, char *text,
    size_t size, struct pst_smtp_err *e)
{
	struct reply r;

	if (command(s, cmd, e) != 0 || read_reply(s, &r, e) != 0)
		return -1;
	*code = r.code;
	snprintf(text, size, "%s", r.text);
	return 0;
}
