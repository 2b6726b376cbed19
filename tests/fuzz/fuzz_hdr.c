/* fuzz_hdr: pst_hdr_parse and the field accessors on arbitrary bytes. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "charset.h"
#include "hdr.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const names[] = {
	"from", "to", "cc", "subject", "content-type", "date", "x",
};

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data;
	struct pst_header h;
	struct pst_buf b = {0};
	size_t off;

	off = pst_hdr_parse(p, size, &h);
	if (off > size)
		abort();
	for (size_t i = 0; i < h.n; i++) {
		const struct pst_field *f = &h.f[i];
		/* Every span lies inside the input. */
		if (f->name < p || f->name + f->namelen > p + size ||
		    f->value < p || f->value + f->valuelen > p + size ||
		    f->namelen == 0)
			abort();
		if (i < 64) {
			pst_buf_reset(&b);
			pst_hdr_decode_field(f, &b);
			if (!pst_utf8_valid(pst_buf_str(&b), b.len))
				abort();
			pst_buf_reset(&b);
			pst_hdr_unfold(f->value, f->valuelen, &b);
		}
	}
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		char *v = pst_hdr_get(&h, names[i]);
		char *d = pst_hdr_get_decoded(&h, names[i]);
		if ((v == NULL) != (d == NULL) ||
		    (v == NULL) != (pst_hdr_find(&h, names[i]) == NULL))
			abort();
		if (d != NULL && !pst_utf8_valid(d, strlen(d)))
			abort();
		free(v);
		free(d);
	}
	pst_buf_free(&b);
	pst_hdr_free(&h);
	return 0;
}
