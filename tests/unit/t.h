/* t: a minimal unit-test harness. Each tests/unit/test_*.c defines one or
 * more "void test_NAME(void)" functions (that exact line shape, at the start
 * of a line); the runner finds and calls them all. */
#ifndef T_H
#define T_H

#include <stddef.h>

/* Record one check; on failure print where and what. Return cond. */
int t_check(int cond, const char *file, int line, const char *what);
/* Compare strings (NULL allowed); on failure print both. */
int t_streq(const char *got, const char *want, const char *file, int line,
    const char *what);
/* Compare byte spans; on failure print both, escaped. */
int t_memeq(const void *got, size_t gotlen, const void *want, size_t wantlen,
    const char *file, int line, const char *what);
/* Compare integers. */
int t_inteq(long long got, long long want, const char *file, int line,
    const char *what);

#define T_OK(c)		t_check(!!(c), __FILE__, __LINE__, #c)
#define T_STREQ(g, w)	t_streq((g), (w), __FILE__, __LINE__, #g)
#define T_MEMEQ(g, gl, w, wl) t_memeq((g), (gl), (w), (wl), __FILE__, __LINE__, #g)
#define T_INTEQ(g, w)	t_inteq((long long)(g), (long long)(w), __FILE__, __LINE__, #g)

#endif
