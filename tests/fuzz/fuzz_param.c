/* fuzz_param: pst_params_parse on arbitrary bytes. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "charset.h"
#include "param.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pst_params ps;

	pst_params_parse((const char *)data, size, &ps);
	if (ps.token == NULL)
		abort();
	for (size_t i = 0; i < ps.n; i++) {
		const char *n = ps.p[i].name, *v = ps.p[i].value;
		/* Names are lowercase and unique; values valid UTF-8. */
		for (const char *c = n; *c; c++)
			if (*c >= 'A' && *c <= 'Z')
				abort();
		if (n[0] == '\0' || strchr(n, '*') != NULL)
			abort();
		if (!pst_utf8_valid(v, strlen(v)))
			abort();
		if (pst_params_get(&ps, n) != v)
			abort();
	}
	(void)pst_params_get(&ps, "charset");
	(void)pst_params_get(&ps, "FILENAME");
	pst_params_free(&ps);
	return 0;
}
