/* mem: allocation that cannot fail quietly. */
#ifndef PST_MEM_H
#define PST_MEM_H

#include <stddef.h>

/* Like malloc/calloc/realloc/strdup/strndup, but on exhaustion print
 * "posta: out of memory" and exit 71 (EX_OSERR); never return NULL.
 * pst_xreallocarray also fails on n * size overflow. */
void *pst_xmalloc(size_t size);
void *pst_xcalloc(size_t n, size_t size);
void *pst_xrealloc(void *p, size_t size);
void *pst_xreallocarray(void *p, size_t n, size_t size);
char *pst_xstrdup(const char *s);
char *pst_xstrndup(const char *s, size_t n);

#endif
