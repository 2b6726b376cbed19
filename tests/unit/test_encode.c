/* Unit tests of lib/encode.c: exact output for small cases, the line
 * rules, and round trips through lib/decode.c. */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "charset.h"
#include "decode.h"
#include "encode.h"
#include "t.h"

void test_base64_encode_small(void);
void test_base64_encode_lines(void);
void test_base64_encode_appends(void);
void test_base64_encode_round_trip(void);
void test_qp_encode_basic(void);
void test_qp_encode_blanks(void);
void test_qp_encode_from_dot(void);
void test_qp_encode_soft_breaks(void);
void test_qp_encode_utf8_units(void);
void test_qp_encode_blank_runs(void);
void test_qp_encode_all_bytes(void);
void test_qp_encode_round_trip(void);
void test_cte_choose(void);
void test_encode_dispatch(void);

/* A small, fixed pseudo-random sequence: the same tests every run. */
static unsigned long rng_state = 12345;

static unsigned
rng(void)
{
	rng_state = rng_state * 6364136223846793005UL + 1442695040888963407UL;
	return (unsigned)(rng_state >> 33);
}

static void
b64_is(const char *in, size_t n, const char *want)
{
	struct pst_buf b = { 0 };

	pst_base64_encode(in, n, &b);
	T_STREQ(pst_buf_str(&b), want);
	pst_buf_free(&b);
}

static void
qp_is(const char *in, size_t n, const char *want)
{
	struct pst_buf b = { 0 };

	pst_qp_encode(in, n, &b);
	T_STREQ(pst_buf_str(&b), want);
	pst_buf_free(&b);
}

#define QP(in, want)	qp_is((in), sizeof(in) - 1, (want))

/* Whether base64 text e[0..n) is made of full lines of 76 alphabet
 * characters joined by LF, the last one shorter maybe, no LF at the end. */
static int
b64_shape_ok(const char *e, size_t n)
{
	size_t col = 0, i;

	for (i = 0; i < n; i++) {
		if (e[i] == '\n') {
			if (col != PST_ENCODED_LINE_MAX || i + 1 == n)
				return 0;
			col = 0;
			continue;
		}
		if (strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
		    "0123456789+/=", e[i]) == NULL || e[i] == '\0')
			return 0;
		if (++col > PST_ENCODED_LINE_MAX)
			return 0;
	}
	return n % (PST_ENCODED_LINE_MAX + 1) % 4 == 0;
}

/* Whether quoted-printable text e[0..n) keeps every rule: lines of at
 * most 76 octets, only printable ASCII, blanks and LF, "=" only in =XX
 * (upper-case hex) or a soft break, no blank before a line end, no line
 * starting "From ", no "." alone, no soft break at the very end. */
static int
qp_shape_ok(const char *e, size_t n)
{
	size_t i, start = 0, len;
	unsigned char c;

	for (i = 0; i <= n; i++) {
		if (i < n && e[i] != '\n')
			continue;
		len = i - start;
		if (len > PST_ENCODED_LINE_MAX)
			return 0;
		if (len > 0 && (e[i - 1] == ' ' || e[i - 1] == '\t'))
			return 0;
		if (len >= 5 && memcmp(e + start, "From ", 5) == 0)
			return 0;
		if (len == 1 && e[start] == '.')
			return 0;
		start = i + 1;
	}
	for (i = 0; i < n; i++) {
		c = (unsigned char)e[i];
		if (c == '=') {
			if (i + 1 < n && e[i + 1] == '\n') {
				if (i + 2 == n)
					return 0;
				continue;
			}
			if (i + 2 >= n || !strchr("0123456789ABCDEF", e[i + 1]) ||
			    !strchr("0123456789ABCDEF", e[i + 2]) ||
			    e[i + 1] == '\0' || e[i + 2] == '\0')
				return 0;
			i += 2;
			continue;
		}
		if (c != '\n' && c != ' ' && c != '\t' && (c < 33 || c > 126))
			return 0;
	}
	return 1;
}

/* Encode in[0..n) with cte, check its shape and that it decodes back. */
static int
round_trip(enum pst_cte cte, const char *in, size_t n)
{
	struct pst_buf e = { 0 }, d = { 0 };
	int ok;

	pst_encode(cte, in, n, &e);
	if (cte == PST_CTE_QP)
		ok = qp_shape_ok(pst_buf_str(&e), e.len);
	else
		ok = b64_shape_ok(pst_buf_str(&e), e.len);
	if (cte == PST_CTE_QP && n > 0)
		ok = ok && (in[n - 1] == '\n') == (e.p[e.len - 1] == '\n');
	pst_decode(cte, pst_buf_str(&e), e.len, &d);
	ok = ok && d.len == n && (n == 0 || memcmp(d.p, in, n) == 0);
	pst_buf_free(&e);
	pst_buf_free(&d);
	return ok;
}

void test_base64_encode_small(void)
{
	b64_is("", 0, "");
	b64_is("a", 1, "YQ==");
	b64_is("ab", 2, "YWI=");
	b64_is("abc", 3, "YWJj");
	b64_is("abcd", 4, "YWJjZA==");
	b64_is("\0\0\0", 3, "AAAA");
	b64_is("\xff\xff\xff", 3, "////");
	b64_is("\xfb\xef", 2, "++8=");
	b64_is("Man is", 6, "TWFuIGlz");
}

void test_base64_encode_lines(void)
{
	char in[200];
	struct pst_buf b = { 0 };

	memset(in, 0, sizeof in);
	pst_base64_encode(in, 57, &b);
	T_INTEQ(b.len, 76);
	T_OK(strchr(pst_buf_str(&b), '\n') == NULL);
	T_OK(b64_shape_ok(b.p, b.len));
	pst_buf_reset(&b);

	pst_base64_encode(in, 58, &b);
	T_INTEQ(b.len, 76 + 1 + 4);
	T_INTEQ(b.p[76], '\n');
	T_STREQ(b.p + 77, "AA==");
	pst_buf_reset(&b);

	pst_base64_encode(in, 114, &b);
	T_INTEQ(b.len, 76 + 1 + 76);
	T_INTEQ(b.p[76], '\n');
	T_INTEQ(b.p[b.len - 1], 'A');
	pst_buf_reset(&b);

	pst_base64_encode(in, 56, &b);
	T_INTEQ(b.len, 76);
	T_STREQ(b.p + 72, "AAA=");
	pst_buf_free(&b);
}

void test_base64_encode_appends(void)
{
	struct pst_buf b = { 0 };

	pst_buf_adds(&b, "x:");
	pst_base64_encode("abc", 3, &b);
	pst_base64_encode("", 0, &b);
	pst_base64_encode("ab", 2, &b);
	T_STREQ(pst_buf_str(&b), "x:YWJjYWI=");
	pst_buf_free(&b);
}

void test_base64_encode_round_trip(void)
{
	static const size_t big = 2 * 1024 * 1024 + 5;
	char *in = malloc(big);
	size_t n, i;
	int bad = 0;

	T_OK(in != NULL);
	if (in == NULL)
		return;
	for (i = 0; i < big; i++)
		in[i] = (char)rng();
	for (n = 0; n < 700; n++)
		bad += !round_trip(PST_CTE_BASE64, in + n % 7, n);
	T_INTEQ(bad, 0);
	T_OK(round_trip(PST_CTE_BASE64, in, big));
	free(in);
}

void test_qp_encode_basic(void)
{
	QP("", "");
	QP("abc", "abc");
	QP("a=b\n", "a=3Db\n");
	QP("a\r\nb", "a=0D\nb");
	QP("a\r\n", "a=0D\n");
	QP("\r", "=0D");
	QP("caf\xc3\xa9\n", "caf=C3=A9\n");
	QP("\x7f\x01\x00z", "=7F=01=00z");
	QP("\n\n", "\n\n");
	QP("x~!\"#$%&'()*+,-./:;<>?@[\\]^_`{|}", "x~!\"#$%&'()*+,-./:;<>?@[\\]^_`{|}");
	QP("\xff\xc3", "=FF=C3");
}

void test_qp_encode_blanks(void)
{
	QP("a b", "a b");
	QP("a \n", "a=20\n");
	QP("a\t\n", "a=09\n");
	QP("a ", "a=20");
	QP("a\t", "a=09");
	QP(" ", "=20");
	QP(" \n \n", "=20\n=20\n");
	QP("a  \nb", "a =20\nb");
	QP("a \t \r\n", "a \t =0D\n");
	QP("\t\tx", "\t\tx");
}

void test_qp_encode_from_dot(void)
{
	QP("From x", "=46rom x");
	QP("From x\nFrom y\n", "=46rom x\n=46rom y\n");
	QP("a\nFrom ", "a\n=46rom=20");
	QP("From", "From");
	QP("Fromage", "Fromage");
	QP(" From x", " From x");
	QP("x From x", "x From x");
	QP(".\n", "=2E\n");
	QP(".", "=2E");
	QP("a\n.", "a\n=2E");
	QP("a\n.\nb", "a\n=2E\nb");
	QP("..\n", "..\n");
	QP(".a\n", ".a\n");
	QP(". \n", ".=20\n");
	QP(".\r\n", ".=0D\n");
}

void test_qp_encode_soft_breaks(void)
{
	char in[400], want[400];
	struct pst_buf b = { 0 };

	/* 76 plain characters fit one line, alone or before a line break. */
	memset(in, 'x', 76);
	qp_is(in, 76, "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
	    "xxxxxxxxxxxxxxxxxxxxxx");
	in[76] = '\n';
	pst_qp_encode(in, 77, &b);
	T_MEMEQ(b.p, b.len, in, 77);
	pst_buf_reset(&b);

	/* 77 need a soft break after 75, leaving room for its "=". */
	memset(in, 'x', 77);
	pst_qp_encode(in, 77, &b);
	memset(want, 'x', 75);
	memcpy(want + 75, "=\nxx", 4);
	T_MEMEQ(b.p, b.len, want, 79);
	pst_buf_reset(&b);

	/* An =XX is never split: 74 plain then "=" goes whole on the next
	 * line; a final =XX may end at octet 76. */
	memset(in, 'x', 74);
	memcpy(in + 74, "=y", 2);
	pst_qp_encode(in, 76, &b);
	memcpy(want, in, 74);
	memcpy(want + 74, "=\n=3Dy", 6);
	T_MEMEQ(b.p, b.len, want, 80);
	pst_buf_reset(&b);
	memset(in, 'x', 73);
	in[73] = '=';
	pst_qp_encode(in, 74, &b);
	memcpy(want, in, 73);
	memcpy(want + 73, "=3D", 3);
	T_MEMEQ(b.p, b.len, want, 76);
	pst_buf_reset(&b);

	/* "From " right after a soft break is escaped too. */
	memset(in, 'x', 75);
	memcpy(in + 75, "From x", 6);
	pst_qp_encode(in, 81, &b);
	memcpy(want, in, 75);
	memcpy(want + 75, "=\n=46rom x", 10);
	T_MEMEQ(b.p, b.len, want, 85);
	pst_buf_reset(&b);

	/* A blank before a soft break stays literal: the "=" protects it. */
	memset(in, 'x', 74);
	memcpy(in + 74, " yz", 3);
	pst_qp_encode(in, 77, &b);
	memcpy(want, in, 75);
	memcpy(want + 75, "=\nyz", 4);
	T_MEMEQ(b.p, b.len, want, 79);
	T_OK(round_trip(PST_CTE_QP, in, 77));
	pst_buf_free(&b);
}

void test_qp_encode_utf8_units(void)
{
	char in[600];
	struct pst_buf b = { 0 }, d = { 0 };
	size_t i, start, len;
	int bad = 0;

	/* 100 times 'é': 12 escaped pairs (72 octets) fit before the "=". */
	for (i = 0; i < 100; i++)
		memcpy(in + 2 * i, "\xc3\xa9", 2);
	pst_qp_encode(in, 200, &b);
	for (start = 0, i = 0; i <= b.len; i++) {
		if (i < b.len && b.p[i] != '\n')
			continue;
		len = i - start;
		bad += len > PST_ENCODED_LINE_MAX;
		if (i < b.len) {
			/* a soft-broken line: whole pairs, then "=" */
			bad += len != 12 * 6 + 1 || b.p[i - 1] != '=';
			bad += memcmp(b.p + start, "=C3=A9", 6) != 0;
		}
		start = i + 1;
	}
	T_INTEQ(bad, 0);
	T_OK(strncmp(b.p, "=C3=A9=C3=A9", 12) == 0);
	pst_decode(PST_CTE_QP, b.p, b.len, &d);
	T_MEMEQ(d.p, d.len, in, 200);
	pst_buf_reset(&b);

	/* A 4-byte character (12 octets) after 70 plain ones moves whole. */
	memset(in, 'x', 70);
	memcpy(in + 70, "\xf0\x9f\x98\x80", 4);
	pst_qp_encode(in, 74, &b);
	T_OK(b.len == 70 + 2 + 12 && memcmp(b.p + 70, "=\n=F0=9F=98=80", 14) == 0);
	pst_buf_reset(&b);

	/* Invalid bytes are units of one: split between them freely. */
	memset(in, 'x', 72);
	memcpy(in + 72, "\xc3\xc3", 2);
	pst_qp_encode(in, 74, &b);
	T_OK(b.len == 72 + 3 + 2 + 3 &&
	    memcmp(b.p + 72, "=C3=\n=C3", 8) == 0);
	pst_buf_reset(&b);

	/* A valid character at the end may take octet 76. */
	memset(in, 'x', 70);
	memcpy(in + 70, "\xc3\xa9", 2);
	pst_qp_encode(in, 72, &b);
	T_INTEQ(b.len, 76);
	in[72] = '\n';
	in[73] = 'z';
	pst_buf_reset(&b);
	pst_qp_encode(in, 74, &b);
	T_INTEQ(b.len, 78);
	T_OK(round_trip(PST_CTE_QP, in, 74));
	pst_buf_free(&b);
	pst_buf_free(&d);
}

void test_qp_encode_blank_runs(void)
{
	char in[2000];
	size_t n;

	/* Runs longer than the decoder holds back (64), in the middle of a
	 * line, before a line break, at the end, after a soft break. */
	memset(in, ' ', sizeof in);
	in[0] = 'a';
	in[500] = 'b';
	in[1000] = '\n';
	in[1500] = '\t';
	T_OK(round_trip(PST_CTE_QP, in, 300));
	T_OK(round_trip(PST_CTE_QP, in, 501));
	T_OK(round_trip(PST_CTE_QP, in, 1001));
	T_OK(round_trip(PST_CTE_QP, in, 1002));
	T_OK(round_trip(PST_CTE_QP, in, sizeof in));
	for (n = 60; n < 160; n++)
		T_OK(round_trip(PST_CTE_QP, in + 1, n));
	memset(in, '\t', 200);
	T_OK(round_trip(PST_CTE_QP, in, 200));
}

void test_qp_encode_all_bytes(void)
{
	char in[512];
	size_t i;

	for (i = 0; i < 512; i++)
		in[i] = (char)(i & 0xFF);
	T_OK(round_trip(PST_CTE_QP, in, 512));
	for (i = 0; i < 512; i++)
		in[i] = (char)(255 - (i & 0xFF));
	T_OK(round_trip(PST_CTE_QP, in, 512));
	for (i = 0; i < 256; i++) {
		char one[3] = { (char)i, 'x', '\n' };
		T_OK(round_trip(PST_CTE_QP, one, 1));
		T_OK(round_trip(PST_CTE_QP, one, 2));
		T_OK(round_trip(PST_CTE_QP, one, 3));
		T_OK(round_trip(PST_CTE_BASE64, one, 1));
	}
}

/* Random text from pieces that stress the rules: UTF-8 characters of
 * every length, blanks, "From ", dots, CR, '=', long lines. */
static size_t
random_text(char *p, size_t max)
{
	static const char *const piece[] = {
		"a", "b", "Z", " ", "\t", "  ", "\n", "\r\n", "=", ".", ".\n",
		"From ", "\nFrom ", "\xc3\xa9", "\xe2\x82\xac", "\xf0\x9f\x98\x80",
		"\xc3", "\x80", "\xff", "\0", "x", "hello world",
		"\xed\xa0\x80", "\xe0\x80\x80", "F", "\n.",
	};
	size_t n = 0, k, len, target = rng() % max;

	while (n < target) {
		k = rng() % (sizeof piece / sizeof piece[0]);
		len = piece[k][0] == '\0' ? 1 : strlen(piece[k]);
		if (rng() % 8 == 0)
			len = 1;	/* now and then a broken-off piece */
		if (n + len > max)
			break;
		memcpy(p + n, piece[k], len);
		n += len;
	}
	return n;
}

void test_qp_encode_round_trip(void)
{
	char *buf = malloc(4096);
	size_t n, i, k;
	int bad = 0;

	T_OK(buf != NULL);
	if (buf == NULL)
		return;
	for (k = 0; k < 3000; k++) {
		n = random_text(buf, 4096);
		bad += !round_trip(PST_CTE_QP, buf, n);
		bad += !round_trip(PST_CTE_BASE64, buf, n);
	}
	for (k = 0; k < 500; k++) {
		n = rng() % 4096;
		for (i = 0; i < n; i++)
			buf[i] = (char)rng();
		bad += !round_trip(PST_CTE_QP, buf, n);
	}
	T_INTEQ(bad, 0);
	free(buf);
}

void test_cte_choose(void)
{
	char in[200];

	T_INTEQ(pst_cte_choose("", 0, 1), PST_CTE_7BIT);
	T_INTEQ(pst_cte_choose("", 0, 0), PST_CTE_7BIT);
	T_INTEQ(pst_cte_choose("hello\nworld\n", 12, 1), PST_CTE_7BIT);
	T_INTEQ(pst_cte_choose("hello\nworld", 11, 0), PST_CTE_7BIT);
	T_INTEQ(pst_cte_choose("\n\n\t x\n", 6, 1), PST_CTE_7BIT);
	T_INTEQ(pst_cte_choose("a\r\nb", 4, 1), PST_CTE_QP);
	T_INTEQ(pst_cte_choose("a\r\nb", 4, 0), PST_CTE_BASE64);
	T_INTEQ(pst_cte_choose("a\0b", 3, 1), PST_CTE_QP);
	T_INTEQ(pst_cte_choose("caf\xc3\xa9", 5, 1), PST_CTE_QP);
	T_INTEQ(pst_cte_choose("caf\xc3\xa9", 5, 0), PST_CTE_BASE64);
	T_INTEQ(pst_cte_choose("\x7f", 1, 1), PST_CTE_7BIT);
	T_INTEQ(pst_cte_choose("a \nb", 4, 1), PST_CTE_QP);
	T_INTEQ(pst_cte_choose("a\t\nb", 4, 1), PST_CTE_QP);
	T_INTEQ(pst_cte_choose("a\nb ", 4, 1), PST_CTE_QP);
	T_INTEQ(pst_cte_choose("a\nb\t", 4, 0), PST_CTE_BASE64);
	T_INTEQ(pst_cte_choose(" ", 1, 1), PST_CTE_QP);
	T_INTEQ(pst_cte_choose("From x\n.\n", 9, 1), PST_CTE_7BIT);

	memset(in, 'x', sizeof in);
	in[78] = '\n';
	T_INTEQ(pst_cte_choose(in, 79, 1), PST_CTE_7BIT);
	T_INTEQ(pst_cte_choose(in, 78, 1), PST_CTE_7BIT);
	T_INTEQ(pst_cte_choose(in, 150, 1), PST_CTE_7BIT);
	in[78] = 'x';
	T_INTEQ(pst_cte_choose(in, 79, 1), PST_CTE_QP);
	T_INTEQ(pst_cte_choose(in, 79, 0), PST_CTE_BASE64);
	in[10] = '\n';
	T_INTEQ(pst_cte_choose(in, 89, 1), PST_CTE_7BIT);
	T_INTEQ(pst_cte_choose(in, 90, 1), PST_CTE_QP);
}

void test_encode_dispatch(void)
{
	struct pst_buf b = { 0 };

	pst_encode(PST_CTE_7BIT, "a=b \r\n", 6, &b);
	T_MEMEQ(b.p, b.len, "a=b \r\n", 6);
	pst_buf_reset(&b);
	pst_encode(PST_CTE_QP, "a=b \r\n", 6, &b);
	T_STREQ(pst_buf_str(&b), "a=3Db =0D\n");
	pst_buf_reset(&b);
	pst_encode(PST_CTE_BASE64, "abc", 3, &b);
	T_STREQ(pst_buf_str(&b), "YWJj");
	pst_buf_reset(&b);
	pst_encode(PST_CTE_7BIT, "", 0, &b);
	pst_encode(PST_CTE_QP, "", 0, &b);
	pst_encode(PST_CTE_BASE64, "", 0, &b);
	T_INTEQ(b.len, 0);
	pst_buf_free(&b);
}
