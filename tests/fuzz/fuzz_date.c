/* libFuzzer target for lib/date.c: what parses formats, and what is
 * formatted parses back to the same time and zone. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "date.h"

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);

static void
check_format(time_t t, int off)
{
	char buf[64];
	time_t back;
	int boff;

	if (pst_date_format(t, off, buf, sizeof buf) != 0)
		return;
	/* Years before 1900 format but, by RFC 5322, do not parse. */
	if ((int64_t)t < -2208988800LL + 86400)
		return;
	if (pst_date_parse(buf, strlen(buf), &back, &boff) != 0)
		abort();
	if (back != t || boff != off)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	char small[8];
	time_t t;
	int off;
	int64_t v = 0;
	size_t i;

	if (pst_date_parse((const char *)d, n, &t, &off) == 0) {
		check_format(t, off);
		(void)pst_date_format(t, off, small, sizeof small);
	}

	/* Arbitrary times and zones from the first bytes. */
	for (i = 0; i < n && i < 8; i++)
		v = (int64_t)((uint64_t)v << 8 | d[i]);
	if (n >= 10)
		check_format((time_t)v, (int16_t)(d[8] << 8 | d[9]));
	return 0;
}
