/* Unit tests of lib/width.c. */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "width.h"
#include "t.h"

void test_width_cp_narrow(void);
void test_width_cp_zero(void);
void test_width_cp_wide(void);
void test_width_cp_invalid(void);
void test_width_string(void);
void test_width_string_invalid(void);
void test_width_string_every_cp(void);

/* The width of the NUL-terminated UTF-8 string s. */
static size_t
width(const char *s)
{
	return pst_width(s, strlen(s));
}

void test_width_cp_narrow(void)
{
	T_INTEQ(pst_width_cp('a'), 1);
	T_INTEQ(pst_width_cp(' '), 1);
	T_INTEQ(pst_width_cp('~'), 1);
	/* Controls count one: what the caller shows for them. */
	T_INTEQ(pst_width_cp(0), 1);
	T_INTEQ(pst_width_cp('\t'), 1);
	T_INTEQ(pst_width_cp(0x7F), 1);
	T_INTEQ(pst_width_cp(0x9B), 1);
	T_INTEQ(pst_width_cp(0xA0), 1);		/* no-break space */
	T_INTEQ(pst_width_cp(0xE9), 1);		/* e acute */
	T_INTEQ(pst_width_cp(0x2FF), 1);
	T_INTEQ(pst_width_cp(0x370), 1);	/* just past the marks */
	T_INTEQ(pst_width_cp(0x0416), 1);	/* Cyrillic */
	T_INTEQ(pst_width_cp(0x05D0), 1);	/* Hebrew alef */
	T_INTEQ(pst_width_cp(0x20AC), 1);	/* euro sign */
	T_INTEQ(pst_width_cp(0x2713), 1);	/* check mark: text style */
	T_INTEQ(pst_width_cp(0xFF61), 1);	/* halfwidth katakana */
	T_INTEQ(pst_width_cp(0xFFFD), 1);
	T_INTEQ(pst_width_cp(0x1F650), 1);	/* just past the emoji */
}

void test_width_cp_zero(void)
{
	T_INTEQ(pst_width_cp(0xAD), 0);		/* soft hyphen */
	T_INTEQ(pst_width_cp(0x300), 0);	/* combining grave */
	T_INTEQ(pst_width_cp(0x301), 0);
	T_INTEQ(pst_width_cp(0x36F), 0);
	T_INTEQ(pst_width_cp(0x05B0), 0);	/* Hebrew point */
	T_INTEQ(pst_width_cp(0x094D), 0);	/* Devanagari virama */
	T_INTEQ(pst_width_cp(0x200B), 0);	/* zero-width space */
	T_INTEQ(pst_width_cp(0x200C), 0);	/* ZWNJ */
	T_INTEQ(pst_width_cp(0x200D), 0);	/* ZWJ */
	T_INTEQ(pst_width_cp(0x200E), 0);	/* LRM */
	T_INTEQ(pst_width_cp(0x202E), 0);	/* RLO */
	T_INTEQ(pst_width_cp(0x2060), 0);	/* word joiner */
	T_INTEQ(pst_width_cp(0xFE0F), 0);	/* variation selector 16 */
	T_INTEQ(pst_width_cp(0xFEFF), 0);	/* BOM */
	T_INTEQ(pst_width_cp(0xE0100), 0);
	T_INTEQ(pst_width_cp(0xE01EF), 0);
	T_INTEQ(pst_width_cp(0xE01F0), 1);
}

void test_width_cp_wide(void)
{
	T_INTEQ(pst_width_cp(0x1100), 2);	/* Hangul jamo */
	T_INTEQ(pst_width_cp(0x115F), 2);
	T_INTEQ(pst_width_cp(0x1160), 1);
	T_INTEQ(pst_width_cp(0x3000), 2);	/* ideographic space */
	T_INTEQ(pst_width_cp(0x3001), 2);	/* ideographic comma */
	T_INTEQ(pst_width_cp(0x303F), 1);
	T_INTEQ(pst_width_cp(0x3042), 2);	/* hiragana a */
	T_INTEQ(pst_width_cp(0x65E5), 2);	/* CJK "sun" */
	T_INTEQ(pst_width_cp(0x9FFF), 2);
	T_INTEQ(pst_width_cp(0xAC00), 2);	/* Hangul syllable */
	T_INTEQ(pst_width_cp(0xD7A3), 2);
	T_INTEQ(pst_width_cp(0xD7A4), 1);
	T_INTEQ(pst_width_cp(0xFF01), 2);	/* fullwidth ! */
	T_INTEQ(pst_width_cp(0xFF60), 2);
	T_INTEQ(pst_width_cp(0xFFE6), 2);
	T_INTEQ(pst_width_cp(0x231A), 2);	/* watch */
	T_INTEQ(pst_width_cp(0x1F600), 2);	/* grinning face */
	T_INTEQ(pst_width_cp(0x1F64F), 2);
	T_INTEQ(pst_width_cp(0x1F680), 2);	/* rocket */
	T_INTEQ(pst_width_cp(0x20000), 2);	/* CJK extension B */
	T_INTEQ(pst_width_cp(0x3FFFD), 2);
	T_INTEQ(pst_width_cp(0x3FFFE), 1);
}

void test_width_cp_invalid(void)
{
	/* Not characters: shown as U+FFFD, one column. */
	T_INTEQ(pst_width_cp(0xD800), 1);
	T_INTEQ(pst_width_cp(0xDFFF), 1);
	T_INTEQ(pst_width_cp(0x110000), 1);
	T_INTEQ(pst_width_cp(0xFFFFFFFFUL), 1);
	T_INTEQ(pst_width_cp(0x10FFFF), 1);
}

void test_width_string(void)
{
	T_INTEQ(pst_width(NULL, 0), 0);
	T_INTEQ(width(""), 0);
	T_INTEQ(width("hello, world"), 12);
	T_INTEQ(pst_width("a\0b", 3), 3);	/* a NUL is a byte */
	T_INTEQ(width("caf\xc3\xa9"), 4);	/* precomposed */
	T_INTEQ(width("cafe\xcc\x81"), 4);	/* combining acute */
	T_INTEQ(width("\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e"), 6);
	T_INTEQ(width("a\xe6\x97\xa5" "b"), 4);
	T_INTEQ(width("\xe2\x80\x8b\xe2\x80\x8b"), 0);	/* ZWSP ZWSP */
	T_INTEQ(width("\xf0\x9f\x98\x80!"), 3);		/* emoji, '!' */
	T_INTEQ(width("\xef\xbc\xa1\xef\xbd\x81"), 4);	/* fullwidth Aa */
	/* Only n bytes are looked at. */
	T_INTEQ(pst_width("\xe6\x97\xa5\xe6\x9c\xac", 3), 2);
}

void test_width_string_invalid(void)
{
	/* Every byte that starts no valid sequence counts one. */
	T_INTEQ(width("\xff"), 1);
	T_INTEQ(width("\x80\x80\x80"), 3);		/* lone continuations */
	T_INTEQ(width("\xc0\xaf"), 2);			/* overlong '/' */
	T_INTEQ(width("\xe0\x80\xaf"), 3);		/* overlong */
	T_INTEQ(width("\xed\xa0\x80"), 3);		/* surrogate */
	T_INTEQ(width("\xf4\x90\x80\x80"), 4);		/* past U+10FFFF */
	T_INTEQ(width("\xf8\x88\x80\x80\x80"), 5);
	/* A sequence cut short by n: its bytes count one each, and none is
	 * read past n. */
	T_INTEQ(pst_width("\xe6\x97\xa5", 2), 2);
	T_INTEQ(pst_width("\xf0\x9f\x98\x80", 3), 3);
	/* After a bad byte, the next character is read whole. */
	T_INTEQ(width("\xe6\xe6\x97\xa5"), 3);
	T_INTEQ(width("\xc3" "a"), 2);
}

void test_width_string_every_cp(void)
{
	struct pst_buf b = { 0 };
	unsigned long cp, bad = 0;

	/* pst_width of one character is pst_width_cp of it, all planes. */
	for (cp = 0; cp <= 0x10FFFF; cp++) {
		if (cp >= 0xD800 && cp <= 0xDFFF)
			continue;
		pst_buf_reset(&b);
		pst_buf_addutf8(&b, cp);
		if (pst_width(b.p, b.len) != (size_t)pst_width_cp(cp))
			bad++;
		if (pst_width_cp(cp) < 0 || pst_width_cp(cp) > 2)
			bad++;
	}
	T_INTEQ(bad, 0);
	pst_buf_free(&b);
}
