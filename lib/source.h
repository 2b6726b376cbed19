/* source: the messages named by a command-line argument. */
#ifndef PST_SOURCE_H
#define PST_SOURCE_H

#include <stddef.h>

#include "buf.h"
#include "mbox.h"

/* One message handed out by a source; valid until the next call. */
struct pst_msg {
	const char *data;
	size_t len;
	const char *name;	/* for messages: a path, or "stdin", "FILE #3" */
};

struct pst_source {
	int kind;		/* internal */
	char name[4096];
	size_t baselen;		/* of name without a " #N" suffix */
	/* a single mapped or read file */
	char *map;
	size_t maplen;
	int mapped;
	/* a Maildir: sorted names still to read */
	char **files;
	size_t nfiles, next;
	/* an mbox or an mboxrd stream */
	FILE *fp;
	struct pst_mbox mb;
	struct pst_buf msgbuf;
	long long count;
};

/* Open the messages named by arg: "-" (stdin: one message, or an mbox stream
 * when it starts with a "From " line, or none when it is empty), a Maildir
 * (the files of its cur/ and new/, in name order, which is delivery order),
 * an mbox file, or a file holding one message (mapped, not copied).
 * Returns 0, or -1 with a one-line reason in err[0..errsize) (errno kept:
 * ENOENT for a missing file); nothing is then left to close. */
int pst_source_open(struct pst_source *s, const char *arg, char *err,
    size_t errsize);

/* The next message: 1 and *m set, 0 at the end, -1 when one message could
 * not be read (err says which and why; the caller may go on calling). */
int pst_source_next(struct pst_source *s, struct pst_msg *m, char *err,
    size_t errsize);

/* Whether the source may hold several messages (a Maildir or an mbox). */
int pst_source_many(const struct pst_source *s);

/* Release the source. */
void pst_source_close(struct pst_source *s);

#endif
