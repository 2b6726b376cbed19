/* libFuzzer target for lib/charset.c. The first line of the input is the
 * charset name, the rest the text to convert. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "charset.h"
#include "mem.h"

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);

int
LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	const char *p = (const char *)d, *nl;
	struct pst_buf out = { 0 }, rep = { 0 };
	unsigned long cp;
	size_t namelen, k, i;
	char *cs;

	nl = memchr(p, '\n', n);
	namelen = nl ? (size_t)(nl - p) : n;
	cs = pst_xstrndup(p, namelen);
	p += nl ? namelen + 1 : namelen;
	n -= nl ? namelen + 1 : namelen;

	(void)pst_charset_known(cs);
	(void)pst_charset_to_utf8(cs, p, n, &out);
	if (!pst_utf8_valid(pst_buf_str(&out), out.len))
		abort();

	/* repair makes valid UTF-8 and leaves valid UTF-8 alone */
	pst_utf8_repair(p, n, &rep);
	if (!pst_utf8_valid(pst_buf_str(&rep), rep.len))
		abort();
	if (pst_utf8_valid(p, n) &&
	    (rep.len != n || (n > 0 && memcmp(rep.p, p, n) != 0)))
		abort();

	/* decode agrees with valid, one sequence at a time */
	for (i = 0; i < n; i += k ? k : 1) {
		k = pst_utf8_decode(p + i, n - i, &cp);
		if (k > 4 || (k && (cp > 0x10FFFF ||
		    (cp >= 0xD800 && cp <= 0xDFFF))))
			abort();
		if (k && !pst_utf8_valid(p + i, k))
			abort();
	}

	pst_buf_free(&out);
	pst_buf_free(&rep);
	free(cs);
	return 0;
}
