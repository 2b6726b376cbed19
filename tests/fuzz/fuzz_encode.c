/* fuzz_encode: the transfer encoders. Each byte string is encoded in
 * base64 and quoted-printable; the output must keep the line rules, use
 * only the characters allowed, and decode (lib/decode.c) back to the input
 * exactly. pst_cte_choose's 7bit verdict is checked against its rules. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "decode.h"
#include "encode.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
is_hex_upper(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F');
}

static int
is_b64(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	    (c >= '0' && c <= '9') || c == '+' || c == '/';
}

/* Lines of exactly 76 alphabet characters joined by LF; the last one
 * maybe shorter, a multiple of 4, with "=" only as its padding. */
static void
check_base64(const char *e, size_t n, size_t inlen)
{
	size_t i, col = 0, pad = 0;

	if ((n == 0) != (inlen == 0))
		abort();
	for (i = 0; i < n; i++) {
		if (e[i] == '\n') {
			if (col != PST_ENCODED_LINE_MAX || i + 1 == n || pad)
				abort();
			col = 0;
			continue;
		}
		if (++col > PST_ENCODED_LINE_MAX)
			abort();
		if (e[i] == '=')
			pad++;
		else if (!is_b64(e[i]) || pad)
			abort();
	}
	if (col % 4 != 0 || pad > 2 || pad != (3 - inlen % 3) % 3)
		abort();
}

/* Lines of at most 76 octets; printable ASCII, blanks and LF only; "="
 * only in =XX (upper-case) or a soft break, never at the very end; no
 * blank before a line end; no line starting "From "; no lone "."; the
 * output ends in LF exactly when the input does. */
static void
check_qp(const char *e, size_t n, const char *in, size_t inlen)
{
	size_t i, start = 0, len;
	unsigned char c;

	if ((n == 0) != (inlen == 0))
		abort();
	if (n > 0 && (e[n - 1] == '\n') != (in[inlen - 1] == '\n'))
		abort();
	for (i = 0; i <= n; i++) {
		if (i < n && e[i] != '\n')
			continue;
		len = i - start;
		if (len > PST_ENCODED_LINE_MAX)
			abort();
		if (len > 0 && (e[i - 1] == ' ' || e[i - 1] == '\t'))
			abort();
		if (len >= 5 && memcmp(e + start, "From ", 5) == 0)
			abort();
		if (len == 1 && e[start] == '.')
			abort();
		start = i + 1;
	}
	for (i = 0; i < n; i++) {
		c = (unsigned char)e[i];
		if (c == '=') {
			if (i + 1 < n && e[i + 1] == '\n') {
				if (i + 2 == n)
					abort();
				i++;
				continue;
			}
			if (i + 2 >= n || !is_hex_upper(e[i + 1]) ||
			    !is_hex_upper(e[i + 2]))
				abort();
			i += 2;
			continue;
		}
		if (c != '\n' && c != ' ' && c != '\t' && (c < 33 || c > 126))
			abort();
	}
}

/* What pst_cte_choose promises for 7bit, checked the slow way. */
static void
check_7bit(const char *in, size_t n)
{
	size_t i, col = 0;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)in[i];

		if (c == '\n') {
			if (i > 0 && (in[i - 1] == ' ' || in[i - 1] == '\t'))
				abort();
			col = 0;
			continue;
		}
		if (c == 0 || c == '\r' || c > 127 || ++col > PST_PLAIN_LINE_MAX)
			abort();
	}
	if (n > 0 && (in[n - 1] == ' ' || in[n - 1] == '\t'))
		abort();
}

/* Encode in[0..n) with cte, check it with the checker, decode it back. */
static void
round_trip(enum pst_cte cte, const char *in, size_t n)
{
	struct pst_buf e = { 0 }, d = { 0 };

	pst_buf_adds(&e, "prefix");	/* the encoders append */
	pst_encode(cte, in, n, &e);
	if (e.len < 6 || memcmp(e.p, "prefix", 6) != 0)
		abort();
	if (cte == PST_CTE_QP)
		check_qp(e.p + 6, e.len - 6, in, n);
	else if (cte == PST_CTE_BASE64)
		check_base64(e.p + 6, e.len - 6, n);
	pst_decode(cte, e.p + 6, e.len - 6, &d);
	if (d.len != n || (n > 0 && memcmp(d.p, in, n) != 0))
		abort();
	pst_buf_free(&e);
	pst_buf_free(&d);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *in = (const char *)data;
	enum pst_cte text, bin;

	if (size > 1024 * 1024)
		return 0;
	text = pst_cte_choose(in, size, 1);
	bin = pst_cte_choose(in, size, 0);
	if (text == PST_CTE_7BIT) {
		if (bin != PST_CTE_7BIT)
			abort();
		check_7bit(in, size);
	} else if (text != PST_CTE_QP || bin != PST_CTE_BASE64)
		abort();
	round_trip(PST_CTE_BASE64, in, size);
	round_trip(PST_CTE_QP, in, size);
	round_trip(PST_CTE_7BIT, in, size);
	return 0;
}
