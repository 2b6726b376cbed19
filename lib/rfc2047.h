/* rfc2047: encoded words in header values. */
#ifndef PST_RFC2047_H
#define PST_RFC2047_H

#include <stddef.h>

#include "buf.h"

/* Decode the unfolded header text in[0..len) to UTF-8, appending to out.
 * Encoded words (=?charset[*lang]?Q|B?text?=, case-insensitive) are decoded
 * with any charset iconv knows; white space between two adjacent encoded
 * words is dropped, so a word split across them (even mid-character) joins.
 * A malformed word, or one in an unknown charset, is kept as it stands.
 * Text outside encoded words is taken as UTF-8 when valid, else as
 * windows-1252 (raw 8-bit headers). The result is valid UTF-8 but not
 * sanitised for a terminal. */
void pst_rfc2047_decode(const char *in, size_t len, struct pst_buf *out);

/* Append the UTF-8 text in[0..n) as the value of an unstructured field
 * (Subject, Comments, X-...), ready for pst_hdr_write. Words of printable
 * ASCII stay as they are; every run of words that need encoding (non-ASCII
 * or control characters, a word that looks like an encoded word, a word too
 * long to fold into 78 columns) becomes "=?UTF-8?Q?...?=" or
 * "=?UTF-8?B?...?=" encoded words, whichever is shorter, each at most 75
 * characters, split only between whole UTF-8 characters and separated by
 * one space. The blanks inside such a run are encoded inside the words, so
 * a decoder (which drops white space between adjacent encoded words) gives
 * in[0..n) back; blanks elsewhere are kept. in must be valid UTF-8 without
 * CR or LF. */
void pst_rfc2047_encode(const char *in, size_t n, struct pst_buf *out);

/* Append the UTF-8 text in[0..n) as an RFC 5322 phrase (a display name):
 * as it is when it is atoms and blanks only, a quoted string when it is
 * other printable ASCII, else encoded words as pst_rfc2047_encode makes
 * them, with Q restricted to the characters RFC 2047 allows in a phrase.
 * in must be valid UTF-8 without CR or LF. */
void pst_rfc2047_encode_phrase(const char *in, size_t n, struct pst_buf *out);

#endif
