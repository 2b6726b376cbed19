/* mbox: reading mboxrd (and mboxo) streams one message at a time. */
#ifndef PST_MBOX_H
#define PST_MBOX_H

#include <stdio.h>

#include "buf.h"

#define PST_MBOX_MAX_LINE	(64 * 1024 * 1024)	/* a longer line is an error */

struct pst_mbox {
	FILE *fp;
	char *line;
	size_t linecap;
	int pending;		/* line holds the next message's "From " line */
	long long lineno;
};

/* Start reading mbox messages from fp (not closed by pst_mbox). */
void pst_mbox_init(struct pst_mbox *mb, FILE *fp);

/* Whether p[0..n) begins like an mbox (a "From " line). */
int pst_mbox_looks(const char *p, size_t n);

/* Read the next message into msg (reset first): the "From " separator line
 * is not part of it, one level of '>' quoting is removed from ">From ",
 * ">>From ", ... lines, CRLF is kept as it is, the blank line before the
 * next separator is dropped. Text before the first "From " line is a
 * message of its own. Returns 1 with a message, 0 at the end, -1 on a read
 * error or a line over PST_MBOX_MAX_LINE (errno set). */
int pst_mbox_next(struct pst_mbox *mb, struct pst_buf *msg);

/* Release what mb allocated. */
void pst_mbox_free(struct pst_mbox *mb);

#endif
