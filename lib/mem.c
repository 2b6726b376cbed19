/* mem: allocation that cannot fail quietly. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mem.h"

static void
out_of_memory(void)
{
	fputs("posta: out of memory\n", stderr);
	exit(71);	/* EX_OSERR */
}

void *
pst_xmalloc(size_t size)
{
	void *p = malloc(size ? size : 1);

	if (p == NULL)
		out_of_memory();
	return p;
}

void *
pst_xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (p == NULL)
		out_of_memory();
	return p;
}

void *
pst_xrealloc(void *p, size_t size)
{
	void *q = realloc(p, size ? size : 1);

	if (q == NULL)
		out_of_memory();
	return q;
}

void *
pst_xreallocarray(void *p, size_t n, size_t size)
{
	if (size && n > SIZE_MAX / size)
		out_of_memory();
	return pst_xrealloc(p, n * size);
}

char *
pst_xstrdup(const char *s)
{
	return pst_xstrndup(s, strlen(s));
}

char *
pst_xstrndup(const char *s, size_t n)
{
	size_t len = strnlen(s, n);
	char *p = pst_xmalloc(len + 1);

	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}
