/* mbox: reading mboxrd (and mboxo) streams one message at a time. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "mbox.h"

void
pst_mbox_init(struct pst_mbox *mb, FILE *fp)
{
	memset(mb, 0, sizeof *mb);
	mb->fp = fp;
}

int
pst_mbox_looks(const char *p, size_t n)
{
	return n >= 5 && memcmp(p, "From ", 5) == 0;
}

/* Read one line into mb->line; its length, or -1 at the end or on error
 * (errno then set; 0 at a clean end). */
static ssize_t
read_line(struct pst_mbox *mb)
{
	ssize_t n;

	errno = 0;
	n = getline(&mb->line, &mb->linecap, mb->fp);
	if (n < 0)
		return -1;
	mb->lineno++;
	if ((size_t)n > PST_MBOX_MAX_LINE) {
		errno = EFBIG;
		return -1;
	}
	return n;
}

/* Append line[0..n) to msg with one level of ">From " quoting removed. */
static void
add_unquoted(struct pst_buf *msg, const char *line, size_t n)
{
	size_t q = 0;

	while (q < n && line[q] == '>')
		q++;
	if (q > 0 && n - q >= 5 && memcmp(line + q, "From ", 5) == 0) {
		line++;
		n--;
	}
	pst_buf_add(msg, line, n);
}

/* Drop the one blank line a writer puts before the next "From " line (for
 * an empty message, that line is all there is). */
static void
drop_separator_blank(struct pst_buf *msg)
{
	if (msg->len >= 2 && msg->p[msg->len - 1] == '\n' &&
	    msg->p[msg->len - 2] == '\n')
		msg->len--;
	else if (msg->len >= 4 && memcmp(msg->p + msg->len - 4, "\r\n\r\n", 4) == 0)
		msg->len -= 2;
	else if ((msg->len == 1 && msg->p[0] == '\n') ||
	    (msg->len == 2 && memcmp(msg->p, "\r\n", 2) == 0))
		msg->len = 0;
	if (msg->p != NULL)
		msg->p[msg->len] = '\0';
}

int
pst_mbox_next(struct pst_mbox *mb, struct pst_buf *msg)
{
	ssize_t n;
	int got = 0;

	pst_buf_reset(msg);
	if (mb->pending) {
		mb->pending = 0;	/* the separator of this message */
		got = 1;
	}
	for (;;) {
		n = read_line(mb);
		if (n < 0) {
			if (errno != 0)
				return -1;
			break;
		}
		if (pst_mbox_looks(mb->line, (size_t)n)) {
			if (got || msg->len > 0) {
				mb->pending = 1;
				break;
			}
			got = 1;	/* the first separator */
			continue;
		}
		got = 1;
		add_unquoted(msg, mb->line, (size_t)n);
	}
	if (!got)
		return 0;
	drop_separator_blank(msg);
	return 1;
}

void
pst_mbox_free(struct pst_mbox *mb)
{
	free(mb->line);
	mb->line = NULL;
	mb->linecap = 0;
}
