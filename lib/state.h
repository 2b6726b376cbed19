/* state: what an account's mailbox has delivered before, so that a run
 * fetches only what is new, and what a run in progress planned, so that a
 * run killed at any instant can be completed by the next without losing or
 * doubling a message. One state file per account and mailbox, written
 * whole each time (temp file, fsync, rename, fsync of the directory), so
 * it is always either the old or the new one. Memory does not grow with
 * the file: it is read and rewritten as a stream. */
#ifndef PST_STATE_H
#define PST_STATE_H

#include <stddef.h>

#include "err.h"

/* One message: its id on the server (an IMAP UID in decimal, a POP3 UIDL:
 * 1 to 70 printable ASCII characters, no space; another id is refused
 * with 70, a caller's bug), its size on the server, and its Message-ID
 * ("" when it has none or it is not known; stored as given, but cut at a
 * CR or LF and to keep its line under 64 KiB). */
struct pst_state_entry {
	const char *id;
	unsigned long long size;
	const char *msgid;
};

/* What the file says besides its entries. */
struct pst_state_head {
	unsigned long uidvalidity;	/* IMAP's UIDVALIDITY; 0: none */
	long long mbox_end;		/* the mbox's size after the last
					 * message recorded; -1: none */
};

/* The directory of state files into out[0..size): $XDG_STATE_HOME/posta/
 * mfetch, else $HOME/.local/state/posta/mfetch, created (0700, parents
 * too) when missing. Returns 0, or -1 with *e set (78 no HOME, 73). */
int pst_state_dir(char *out, size_t size, struct pst_err *e);

/* The file name for key (an account and mailbox, e.g.
 * "imaps://alice@mail.example.org:993/INBOX") into out[0..size): letters,
 * digits, '.', '-', '_' and '@' kept, every other byte %XX, a name that
 * starts with '.' made to start with %2E, and one ending in ".run" or
 * ".tmp" has that '.' written %2E (so no state file is another's plan),
 * cut to 200 bytes with a '+' and 16 hex digits of the key's FNV-1a hash
 * when longer, so two keys never share a file in practice. Returns 0, or
 * -1 when size is too small or key is empty. */
int pst_state_name(const char *key, char *out, size_t size);

/* Read the state file at path: *h, then each(ctx, entry) for every entry
 * in the order of the file (the entry's strings live until each returns;
 * a nonzero return stops the reading and is returned). A missing file is
 * an empty state (uidvalidity 0, mbox_end -1). Returns 0, -1 with *e set
 * (74 unreadable; 65 "path:line: why" for a file that is not a state
 * file), or each's nonzero value. */
int pst_state_read(const char *path, struct pst_state_head *h,
    int (*each)(void *ctx, const struct pst_state_entry *), void *ctx,
    struct pst_err *e);

/* Write the state at path anew: h, then the entries of the current file
 * for which keep(ctx, entry) is nonzero (all of them when keep is NULL;
 * none when the file is missing), then add[0..nadd). Through path.tmp,
 * fsync, rename, fsync of the directory. Returns 0, or -1 with *e set
 * (74; "disk full" spelled out) and the old file left as it was. */
int pst_state_commit(const char *path, const struct pst_state_head *h,
    int (*keep)(void *ctx, const struct pst_state_entry *), void *ctx,
    const struct pst_state_entry *add, size_t nadd, struct pst_err *e);

/* A run's plan, the journal beside the state file (path.run): the tag of
 * the run, where it delivers (kind "maildir", "mbox"; dest a path), and
 * the messages it means to fetch, entry i being the message that
 * pst_dest_end numbers i. Written whole (temp, fsync, rename) before the
 * first message is delivered. Returns 0, or -1 with *e set (74). */
int pst_run_write(const char *path, const char *tag, const char *kind,
    const char *dest, const struct pst_state_entry *plan, size_t n,
    struct pst_err *e);

/* Whether a run's plan is beside the state file at path: 1 yes, 0 no. */
int pst_run_exists(const char *path);

/* Read the plan beside the state file at path: the tag into tag[0..33),
 * the kind into kind[0..16), the destination into dest[0..destsize), then
 * each(ctx, i, entry) for entry i, in order (a nonzero return stops and is
 * returned). Returns 0, -1 with *e set (74; 65 a malformed plan), or
 * each's value. */
int pst_run_read(const char *path, char *tag, char *kind, char *dest,
    size_t destsize,
    int (*each)(void *ctx, unsigned long i, const struct pst_state_entry *),
    void *ctx, struct pst_err *e);

/* Remove the plan beside the state file at path (the run is complete and
 * recorded), and fsync the directory. Returns 0 (also when there was
 * none), or -1 with *e set. */
int pst_run_remove(const char *path, struct pst_err *e);

#endif
