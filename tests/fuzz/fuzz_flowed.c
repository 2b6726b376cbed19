/* libFuzzer target for lib/flowed.c: reflow with and without delsp, at
 * two widths; the wrapping may only move line breaks and spaces. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "charset.h"
#include "flowed.h"

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);

/* Drop the bytes that wrapping and quote prefixes may change. */
static void
strip_layout(struct pst_buf *b)
{
	size_t i, k = 0;

	for (i = 0; i < b->len; i++)
		if (b->p[i] != ' ' && b->p[i] != '\n' && b->p[i] != '>')
			b->p[k++] = b->p[i];
	b->len = k;
}

int
LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	const char *in = (const char *)d;
	struct pst_buf wide = { 0 }, narrow = { 0 };
	int delsp;

	for (delsp = 0; delsp <= 1; delsp++) {
		pst_flowed_reflow(in, n, delsp, 0, &wide);
		pst_flowed_reflow(in, n, delsp, 40, &narrow);
		if (wide.len > 0 && wide.p[wide.len - 1] != '\n')
			abort();
		if (narrow.len > 0 && narrow.p[narrow.len - 1] != '\n')
			abort();
		if (pst_utf8_valid(in, n) &&
		    (!pst_utf8_valid(wide.p ? wide.p : "", wide.len) ||
		    !pst_utf8_valid(narrow.p ? narrow.p : "", narrow.len)))
			abort();
		strip_layout(&wide);
		strip_layout(&narrow);
		if (wide.len != narrow.len || (wide.len > 0 &&
		    memcmp(wide.p, narrow.p, wide.len) != 0))
			abort();
		pst_buf_free(&wide);
		pst_buf_free(&narrow);
	}
	return 0;
}
