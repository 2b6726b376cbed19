/* conn: a mail session that libcurl opens (connection, STARTTLS or
 * implicit TLS, certificate checks, SASL; CURLOPT_CONNECT_ONLY) and posta
 * then speaks over itself, with buffered lines and raw reads that can be
 * streamed (DESIGN contract 7). */
#ifndef PST_CONN_H
#define PST_CONN_H

#include <stddef.h>

#include "buf.h"
#include "err.h"

struct pst_conn_opts {
	const char *url;	/* imap://, imaps://, pop3://, pop3s://, ... */
	const char *protocols;	/* what the URL may be: "imap,imaps" */
	const char *user;	/* NULL: no login */
	const char *password;	/* NULL with a user: ~/.netrc */
	const char *auth;	/* a SASL mechanism, or NULL: libcurl picks */
	const char *cacert;	/* CA file, or NULL: the system's */
	int tls;		/* 1: required (STARTTLS on a plain URL); 0: none;
				 * 2: STARTTLS when offered, to look at a server.
				 * A login is made only with 1. */
	struct pst_buf *tlsinfo;	/* NULL, or where the TLS session is
					 * described (pst_tls_watch); it must
					 * outlive the session */
	int verbose;		/* the transcript on stderr, logins redacted */
	const char *prog;	/* the transcript's prefix, e.g. "mfetch" */
	long timeout;		/* seconds to wait for the server, each time */
};

struct pst_conn;

/* Open a session and log in. Returns it, or NULL with *e set: 68 host
 * unknown; 75 refused or timed out; 69 no STARTTLS, a TLS failure, a
 * certificate that does not verify; 77 the login refused; 76 otherwise.
 * The server's own words, when it said why, are in the message. */
struct pst_conn *pst_conn_open(const struct pst_conn_opts *o,
    struct pst_err *e);

/* A session that reads p[0..n) as what the server says and drops what is
 * sent, opening (or NULL) standing for what the server said while it was
 * opened (capabilities): the protocol engines run on it in the fuzz tests
 * and unit tests. The data is copied. */
struct pst_conn *pst_conn_mem(const char *opening, const char *p, size_t n);

/* What the server said while libcurl opened the session (greeting,
 * capabilities, ...), lines as received: "" when nothing. */
const char *pst_conn_opening(const struct pst_conn *c);

/* Send the command lines p[0..n) (CRLF ends), each in the transcript.
 * Returns 0, or -1 with *e set (75). */
int pst_conn_send(struct pst_conn *c, const char *p, size_t n,
    struct pst_err *e);

/* Send p[0..n) as it is, not in the transcript (a message's text).
 * Returns 0, or -1 with *e set (75). */
int pst_conn_write(struct pst_conn *c, const char *p, size_t n,
    struct pst_err *e);

/* The next line from the server, its CRLF (or LF) cut, into *line and
 * *len (valid until the next read; NUL-terminated). Lines over 8 MiB are
 * a protocol error. Returns 0, or -1 with *e set: 75 the connection
 * closed or timed out, 76 a line too long. */
int pst_conn_line(struct pst_conn *c, const char **line, size_t *len,
    struct pst_err *e);

/* The next n bytes from the server, handed to sink(ctx, p, k) in pieces
 * as they arrive (not traced). A nonzero return from sink stops the
 * reading; the rest of the n bytes is then read and dropped, so the
 * session stays usable. Returns 0; the sink's nonzero value; or -1 with
 * *e set (75) when the connection closes first. */
int pst_conn_read(struct pst_conn *c, size_t n,
    int (*sink)(void *ctx, const char *p, size_t k), void *ctx,
    struct pst_err *e);

/* The bytes received and not yet read, into *p and *n, reading more from
 * the server first when there are none. Consume k of them with
 * pst_conn_skip. Returns 0, or -1 with *e set (75). */
int pst_conn_peek(struct pst_conn *c, const char **p, size_t *n,
    struct pst_err *e);

/* Like pst_conn_peek, but with at least k bytes (k at most 64) in *n,
 * reading until there are. */
int pst_conn_need(struct pst_conn *c, size_t k, const char **p, size_t *n,
    struct pst_err *e);

/* Consume k bytes of what pst_conn_peek gave. */
void pst_conn_skip(struct pst_conn *c, size_t k);

/* Print transcript lines "prog: < text" (dir '<') or "prog: > text",
 * one for each line of p[0..n), when verbose, the text made safe for a
 * terminal. */
void pst_conn_trace(const struct pst_conn *c, char dir, const char *p,
    size_t n);

/* Whether the connection is known to be gone. */
int pst_conn_broken(const struct pst_conn *c);

/* Release the session (NULL is fine); nothing more is sent. */
void pst_conn_close(struct pst_conn *c);

#endif
