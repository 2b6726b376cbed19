/* Unit tests of lib/charset.c. The encoded inputs are spelled as C escapes;
 * the expected UTF-8 too, with the characters named beside them. */
#include <string.h>

#include "buf.h"
#include "charset.h"
#include "t.h"

void test_charset_utf8(void);
void test_charset_latin1(void);
void test_charset_latin2(void);
void test_charset_koi8r(void);
void test_charset_shift_jis(void);
void test_charset_gb2312(void);
void test_charset_others(void);
void test_charset_invalid_bytes(void);
void test_charset_unknown(void);
void test_charset_names(void);
void test_charset_cache(void);
void test_charset_long_input(void);
void test_utf8_decode(void);
void test_utf8_repair(void);
void test_utf8_valid(void);
void test_ascii_only(void);

#define FFFD "\xef\xbf\xbd"

/* Convert in (a string literal, NULs allowed) from cs and compare. */
#define CONV(cs, in, rc, want) \
	conv_is((cs), (in), sizeof(in) - 1, (rc), (want), __LINE__)

static void
conv_is(const char *cs, const char *in, size_t len, int rc, const char *want,
    int line)
{
	struct pst_buf b = { 0 };
	int r;

	r = pst_charset_to_utf8(cs, in, len, &b);
	t_inteq(r, rc, __FILE__, line, cs ? cs : "(null)");
	t_memeq(pst_buf_str(&b), b.len, want, strlen(want), __FILE__, line,
	    cs ? cs : "(null)");
	pst_buf_free(&b);
}

void test_charset_utf8(void)
{
	CONV("utf-8", "caf\xc3\xa9 \xe2\x82\xac", 0,
	    "caf\xc3\xa9 \xe2\x82\xac");
	CONV("UTF-8", "plain", 0, "plain");
	/* U+1F600 */
	CONV("utf8", "\xf0\x9f\x98\x80", 0, "\xf0\x9f\x98\x80");
	CONV("unicode-1-1-utf-8", "\xc3\xa9", 0, "\xc3\xa9");
	CONV(NULL, "\xc3\xa9", 0, "\xc3\xa9");
	CONV("", "\xc3\xa9", 0, "\xc3\xa9");
	/* Invalid UTF-8 labelled UTF-8 is repaired, not refused. */
	CONV("utf-8", "a\xc3(b", 0, "a" FFFD "(b");
	CONV("utf-8", "", 0, "");
}

void test_charset_latin1(void)
{
	CONV("iso-8859-1", "caf\xe9", 0, "caf\xc3\xa9");	/* café */
	CONV("ISO-8859-1", "\xa0\xff", 0, "\xc2\xa0\xc3\xbf");	/* nbsp ÿ */
	/* 0x80-0x9F are read as windows-1252, as mail clients do. */
	CONV("iso-8859-1", "\x80 \x93q\x94", 0,		/* € “q” */
	    "\xe2\x82\xac \xe2\x80\x9cq\xe2\x80\x9d");
	CONV("latin1", "\xe9", 0, "\xc3\xa9");
	CONV("us-ascii", "na\xefve", 0, "na\xc3\xafve");	/* naïve */
	CONV("ascii", "plain ascii", 0, "plain ascii");
	CONV("ANSI_X3.4-1968", "\x85", 0, "\xe2\x80\xa6");	/* … */
	CONV("cp1252", "\x8a\x9f", 0, "\xc5\xa0\xc5\xb8");	/* Š Ÿ */
	CONV("cp1252", "\x99", 0, "\xe2\x84\xa2");		/* ™ */
	/* The five bytes windows-1252 leaves undefined. */
	CONV("windows-1252", "a\x81" "b\x8d\x8f\x90\x9d" "c", 0,
	    "a" FFFD "b" FFFD FFFD FFFD FFFD "c");
	/* A NUL byte passes through. */
	{
		struct pst_buf b = { 0 };

		T_INTEQ(pst_charset_to_utf8("iso-8859-1", "a\0\xe9", 3, &b), 0);
		T_MEMEQ(b.p, b.len, "a\0\xc3\xa9", 4);
		pst_buf_free(&b);
	}
}

void test_charset_latin2(void)
{
	/* Zażółć */
	CONV("iso-8859-2", "Za\xbf\xf3\xb3\xe6", 0,
	    "Za\xc5\xbc\xc3\xb3\xc5\x82\xc4\x87");
	CONV("ISO_8859-2", "\xa1\xb1", 0, "\xc4\x84\xc4\x85");	/* Ą ą */
	CONV("iso-8859-2", "ascii only", 0, "ascii only");
}

void test_charset_koi8r(void)
{
	/* Привет */
	CONV("koi8-r", "\xf0\xd2\xc9\xd7\xc5\xd4", 0,
	    "\xd0\x9f\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82");
	CONV("KOI8-R", "\xf0\xd2\xc9\xd7\xc5\xd4, world", 0,
	    "\xd0\x9f\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82, world");
}

void test_charset_shift_jis(void)
{
	/* 日本 */
	CONV("shift_jis", "\x93\xfa\x96\x7b", 0, "\xe6\x97\xa5\xe6\x9c\xac");
	CONV("Shift_JIS", "x\x93\xfa" "y", 0, "x\xe6\x97\xa5y");
	CONV("x-sjis", "\x93\xfa", 0, "\xe6\x97\xa5");
	CONV("sjis", "\x96\x7b", 0, "\xe6\x9c\xac");
	/* Half-width katakana ｱ (single byte 0xB1). */
	CONV("shift_jis", "\xb1", 0, "\xef\xbd\xb1");
	/* NEC's circled one: only in CP932, which shift_jis is read as. */
	CONV("shift_jis", "\x87\x40", 0, "\xe2\x91\xa0");
	/* A lead byte without its trail byte at the end. */
	CONV("shift_jis", "\x93\xfa\x93", 0, "\xe6\x97\xa5" FFFD);
}

void test_charset_gb2312(void)
{
	/* 中文 */
	CONV("gb2312", "\xd6\xd0\xce\xc4", 0, "\xe4\xb8\xad\xe6\x96\x87");
	CONV("GB2312", "a\xd6\xd0" "b", 0, "a\xe4\xb8\xad" "b");
	/* 丂 is GBK, not GB2312: gb2312 is read as its superset GB18030. */
	CONV("gb2312", "\x81\x40", 0, "\xe4\xb8\x82");
	CONV("gbk", "\x81\x40", 0, "\xe4\xb8\x82");
	CONV("x-gbk", "\xd6\xd0", 0, "\xe4\xb8\xad");
	CONV("euc-cn", "\xd6\xd0", 0, "\xe4\xb8\xad");
	CONV("gb18030", "\xd6\xd0", 0, "\xe4\xb8\xad");
}

void test_charset_others(void)
{
	/* 한국, in EUC-KR under Microsoft's label. */
	CONV("ks_c_5601-1987", "\xc7\xd1\xb1\xb9", 0,
	    "\xed\x95\x9c\xea\xb5\xad");
	CONV("euc-kr", "\xc7\xd1", 0, "\xed\x95\x9c");
	/* 日本 in ISO-2022-JP, a stateful charset. */
	CONV("iso-2022-jp", "\x1b$BF|K\\\x1b(B!", 0,
	    "\xe6\x97\xa5\xe6\x9c\xac!");
	CONV("cp1251", "\xcf\xf0", 0, "\xd0\x9f\xd1\x80");	/* Пр */
	CONV("windows-874", "\xa1", 0, "\xe0\xb8\x81");		/* ก */
	CONV("tis-620", "\xa1", 0, "\xe0\xb8\x81");
	CONV("iso-8859-15", "\xa4", 0, "\xe2\x82\xac");		/* € */
	CONV("big5", "\xa4\xa4", 0, "\xe4\xb8\xad");		/* 中 */
	CONV("utf-16be", "\x00" "A\x00\xe9", 0, "A\xc3\xa9");
}

void test_charset_invalid_bytes(void)
{
	/* Each bad byte is one U+FFFD and what follows is all kept. */
	CONV("utf-8", "ab\xff" "cd\xfe" "ef", 0, "ab" FFFD "cd" FFFD "ef");
	CONV("shift_jis", "\x93\xfa\xff\x96\x7b tail", 0,
	    "\xe6\x97\xa5" FFFD "\xe6\x9c\xac tail");
	CONV("gb2312", "\xd6\xd0\xff\xce\xc4 end", 0,
	    "\xe4\xb8\xad" FFFD "\xe6\x96\x87 end");
	CONV("euc-jp", "\xc6\xfc\x8e" "abc", 0, "\xe6\x97\xa5" FFFD "abc");
	CONV("iso-2022-jp", "a\x1b$BF|\x80K\\\x1b(Bz", 0,
	    "a\xe6\x97\xa5" FFFD "\xe6\x9c\xac" "z");
	CONV("us-ascii", "x\x81y", 0, "x" FFFD "y");
	/* A truncated character at the very end. */
	CONV("gb2312", "\xd6\xd0\xce", 0, "\xe4\xb8\xad" FFFD);
	CONV("utf-16le", "A\x00" "B", 0, "A" FFFD);
}

void test_charset_unknown(void)
{
	CONV("x-no-such-charset", "caf\xc3\xa9", -1, "caf\xc3\xa9");
	CONV("x-no-such-charset", "caf\xe9!", -1, "caf" FFFD "!");
	CONV("bogus charset", "abc", -1, "abc");
	CONV("utf-8/../../etc", "abc", -1, "abc");
	CONV("\"\"", "abc", -1, "abc");
	CONV("a-name-far-too-long-to-be-any-charset-that-anyone-has-ever-"
	    "registered", "abc", -1, "abc");
	T_OK(!pst_charset_known("x-no-such-charset"));
	T_OK(!pst_charset_known("utf-8 x"));
	/* Asked again, from the cache. */
	T_OK(!pst_charset_known("x-no-such-charset"));
}

void test_charset_names(void)
{
	CONV("\"iso-8859-2\"", "\xb1", 0, "\xc4\x85");
	CONV(" 'KOI8-R' ", "\xf0", 0, "\xd0\x9f");
	CONV("\tUtf-8 ", "\xc3\xa9", 0, "\xc3\xa9");
	T_OK(pst_charset_known("utf-8"));
	T_OK(pst_charset_known("US-ASCII"));
	T_OK(pst_charset_known("iso-8859-1"));
	T_OK(pst_charset_known("ISO-8859-2"));
	T_OK(pst_charset_known("koi8-r"));
	T_OK(pst_charset_known("shift_jis"));
	T_OK(pst_charset_known("gb2312"));
	T_OK(pst_charset_known("ks_c_5601-1987"));
	T_OK(pst_charset_known("\"windows-1251\""));
	T_OK(pst_charset_known(NULL));
	T_OK(!pst_charset_known("utf-8*en"));	/* the caller strips *lang */
	/* unknown-8bit: UTF-8 when it is, else windows-1252. */
	CONV("unknown-8bit", "\xc3\xa9", 0, "\xc3\xa9");
	CONV("unknown-8bit", "\xe9", 0, "\xc3\xa9");
}

void test_charset_cache(void)
{
	int i;

	/* More charsets in turn than the cache holds. */
	for (i = 0; i < 20; i++) {
		CONV("koi8-r", "\xf0", 0, "\xd0\x9f");
		CONV("iso-8859-2", "\xb1", 0, "\xc4\x85");
		CONV("shift_jis", "\x93\xfa", 0, "\xe6\x97\xa5");
		CONV("x-no-such-charset", "z", -1, "z");
		CONV("shift_jis", "\x93", 0, FFFD);	/* state reset after */
		CONV("shift_jis", "\x96\x7b", 0, "\xe6\x9c\xac");
	}
}

void test_charset_long_input(void)
{
	static char in[30001];
	struct pst_buf b = { 0 };
	size_t i;
	int ok = 1;

	/* 10000 times П and two spaces: larger than any internal chunk. */
	for (i = 0; i < 30000; i += 3)
		memcpy(in + i, "\xf0  ", 3);
	T_INTEQ(pst_charset_to_utf8("koi8-r", in, 30000, &b), 0);
	T_INTEQ(b.len, 40000);
	for (i = 0; i + 4 <= b.len && ok; i += 4)
		ok = memcmp(b.p + i, "\xd0\x9f  ", 4) == 0;
	T_OK(ok);
	pst_buf_free(&b);

	/* The same with a bad byte in each chunk, through iconv. */
	for (i = 0; i < 30000; i += 3)
		memcpy(in + i, "\x93\xfa\xff", 3);
	T_INTEQ(pst_charset_to_utf8("shift_jis", in, 30000, &b), 0);
	T_INTEQ(b.len, 60000);
	for (i = 0, ok = 1; i + 6 <= b.len && ok; i += 6)
		ok = memcmp(b.p + i, "\xe6\x97\xa5" FFFD, 6) == 0;
	T_OK(ok);
	pst_buf_free(&b);
}

void test_utf8_decode(void)
{
	unsigned long cp = 0;

	T_INTEQ(pst_utf8_decode("A", 1, &cp), 1);
	T_INTEQ(cp, 'A');
	T_INTEQ(pst_utf8_decode("\xc3\xa9", 2, &cp), 2);
	T_INTEQ(cp, 0xE9);
	T_INTEQ(pst_utf8_decode("\xe2\x82\xac", 3, &cp), 3);
	T_INTEQ(cp, 0x20AC);
	T_INTEQ(pst_utf8_decode("\xf0\x9f\x98\x80", 4, &cp), 4);
	T_INTEQ(cp, 0x1F600);
	T_INTEQ(pst_utf8_decode("\xf4\x8f\xbf\xbf", 4, &cp), 4);
	T_INTEQ(cp, 0x10FFFF);
	T_INTEQ(pst_utf8_decode("\xef\xbf\xbf", 3, NULL), 3);	/* U+FFFF */
	T_INTEQ(pst_utf8_decode("\xed\x9f\xbf", 3, NULL), 3);	/* U+D7FF */
	T_INTEQ(pst_utf8_decode("\xee\x80\x80", 3, NULL), 3);	/* U+E000 */
	T_INTEQ(pst_utf8_decode("\xc2\x80", 2, NULL), 2);
	T_INTEQ(pst_utf8_decode("\xe0\xa0\x80", 3, NULL), 3);
	T_INTEQ(pst_utf8_decode("\xf0\x90\x80\x80", 4, NULL), 4);
	/* Only the first sequence counts. */
	T_INTEQ(pst_utf8_decode("\xc3\xa9xyz", 5, NULL), 2);

	T_INTEQ(pst_utf8_decode("", 0, &cp), 0);
	T_INTEQ(pst_utf8_decode("\xc0\x80", 2, NULL), 0);	/* overlong */
	T_INTEQ(pst_utf8_decode("\xc1\xbf", 2, NULL), 0);
	T_INTEQ(pst_utf8_decode("\xe0\x80\xaf", 3, NULL), 0);
	T_INTEQ(pst_utf8_decode("\xe0\x9f\xbf", 3, NULL), 0);
	T_INTEQ(pst_utf8_decode("\xf0\x8f\xbf\xbf", 4, NULL), 0);
	T_INTEQ(pst_utf8_decode("\xed\xa0\x80", 3, NULL), 0);	/* D800 */
	T_INTEQ(pst_utf8_decode("\xed\xbf\xbf", 3, NULL), 0);	/* DFFF */
	T_INTEQ(pst_utf8_decode("\xf4\x90\x80\x80", 4, NULL), 0);
	T_INTEQ(pst_utf8_decode("\xf5\x80\x80\x80", 4, NULL), 0);
	T_INTEQ(pst_utf8_decode("\xff", 1, NULL), 0);
	T_INTEQ(pst_utf8_decode("\x80", 1, NULL), 0);		/* lone trail */
	/* Truncated: the length given ends it, even with bytes after. */
	T_INTEQ(pst_utf8_decode("\xe2\x82\xac", 2, NULL), 0);
	T_INTEQ(pst_utf8_decode("\xf0\x9f\x98", 3, NULL), 0);
	T_INTEQ(pst_utf8_decode("\xc3", 1, NULL), 0);
	T_INTEQ(pst_utf8_decode("\xe2\x82x", 3, NULL), 0);
	T_INTEQ(pst_utf8_decode("\xc3\xc3", 2, NULL), 0);
}

static void
repair_is(const char *in, size_t len, const char *want, int line)
{
	struct pst_buf b = { 0 };

	pst_utf8_repair(in, len, &b);
	t_memeq(pst_buf_str(&b), b.len, want, strlen(want), __FILE__, line,
	    "pst_utf8_repair");
	pst_buf_free(&b);
}

#define REPAIR(in, want) repair_is((in), sizeof(in) - 1, (want), __LINE__)

void test_utf8_repair(void)
{
	REPAIR("", "");
	REPAIR("plain", "plain");
	REPAIR("caf\xc3\xa9", "caf\xc3\xa9");
	REPAIR("caf\xe9", "caf" FFFD);
	REPAIR("\xe9t\xe9", FFFD "t" FFFD);
	REPAIR("\xc0\x80", FFFD FFFD);
	REPAIR("\xed\xa0\x80z", FFFD FFFD FFFD "z");
	REPAIR("\xe2\x82", FFFD FFFD);
	REPAIR("\xe2\x82\xe2\x82\xac", FFFD FFFD "\xe2\x82\xac");
	REPAIR("\xf4\x90\x80\x80", FFFD FFFD FFFD FFFD);
	REPAIR("a\xf0\x9f\x98\x80" "b", "a\xf0\x9f\x98\x80" "b");
}

void test_utf8_valid(void)
{
	T_OK(pst_utf8_valid("", 0));
	T_OK(pst_utf8_valid("abc", 3));
	T_OK(pst_utf8_valid("\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80", 9));
	T_OK(pst_utf8_valid("a\0b", 3));
	T_OK(!pst_utf8_valid("caf\xe9", 4));
	T_OK(!pst_utf8_valid("\xc3\xa9\xc3", 3));
	T_OK(!pst_utf8_valid("\xed\xa0\x80", 3));
	T_OK(!pst_utf8_valid("\xc0\xaf", 2));
}

void test_ascii_only(void)
{
	T_OK(pst_ascii_only("", 0));
	T_OK(pst_ascii_only("plain\t\x01\x7f", 8));
	T_OK(!pst_ascii_only("caf\xc3\xa9", 5));
	T_OK(!pst_ascii_only("\x80", 1));
	T_OK(pst_ascii_only("ab\xff", 2));	/* only the n bytes count */
}
