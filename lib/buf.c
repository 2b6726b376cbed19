/* buf: a growable byte buffer. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "mem.h"

/* Make room for n more bytes and the terminating NUL. */
static void
reserve(struct pst_buf *b, size_t n)
{
	size_t need, cap;

	if (n > SIZE_MAX - b->len - 1)
		pst_xmalloc(SIZE_MAX);	/* cannot be had: reports and exits */
	need = b->len + n + 1;
	if (need <= b->cap)
		return;
	cap = b->cap ? b->cap : 64;
	while (cap < need)
		cap = cap > SIZE_MAX / 2 ? need : cap * 2;
	b->p = pst_xrealloc(b->p, cap);
	b->cap = cap;
}

void
pst_buf_add(struct pst_buf *b, const void *p, size_t n)
{
	reserve(b, n);
	if (n)
		memcpy(b->p + b->len, p, n);
	b->len += n;
	b->p[b->len] = '\0';
}

void
pst_buf_addc(struct pst_buf *b, int c)
{
	reserve(b, 1);
	b->p[b->len++] = (char)c;
	b->p[b->len] = '\0';
}

void
pst_buf_adds(struct pst_buf *b, const char *s)
{
	pst_buf_add(b, s, strlen(s));
}

void
pst_buf_printf(struct pst_buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	reserve(b, (size_t)n);
	va_start(ap, fmt);
	n = vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	if (n > 0)
		b->len += (size_t)n;
	b->p[b->len] = '\0';
}

void
pst_buf_addutf8(struct pst_buf *b, unsigned long cp)
{
	char u[4];

	if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		cp = 0xFFFD;
	if (cp < 0x80) {
		pst_buf_addc(b, (int)cp);
	} else if (cp < 0x800) {
		u[0] = (char)(0xC0 | (cp >> 6));
		u[1] = (char)(0x80 | (cp & 0x3F));
		pst_buf_add(b, u, 2);
	} else if (cp < 0x10000) {
		u[0] = (char)(0xE0 | (cp >> 12));
		u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		u[2] = (char)(0x80 | (cp & 0x3F));
		pst_buf_add(b, u, 3);
	} else {
		u[0] = (char)(0xF0 | (cp >> 18));
		u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		u[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
		u[3] = (char)(0x80 | (cp & 0x3F));
		pst_buf_add(b, u, 4);
	}
}

char *
pst_buf_room(struct pst_buf *b, size_t n)
{
	reserve(b, n);
	return b->p + b->len;
}

void
pst_buf_extend(struct pst_buf *b, size_t n)
{
	b->len += n;
	b->p[b->len] = '\0';
}

const char *
pst_buf_str(const struct pst_buf *b)
{
	return b->p ? b->p : "";
}

char *
pst_buf_take(struct pst_buf *b)
{
	char *p = b->p ? b->p : pst_xstrdup("");

	b->p = NULL;
	b->len = b->cap = 0;
	return p;
}

void
pst_buf_reset(struct pst_buf *b)
{
	b->len = 0;
	if (b->p)
		b->p[0] = '\0';
}

void
pst_buf_free(struct pst_buf *b)
{
	free(b->p);
	b->p = NULL;
	b->len = b->cap = 0;
}

#define READ_CHUNK	65536

int
pst_buf_read_fd(struct pst_buf *b, int fd, size_t max, size_t hint)
{
	size_t want = hint < READ_CHUNK ? READ_CHUNK : hint + 1, got = 0;
	ssize_t n;

	for (;;) {
		n = read(fd, pst_buf_room(b, want), want);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		if (n == 0)
			return 0;
		pst_buf_extend(b, (size_t)n);
		got += (size_t)n;
		if (max != 0 && got > max)
			return 1;
		want = READ_CHUNK;
	}
}
