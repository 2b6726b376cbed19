/* deliver: putting fetched messages where they belong, durably (DESIGN
 * contract 9): a Maildir, an mbox, or a stream of mboxrd (stdout). A
 * message arrives as wire text, CRLF line ends, in pieces of any size, and
 * is stored with LF line ends. Nothing half-written stays visible. */
#ifndef PST_DELIVER_H
#define PST_DELIVER_H

#include <sys/types.h>

#include "err.h"

enum pst_dest_kind {
	PST_DEST_MAILDIR,
	PST_DEST_MBOX,
	PST_DEST_STREAM
};

struct pst_dest;

/* Open a destination for a run whose tag is tag (1 to 32 letters and
 * digits, unique to the run; it goes into Maildir file names, so that a
 * later run can tell what this one delivered, see pst_maildir_recover).
 * Maildir: path, its new/ cur/ tmp/ created (0700, parents too) when
 * missing. mbox: path created (0600) when missing, refused when it has
 * bytes and does not begin with "From "; locked against other writers
 * (fcntl write lock, and a dotlock path.lock made with O_EXCL, a stale one
 * broken: its process gone, or older than 5 minutes) until pst_dest_close; waits up to 10 s for
 * a lock ($POSTA_LOCK_WAIT seconds, 0 to 3600, when set: for the tests).
 * stream: fd (not closed here), mboxrd. Returns the destination,
 * or NULL with *e set: 73 cannot create, 65 not an mbox, 75 the lock is
 * held by another, 74 other I/O errors. */
struct pst_dest *pst_dest_open(enum pst_dest_kind kind, const char *path,
    int fd, const char *tag, struct pst_err *e);

/* Start a message. Maildir: a new file in tmp/, named as pst_dest_end
 * names it with "T" and a counter for the id; mbox and stream: a
 * "From MAILER-DAEMON <date>" separator (asctime form, now, UTC).
 * Returns 0, or -1 with *e set (74; 73 for a file that cannot be made). */
int pst_dest_begin(struct pst_dest *d, struct pst_err *e);

/* Add p[0..n), the next piece of the message being written. CRLF becomes
 * LF (a CR ending a piece waits for the next one; a lone CR stays); for
 * mbox and stream, a line matching ">*From " gets one more '>' (mboxrd).
 * Writes are buffered (64 KiB). Returns 0, or -1 with *e set (74; "disk
 * full" spelled out for ENOSPC and EDQUOT). */
int pst_dest_write(struct pst_dest *d, const char *p, size_t n,
    struct pst_err *e);

/* Finish the message as number id of the run. Maildir: hand the file to
 * background threads (lib/syncq) that fsync it and rename it to
 * new/<secs>.R<tag>I<id>.<host> (host with '/' and ':' written \057 and
 * \072), so that it is visible complete or not at all; their failure shows
 * at a later pst_dest_end or at pst_dest_sync, which waits for them and
 * syncs the directory. mbox and stream: a
 * final LF when the message lacks one, then the blank line that ends an
 * mbox message; mbox is not synced yet; a stream gets the whole message
 * now. Returns 0, or -1 with *e set and
 * the message abandoned as by pst_dest_abort. */
int pst_dest_end(struct pst_dest *d, unsigned long id, struct pst_err *e);

/* Abandon the message being written, if any: Maildir: its tmp/ file is
 * removed; mbox: the file is cut back to where the message began; stream:
 * the message is dropped, nothing of it was written (a stream holds each
 * message until pst_dest_end: in memory up to 1 MiB, beyond that in an
 * unlinked temporary file in $TMPDIR, so a reader never sees half a
 * message). Safe to call when no message is open. */
void pst_dest_abort(struct pst_dest *d);

/* Make every message ended so far durable: Maildir: wait until each is
 * synced and in new/, then fsync new/; mbox:
 * flush and fsync the file; stream: flush. Call before recording them as
 * delivered. Returns 0, or -1 with *e set (74). */
int pst_dest_sync(struct pst_dest *d, struct pst_err *e);

/* mbox: its size in bytes after the last message ended (what a recovery
 * cuts it back to); -1 for other kinds. */
off_t pst_dest_mbox_end(const struct pst_dest *d);

/* Abandon an open message, unlock, release. Returns 0, or -1 with *e set
 * when a final flush fails (a stream). NULL is fine. */
int pst_dest_close(struct pst_dest *d, struct pst_err *e);

/* After a run tagged tag was killed: call found(ctx, id, path) for each
 * message of that run in the Maildir at path (new/ and cur/, names as
 * pst_dest_end made them, cur/ ones with any ":2,..." suffix), and remove
 * the run's files left in tmp/. Returns 0, or -1 with *e set (74); a
 * missing Maildir is not an error (nothing found). */
int pst_maildir_recover(const char *path, const char *tag,
    void (*found)(void *ctx, unsigned long id, const char *path), void *ctx,
    struct pst_err *e);

/* After a run that appended to the mbox at path was killed: take the
 * locks as pst_dest_open does and cut the file back to size bytes when it
 * is longer. Returns 0, or -1 with *e set. */
int pst_mbox_cut(const char *path, off_t size, struct pst_err *e);

#endif
