/* The unit-test runner: calls every test function, counts the checks, and
 * ends with "N passed, N failed". Exit 1 when any check failed. */
#include <stdio.h>
#include <string.h>

#include "t.h"

#define T(name) void name(void);
#include "list.h"
#undef T

static int passed, failed;
static const char *current;

static void
put_escaped(const void *p, size_t n)
{
	const unsigned char *s = p;

	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\\' || s[i] == '"')
			fprintf(stderr, "\\%c", s[i]);
		else if (s[i] >= 0x20 && s[i] < 0x7f)
			fputc(s[i], stderr);
		else
			fprintf(stderr, "\\x%02x", s[i]);
	}
}

int
t_check(int cond, const char *file, int line, const char *what)
{
	if (cond) {
		passed++;
		return 1;
	}
	failed++;
	fprintf(stderr, "FAIL %s: %s:%d: %s\n", current, file, line, what);
	return 0;
}

int
t_memeq(const void *got, size_t gotlen, const void *want, size_t wantlen,
    const char *file, int line, const char *what)
{
	if (got && want && gotlen == wantlen && memcmp(got, want, gotlen) == 0)
		return t_check(1, file, line, what);
	t_check(0, file, line, what);
	fprintf(stderr, "  got:  \"");
	if (got)
		put_escaped(got, gotlen);
	fprintf(stderr, "\"%s\n  want: \"", got ? "" : " (NULL)");
	if (want)
		put_escaped(want, wantlen);
	fprintf(stderr, "\"%s\n", want ? "" : " (NULL)");
	return 0;
}

int
t_streq(const char *got, const char *want, const char *file, int line,
    const char *what)
{
	if (!got && !want)
		return t_check(1, file, line, what);
	return t_memeq(got, got ? strlen(got) : 0, want, want ? strlen(want) : 0,
	    file, line, what);
}

int
t_inteq(long long got, long long want, const char *file, int line,
    const char *what)
{
	if (got == want)
		return t_check(1, file, line, what);
	t_check(0, file, line, what);
	fprintf(stderr, "  got %lld, want %lld\n", got, want);
	return 0;
}

int
main(int argc, char **argv)
{
	static const struct {
		const char *name;
		void (*fn)(void);
	} tests[] = {
#define T(name) { #name, name },
#include "list.h"
#undef T
	};

	for (size_t i = 0; i < sizeof tests / sizeof tests[0]; i++) {
		if (argc > 1 && !strstr(tests[i].name, argv[1]))
			continue;
		current = tests[i].name;
		tests[i].fn();
	}
	printf("%d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
