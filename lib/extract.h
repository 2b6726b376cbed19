/* extract: MIME parts saved to files, safely. */
#ifndef PST_EXTRACT_H
#define PST_EXTRACT_H

#include <stddef.h>

#include "mime.h"

/* Save the decoded body of part p in the directory open at dirfd, under the
 * safe base name of its file name (pst_safe_filename; `fallback` when it
 * has none). The file is created with O_EXCL, so nothing is overwritten and
 * no link is followed: when the name is taken, "name-1.ext", "name-2.ext"
 * ... are tried. On success the name used is copied into saved[0..size) and
 * 0 returned; on failure nothing is left behind, -1 is returned and errno
 * set. */
int pst_extract_part(const struct pst_part *p, int dirfd,
    const char *fallback, char *saved, size_t size);

/* Write the decoded body of p to fd (for a multipart or an embedded
 * message, its body as it stands). Returns 0, or -1 with errno set. */
int pst_write_part(const struct pst_part *p, int fd);

#endif
