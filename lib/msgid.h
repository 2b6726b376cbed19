/* msgid: Message-IDs and MIME boundaries: making them, finding them. */
#ifndef PST_MSGID_H
#define PST_MSGID_H

#include <stddef.h>
#include <time.h>

#include "buf.h"

/* Write n random letters and digits and a NUL at out (n + 1 bytes, n at
 * most 64), from the kernel's random source. Returns 0, or -1 when it
 * gives none. */
int pst_random_word(char *out, size_t n);

/* Append a new Message-ID, "<now.RANDOM@domain>", to out. Returns 0, or
 * -1 when no random bytes could be had. */
int pst_msgid_new(const char *domain, time_t now, struct pst_buf *out);

/* The Message-ID of the message whose header (or start) is p[0..n), LF or
 * CRLF lines: the field's value unfolded, blanks trimmed, into out
 * (reset first; "" when there is none). */
void pst_msgid_find(const char *p, size_t n, struct pst_buf *out);

#endif
