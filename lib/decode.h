/* decode: Content-Transfer-Encoding. */
#ifndef PST_DECODE_H
#define PST_DECODE_H

#include <stddef.h>

#include "buf.h"

enum pst_cte {
	PST_CTE_7BIT,	/* also 8bit, binary and anything unknown: identity */
	PST_CTE_QP,
	PST_CTE_BASE64,
};

/* The encoding named by a Content-Transfer-Encoding value (any case, blanks
 * and comments around it allowed); unknown names are identity. */
enum pst_cte pst_cte_parse(const char *v);

/* A streaming decoder; decode any split of the input in pieces and the
 * output is the same as in one piece. */
struct pst_decoder {
	enum pst_cte cte;
	unsigned long bits;	/* base64: bits not yet output */
	int nbits;
	int done;		/* base64: '=' padding seen, the rest ignored */
	int state;		/* quoted-printable: where in an '=' or CR we are */
	char hex;		/* quoted-printable: first digit after '=' */
	size_t nspace;		/* quoted-printable: blanks held back, maybe trailing */
	char space[64];
};

/* Start decoding cte. */
void pst_decoder_init(struct pst_decoder *d, enum pst_cte cte);

#define PST_DECODE_SLACK	72	/* more output than input, at most */

/* Decode in[0..len), writing at most len + PST_DECODE_SLACK bytes at out;
 * returns the
 * number written. base64 skips every byte outside its alphabet, ignores
 * anything after '=' padding, and tolerates missing padding; quoted-printable
 * joins soft breaks ("=" at the end of a line), decodes =XX in either case,
 * keeps a malformed '=' as it is, drops blanks at the end of a line, and
 * turns CRLF into LF. */
size_t pst_decoder_update(struct pst_decoder *d, const char *in, size_t len,
    char *out);

/* Flush what the decoder holds back (at most PST_DECODE_SLACK bytes) into
 * out; returns the number of bytes written. */
size_t pst_decoder_finish(struct pst_decoder *d, char *out);

/* The number of bytes base64 in[0..len) decodes to, as the decoder above
 * would give them, computed without decoding. */
size_t pst_base64_decoded_size(const char *in, size_t len);

/* Decode in[0..len) whole, appending to out. */
void pst_decode(enum pst_cte cte, const char *in, size_t len,
    struct pst_buf *out);

/* Decode in[0..len) in pieces of a small fixed size, passing each to
 * sink(ctx, bytes, n); stops and returns -1 as soon as sink does, else 0.
 * Memory use does not depend on len. */
int pst_decode_stream(enum pst_cte cte, const char *in, size_t len,
    int (*sink)(void *ctx, const char *p, size_t n), void *ctx);

#endif
