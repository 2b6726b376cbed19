/* smtp: submitting a message over SMTP. libcurl opens the session
 * (connection, STARTTLS or implicit TLS, certificate checks, SASL); posta
 * speaks the transaction itself, pipelined, every reply read and checked. */
#ifndef PST_SMTP_H
#define PST_SMTP_H

#include <stddef.h>

#include "buf.h"

/* What went wrong: a sysexits status and what to tell the person, one
 * line per problem (several when several recipients were refused). */
struct pst_smtp_err {
	int status;
	struct pst_buf msg;
};

struct pst_smtp_opts {
	const char *url;	/* smtp://host[:port] (STARTTLS) or smtps:// */
	const char *user;	/* NULL: no login */
	const char *password;	/* NULL with a user: libcurl looks in ~/.netrc */
	const char *auth;	/* a SASL mechanism, or NULL: libcurl picks */
	const char *cacert;	/* CA file, or NULL: the system's */
	int tls;		/* 1: TLS required; 0: none at all (a local
				 * relay; no login); 2: STARTTLS when offered,
				 * for asking about addresses, never a login */
	int verbose;		/* the transcript on stderr, AUTH redacted */
	long timeout;		/* seconds to wait for the server, each time */
};

struct pst_smtp;

/* Open a session: connect, greet, STARTTLS on smtp:// (required unless
 * tls is 0), verify the certificate, log in when a user is given, and make
 * sure the login happened. Returns the session, or NULL with *e set: 68
 * host unknown, 75 refused, timed out or a 4xx greeting, 69 no STARTTLS,
 * a TLS failure or no AUTH to log in with, 77 login refused, 76 a reply
 * that makes no sense. */
struct pst_smtp *pst_smtp_open(const struct pst_smtp_opts *o,
    struct pst_smtp_err *e);

/* Whether the server offered the extension name (EHLO keyword, any case)
 * after TLS; *param gets its parameter text ("" if none) when not NULL. */
int pst_smtp_has(const struct pst_smtp *s, const char *name,
    const char **param);

/* One transaction's envelope. */
struct pst_envelope {
	const char *from;	/* the sender's address, "" for <> */
	const char *const *rcpt;
	size_t nrcpt;
	int eightbit;		/* the message has 8-bit bytes */
	int utf8;		/* addresses or header hold UTF-8 (RFC 6531) */
	const char *notify;	/* DSN NOTIFY value ("FAILURE,DELAY"), or NULL */
	const char *ret;	/* DSN RET value ("HDRS" or "FULL"), or NULL */
};

/* Send msg[0..len) (LF or CRLF line ends; made CRLF and dot-stuffed on
 * the way) to env's recipients. MAIL and the RCPTs go in one batch when
 * the server offers PIPELINING; DATA goes only when every recipient was
 * accepted, so a refused one means nothing is sent. SIZE=, BODY=8BITMIME,
 * SMTPUTF8 and DSN parameters are added when needed and offered. Returns
 * 0, or -1 with *e set: 67 a recipient refused (5xx), 75 a 4xx reply, 65
 * the message refused or too big for the server, or UTF-8 the server does
 * not take, 76 the connection lost after the message was sent (it may
 * have been delivered: never to be retried blindly) or a reply that makes
 * no sense. */
int pst_smtp_send(struct pst_smtp *s, const struct pst_envelope *env,
    const char *msg, size_t len, struct pst_smtp_err *e);

/* Send QUIT, read its reply, and release the session (NULL is fine). */
void pst_smtp_close(struct pst_smtp *s);

/* Look at the server at o->url without sending mail, and append a report
 * for a person to out, one "label: value" line each: the greeting, the
 * EHLO keywords before and after STARTTLS, the TLS version, cipher and
 * certificate (subject, issuer, validity, SHA-256 fingerprint), the AUTH
 * mechanisms, and, when o->user is set, whether the login works (tried on
 * a second connection). Returns 0, or -1 with *e set as pst_smtp_open
 * sets it (77: the login refused). */
int pst_smtp_probe(const struct pst_smtp_opts *o, struct pst_buf *out,
    struct pst_smtp_err *e);

/* Send the command cmd and read its reply: *code, and the text of its
 * lines into text[0..size). Returns 0, or -1 with *e set. */
int pst_smtp_ask(struct pst_smtp *s, const char *cmd, int *code, char *text,
    size_t size, struct pst_smtp_err *e);

/* Release what e holds. */
void pst_smtp_err_free(struct pst_smtp_err *e);

/* The number of octets msg[0..len) takes on the wire: CRLF line ends,
 * dot-stuffed, a final CRLF when missing (without the closing "."). */
size_t pst_smtp_wire_size(const char *msg, size_t len);

/* Append msg[0..len) as the DATA of a transaction to out: LF becomes CRLF
 * (CRLF stays), a '.' starting a line is doubled, a final CRLF is added
 * when missing; the closing ".\r\n" is not added. */
void pst_smtp_stuff(const char *msg, size_t len, struct pst_buf *out);

#endif
