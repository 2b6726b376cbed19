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

#endif
