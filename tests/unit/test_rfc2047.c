/* Unit tests of lib/rfc2047.c. */
#include <string.h>

#include "buf.h"
#include "charset.h"
#include "rfc2047.h"
#include "t.h"

void test_rfc2047_plain(void);
void test_rfc2047_q(void);
void test_rfc2047_b(void);
void test_rfc2047_charsets(void);
void test_rfc2047_adjacent(void);
void test_rfc2047_split_char(void);
void test_rfc2047_glued(void);
void test_rfc2047_lang(void);
void test_rfc2047_malformed(void);
void test_rfc2047_raw_8bit(void);
void test_rfc2047_bad_bytes(void);
void test_rfc2047_linear(void);

#define FFFD "\xef\xbf\xbd"

#define DEC(in, want) dec_is((in), sizeof(in) - 1, (want), __LINE__)

static void
dec_is(const char *in, size_t len, const char *want, int line)
{
	struct pst_buf b = { 0 };

	pst_rfc2047_decode(in, len, &b);
	t_memeq(pst_buf_str(&b), b.len, want, strlen(want), __FILE__, line,
	    in);
	t_check(pst_utf8_valid(pst_buf_str(&b), b.len), __FILE__, line,
	    "result is UTF-8");
	pst_buf_free(&b);
}

void test_rfc2047_plain(void)
{
	struct pst_buf b = { 0 };

	DEC("", "");
	DEC("Hello, world", "Hello, world");
	DEC("  spaced  out  ", "  spaced  out  ");
	DEC("a = b ? c", "a = b ? c");
	DEC("=", "=");
	DEC("=?", "=?");
	DEC("?=", "?=");
	DEC("caf\xc3\xa9", "caf\xc3\xa9");
	/* Empty input still gives a string. */
	pst_rfc2047_decode("", 0, &b);
	T_OK(b.p != NULL);
	T_STREQ(pst_buf_str(&b), "");
	pst_buf_free(&b);
}

void test_rfc2047_q(void)
{
	DEC("=?utf-8?q?caf=C3=A9?=", "caf\xc3\xa9");
	DEC("=?UTF-8?Q?caf=c3=a9?=", "caf\xc3\xa9");
	/* '_' is a space; an encoded space too. */
	DEC("=?iso-8859-1?q?Hello_World?=", "Hello World");
	DEC("=?iso-8859-1?q?a=20b__c?=", "a b  c");
	DEC("=?iso-8859-1?q?=5F_?=", "_ ");
	/* '=' without two hex digits stays. */
	DEC("=?utf-8?q?a=zz?=", "a=zz");
	DEC("=?utf-8?q?a=4?=", "a=4");
	DEC("=?utf-8?q?a=?=", "a=");
	/* An empty word is nothing. */
	DEC("x=?utf-8?q?\?=y", "xy");
	/* Around text and words. */
	DEC("Re: =?utf-8?q?caf=C3=A9?= time", "Re: caf\xc3\xa9 time");
}

void test_rfc2047_b(void)
{
	DEC("=?utf-8?b?Y2Fmw6k=?=", "caf\xc3\xa9");
	DEC("=?UTF-8?B?Y2Fmw6k=?=", "caf\xc3\xa9");
	/* Padding missing, short, or too long. */
	DEC("=?utf-8?B?Y2Fmw6k?=", "caf\xc3\xa9");
	DEC("=?utf-8?B?YQ?=", "a");
	DEC("=?utf-8?B?YQ=?=", "a");
	DEC("=?utf-8?B?YQ===?=", "a");
	DEC("=?utf-8?B?YWI?=", "ab");
	DEC("=?utf-8?B?YWJj?=", "abc");
	/* Padded chunks run together. */
	DEC("=?utf-8?B?YQ==Yg==?=", "ab");
	/* Bytes outside the alphabet are skipped; a lone sextet is nothing. */
	DEC("=?utf-8?B?Y*W.J!j?=", "abc");
	DEC("=?utf-8?B?Y?=", "");
	DEC("=?utf-8?B?\?=", "");
}

void test_rfc2047_charsets(void)
{
	/* Zażółć */
	DEC("=?ISO-8859-2?Q?Za=BF=F3=B3=E6?=",
	    "Za\xc5\xbc\xc3\xb3\xc5\x82\xc4\x87");
	DEC("=?iso-8859-2?B?WmG/87Pm?=", "Za\xc5\xbc\xc3\xb3\xc5\x82\xc4\x87");
	/* Привет */
	DEC("=?KOI8-R?B?8NLJ18XU?=",
	    "\xd0\x9f\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82");
	/* 中文 */
	DEC("=?GB2312?B?1tDOxA==?=", "\xe4\xb8\xad\xe6\x96\x87");
	DEC("=?gb2312?Q?=D6=D0=CE=C4?=", "\xe4\xb8\xad\xe6\x96\x87");
	/* 日本語 */
	DEC("=?Shift_JIS?B?k/qWe4zq?=",
	    "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e");
	/* café in Latin-1 and, with a 1252 byte, US-ASCII */
	DEC("=?ISO-8859-1?Q?caf=E9?=", "caf\xc3\xa9");
	DEC("=?us-ascii?Q?=93q=94?=", "\xe2\x80\x9cq\xe2\x80\x9d");
	/* 日 in ISO-2022-JP, the classic Japanese header charset. */
	DEC("=?ISO-2022-JP?B?GyRCRnwbKEI=?=", "\xe6\x97\xa5");
}

void test_rfc2047_adjacent(void)
{
	/* White space between words goes; elsewhere it stays. */
	DEC("=?utf-8?q?a?= =?utf-8?q?b?=", "ab");
	DEC("=?utf-8?q?a?=   \t =?UTF-8?B?Yg==?=", "ab");
	DEC("=?utf-8?q?a?=\r\n =?utf-8?q?b?=", "ab");
	DEC("=?utf-8?q?a?==?utf-8?q?b?=", "ab");
	DEC("=?utf-8?q?a?= x =?utf-8?q?b?=", "a x b");
	DEC("x =?utf-8?q?a?= =?utf-8?q?b?= y", "x ab y");
	DEC("  =?utf-8?q?a?=  ", "  a  ");
	/* Different charsets: each converted, the space still dropped. */
	DEC("=?iso-8859-1?q?=E9?= =?utf-8?q?=C3=A9?=", "\xc3\xa9\xc3\xa9");
	DEC("=?koi8-r?q?=F0?= =?iso-8859-2?q?=B1?= =?koi8-r?q?=F0?=",
	    "\xd0\x9f\xc4\x85\xd0\x9f");
	/* A word in an unknown charset is text: it does not join. */
	DEC("=?x-foo?q?a?= =?utf-8?q?b?=", "=?x-foo?q?a?= b");
	/* Spaces encoded inside words are kept. */
	DEC("=?utf-8?q?a_?= =?utf-8?q?_b?=", "a  b");
}

void test_rfc2047_split_char(void)
{
	/* é (C3 A9) cut between two Q words and two B words. */
	DEC("=?utf-8?Q?=C3?= =?utf-8?Q?=A9?=", "\xc3\xa9");
	DEC("=?utf-8?B?ww==?= =?UTF-8?b?qQ==?=", "\xc3\xa9");
	/* 日 (E6 97 A5) cut after its first byte. */
	DEC("=?utf-8?B?5g==?=\r\n\t=?utf-8?B?l6U=?=", "\xe6\x97\xa5");
	/* 日本 in Shift_JIS: 93 | FA 96 | 7B. */
	DEC("=?shift_jis?B?kw==?= =?shift_jis?B?+pY=?= =?shift_jis?B?ew==?=",
	    "\xe6\x97\xa5\xe6\x9c\xac");
	/* 中 in GB2312, mixing Q and B. */
	DEC("=?gb2312?Q?=D6?= =?gb2312?B?0A==?=", "\xe4\xb8\xad");
	/* A half character followed by text: replaced, text kept. */
	DEC("=?utf-8?Q?=C3?= and", FFFD " and");
}

void test_rfc2047_glued(void)
{
	/* Words not set off by white space, as Outlook writes them. */
	DEC("foo=?utf-8?q?x?=bar", "fooxbar");
	DEC("[=?utf-8?q?caf=C3=A9?=]", "[caf\xc3\xa9]");
	DEC("\"=?utf-8?q?Bob?=\" <b@x>", "\"Bob\" <b@x>");
	DEC("=?utf-8?q?a?=,=?utf-8?q?b?=", "a,b");
	/* Something that only looks like the start of one. */
	DEC("=?=?utf-8?q?x?=", "=?x");
	DEC("a=?b =?utf-8?q?x?=", "a=?b x");
}

void test_rfc2047_lang(void)
{
	/* RFC 2231's language suffix on the charset. */
	DEC("=?utf-8*en?q?hi?=", "hi");
	DEC("=?US-ASCII*EN-us?Q?Keith_Moore?=", "Keith Moore");
	DEC("=?utf-8*en?q?a?= =?utf-8?q?b?=", "ab");
	DEC("=?*en?q?hi?=", "=?*en?q?hi?=");
}

void test_rfc2047_malformed(void)
{
	/* Kept as they stand. */
	DEC("=?utf-8?q?abc", "=?utf-8?q?abc");
	DEC("=?utf-8?q?abc?", "=?utf-8?q?abc?");
	DEC("=?utf-8?q?", "=?utf-8?q?");
	DEC("=?utf-8?q", "=?utf-8?q");
	DEC("=?utf-8?", "=?utf-8?");
	DEC("=?utf-8", "=?utf-8");
	DEC("=?utf-8?x?abc?=", "=?utf-8?x?abc?=");
	DEC("=?utf-8?qq?abc?=", "=?utf-8?qq?abc?=");
	DEC("=?utf-8??abc?=", "=?utf-8??abc?=");
	DEC("=??q?abc?=", "=??q?abc?=");
	DEC("=?x-no-such-charset?q?abc?=", "=?x-no-such-charset?q?abc?=");
	DEC("=?x-no-such-charset?B?YWJj?= tail",
	    "=?x-no-such-charset?B?YWJj?= tail");
	/* White space inside a word breaks it. */
	DEC("=?utf-8?q?a b?=", "=?utf-8?q?a b?=");
	DEC("=?utf 8?q?ab?=", "=?utf 8?q?ab?=");
	/* A malformed word, then a good one. */
	DEC("=?utf-8?q?abc =?utf-8?q?d?=", "=?utf-8?q?abc d");
	DEC("=?utf-8?x?a?= =?utf-8?q?b?=", "=?utf-8?x?a?= b");
	/* A charset name too long for any charset. */
	DEC("=?aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	    "aaaaaaaaaa?q?x?=",
	    "=?aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	    "aaaaaaaaaa?q?x?=");
}

void test_rfc2047_raw_8bit(void)
{
	/* Outside words: valid UTF-8 stays, else windows-1252. */
	DEC("caf\xe9 =?utf-8?q?x?=", "caf\xc3\xa9 x");
	DEC("caf\xc3\xa9 =?utf-8?q?x?= \x80", "caf\xc3\xa9 x \xe2\x82\xac");
	DEC("\x93quoted\x94", "\xe2\x80\x9cquoted\xe2\x80\x9d");
	DEC("\xff", "\xc3\xbf");
}

void test_rfc2047_bad_bytes(void)
{
	/* Bytes a word's charset lacks become U+FFFD, the rest stays. */
	DEC("=?utf-8?q?a=FFb?=", "a" FFFD "b");
	DEC("=?utf-8?q?a=C0=80b?=", "a" FFFD FFFD "b");
	DEC("=?shift_jis?q?=93=FA=FF=96=7B?=",
	    "\xe6\x97\xa5" FFFD "\xe6\x9c\xac");
	/* A NUL or a line break inside a word is decoded like any byte. */
	DEC("=?utf-8?q?a=0Ab?=", "a\nb");
}

void test_rfc2047_linear(void)
{
	struct pst_buf in = { 0 }, out = { 0 };
	size_t i, n;
	int ok = 1;

	/* Many word starts and no end: must not take quadratic time. */
	for (i = 0; i < 100000; i++)
		pst_buf_adds(&in, "=?a?q?");
	pst_rfc2047_decode(in.p, in.len, &out);
	T_MEMEQ(out.p, out.len, in.p, in.len);
	pst_buf_reset(&in);
	pst_buf_reset(&out);
	for (i = 0; i < 100000; i++)
		pst_buf_adds(&in, "=?utf-8?q?x");
	pst_rfc2047_decode(in.p, in.len, &out);
	T_MEMEQ(out.p, out.len, in.p, in.len);
	pst_buf_reset(&in);
	pst_buf_reset(&out);

	/* Many adjacent words: one string, every byte there. */
	n = 50000;
	for (i = 0; i < n; i++)
		pst_buf_adds(&in, "=?utf-8?B?w6k=?= ");
	pst_rfc2047_decode(in.p, in.len, &out);
	T_INTEQ(out.len, 2 * n + 1);
	for (i = 0; i + 2 <= 2 * n && ok; i += 2)
		ok = memcmp(out.p + i, "\xc3\xa9", 2) == 0;
	T_OK(ok);
	pst_buf_free(&in);
	pst_buf_free(&out);
}
