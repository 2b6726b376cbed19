/* fuzz_decode: the transfer decoders; any split of the input must give
 * the same output as one piece. The first byte picks the encoding and a
 * split point, the rest is the input. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "decode.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char tmp[65536 + PST_DECODE_SLACK];

/* Decode in[0..len) in pieces of step bytes, the first one of first
 * bytes (maybe 0), into out. */
static void
decode_pieces(enum pst_cte cte, const char *in, size_t len, size_t first,
    size_t step, struct pst_buf *out)
{
	struct pst_decoder d;
	size_t off = 0, n, k;
	int piece = 0;

	pst_decoder_init(&d, cte);
	while (off < len) {
		n = piece++ == 0 ? first : step;
		if (n > len - off)
			n = len - off;
		k = pst_decoder_update(&d, in + off, n, tmp);
		if (k > n + PST_DECODE_SLACK)
			abort();
		pst_buf_add(out, tmp, k);
		off += n;
	}
	k = pst_decoder_finish(&d, tmp);
	if (k > PST_DECODE_SLACK)
		abort();
	pst_buf_add(out, tmp, k);
}

static int
count_sink(void *ctx, const char *p, size_t n)
{
	(void)p;
	*(size_t *)ctx += n;
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const enum pst_cte ctes[] = {
		PST_CTE_7BIT, PST_CTE_QP, PST_CTE_BASE64,
	};
	struct pst_buf whole = {0}, split = {0};
	enum pst_cte cte;
	const char *in;
	size_t len, cut, counted = 0;
	char name[32];

	if (size < 1 || size > 65536)
		return 0;
	cte = ctes[data[0] % 3];
	in = (const char *)data + 1;
	len = size - 1;
	cut = len ? (size_t)(data[0] >> 2) % (len + 1) : 0;

	pst_decode(cte, in, len, &whole);
	if (cte == PST_CTE_7BIT && (whole.len != len ||
	    (len && memcmp(whole.p, in, len) != 0)))
		abort();
	if (cte != PST_CTE_7BIT && whole.len > len)
		abort();		/* decoding never grows */
	decode_pieces(cte, in, len, cut, len, &split);
	if (split.len != whole.len ||
	    (whole.len && memcmp(split.p, whole.p, whole.len) != 0))
		abort();
	pst_buf_reset(&split);
	decode_pieces(cte, in, len, 1, 1, &split);
	if (split.len != whole.len ||
	    (whole.len && memcmp(split.p, whole.p, whole.len) != 0))
		abort();
	pst_decode_stream(cte, in, len, count_sink, &counted);
	if (counted != whole.len)
		abort();

	/* The encoding name parser on the same bytes. */
	cut = len < sizeof name - 1 ? len : sizeof name - 1;
	memcpy(name, in, cut);
	name[cut] = '\0';
	(void)pst_cte_parse(name);
	pst_buf_free(&whole);
	pst_buf_free(&split);
	return 0;
}
