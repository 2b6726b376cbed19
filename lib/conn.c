/* conn: a mail session opened by libcurl, spoken over by posta. */
#include <ctype.h>
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sysexits.h>
#include <sys/socket.h>

#include <curl/curl.h>

#include "conn.h"
#include "mem.h"
#include "sanitize.h"
#include "tlsinfo.h"

#define OPENING_MAX	(64 * 1024)	/* what we keep of the opening */
#define LINE_MAX_LEN	(8 * 1024 * 1024)	/* a longer line is nonsense */
#define RECV_CHUNK	(128 * 1024)

struct pst_conn {
	CURL *curl;
	curl_socket_t sock;
	int verbose;
	const char *prog;
	long timeout_ms;
	struct pst_buf opening;		/* the server's lines while opening */
	struct pst_buf in;		/* received; in.p[inpos..] unread */
	size_t inpos;
	int redacting;			/* inside a login exchange */
	int broken;
};

void
pst_conn_trace(const struct pst_conn *c, char dir, const char *p, size_t n)
{
	struct pst_buf clean = {0};
	const char *nl;
	size_t len;

	if (!c->verbose)
		return;
	do {
		nl = memchr(p, '\n', n);
		len = nl != NULL ? (size_t)(nl - p) : n;
		if (len > 0 && p[len - 1] == '\r')
			len--;
		/* What a server says must not drive the terminal. */
		pst_buf_reset(&clean);
		pst_sanitize(p, len, 0, &clean);
		fprintf(stderr, "%s: %c %s\n", c->prog, dir, pst_buf_str(&clean));
		if (nl == NULL)
			break;
		n -= (size_t)(nl + 1 - p);
		p = nl + 1;
	} while (n > 0);
	pst_buf_free(&clean);
}

/* The verb of a client line: its first word, or its second when the first
 * is an IMAP tag (a letter and digits, as libcurl's A001). */
static void
client_verb(const char *p, size_t n, const char **verb, size_t *vlen)
{
	size_t w = 0;

	while (w < n && p[w] != ' ' && p[w] != '\r' && p[w] != '\n')
		w++;
	if (w >= 2 && w < n && p[w] == ' ' && isalpha((unsigned char)p[0]) &&
	    strspn(p + 1, "0123456789") == w - 1) {
		p += w + 1;
		n -= w + 1;
		for (w = 0; w < n && p[w] != ' ' && p[w] != '\r' &&
		    p[w] != '\n'; w++)
			;
	}
	*verb = p;
	*vlen = w;
}

/* Whether the verb starts a login, whose lines must not be shown. */
static int
login_verb(const char *v, size_t n)
{
	static const char *const verbs[] = { "AUTH", "AUTHENTICATE", "LOGIN",
	    "USER", "PASS", "APOP" };
	size_t i;

	for (i = 0; i < sizeof verbs / sizeof *verbs; i++)
		if (strlen(verbs[i]) == n && strncasecmp(v, verbs[i], n) == 0)
			return 1;
	return 0;
}

/* libcurl's part of the transcript: the opening. Client lines of a login
 * are replaced, so no secret reaches the terminal. */
static int
debug_cb(CURL *curl, curl_infotype type, char *data, size_t size, void *ctx)
{
	struct pst_conn *c = ctx;
	const char *verb;
	size_t vlen;

	(void)curl;
	if (type == CURLINFO_HEADER_OUT) {
		client_verb(data, size, &verb, &vlen);
		if (login_verb(verb, vlen)) {
			/* AUTH's mechanism is no secret; what follows is. */
			size_t m = 0, rest = size - (size_t)(verb - data);

			if (strncasecmp(verb, "AUTH", 4) == 0)
				while (vlen + 1 + m < rest &&
				    strchr(" \r\n", verb[vlen + 1 + m]) == NULL)
					m++;
			fprintf(stderr, "%s: > %.*s (credentials not shown)\n",
			    c->prog, (int)(vlen + (m > 0 ? 1 + m : 0)), verb);
			c->redacting = 1;
		} else if (c->redacting)
			fprintf(stderr, "%s: > (credentials not shown)\n",
			    c->prog);
		else
			pst_conn_trace(c, '>', data, size);
	} else if (type == CURLINFO_HEADER_IN) {
		/* A continuation ("+ ", SMTP's 334) keeps the exchange open. */
		if (size > 0 && data[0] != '+' && strncmp(data, "334", 3) != 0)
			c->redacting = 0;
		pst_conn_trace(c, '<', data, size);
	} else if (type == CURLINFO_TEXT && size > 0 &&
	    (strncmp(data, "SSL connection", 14) == 0 ||
	    strncmp(data, "Connected to", 12) == 0))
		fprintf(stderr, "%s: * %.*s", c->prog, (int)size, data);
	return 0;
}

static size_t
header_cb(char *p, size_t size, size_t n, void *ctx)
{
	struct pst_conn *c = ctx;

	if (c->opening.len + n * size < OPENING_MAX)
		pst_buf_add(&c->opening, p, n * size);
	return n * size;
}

const char *
pst_conn_opening(const struct pst_conn *c)
{
	return pst_buf_str(&c->opening);
}

/* Whether line[0..n) is a server's refusal: IMAP "tag NO", "tag BAD" or
 * "* BYE", POP3 "-ERR", SMTP 4xx or 5xx. */
static int
refusal_line(const char *line, size_t n)
{
	const char *sp = memchr(line, ' ', n);

	if (n >= 4 && strncmp(line, "-ERR", 4) == 0)
		return 1;
	if (n >= 3 && (line[0] == '4' || line[0] == '5') &&
	    isdigit((unsigned char)line[1]) && isdigit((unsigned char)line[2]))
		return 1;
	if (sp == NULL)
		return 0;
	n -= (size_t)(sp + 1 - line);
	return (n >= 3 && strncmp(sp + 1, "NO ", 3) == 0) ||
	    (n >= 4 && strncmp(sp + 1, "BAD ", 4) == 0) ||
	    (n >= 4 && strncmp(sp + 1, "BYE ", 4) == 0 && line[0] == '*');
}

/* The last refusal in the opening, CR and LF cut, into out, or "". */
static void
opening_refusal(const struct pst_conn *c, char *out, size_t size)
{
	const char *p = pst_buf_str(&c->opening), *nl;
	size_t n;

	out[0] = '\0';
	for (; *p != '\0'; p = nl + 1) {
		nl = strchr(p, '\n');
		n = nl != NULL ? (size_t)(nl - p) : strlen(p);
		while (n > 0 && p[n - 1] == '\r')
			n--;
		if (refusal_line(p, n)) {
			struct pst_buf clean = {0};

			pst_sanitize(p, n, 0, &clean);
			snprintf(out, size, "%s", pst_buf_str(&clean));
			pst_buf_free(&clean);
		}
		if (nl == NULL)
			break;
	}
}

/* Whether the refusal says to try again later (RFC 5530 and 3206 codes,
 * SMTP 4xx). */
static int
temporary_refusal(const char *r)
{
	return r[0] == '4' || strstr(r, "[UNAVAILABLE]") != NULL ||
	    strstr(r, "[SYS/TEMP]") != NULL || strstr(r, "[IN-USE]") != NULL ||
	    strstr(r, "[INUSE]") != NULL;
}

static int
open_status(CURLcode rc, const char *refusal)
{
	if (refusal[0] != '\0' && temporary_refusal(refusal))
		return EX_TEMPFAIL;
	switch (rc) {
	case CURLE_COULDNT_RESOLVE_HOST:
		return EX_NOHOST;
	case CURLE_COULDNT_CONNECT:
	case CURLE_OPERATION_TIMEDOUT:
	case CURLE_RECV_ERROR:
	case CURLE_SEND_ERROR:
	case CURLE_GOT_NOTHING:
		return EX_TEMPFAIL;
	case CURLE_LOGIN_DENIED:
		return EX_NOPERM;
	case CURLE_USE_SSL_FAILED:
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_CACERT_BADFILE:
	case CURLE_SSL_CERTPROBLEM:
		return EX_UNAVAILABLE;
	default:
		/* SMTP's 5xx: the server will not serve us. */
		return refusal[0] == '5' ? EX_UNAVAILABLE : EX_PROTOCOL;
	}
}

static const char *
open_reason(CURLcode rc)
{
	switch (rc) {
	case CURLE_USE_SSL_FAILED:
		return "the server does not offer STARTTLS; refusing to go on "
		    "without TLS";
	case CURLE_PEER_FAILED_VERIFICATION:
		return "the server's certificate does not verify";
	case CURLE_LOGIN_DENIED:
		return "login refused";
	case CURLE_COULDNT_CONNECT:
		return "cannot connect";
	case CURLE_OPERATION_TIMEDOUT:
		return "timed out";
	default:
		return curl_easy_strerror(rc);
	}
}

static void
set_login(CURL *curl, const struct pst_conn_opts *o)
{
	char login[64];

	curl_easy_setopt(curl, CURLOPT_USERNAME, o->user);
	/* A token, for the OAuth mechanisms, goes where libcurl looks. */
	if (o->password != NULL && o->auth != NULL &&
	    (strcmp(o->auth, "XOAUTH2") == 0 ||
	    strcmp(o->auth, "OAUTHBEARER") == 0))
		curl_easy_setopt(curl, CURLOPT_XOAUTH2_BEARER, o->password);
	else if (o->password != NULL)
		curl_easy_setopt(curl, CURLOPT_PASSWORD, o->password);
	else
		curl_easy_setopt(curl, CURLOPT_NETRC, (long)CURL_NETRC_OPTIONAL);
	if (o->auth != NULL && snprintf(login, sizeof login, "AUTH=%s",
	    o->auth) < (int)sizeof login)
		curl_easy_setopt(curl, CURLOPT_LOGIN_OPTIONS, login);
}

static void
set_options(struct pst_conn *c, const struct pst_conn_opts *o, char *errbuf)
{
	CURL *curl = c->curl;

	curl_easy_setopt(curl, CURLOPT_URL, o->url);
	curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, o->protocols);
	curl_easy_setopt(curl, CURLOPT_CONNECT_ONLY, 1L);
	curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, errbuf);
	curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, o->timeout);
	curl_easy_setopt(curl, CURLOPT_SERVER_RESPONSE_TIMEOUT, o->timeout);
	curl_easy_setopt(curl, CURLOPT_USE_SSL, o->tls == 1 ?
	    (long)CURLUSESSL_ALL : o->tls == 2 ? (long)CURLUSESSL_TRY :
	    (long)CURLUSESSL_NONE);
	curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, header_cb);
	curl_easy_setopt(curl, CURLOPT_HEADERDATA, c);
	if (o->cacert != NULL)
		curl_easy_setopt(curl, CURLOPT_CAINFO, o->cacert);
	if (o->tlsinfo != NULL)
		(void)pst_tls_watch(curl, o->tlsinfo);
	/* No credential crosses a link that may lack TLS. */
	if (o->user != NULL && o->tls == 1)
		set_login(curl, o);
	if (o->verbose) {
		curl_easy_setopt(curl, CURLOPT_VERBOSE, 1L);
		curl_easy_setopt(curl, CURLOPT_DEBUGFUNCTION, debug_cb);
		curl_easy_setopt(curl, CURLOPT_DEBUGDATA, c);
	}
}

struct pst_conn *
pst_conn_open(const struct pst_conn_opts *o, struct pst_err *e)
{
	struct pst_conn *c = pst_xcalloc(1, sizeof *c);
	char errbuf[CURL_ERROR_SIZE] = "", refusal[512];
	CURLcode rc;

	c->sock = CURL_SOCKET_BAD;
	c->verbose = o->verbose;
	c->prog = o->prog;
	c->timeout_ms = o->timeout * 1000;
	if ((c->curl = curl_easy_init()) == NULL) {
		pst_err_set(e, EX_SOFTWARE, "libcurl cannot start");
		free(c);
		return NULL;
	}
	set_options(c, o, errbuf);
	rc = curl_easy_perform(c->curl);
	if (rc != CURLE_OK) {
		opening_refusal(c, refusal, sizeof refusal);
		pst_err_set(e, open_status(rc, refusal), "%s: %s%s%s%s", o->url,
		    open_reason(rc), refusal[0] ? ": the server said \"" :
		    errbuf[0] ? " (" : "", refusal[0] ? refusal : errbuf,
		    refusal[0] ? "\"" : errbuf[0] ? ")" : "");
		pst_conn_close(c);
		return NULL;
	}
	if (curl_easy_getinfo(c->curl, CURLINFO_ACTIVESOCKET, &c->sock) !=
	    CURLE_OK || c->sock == CURL_SOCKET_BAD) {
		pst_err_set(e, EX_SOFTWARE, "%s: libcurl gives no socket",
		    o->url);
		pst_conn_close(c);
		return NULL;
	}
	return c;
}

struct pst_conn *
pst_conn_mem(const char *opening, const char *p, size_t n)
{
	struct pst_conn *c = pst_xcalloc(1, sizeof *c);

	if (opening != NULL)
		pst_buf_adds(&c->opening, opening);
	c->sock = CURL_SOCKET_BAD;
	c->prog = "posta";
	pst_buf_add(&c->in, p, n);
	return c;
}

/* Wait until the socket is ready for events; -1 on a timeout. */
static int
wait_socket(struct pst_conn *c, short events)
{
	struct pollfd pfd;
	int r;

	pfd.fd = (int)c->sock;
	pfd.events = events;
	do
		r = poll(&pfd, 1, (int)c->timeout_ms);
	while (r < 0 && errno == EINTR);
	return r > 0 ? 0 : -1;
}

int
pst_conn_send(struct pst_conn *c, const char *p, size_t n, struct pst_err *e)
{
	pst_conn_trace(c, '>', p, n);
	return pst_conn_write(c, p, n, e);
}

int
pst_conn_write(struct pst_conn *c, const char *p, size_t n, struct pst_err *e)
{
	size_t sent;
	CURLcode rc;

	if (c->curl == NULL)
		return 0;	/* a session in memory */
	while (n > 0) {
		rc = curl_easy_send(c->curl, p, n, &sent);
		if (rc == CURLE_AGAIN) {
			if (wait_socket(c, POLLOUT) != 0) {
				pst_err_set(e, EX_TEMPFAIL, "the server stopped "
				    "reading (timed out)");
				c->broken = 1;
				return -1;
			}
			continue;
		}
		if (rc != CURLE_OK) {
			pst_err_set(e, EX_TEMPFAIL, "the connection broke: %s",
			    curl_easy_strerror(rc));
			c->broken = 1;
			return -1;
		}
		p += sent;
		n -= sent;
	}
	return 0;
}

/* Read more from the server into c->in. 0, or -1 with *e set. */
static int
fill(struct pst_conn *c, struct pst_err *e)
{
	size_t n;
	CURLcode rc;

	if (c->broken || c->curl == NULL) {
		pst_err_set(e, EX_TEMPFAIL, c->broken ? "the connection is gone" :
		    "the server closed the connection");
		c->broken = 1;
		return -1;
	}
	if (c->inpos > 0) {
		/* Keep the unread tail at the start: the buffer stays small. */
		memmove(c->in.p, c->in.p + c->inpos, c->in.len - c->inpos);
		c->in.len -= c->inpos;
		c->inpos = 0;
	}
	for (;;) {
		rc = curl_easy_recv(c->curl, pst_buf_room(&c->in, RECV_CHUNK),
		    RECV_CHUNK, &n);
		if (rc == CURLE_AGAIN) {
			if (wait_socket(c, POLLIN) != 0) {
				pst_err_set(e, EX_TEMPFAIL, "the server did not "
				    "answer (timed out)");
				c->broken = 1;
				return -1;
			}
			continue;
		}
		if (rc != CURLE_OK || n == 0) {
			pst_err_set(e, EX_TEMPFAIL, "the server closed the "
			    "connection");
			c->broken = 1;
			return -1;
		}
		pst_buf_extend(&c->in, n);
		return 0;
	}
}

int
pst_conn_line(struct pst_conn *c, const char **line, size_t *len,
    struct pst_err *e)
{
	size_t scanned = 0, n;
	char *p, *nl;

	for (;;) {
		p = c->in.p + c->inpos;
		n = c->in.len - c->inpos;
		nl = n > scanned ? memchr(p + scanned, '\n', n - scanned) :
		    NULL;
		if (nl != NULL)
			break;
		if (n > LINE_MAX_LEN) {
			pst_err_set(e, EX_PROTOCOL, "the server sent a line of "
			    "over 8 MiB");
			c->broken = 1;
			return -1;
		}
		scanned = n;
		if (fill(c, e) != 0)
			return -1;
	}
	c->inpos += (size_t)(nl - p) + 1;
	n = (size_t)(nl - p);
	if (n > 0 && p[n - 1] == '\r')
		n--;
	/* The line ends where its CR or LF was: a C string in place. */
	p[n] = '\0';
	pst_conn_trace(c, '<', p, n);
	*line = p;
	*len = n;
	return 0;
}

int
pst_conn_peek(struct pst_conn *c, const char **p, size_t *n,
    struct pst_err *e)
{
	if (c->inpos == c->in.len && fill(c, e) != 0)
		return -1;
	*p = c->in.p + c->inpos;
	*n = c->in.len - c->inpos;
	return 0;
}

int
pst_conn_need(struct pst_conn *c, size_t k, const char **p, size_t *n,
    struct pst_err *e)
{
	while (c->in.len - c->inpos < k)
		if (fill(c, e) != 0)
			return -1;
	*p = c->in.p + c->inpos;
	*n = c->in.len - c->inpos;
	return 0;
}

void
pst_conn_skip(struct pst_conn *c, size_t k)
{
	c->inpos += k <= c->in.len - c->inpos ? k : c->in.len - c->inpos;
}

int
pst_conn_read(struct pst_conn *c, size_t n,
    int (*sink)(void *ctx, const char *p, size_t k), void *ctx,
    struct pst_err *e)
{
	const char *p;
	size_t k;
	int rc = 0;

	while (n > 0) {
		if (pst_conn_peek(c, &p, &k, e) != 0)
			return -1;
		if (k > n)
			k = n;
		if (rc == 0 && sink != NULL)
			rc = sink(ctx, p, k);
		pst_conn_skip(c, k);
		n -= k;
	}
	return rc;
}

int
pst_conn_broken(const struct pst_conn *c)
{
	return c->broken;
}

void
pst_conn_close(struct pst_conn *c)
{
	if (c == NULL)
		return;
	/* libcurl would send its own LOGOUT or QUIT at cleanup and wait for
	 * the reply behind whatever is still in flight; a POP3 QUIT would
	 * even commit deletions. posta ends its sessions itself, so the
	 * socket is shut first and libcurl's farewell fails at once. */
	if (c->sock != CURL_SOCKET_BAD)
		(void)shutdown((int)c->sock, SHUT_RDWR);
	if (c->curl != NULL)
		curl_easy_cleanup(c->curl);
	pst_buf_free(&c->opening);
	pst_buf_free(&c->in);
	free(c);
}
