/* libFuzzer target for lib/addr.c: parse, format, and parse what was
 * formatted. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "addr.h"
#include "buf.h"
#include "charset.h"

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);

int
LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	struct pst_addr *list, *again;
	struct pst_buf out = { 0 };
	size_t k, k2, i;

	k = pst_addr_parse((const char *)d, n, &list);
	if (k > n)
		abort();
	for (i = 0; i < k; i++) {
		if (list[i].mailbox == NULL ||
		    !pst_utf8_valid(list[i].mailbox, strlen(list[i].mailbox)))
			abort();
		if (list[i].name != NULL && (list[i].name[0] == '\0' ||
		    !pst_utf8_valid(list[i].name, strlen(list[i].name))))
			abort();
	}
	pst_addr_format(list, k, &out);
	if (out.p == NULL || !pst_utf8_valid(out.p, out.len))
		abort();
	k2 = pst_addr_parse(out.p, out.len, &again);
	pst_addr_free(again, k2);
	pst_addr_free(list, k);
	pst_buf_free(&out);
	return 0;
}
