/* flowed: text/plain; format=flowed (RFC 3676). */
#ifndef PST_FLOWED_H
#define PST_FLOWED_H

#include <stddef.h>

#include "buf.h"

/* Reflow the UTF-8 format=flowed text in[0..len) (LF or CRLF lines),
 * appending to out: space-stuffing removed, soft-broken lines (ending in a
 * space, other than the "-- " signature separator) joined into paragraphs
 * (with delsp, the trailing space is deleted as they join), quote depth
 * ("> >") kept per paragraph, and each paragraph wrapped at `width` columns
 * (0: not wrapped), its quote prefix repeated on every line. Fixed lines
 * are kept as they are. */
void pst_flowed_reflow(const char *in, size_t len, int delsp, int width,
    struct pst_buf *out);

#endif
