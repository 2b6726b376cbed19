/* io: whole writes to a file descriptor. */
#ifndef PST_IO_H
#define PST_IO_H

#include <stddef.h>

/* Write p[0..n) to fd whole, again after EINTR and short writes. Returns
 * 0, or -1 with errno set (EIO when write(2) wrote nothing). */
int pst_write_all(int fd, const void *p, size_t n);

#endif
