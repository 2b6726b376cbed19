/* libFuzzer target for lib/rfc2047.c. */
#include <stdint.h>
#include <stdlib.h>

#include "buf.h"
#include "charset.h"
#include "rfc2047.h"

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);

int
LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	struct pst_buf out = { 0 };

	pst_rfc2047_decode((const char *)d, n, &out);
	if (out.p == NULL || !pst_utf8_valid(out.p, out.len))
		abort();
	pst_buf_free(&out);
	return 0;
}
