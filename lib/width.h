/* width: the terminal columns text takes, without the locale. */
#ifndef PST_WIDTH_H
#define PST_WIDTH_H

#include <stddef.h>

/* The columns code point cp takes on a terminal: 0 for combining marks,
 * zero-width and formatting characters (U+00AD, U+200B, U+FEFF...), 2 for
 * East Asian wide and fullwidth characters and emoji shown as pictures,
 * 1 for everything else: controls, unassigned and invalid code points
 * included (what replaces them when shown takes one column). A fixed,
 * rough wcwidth() that does not depend on the locale. */
int pst_width_cp(unsigned long cp);

/* The columns the UTF-8 text s[0..n) takes: the sum of pst_width_cp over
 * its characters, each byte that starts no valid UTF-8 sequence
 * (pst_utf8_decode) counting 1, as the U+FFFD shown for it. */
size_t pst_width(const char *s, size_t n);

#endif
