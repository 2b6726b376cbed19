/* Unit tests of lib/decode.c: base64 and quoted-printable, whole and in
 * every split. */
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "decode.h"
#include "t.h"

void test_cte_parse(void);
void test_decode_identity(void);
void test_base64_basic(void);
void test_base64_junk(void);
void test_base64_padding(void);
void test_base64_binary(void);
void test_qp_basic(void);
void test_qp_soft_breaks(void);
void test_qp_hex_case(void);
void test_qp_malformed(void);
void test_qp_trailing_blanks(void);
void test_qp_crlf(void);
void test_qp_long_blank_runs(void);
void test_decode_splits(void);
void test_decode_stream_sink(void);
void test_decode_slack(void);

/* Decode in (a string literal, NULs allowed) whole with cte; compare. */
#define DEC(cte, in, want) \
	dec_is((cte), (in), sizeof(in) - 1, (want), sizeof(want) - 1, __LINE__)

/* Decode in[0..len) in the pieces given by the cut points cut[0..ncut)
 * into out (reset first). */
static void
decode_cut(enum pst_cte cte, const char *in, size_t len, const size_t *cut,
    size_t ncut, struct pst_buf *out)
{
	struct pst_decoder d;
	char tmp[4096 + PST_DECODE_SLACK];
	size_t from = 0, to, n;

	pst_buf_reset(out);
	pst_decoder_init(&d, cte);
	for (size_t k = 0; k <= ncut; k++) {
		to = k < ncut ? cut[k] : len;
		n = pst_decoder_update(&d, in + from, to - from, tmp);
		t_check(n <= to - from + PST_DECODE_SLACK, __FILE__, __LINE__,
		    "update within slack");
		pst_buf_add(out, tmp, n);
		from = to;
	}
	n = pst_decoder_finish(&d, tmp);
	t_check(n <= PST_DECODE_SLACK, __FILE__, __LINE__, "finish within slack");
	pst_buf_add(out, tmp, n);
}

/* Check in decodes to want whole, in every split in two, and byte by
 * byte, with both pst_decode and the decoder. */
static void
dec_is(enum pst_cte cte, const char *in, size_t len, const char *want,
    size_t wantlen, int line)
{
	struct pst_buf b = {0};
	size_t cut[4096];
	char what[64];

	pst_decode(cte, in, len, &b);
	t_memeq(pst_buf_str(&b), b.len, want, wantlen, __FILE__, line, "whole");
	for (size_t i = 0; i <= len; i++) {
		cut[0] = i;
		decode_cut(cte, in, len, cut, 1, &b);
		snprintf(what, sizeof what, "split at %zu", i);
		if (!t_memeq(pst_buf_str(&b), b.len, want, wantlen, __FILE__,
		    line, what))
			break;
	}
	if (len <= sizeof cut / sizeof cut[0]) {
		for (size_t i = 0; i < len; i++)
			cut[i] = i;
		decode_cut(cte, in, len, cut, len, &b);
		t_memeq(pst_buf_str(&b), b.len, want, wantlen, __FILE__, line,
		    "byte by byte");
		/* Empty pieces between the bytes change nothing either. */
		for (size_t i = 0; i < len; i++)
			cut[2 * i] = cut[2 * i + 1] = i;
		if (2 * len <= sizeof cut / sizeof cut[0]) {
			decode_cut(cte, in, len, cut, 2 * len, &b);
			t_memeq(pst_buf_str(&b), b.len, want, wantlen, __FILE__,
			    line, "with empty pieces");
		}
	}
	pst_buf_free(&b);
}

void test_cte_parse(void)
{
	T_INTEQ(pst_cte_parse(NULL), PST_CTE_7BIT);
	T_INTEQ(pst_cte_parse(""), PST_CTE_7BIT);
	T_INTEQ(pst_cte_parse("7bit"), PST_CTE_7BIT);
	T_INTEQ(pst_cte_parse("8bit"), PST_CTE_7BIT);
	T_INTEQ(pst_cte_parse("binary"), PST_CTE_7BIT);
	T_INTEQ(pst_cte_parse("x-uuencode"), PST_CTE_7BIT);
	T_INTEQ(pst_cte_parse("base64"), PST_CTE_BASE64);
	T_INTEQ(pst_cte_parse("BASE64"), PST_CTE_BASE64);
	T_INTEQ(pst_cte_parse("  Base64\t"), PST_CTE_BASE64);
	T_INTEQ(pst_cte_parse("base64 (encoded by x)"), PST_CTE_BASE64);
	T_INTEQ(pst_cte_parse("base64(x)"), PST_CTE_BASE64);
	T_INTEQ(pst_cte_parse("\"base64\""), PST_CTE_BASE64);
	T_INTEQ(pst_cte_parse("base64;"), PST_CTE_BASE64);
	T_INTEQ(pst_cte_parse("quoted-printable"), PST_CTE_QP);
	T_INTEQ(pst_cte_parse("Quoted-Printable"), PST_CTE_QP);
	T_INTEQ(pst_cte_parse(" QUOTED-PRINTABLE "), PST_CTE_QP);
	/* Near misses are identity. */
	T_INTEQ(pst_cte_parse("base6"), PST_CTE_7BIT);
	T_INTEQ(pst_cte_parse("base64x"), PST_CTE_7BIT);
	T_INTEQ(pst_cte_parse("quoted-printabl"), PST_CTE_7BIT);
	T_INTEQ(pst_cte_parse("quoted printable"), PST_CTE_7BIT);
}

void test_decode_identity(void)
{
	DEC(PST_CTE_7BIT, "", "");
	DEC(PST_CTE_7BIT, "a=3D b \r\n\0x", "a=3D b \r\n\0x");
}

void test_base64_basic(void)
{
	DEC(PST_CTE_BASE64, "", "");
	DEC(PST_CTE_BASE64, "TQ==", "M");
	DEC(PST_CTE_BASE64, "TWE=", "Ma");
	DEC(PST_CTE_BASE64, "TWFu", "Man");
	DEC(PST_CTE_BASE64, "aGVsbG8gd29ybGQ=", "hello world");
	DEC(PST_CTE_BASE64, "+/+/", "\xfb\xff\xbf");
	DEC(PST_CTE_BASE64, "w6l0w6k=", "\xc3\xa9t\xc3\xa9");
}

void test_base64_junk(void)
{
	/* Line ends, blanks and bytes outside the alphabet are skipped. */
	DEC(PST_CTE_BASE64, "aGVs\nbG8g\r\nd29y\tbGQ=\n", "hello world");
	DEC(PST_CTE_BASE64, " a G V s b G 8 = ", "hello");
	DEC(PST_CTE_BASE64, "aGV*sb!G8\x80\xff-_.", "hello");
	DEC(PST_CTE_BASE64, "\n\n", "");
	DEC(PST_CTE_BASE64, "!!!!", "");
}

void test_base64_padding(void)
{
	/* Missing padding. */
	DEC(PST_CTE_BASE64, "TQ", "M");
	DEC(PST_CTE_BASE64, "TWE", "Ma");
	DEC(PST_CTE_BASE64, "aGVsbG8", "hell" "o");
	/* A lone sixth of a byte is nothing. */
	DEC(PST_CTE_BASE64, "TWFuT", "Man");
	/* Data after the padding is ignored. */
	DEC(PST_CTE_BASE64, "TQ==TWFu", "M");
	DEC(PST_CTE_BASE64, "TWE=\nTWFu\n", "Ma");
	DEC(PST_CTE_BASE64, "TQ=TWFu", "M");
	/* '=' at a quantum boundary ends nothing: decoding goes on. */
	DEC(PST_CTE_BASE64, "TWFu=TWFu", "ManMan");
	DEC(PST_CTE_BASE64, "=TWFu", "Man");
	/* Extra padding. */
	DEC(PST_CTE_BASE64, "TQ====", "M");
}

void test_base64_binary(void)
{
	static const char want[] = "\x00\x01\x02\xfd\xfe\xff\x00";
	DEC(PST_CTE_BASE64, "AAEC/f7/AA==", want);
	/* All 256 byte values, through the decoder. */
	{
		static const char alpha[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
		    "abcdefghijklmnopqrstuvwxyz0123456789+/";
		unsigned char raw[256];
		char enc[400];
		struct pst_buf b = {0};
		size_t e = 0;

		for (int i = 0; i < 256; i++)
			raw[i] = (unsigned char)i;
		for (int i = 0; i < 256; i += 3) {
			unsigned long v = (unsigned long)raw[i] << 16;
			int n = 256 - i >= 3 ? 3 : 256 - i;
			if (n > 1)
				v |= (unsigned long)raw[i + 1] << 8;
			if (n > 2)
				v |= raw[i + 2];
			enc[e++] = alpha[(v >> 18) & 63];
			enc[e++] = alpha[(v >> 12) & 63];
			enc[e++] = n > 1 ? alpha[(v >> 6) & 63] : '=';
			enc[e++] = n > 2 ? alpha[v & 63] : '=';
		}
		pst_decode(PST_CTE_BASE64, enc, e, &b);
		T_MEMEQ(b.p, b.len, raw, sizeof raw);
		pst_buf_free(&b);
	}
}

void test_qp_basic(void)
{
	DEC(PST_CTE_QP, "", "");
	DEC(PST_CTE_QP, "plain text\n", "plain text\n");
	DEC(PST_CTE_QP, "caf=E9 =3D equals", "caf\xe9 = equals");
	DEC(PST_CTE_QP, "=00=FF", "\x00\xff");
	DEC(PST_CTE_QP, "a\tb  c\n", "a\tb  c\n");
	DEC(PST_CTE_QP, "no line end", "no line end");
}

void test_qp_soft_breaks(void)
{
	DEC(PST_CTE_QP, "long li=\nne\n", "long line\n");
	DEC(PST_CTE_QP, "long li=\r\nne\r\n", "long line\n");
	/* Blanks after the '=' of a soft break (added in transit). */
	DEC(PST_CTE_QP, "long li=  \nne", "long line");
	DEC(PST_CTE_QP, "long li=\t \r\nne", "long line");
	/* A soft break at the very end. */
	DEC(PST_CTE_QP, "end=", "end");
	DEC(PST_CTE_QP, "end=\n", "end");
	DEC(PST_CTE_QP, "end=\r", "end");
	DEC(PST_CTE_QP, "end= ", "end");
	/* Several in a row. */
	DEC(PST_CTE_QP, "a=\n=\nb", "ab");
}

void test_qp_hex_case(void)
{
	DEC(PST_CTE_QP, "=c3=a9=C3=A9=c3=A9", "\xc3\xa9\xc3\xa9\xc3\xa9");
	DEC(PST_CTE_QP, "=0a=0D", "\n\r");
}

void test_qp_malformed(void)
{
	/* A malformed '=' is kept as it stands. */
	DEC(PST_CTE_QP, "a=G1b", "a=G1b");
	DEC(PST_CTE_QP, "a=1Gb", "a=1Gb");
	DEC(PST_CTE_QP, "1+1=2", "1+1=2");
	DEC(PST_CTE_QP, "x==41", "x=A");
	DEC(PST_CTE_QP, "a=", "a");
	DEC(PST_CTE_QP, "a=4", "a=4");
	DEC(PST_CTE_QP, "a=4\n", "a=4\n");
	DEC(PST_CTE_QP, "a=\rb", "a=\rb");
	DEC(PST_CTE_QP, "= x", "= x");
	DEC(PST_CTE_QP, "=  x\n", "=  x\n");
	DEC(PST_CTE_QP, "=\xff", "=\xff");
}

void test_qp_trailing_blanks(void)
{
	DEC(PST_CTE_QP, "text   \nmore \t\n", "text\nmore\n");
	DEC(PST_CTE_QP, "text \r\nmore\t\r\n", "text\nmore\n");
	DEC(PST_CTE_QP, "inner  blanks \n", "inner  blanks\n");
	/* Blanks at the very end of the input are trailing too. */
	DEC(PST_CTE_QP, "end  ", "end");
	/* An encoded blank is data. */
	DEC(PST_CTE_QP, "text=20\n", "text \n");
	DEC(PST_CTE_QP, "text =20 \n", "text  \n");
	/* Blanks before a lone CR are not at a line end. */
	DEC(PST_CTE_QP, "a \rb", "a \rb");
}

void test_qp_crlf(void)
{
	DEC(PST_CTE_QP, "a\r\nb\r\n", "a\nb\n");
	DEC(PST_CTE_QP, "a\rb", "a\rb");
	DEC(PST_CTE_QP, "a\r", "a\r");
	DEC(PST_CTE_QP, "a\r\r\n", "a\r\n");
	DEC(PST_CTE_QP, "=41\r\n=42", "A\nB");
}

void test_qp_long_blank_runs(void)
{
	struct pst_buf in = {0}, want = {0}, got = {0};

	/* More blanks than the decoder holds back, within a line. */
	for (int i = 0; i < 200; i++)
		pst_buf_addc(&in, i % 3 ? ' ' : '\t');
	pst_buf_add(&want, in.p, in.len);
	pst_buf_adds(&in, "x\n");
	pst_buf_adds(&want, "x\n");
	dec_is(PST_CTE_QP, in.p, in.len, want.p, want.len, __LINE__);
	/* And at the end of a line: dropped, as many as the decoder holds
	 * back (sizeof d.space); beyond that the first ones are let through,
	 * the same way in every split. */
	pst_buf_reset(&in);
	pst_buf_adds(&in, "y");
	for (int i = 0; i < 64; i++)
		pst_buf_addc(&in, ' ');
	pst_buf_adds(&in, "\nz");
	dec_is(PST_CTE_QP, in.p, in.len, "y\nz", 3, __LINE__);
	pst_buf_reset(&in);
	pst_buf_reset(&want);
	pst_buf_adds(&in, "y");
	pst_buf_adds(&want, "y");
	for (int i = 0; i < 200; i++)
		pst_buf_addc(&in, ' ');
	for (int i = 0; i < 192; i++)
		pst_buf_addc(&want, ' ');
	pst_buf_adds(&in, "\nz");
	pst_buf_adds(&want, "\nz");
	pst_decode(PST_CTE_QP, in.p, in.len, &got);
	T_MEMEQ(got.p, got.len, want.p, want.len);
	dec_is(PST_CTE_QP, in.p, in.len, want.p, want.len, __LINE__);
	/* Blanks after '=' then text: kept. */
	pst_buf_reset(&in);
	pst_buf_reset(&want);
	pst_buf_adds(&in, "=");
	for (int i = 0; i < 60; i++)
		pst_buf_addc(&in, ' ');
	pst_buf_add(&want, in.p, in.len);
	pst_buf_adds(&in, "x");
	pst_buf_adds(&want, "x");
	dec_is(PST_CTE_QP, in.p, in.len, want.p, want.len, __LINE__);
	pst_buf_free(&in);
	pst_buf_free(&want);
	pst_buf_free(&got);
}

void test_decode_splits(void)
{
	/* A mixed text checked in every split (dec_is does that). */
	DEC(PST_CTE_QP,
	    "Caf=C3=A9 au lait,  =\r\nsoft \t\r\n=3D=3d x=\n\r\n=  \r\nend = ",
	    "Caf\xc3\xa9 au lait,  soft\n== x\nend ");
	DEC(PST_CTE_BASE64, "SGVs\r\nbG8s\nIHdv\r\ncmxk\nIQ==\r\ntrailing",
	    "Hello, world!");
}

struct collect {
	struct pst_buf b;
	int calls, stop_after;
};

static int
collect_sink(void *ctx, const char *p, size_t n)
{
	struct collect *c = ctx;

	c->calls++;
	pst_buf_add(&c->b, p, n);
	return c->stop_after && c->calls >= c->stop_after ? -1 : 0;
}

void test_decode_stream_sink(void)
{
	struct pst_buf in = {0};
	struct collect c = {0};

	/* A large body crosses the pieces the stream decodes in. */
	for (int i = 0; i < 50000; i++)
		pst_buf_adds(&in, "TWFu");
	T_INTEQ(pst_decode_stream(PST_CTE_BASE64, in.p, in.len, collect_sink,
	    &c), 0);
	T_INTEQ(c.b.len, 150000);
	T_OK(c.calls > 1);
	T_OK(memcmp(c.b.p + 149997, "Man", 3) == 0);
	pst_buf_free(&c.b);

	/* A sink that fails stops the stream. */
	memset(&c, 0, sizeof c);
	c.stop_after = 1;
	T_INTEQ(pst_decode_stream(PST_CTE_BASE64, in.p, in.len, collect_sink,
	    &c), -1);
	T_INTEQ(c.calls, 1);
	pst_buf_free(&c.b);

	/* A QP body with a soft break exactly at a piece boundary. */
	pst_buf_reset(&in);
	for (int i = 0; i < 65535; i++)
		pst_buf_addc(&in, 'a');
	pst_buf_adds(&in, "=\n=41  \nb");
	memset(&c, 0, sizeof c);
	T_INTEQ(pst_decode_stream(PST_CTE_QP, in.p, in.len, collect_sink, &c),
	    0);
	T_INTEQ(c.b.len, 65535 + 3);
	T_OK(memcmp(c.b.p + 65535, "A\nb", 3) == 0);
	pst_buf_free(&c.b);
	pst_buf_free(&in);
}

void test_decode_slack(void)
{
	struct pst_decoder d;
	char out[1 + PST_DECODE_SLACK];
	char spaces[70];
	size_t n, total = 0;

	/* Held-back blanks all come out on one byte of input. */
	memset(spaces, ' ', sizeof spaces);
	pst_decoder_init(&d, PST_CTE_QP);
	for (size_t i = 0; i < sizeof spaces; i++) {
		n = pst_decoder_update(&d, spaces + i, 1, out);
		T_OK(n <= 1 + PST_DECODE_SLACK);
		total += n;
	}
	n = pst_decoder_update(&d, "x", 1, out);
	T_OK(n <= 1 + PST_DECODE_SLACK);
	total += n;
	T_INTEQ(total, sizeof spaces + 1);
	/* "=" and blanks held, then a byte that makes them text. */
	pst_decoder_init(&d, PST_CTE_QP);
	n = pst_decoder_update(&d, "=", 1, out);
	total = n;
	for (int i = 0; i < 64; i++) {
		n = pst_decoder_update(&d, " ", 1, out);
		total += n;
	}
	n = pst_decoder_update(&d, "y", 1, out);
	T_OK(n <= 1 + PST_DECODE_SLACK);
	total += n;
	T_INTEQ(total, 66);
	n = pst_decoder_finish(&d, out);
	T_INTEQ(n, 0);
}
