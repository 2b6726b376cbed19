/* mime: the MIME structure of a message. */
#ifndef PST_MIME_H
#define PST_MIME_H

#include <stddef.h>

#include "decode.h"
#include "hdr.h"
#include "param.h"

#define PST_MIME_MAX_DEPTH	32	/* deeper parts are kept as leaves */
#define PST_MIME_MAX_PARTS	10000	/* parts after this are not split */

enum {
	PST_PART_NO_END = 1,	/* multipart: no closing boundary (body ran to the end) */
	PST_PART_NO_BOUNDARY = 2,/* multipart: no boundary found; kept as a leaf */
	PST_PART_TOO_DEEP = 4,	/* multipart or message: depth bound hit; a leaf */
	PST_PART_TOO_MANY = 8,	/* multipart: part bound hit; rest not split */
};

/* One part. Pointers into the message stay valid while the message does. */
struct pst_part {
	int num;		/* 1 for the message itself, then depth-first order */
	int depth;		/* 0 for the message itself */
	struct pst_header hdr;
	struct pst_params ctype;	/* ctype.token: "type/subtype", lowercased */
	struct pst_params disp;		/* Content-Disposition; token "" if none */
	enum pst_cte cte;
	const char *charset;	/* from ctype, or NULL */
	const char *filename;	/* disposition filename, else ctype name, or NULL */
	const char *raw;	/* the part with its headers */
	size_t rawlen;
	const char *body;	/* the encoded body */
	size_t bodylen;
	int flags;		/* PST_PART_* */
	struct pst_part *parent, *child, *next;
};

struct pst_mime {
	struct pst_part *root;
	struct pst_part **parts;	/* parts[i]->num == i + 1 */
	size_t nparts;
};

/* Parse the message msg[0..len) (LF or CRLF) into *m (free with
 * pst_mime_free). Multiparts are split at their boundary lines (a boundary
 * may be followed by blanks; without a boundary parameter the first "--"
 * line is taken), preamble and epilogue skipped, a missing final boundary
 * tolerated; a message/rfc822 part (and message/global) gets the embedded
 * message as its one child. A missing Content-Type is text/plain, or
 * message/rfc822 inside multipart/digest. Never fails. */
void pst_mime_parse(const char *msg, size_t len, struct pst_mime *m);

/* Release what pst_mime_parse allocated. */
void pst_mime_free(struct pst_mime *m);

/* Part number num, or NULL. */
struct pst_part *pst_mime_part(const struct pst_mime *m, int num);

/* Whether the type of p starts with prefix ("text/", "multipart/"). */
int pst_part_is(const struct pst_part *p, const char *prefix);

/* The decoded size of p's body, computed without storing it. */
size_t pst_part_decoded_size(const struct pst_part *p);

#endif
