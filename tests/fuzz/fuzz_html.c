/* libFuzzer target for lib/html.c: render at two widths and look for the
 * charset, checking what the output promises. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "charset.h"
#include "html.h"

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);

/* Whether s[0..n) holds the lowercase word w, ignoring ASCII case. */
static int
has_word(const char *s, size_t n, const char *w)
{
	size_t k = strlen(w), i, j;

	for (i = 0; i + k <= n; i++) {
		for (j = 0; j < k; j++)
			if ((s[i + j] | 0x20) != w[j])
				break;
		if (j == k)
			return 1;
	}
	return 0;
}

static void
check_output(const char *in, size_t n, const struct pst_buf *out)
{
	size_t i;

	if (out->len == 0)
		return;
	/* No blank line first, exactly one newline last. */
	if (out->p[0] == '\n' || out->p[out->len - 1] != '\n' ||
	    (out->len >= 2 && out->p[out->len - 2] == '\n'))
		abort();
	/* Valid in, valid out. */
	if (pst_utf8_valid(in, n) && !pst_utf8_valid(out->p, out->len))
		abort();
	/* Never two blank lines running, but inside <pre>. */
	if (!has_word(in, n, "<pre") && !has_word(in, n, "<listing"))
		for (i = 0; i + 2 < out->len; i++)
			if (out->p[i] == '\n' && out->p[i + 1] == '\n' &&
			    out->p[i + 2] == '\n')
				abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	const char *in = (const char *)d;
	static const int widths[] = { 0, 40, 1 };
	struct pst_buf out = { 0 };
	char cs[40];
	size_t i;

	for (i = 0; i < sizeof widths / sizeof widths[0]; i++) {
		pst_html_to_text(in, n, widths[i], &out);
		check_output(in, n, &out);
		pst_buf_free(&out);
	}
	if (pst_html_meta_charset(in, n, cs, sizeof cs) == 0 &&
	    (cs[0] == '\0' || strlen(cs) >= sizeof cs))
		abort();
	return 0;
}
