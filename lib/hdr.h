/* hdr: the header block of a message or MIME part. */
#ifndef PST_HDR_H
#define PST_HDR_H

#include <stddef.h>

#include "buf.h"

#define PST_HDR_MAX_BYTES	(1024 * 1024)	/* a header block is cut here */
#define PST_HDR_MAX_FIELDS	4096		/* fields kept per block */

/* One header field, pointing into the message: value is the raw text after
 * the colon (leading blanks skipped), folded lines included, without the
 * final line end. */
struct pst_field {
	const char *name;
	size_t namelen;
	const char *value;
	size_t valuelen;
};

struct pst_header {
	struct pst_field *f;
	size_t n, cap;
	int truncated;	/* a bound was hit: fields after it are not kept */
};

/* Parse the header block at the start of p[0..len): LF or CRLF lines, folded
 * lines (starting with a blank) joined to their field. The block ends at the
 * first empty line (the body starts after it), at the first line that is not
 * a header field (the body starts with it: an mbox "From " line is one) or
 * at len. Sets *h (free with pst_hdr_free) and returns the offset of the
 * body. */
size_t pst_hdr_parse(const char *p, size_t len, struct pst_header *h);

/* Release what pst_hdr_parse allocated; h is empty again. */
void pst_hdr_free(struct pst_header *h);

/* The first field called name (case-insensitive), or NULL. */
const struct pst_field *pst_hdr_find(const struct pst_header *h,
    const char *name);

/* Append the value v[0..len) unfolded: each line end with the blanks that
 * follow it becomes one space (RFC 5322 unfolding keeps the blank; runs of
 * them are folded to one), trailing white space removed. */
void pst_hdr_unfold(const char *v, size_t len, struct pst_buf *out);

/* The unfolded raw value of the first field called name, malloc'd, or NULL. */
char *pst_hdr_get(const struct pst_header *h, const char *name);

/* The value of the first field called name, unfolded and decoded (RFC 2047)
 * to UTF-8, malloc'd, or NULL. Not sanitised for a terminal. */
char *pst_hdr_get_decoded(const struct pst_header *h, const char *name);

/* Whether the field called name[0..n) (any case) holds an address list:
 * From, To, Cc, Bcc, Reply-To, Sender, their Resent- forms,
 * Mail-Followup-To, Mail-Reply-To, Disposition-Notification-To. */
int pst_hdr_is_address(const char *name, size_t n);

/* Append field f's value, unfolded and decoded for a person: address fields
 * (From, To, Cc, Bcc, Reply-To, Sender, ...) through pst_addr, others
 * through RFC 2047. UTF-8, not sanitised. */
void pst_hdr_decode_field(const struct pst_field *f, struct pst_buf *out);

#define PST_HDR_FOLD	78	/* header lines are folded to this width */

/* Append the field "name: value" and its LF to out, folded (an LF put
 * before a blank) so that each line is at most PST_HDR_FOLD columns, or 76
 * for a line that holds an encoded word (RFC 2047). Folds only before a
 * space that follows text and comes before a non-blank, outside the quoted
 * strings of structured fields (addresses, Content-Type and
 * Content-Disposition, when their quotes pair up), so no line is blanks
 * only; a run with no such space that is longer than the width stays whole
 * on its line. value is one unfolded line of ASCII (or UTF-8 in addresses)
 * with no CR or LF. Returns the length of the longest line written,
 * without its LF, for the caller to hold to 998 octets. */
size_t pst_hdr_write(struct pst_buf *out, const char *name,
    const char *value);

#endif
