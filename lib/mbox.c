/* mbox: reading mboxrd (and mboxo) streams one message at a time. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "mbox.h"
#include "mem.h"

#define CHUNK	(64 * 1024)

void
pst_mbox_init(struct pst_mbox *mb, FILE *fp)
{
	memset(mb, 0, sizeof *mb);
	mb->fp = fp;
	mb->chunk = pst_xmalloc(CHUNK);
}

int
pst_mbox_looks(const char *p, size_t n)
{
	return n >= 5 && memcmp(p, "From ", 5) == 0;
}

/* Refill the read-ahead when it is used up: 1 when there are bytes, 0 at
 * the end, -1 on a read error (errno set). */
static int
fill(struct pst_mbox *mb)
{
	size_t n;

	if (mb->pos < mb->end)
		return 1;
	n = fread(mb->chunk, 1, CHUNK, mb->fp);
	if (n == 0) {
		if (!ferror(mb->fp))
			return 0;
		if (errno == 0)
			errno = EIO;
		return -1;
	}
	mb->pos = 0;
	mb->end = n;
	return 1;
}

/* Read one line, its LF included, into mb->line; its length, or -1 at the
 * end (errno 0) or on an error (errno set). A line longer than
 * PST_MBOX_MAX_LINE is an error before it is held whole. */
static ssize_t
read_line(struct pst_mbox *mb)
{
	const char *nl;
	size_t take;
	int rc;

	pst_buf_reset(&mb->line);
	errno = 0;
	for (;;) {
		if ((rc = fill(mb)) <= 0) {
			if (rc == 0 && mb->line.len > 0)
				break;	/* a last line without LF */
			return -1;
		}
		nl = memchr(mb->chunk + mb->pos, '\n', mb->end - mb->pos);
		take = nl ? (size_t)(nl - (mb->chunk + mb->pos)) + 1 :
		    mb->end - mb->pos;
		if (mb->line.len + take > PST_MBOX_MAX_LINE) {
			errno = EFBIG;
			return -1;
		}
		pst_buf_add(&mb->line, mb->chunk + mb->pos, take);
		mb->pos += take;
		if (nl != NULL)
			break;
	}
	mb->lineno++;
	return (ssize_t)mb->line.len;
}

int
pst_mbox_sniff(struct pst_mbox *mb)
{
	ssize_t n = read_line(mb);

	if (n < 0)
		return errno ? -1 : 0;
	mb->pending = pst_mbox_looks(mb->line.p, (size_t)n);
	return mb->pending;
}

int
pst_mbox_rest(struct pst_mbox *mb, struct pst_buf *out)
{
	pst_buf_add(out, mb->line.p, mb->line.len);
	pst_buf_reset(&mb->line);
	for (;;) {
		int rc = fill(mb);
		if (rc <= 0)
			return rc;
		pst_buf_add(out, mb->chunk + mb->pos, mb->end - mb->pos);
		mb->pos = mb->end;
	}
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
		if (pst_mbox_looks(mb->line.p, (size_t)n)) {
			if (got || msg->len > 0) {
				mb->pending = 1;
				break;
			}
			got = 1;	/* the first separator */
			continue;
		}
		got = 1;
		add_unquoted(msg, mb->line.p, (size_t)n);
	}
	if (!got)
		return 0;
	drop_separator_blank(msg);
	return 1;
}

void
pst_mbox_free(struct pst_mbox *mb)
{
	pst_buf_free(&mb->line);
	free(mb->chunk);
	mb->chunk = NULL;
	mb->pos = mb->end = 0;
}
