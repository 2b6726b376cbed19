/* mbox: reading mboxrd (and mboxo) streams one message at a time. */
#ifndef PST_MBOX_H
#define PST_MBOX_H

#include <stdio.h>

#include "buf.h"

#define PST_MBOX_MAX_LINE	(64 * 1024 * 1024)	/* a longer line is an error,
							   found before it is held */

struct pst_mbox {
	FILE *fp;
	char *chunk;		/* read-ahead from fp */
	size_t pos, end;
	struct pst_buf line;	/* the line last read */
	int pending;		/* line holds the next message's "From " line */
	long long lineno;
};

/* Start reading mbox messages from fp (not closed by pst_mbox). */
void pst_mbox_init(struct pst_mbox *mb, FILE *fp);

/* Whether p[0..n) begins like an mbox (a "From " line). */
int pst_mbox_looks(const char *p, size_t n);

/* Read the first line of the stream and say whether it is an mbox: 1 when
 * the line is a "From " line (pst_mbox_next then starts from it), 0 when
 * not (read the stream as one message with pst_mbox_rest), -1 on a read
 * error or an overlong line (errno set). */
int pst_mbox_sniff(struct pst_mbox *mb);

/* Append the rest of the stream, a line read by pst_mbox_sniff included,
 * to out. Returns 0, or -1 on a read error (errno set). */
int pst_mbox_rest(struct pst_mbox *mb, struct pst_buf *out);

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
