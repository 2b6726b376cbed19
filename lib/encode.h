/* encode: Content-Transfer-Encoding on the way out; the inverse of decode. */
#ifndef PST_ENCODE_H
#define PST_ENCODE_H

#include <stddef.h>

#include "buf.h"
#include "decode.h"

#define PST_ENCODED_LINE_MAX	76	/* octets in a base64 or QP line */
#define PST_PLAIN_LINE_MAX	78	/* longest line sent as 7bit */

/* The transfer encoding for in[0..n): PST_CTE_7BIT when every byte is
 * ASCII other than NUL and CR, no line is longer than PST_PLAIN_LINE_MAX
 * octets and none ends in a blank (which transports may strip); else
 * PST_CTE_QP when text is set; else PST_CTE_BASE64. */
enum pst_cte pst_cte_choose(const char *in, size_t n, int text);

/* Append in[0..n) in base64: lines of PST_ENCODED_LINE_MAX characters
 * joined by LF, with no LF after the last one (nothing for n == 0). */
void pst_base64_encode(const void *in, size_t n, struct pst_buf *out);

/* Append in[0..n) in quoted-printable. Each LF is a hard line break (an LF
 * in the output); every other byte that is not printable ASCII, '=' itself,
 * CR included, is written =XX (upper-case hex), and so are a blank before a
 * line break or at the end, the "F" of a line starting "From ", and a "."
 * that is alone on its line. Lines longer than PST_ENCODED_LINE_MAX get soft
 * breaks ("=" LF) that never split an =XX nor the escapes of one UTF-8
 * character. The output ends in LF exactly when the input does. Decoding it
 * (pst_decode, PST_CTE_QP) gives in[0..n) back byte for byte. */
void pst_qp_encode(const char *in, size_t n, struct pst_buf *out);

/* Append in[0..n) encoded as cte (7bit copies it). */
void pst_encode(enum pst_cte cte, const char *in, size_t n,
    struct pst_buf *out);

#endif
