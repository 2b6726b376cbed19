/* charset: conversion of text to UTF-8, and UTF-8 checks.
 *
 * UTF-8, US-ASCII, ISO-8859-1 and windows-1252 (the bulk of all mail) are
 * converted here without iconv; everything else goes through iconv, whose
 * descriptors are cached because iconv_open is slow and one message may
 * hold thousands of parts in the same charset.  The cache makes this module
 * not thread-safe; the posta tools are single-threaded. */
#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <string.h>

#include "buf.h"
#include "charset.h"

#define REPLACEMENT	"\xef\xbf\xbd"	/* U+FFFD in UTF-8 */
#define CS_NAME_MAX	64		/* longer names are not charsets */

/* How a charset is read. */
enum cs_kind {
	CS_UTF8,	/* UTF-8, repaired */
	CS_1252,	/* windows-1252 (ASCII, Latin-1 and 1252 labels) */
	CS_AUTO,	/* unlabelled 8-bit: UTF-8 when valid, else 1252 */
	CS_ICONV,	/* iconv, from the table's name or the given one */
};

/* Labels read differently from what iconv would do with them: the
 * supersets every mail client uses, and the names iconv lacks. */
static const struct alias {
	const char *label;
	enum cs_kind kind;
	const char *iconv_name;	/* for CS_ICONV; NULL: the label itself */
} aliases[] = {
	{ "utf-8",		CS_UTF8, NULL },
	{ "utf8",		CS_UTF8, NULL },
	{ "unicode-1-1-utf-8",	CS_UTF8, NULL },
	{ "x-unicode20utf8",	CS_UTF8, NULL },
	{ "us-ascii",		CS_1252, NULL },
	{ "ascii",		CS_1252, NULL },
	{ "ansi_x3.4-1968",	CS_1252, NULL },
	{ "iso-ir-6",		CS_1252, NULL },
	{ "us",			CS_1252, NULL },
	{ "iso-8859-1",		CS_1252, NULL },
	{ "iso8859-1",		CS_1252, NULL },
	{ "iso_8859-1",		CS_1252, NULL },
	{ "iso_8859-1:1987",	CS_1252, NULL },
	{ "iso-ir-100",		CS_1252, NULL },
	{ "latin1",		CS_1252, NULL },
	{ "latin-1",		CS_1252, NULL },
	{ "l1",			CS_1252, NULL },
	{ "cp819",		CS_1252, NULL },
	{ "ibm819",		CS_1252, NULL },
	{ "windows-1252",	CS_1252, NULL },
	{ "cp1252",		CS_1252, NULL },
	{ "x-cp1252",		CS_1252, NULL },
	{ "unknown-8bit",	CS_AUTO, NULL },
	{ "x-unknown",		CS_AUTO, NULL },
	{ "unknown",		CS_AUTO, NULL },
	{ "gb2312",		CS_ICONV, "GB18030" },
	{ "gbk",		CS_ICONV, "GB18030" },
	{ "x-gbk",		CS_ICONV, "GB18030" },
	{ "euc-cn",		CS_ICONV, "GB18030" },
	{ "x-euc-cn",		CS_ICONV, "GB18030" },
	{ "cp936",		CS_ICONV, "GB18030" },
	{ "csgb2312",		CS_ICONV, "GB18030" },
	{ "gb_2312-80",		CS_ICONV, "GB18030" },
	{ "ks_c_5601-1987",	CS_ICONV, "CP949" },
	{ "ks_c_5601-1989",	CS_ICONV, "CP949" },
	{ "ksc5601",		CS_ICONV, "CP949" },
	{ "euc-kr",		CS_ICONV, "CP949" },
	{ "windows-949",	CS_ICONV, "CP949" },
	{ "shift_jis",		CS_ICONV, "CP932" },
	{ "shift-jis",		CS_ICONV, "CP932" },
	{ "x-sjis",		CS_ICONV, "CP932" },
	{ "sjis",		CS_ICONV, "CP932" },
	{ "ms_kanji",		CS_ICONV, "CP932" },
	{ "csshiftjis",		CS_ICONV, "CP932" },
	{ "windows-31j",	CS_ICONV, "CP932" },
	{ "big5",		CS_ICONV, "BIG5-HKSCS" },
	{ "x-x-big5",		CS_ICONV, "BIG5-HKSCS" },
	{ "tis-620",		CS_ICONV, "WINDOWS-874" },
	{ "iso-8859-11",	CS_ICONV, "WINDOWS-874" },
	{ "iso-8859-8-i",	CS_ICONV, "ISO-8859-8" },
	{ "x-mac-roman",	CS_ICONV, "MACINTOSH" },
};

/* windows-1252 0x80-0x9F; 0 marks the five bytes it leaves undefined. */
static const unsigned short cp1252_c1[32] = {
	0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
	0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
};

/* The last two iconv descriptors opened, most recent first; cd is
 * (iconv_t)-1 for a name iconv does not know, so that is remembered too. */
static struct conv {
	char name[CS_NAME_MAX];
	iconv_t cd;
	int used;
} cache[2];

/* The UTF-8 sequence at p[0..n): its length, or 0 when invalid. */
static inline size_t
utf8_seq(const unsigned char *p, size_t n, unsigned long *cp)
{
	unsigned char c = p[0], lo = 0x80, hi = 0xBF;
	unsigned long v;
	size_t len, i;

	if (c < 0x80) {
		if (cp)
			*cp = c;
		return 1;
	}
	if (c >= 0xC2 && c <= 0xDF) {
		len = 2;
		v = c & 0x1F;
	} else if (c >= 0xE0 && c <= 0xEF) {
		len = 3;
		v = c & 0x0F;
		if (c == 0xE0)
			lo = 0xA0;	/* overlong */
		else if (c == 0xED)
			hi = 0x9F;	/* surrogates */
	} else if (c >= 0xF0 && c <= 0xF4) {
		len = 4;
		v = c & 0x07;
		if (c == 0xF0)
			lo = 0x90;	/* overlong */
		else if (c == 0xF4)
			hi = 0x8F;	/* above U+10FFFF */
	} else
		return 0;
	if (n < len || p[1] < lo || p[1] > hi)
		return 0;
	v = (v << 6) | (p[1] & 0x3F);
	for (i = 2; i < len; i++) {
		if ((p[i] & 0xC0) != 0x80)
			return 0;
		v = (v << 6) | (p[i] & 0x3F);
	}
	if (cp)
		*cp = v;
	return len;
}

size_t
pst_utf8_decode(const char *p, size_t n, unsigned long *cp)
{
	if (n == 0)
		return 0;
	return utf8_seq((const unsigned char *)p, n, cp);
}

/* The index of the first 8-bit byte in p[i..n), or n: eight bytes at a
 * time, since most mail text is ASCII. */
static size_t
skip_ascii(const unsigned char *p, size_t i, size_t n)
{
	uint64_t w;

	while (n - i >= 8) {
		memcpy(&w, p + i, 8);
		if (w & 0x8080808080808080ULL)
			break;
		i += 8;
	}
	while (i < n && p[i] < 0x80)
		i++;
	return i;
}

/* The length of the longest valid UTF-8 prefix of p[0..n). */
static size_t
utf8_valid_prefix(const unsigned char *p, size_t n)
{
	size_t i = 0, k;

	while (i < n) {
		if (p[i] < 0x80) {
			i = skip_ascii(p, i, n);
			continue;
		}
		if ((k = utf8_seq(p + i, n - i, NULL)) == 0)
			break;
		i += k;
	}
	return i;
}

int
pst_utf8_valid(const char *p, size_t n)
{
	return utf8_valid_prefix((const unsigned char *)p, n) == n;
}

void
pst_utf8_repair(const char *in, size_t len, struct pst_buf *out)
{
	const unsigned char *p = (const unsigned char *)in;
	size_t ok;

	for (;;) {
		ok = utf8_valid_prefix(p, len);
		pst_buf_add(out, p, ok);
		if (ok == len)
			return;
		pst_buf_add(out, REPLACEMENT, 3);
		p += ok + 1;
		len -= ok + 1;
	}
}

/* windows-1252 to UTF-8; its five undefined bytes become U+FFFD. */
static void
cp1252_to_utf8(const char *in, size_t len, struct pst_buf *out)
{
	const unsigned char *p = (const unsigned char *)in;
	size_t i = 0, run;
	unsigned long cp;

	while (i < len) {
		run = skip_ascii(p, i, len);
		pst_buf_add(out, p + i, run - i);
		if (run == len)
			break;
		cp = p[run];
		if (cp < 0xA0 && (cp = cp1252_c1[cp - 0x80]) == 0)
			cp = 0xFFFD;
		pst_buf_addutf8(out, cp);
		i = run + 1;
	}
}

/* Copy the charset label cs, without surrounding blanks and quotes, in
 * lower case, to name[CS_NAME_MAX]. Returns -1 when there is none or it
 * is too long or holds bytes no charset name has (iconv gets nothing
 * odd). */
static int
normalize_name(const char *cs, char *name)
{
	const char *end;
	size_t n, i;

	if (cs == NULL)
		return -1;
	end = cs + strlen(cs);
	while (cs < end && strchr(" \t\r\n\"'", *cs) != NULL)
		cs++;
	while (end > cs && strchr(" \t\r\n\"'", end[-1]) != NULL)
		end--;
	n = (size_t)(end - cs);
	if (n == 0 || n >= CS_NAME_MAX)
		return -1;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)cs[i];

		if (c >= 'A' && c <= 'Z')
			c = (unsigned char)(c - 'A' + 'a');
		else if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		    strchr("-_.:", c) != NULL))
			return -1;
		name[i] = (char)c;
	}
	name[n] = '\0';
	return 0;
}

static const struct alias *
find_alias(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof aliases / sizeof aliases[0]; i++)
		if (strcmp(aliases[i].label, name) == 0)
			return &aliases[i];
	return NULL;
}

/* An iconv descriptor from name (normalized) to UTF-8, or (iconv_t)-1;
 * the target of its alias is tried first, then the name itself. */
static iconv_t
cached_iconv(const char *name, const struct alias *a)
{
	struct conv tmp;

	if (cache[0].used && strcmp(cache[0].name, name) == 0)
		return cache[0].cd;
	if (cache[1].used && strcmp(cache[1].name, name) == 0) {
		tmp = cache[0];
		cache[0] = cache[1];
		cache[1] = tmp;
		return cache[0].cd;
	}
	if (cache[1].used && cache[1].cd != (iconv_t)-1)
		iconv_close(cache[1].cd);
	cache[1] = cache[0];
	memcpy(cache[0].name, name, strlen(name) + 1);
	cache[0].used = 1;
	cache[0].cd = (iconv_t)-1;
	if (a != NULL && a->iconv_name != NULL)
		cache[0].cd = iconv_open("UTF-8", a->iconv_name);
	if (cache[0].cd == (iconv_t)-1)
		cache[0].cd = iconv_open("UTF-8", name);
	return cache[0].cd;
}

/* Append what iconv wrote, checked: glibc's UTF-8 decoder (which any
 * label iconv reads as UTF-8, such as "utf-8+", reaches) lets 5-byte
 * and out-of-range sequences through. iconv writes whole characters, so
 * each chunk can be checked on its own. */
static void
add_iconv_output(const char *p, size_t n, struct pst_buf *out)
{
	if (pst_utf8_valid(p, n))
		pst_buf_add(out, p, n);
	else
		pst_utf8_repair(p, n, out);
}

/* Convert with cd, each byte iconv refuses (or a truncated sequence at
 * the end) replaced by U+FFFD, carrying on after it. */
static void
iconv_to_utf8(iconv_t cd, const char *in, size_t len, struct pst_buf *out)
{
	char tmp[4096], *ip, *op;
	size_t il = len, ol, r;
	int err;

	ip = (char *)(uintptr_t)in;	/* iconv's prototype lacks const */
	iconv(cd, NULL, NULL, NULL, NULL);
	while (il > 0) {
		op = tmp;
		ol = sizeof tmp;
		r = iconv(cd, &ip, &il, &op, &ol);
		err = errno;
		add_iconv_output(tmp, (size_t)(op - tmp), out);
		if (r != (size_t)-1 || (err == E2BIG && op != tmp))
			continue;
		/* EILSEQ, EINVAL (truncated at the end), or anything odd:
		 * one byte is lost, never the rest. */
		pst_buf_add(out, REPLACEMENT, 3);
		ip++;
		il--;
	}
	/* Stateful charsets may owe a last sequence. */
	op = tmp;
	ol = sizeof tmp;
	if (iconv(cd, NULL, NULL, &op, &ol) != (size_t)-1)
		add_iconv_output(tmp, (size_t)(op - tmp), out);
}

/* Whether in[0..len) is 7-bit. */
static int
is_ascii(const char *in, size_t len)
{
	return skip_ascii((const unsigned char *)in, 0, len) == len;
}

int
pst_charset_to_utf8(const char *cs, const char *in, size_t len,
    struct pst_buf *out)
{
	char name[CS_NAME_MAX];
	const struct alias *a;
	iconv_t cd;

	if (cs == NULL || *cs == '\0') {
		pst_utf8_repair(in, len, out);
		return 0;
	}
	if (normalize_name(cs, name) == -1) {
		pst_utf8_repair(in, len, out);
		return -1;
	}
	a = find_alias(name);
	if (a != NULL && a->kind == CS_UTF8) {
		pst_utf8_repair(in, len, out);
		return 0;
	}
	if (a != NULL && (a->kind == CS_1252 || a->kind == CS_AUTO)) {
		if (is_ascii(in, len) ||
		    (a->kind == CS_AUTO && pst_utf8_valid(in, len)))
			pst_buf_add(out, in, len);
		else
			cp1252_to_utf8(in, len, out);
		return 0;
	}
	if ((cd = cached_iconv(name, a)) == (iconv_t)-1) {
		pst_utf8_repair(in, len, out);
		return -1;
	}
	iconv_to_utf8(cd, in, len, out);
	return 0;
}

int
pst_charset_known(const char *cs)
{
	char name[CS_NAME_MAX];
	const struct alias *a;

	if (cs == NULL || *cs == '\0')
		return 1;
	if (normalize_name(cs, name) == -1)
		return 0;
	a = find_alias(name);
	if (a != NULL && a->kind != CS_ICONV)
		return 1;
	return cached_iconv(name, a) != (iconv_t)-1;
}

int
pst_ascii_only(const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if ((unsigned char)p[i] >= 0x80)
			return 0;
	return 1;
}
