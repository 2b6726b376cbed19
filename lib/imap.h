/* imap: fetching over IMAP (RFC 3501, 4315 UIDPLUS). libcurl opens the
 * session (conn); posta speaks the rest: one listing of the folder, then
 * UID FETCH over ranges, pipelined, every literal streamed to a sink.
 * Nothing here changes a flag: BODY.PEEK, and EXAMINE unless deleting. */
#ifndef PST_IMAP_H
#define PST_IMAP_H

#include <stddef.h>

#include "conn.h"
#include "err.h"
#include "sink.h"

struct pst_imap;

/* Open and log in (pst_conn_open), and learn the server's capabilities.
 * Returns the session, or NULL with *e set as pst_conn_open sets it. */
struct pst_imap *pst_imap_open(const struct pst_conn_opts *o,
    struct pst_err *e);

/* Speak IMAP over an open session c (taken over; a pst_conn_mem one in
 * the tests), whose opening lines hold the capabilities. */
struct pst_imap *pst_imap_on(struct pst_conn *c);

/* Whether the server has the capability name (any case). */
int pst_imap_has(const struct pst_imap *im, const char *name);

/* Open the folder (UTF-8; sent as modified UTF-7): EXAMINE, or SELECT
 * when writable is set (to delete). Sets *uidvalidity and *exists.
 * Returns 0, or -1 with *e set: 66 no such folder, 76, 75. */
int pst_imap_select(struct pst_imap *im, const char *folder, int writable,
    unsigned long *uidvalidity, unsigned long *exists, struct pst_err *e);

/* For every message of the open folder, in UID order, each(ctx, uid,
 * size, msgid): its UID, RFC822.SIZE, and, when with_msgid is set, its
 * Message-ID ("" when none; else NULL). One command, one round trip. A
 * nonzero return from each stops with that value. Returns 0, -1 with *e
 * set, or each's value. */
int pst_imap_list(struct pst_imap *im, int with_msgid,
    int (*each)(void *ctx, unsigned long uid, unsigned long long size,
    const char *msgid), void *ctx, struct pst_err *e);

/* The UIDs of the messages received on or after date (IMAP's "1-Jan-2026"
 * form) in the open folder: each(ctx, uid) for each. Returns 0, -1 with
 * *e set, or each's nonzero value. */
int pst_imap_since(struct pst_imap *im, const char *date,
    int (*each)(void *ctx, unsigned long uid), void *ctx, struct pst_err *e);

/* Fetch the messages uids[0..n) (ascending) of the open folder with
 * BODY.PEEK[], into sink, numbered by UID: UID FETCH over runs of
 * consecutive UIDs, several commands in flight, each literal streamed.
 * A message the server no longer has is not delivered. Returns 0, or -1
 * with *e set (the sink's error, or 75 the connection lost, 76 a response
 * that makes no sense); the message in progress is then aborted. */
int pst_imap_fetch(struct pst_imap *im, const unsigned long *uids, size_t n,
    const struct pst_sink *sink, struct pst_err *e);

/* Delete the messages uids[0..n) (ascending) of the folder opened
 * writable: UID STORE +FLAGS.SILENT (\Deleted), then UID EXPUNGE of
 * exactly those UIDs. Refused without UIDPLUS (69), as a plain EXPUNGE
 * would remove what others marked. Returns 0, or -1 with *e set. */
int pst_imap_delete(struct pst_imap *im, const unsigned long *uids,
    size_t n, struct pst_err *e);

/* The folders, each(ctx, name) with the name in UTF-8 (decoded from
 * modified UTF-7), in the server's order. Returns 0, -1 with *e set, or
 * each's nonzero value. */
int pst_imap_folders(struct pst_imap *im,
    int (*each)(void *ctx, const char *name), void *ctx, struct pst_err *e);

/* Say LOGOUT and read the reply. Returns 0, or -1 with *e set. */
int pst_imap_logout(struct pst_imap *im, struct pst_err *e);

/* Release the session (NULL is fine). */
void pst_imap_close(struct pst_imap *im);

/* Modified UTF-7 (RFC 3501 5.1.3): append name, UTF-8, encoded to out;
 * returns 0, or -1 when name is not valid UTF-8. */
int pst_imap_utf7_encode(const char *name, struct pst_buf *out);

/* Append the modified UTF-7 name[0..n) decoded to UTF-8 to out; returns
 * 0, or -1 when it is malformed (out then holds the name as it is). */
int pst_imap_utf7_decode(const char *name, size_t n, struct pst_buf *out);

#endif
