/* pop3: fetching over POP3 (RFC 1939, 2449). libcurl logs in; posta
 * speaks the rest: UIDL and LIST, then RETR, pipelined when the server
 * offers PIPELINING, each message streamed to a sink; DELE and a QUIT
 * whose reply is checked, since QUIT is what commits deletions. */
#ifndef PST_POP3_H
#define PST_POP3_H

#include <stddef.h>

#include "conn.h"
#include "err.h"
#include "sink.h"

struct pst_pop3;

/* Open and log in (pst_conn_open). Returns the session, or NULL with *e
 * set as pst_conn_open sets it. */
struct pst_pop3 *pst_pop3_open(const struct pst_conn_opts *o,
    struct pst_err *e);

/* Speak POP3 over the open session c (taken over; a pst_conn_mem one in
 * the tests), whose opening lines hold the CAPA reply. */
struct pst_pop3 *pst_pop3_on(struct pst_conn *c);

/* Whether the server listed the capability name (any case) in CAPA. */
int pst_pop3_has(const struct pst_pop3 *p, const char *name);

/* For every message in the maildrop, in order, each(ctx, num, size,
 * uidl): its number, its size from LIST and its UIDL. A nonzero return
 * from each stops with that value. Returns 0, -1 with *e set (69 no UIDL,
 * 76 a reply that makes no sense, 75), or each's value. */
int pst_pop3_list(struct pst_pop3 *p,
    int (*each)(void *ctx, unsigned long num, unsigned long long size,
    const char *uidl), void *ctx, struct pst_err *e);

/* RETR the messages nums[0..n) into sink, numbered by message number,
 * dot-unstuffed, several commands in flight when the server offers
 * PIPELINING. Returns 0, or -1 with *e set (the sink's error; 75 the
 * connection lost; 76 a reply that makes no sense); the message in
 * progress is then aborted. */
int pst_pop3_fetch(struct pst_pop3 *p, const unsigned long *nums, size_t n,
    const struct pst_sink *sink, struct pst_err *e);

/* Mark the messages nums[0..n) for deletion (DELE, pipelined when
 * offered); they go only at a QUIT that succeeds. Returns 0, or -1 with
 * *e set. */
int pst_pop3_dele(struct pst_pop3 *p, const unsigned long *nums, size_t n,
    struct pst_err *e);

/* Say QUIT and check its reply, which commits deletions. Returns 0, or -1
 * with *e set (75: the deletions may not have happened). */
int pst_pop3_quit(struct pst_pop3 *p, struct pst_err *e);

/* Release the session without a QUIT (NULL is fine): nothing marked is
 * deleted. */
void pst_pop3_close(struct pst_pop3 *p);

#endif
