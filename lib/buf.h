/* buf: a growable byte buffer. */
#ifndef PST_BUF_H
#define PST_BUF_H

#include <stdarg.h>
#include <stddef.h>

/* A byte buffer; {0} is an empty buffer. p is NUL-terminated after any
 * append (the NUL is not counted in len); p is NULL while nothing was added. */
struct pst_buf {
	char *p;
	size_t len, cap;
};

/* Append n bytes at p. */
void pst_buf_add(struct pst_buf *b, const void *p, size_t n);
/* Append one byte. */
void pst_buf_addc(struct pst_buf *b, int c);
/* Append a NUL-terminated string. */
void pst_buf_adds(struct pst_buf *b, const char *s);
/* Append printf-formatted text. */
void pst_buf_printf(struct pst_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Append the Unicode code point cp encoded as UTF-8 (invalid cp: U+FFFD). */
void pst_buf_addutf8(struct pst_buf *b, unsigned long cp);
/* Make room for n more bytes and return where they go; write them there,
 * then count them with pst_buf_extend (read(2) straight into a buffer). */
char *pst_buf_room(struct pst_buf *b, size_t n);
/* Count n bytes written at pst_buf_room's pointer (n at most what was
 * asked for). */
void pst_buf_extend(struct pst_buf *b, size_t n);
/* Append what fd gives, read to its end, to b: at most max bytes (0: no
 * limit), the first read asking for hint + 1 bytes (the size the caller
 * expects, so a file comes in one read). Returns 0; 1 as soon as more
 * than max bytes came; -1 with errno set when read(2) fails. */
int pst_buf_read_fd(struct pst_buf *b, int fd, size_t max, size_t hint);

/* The contents as a C string: "" when empty, never NULL. */
const char *pst_buf_str(const struct pst_buf *b);
/* Hand the contents to the caller (malloc'd, NUL-terminated, never NULL)
 * and leave b empty. */
char *pst_buf_take(struct pst_buf *b);
/* Forget the contents, keep the storage. */
void pst_buf_reset(struct pst_buf *b);
/* Release the storage; b is empty again. */
void pst_buf_free(struct pst_buf *b);

#endif
