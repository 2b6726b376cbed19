/* Unit tests of lib/param.c: Content-Type and Content-Disposition values.
 * Non-ASCII expectations are spelled as UTF-8 escapes, named beside. */
#include <stdio.h>
#include <string.h>

#include "param.h"
#include "t.h"

void test_param_basic(void);
void test_param_empty(void);
void test_param_quoted_escapes(void);
void test_param_comments(void);
void test_param_rfc2231_order(void);
void test_param_rfc2231_charset(void);
void test_param_rfc2231_koi8r(void);
void test_param_rfc2231_odd(void);
void test_param_extended_wins(void);
void test_param_missing_quotes(void);
void test_param_stray_semicolons(void);
void test_param_uppercase(void);
void test_param_encoded_word(void);
void test_param_duplicates(void);
void test_param_unclosed_quote(void);
void test_param_many(void);

/* U+0442 U+0435 U+0441 U+0442 ("test" in Russian) then ".txt" */
#define TEST_TXT "\xd1\x82\xd0\xb5\xd1\x81\xd1\x82.txt"

static void
parse(const char *s, struct pst_params *ps)
{
	pst_params_parse(s, strlen(s), ps);
}

#define GETP(ps, name, want) T_STREQ(pst_params_get((ps), (name)), (want))

void test_param_basic(void)
{
	struct pst_params ps;

	parse("text/plain; charset=us-ascii; format=flowed", &ps);
	T_STREQ(ps.token, "text/plain");
	T_INTEQ(ps.n, 2);
	T_STREQ(ps.p[0].name, "charset");
	T_STREQ(ps.p[0].value, "us-ascii");
	GETP(&ps, "format", "flowed");
	GETP(&ps, "FORMAT", "flowed");
	GETP(&ps, "delsp", NULL);
	pst_params_free(&ps);
	T_INTEQ(ps.n, 0);
	T_OK(ps.token == NULL);

	/* Only the given length is read. */
	pst_params_parse("text/html; charset=utf-8", 9, &ps);
	T_STREQ(ps.token, "text/html");
	T_INTEQ(ps.n, 0);
	pst_params_free(&ps);
}

void test_param_empty(void)
{
	struct pst_params ps;

	pst_params_parse("", 0, &ps);
	T_STREQ(ps.token, "");
	T_INTEQ(ps.n, 0);
	pst_params_free(&ps);
	parse("; name=x", &ps);
	T_STREQ(ps.token, "");
	GETP(&ps, "name", "x");
	pst_params_free(&ps);
	parse("   ", &ps);
	T_STREQ(ps.token, "");
	pst_params_free(&ps);
}

void test_param_quoted_escapes(void)
{
	struct pst_params ps;

	parse("attachment; filename=\"a \\\"b\\\" \\\\c;d.txt\"; size=3", &ps);
	T_STREQ(ps.token, "attachment");
	GETP(&ps, "filename", "a \"b\" \\c;d.txt");
	GETP(&ps, "size", "3");
	pst_params_free(&ps);
	/* Blanks inside quotes are kept, also at the ends. */
	parse("x/y; a=\" sp \"", &ps);
	GETP(&ps, "a", " sp ");
	pst_params_free(&ps);
	/* An empty quoted value. */
	parse("x/y; a=\"\"; b=1", &ps);
	GETP(&ps, "a", "");
	GETP(&ps, "b", "1");
	pst_params_free(&ps);
}

void test_param_comments(void)
{
	struct pst_params ps;

	parse("text/plain (a comment; with semicolon) ; (c) charset (c2) = "
	    "(c3) \"utf-8\" (trailing)", &ps);
	T_STREQ(ps.token, "text/plain");
	GETP(&ps, "charset", "utf-8");
	pst_params_free(&ps);
	/* The example of RFC 2045, section 5.1. */
	parse("text/plain; charset=us-ascii (Plain text)", &ps);
	T_STREQ(ps.token, "text/plain");
	GETP(&ps, "charset", "us-ascii");
	pst_params_free(&ps);
	/* Nested comments with an escaped parenthesis. */
	parse("multipart/mixed (x (y \\) z) w); boundary=b1", &ps);
	T_STREQ(ps.token, "multipart/mixed");
	GETP(&ps, "boundary", "b1");
	pst_params_free(&ps);
	parse("x/y; a=v (c1) (c2 (nested)); b=w(x); c=(all)", &ps);
	GETP(&ps, "a", "v");
	GETP(&ps, "b", "w(x)");
	GETP(&ps, "c", "");
	pst_params_free(&ps);
	parse("x/y; a=v x)", &ps);		/* unbalanced: kept */
	GETP(&ps, "a", "v x)");
	pst_params_free(&ps);
	/* Parentheses inside an unquoted name that are not a comment. */
	parse("attachment; filename=report (1).pdf", &ps);
	GETP(&ps, "filename", "report (1).pdf");
	pst_params_free(&ps);
}

void test_param_rfc2231_order(void)
{
	struct pst_params ps;

	parse("attachment; filename*2=\"c.txt\"; filename*0=\"a\"; "
	    "filename*1=b", &ps);
	GETP(&ps, "filename", "abc.txt");
	T_INTEQ(ps.n, 1);
	pst_params_free(&ps);
	/* The example of RFC 2231, section 3. */
	parse("message/external-body; access-type=URL;\n"
	    " URL*0=\"ftp://\";\n URL*1=\"cs.utk.edu/pub/moore/bulk-mailer/"
	    "bulk-mailer.tar\"", &ps);
	GETP(&ps, "url",
	    "ftp://cs.utk.edu/pub/moore/bulk-mailer/bulk-mailer.tar");
	GETP(&ps, "access-type", "URL");
	pst_params_free(&ps);
	/* A gap ends the value: *0 and *1 only. */
	parse("x/y; n*0=a; n*1=b; n*3=d", &ps);
	GETP(&ps, "n", "ab");
	pst_params_free(&ps);
}

void test_param_rfc2231_charset(void)
{
	struct pst_params ps;

	parse("attachment; filename*=UTF-8''%D1%82%D0%B5%D1%81%D1%82.txt", &ps);
	GETP(&ps, "filename", TEST_TXT);
	pst_params_free(&ps);
	/* The language part, and lowercase hex. */
	parse("x/y; title*=us-ascii'en-us'This%20is%20%2a%2A%2Afun%2A%2A%2A",
	    &ps);
	GETP(&ps, "title", "This is ***fun***");
	pst_params_free(&ps);
	/* Continued: the charset is on the first section only; a plain
	 * section among encoded ones is taken as it is (no % decoding). */
	parse("attachment; filename*1*=%82%D0%B5%D1%81%D1%82; "
	    "filename*0*=utf-8'ru'%D1; filename*2=\".t%78t\"", &ps);
	GETP(&ps, "filename",
	    "\xd1\x82\xd0\xb5\xd1\x81\xd1\x82.t%78t");
	pst_params_free(&ps);
	/* Percent signs not followed by two hex digits stay. */
	parse("x/y; a*=utf-8''100%25%2%zz%", &ps);
	GETP(&ps, "a", "100%%2%zz%");
	pst_params_free(&ps);
	/* An invalid UTF-8 byte becomes U+FFFD. */
	parse("x/y; a*=utf-8''a%FFb", &ps);
	GETP(&ps, "a", "a\xef\xbf\xbd" "b");
	pst_params_free(&ps);
}

void test_param_rfc2231_koi8r(void)
{
	struct pst_params ps;

	parse("attachment; filename*=koi8-r''%D4%C5%D3%D4.txt", &ps);
	GETP(&ps, "filename", TEST_TXT);
	pst_params_free(&ps);
	parse("attachment; filename*=KOI8-R'ru'%D4%C5%D3%D4.txt", &ps);
	GETP(&ps, "filename", TEST_TXT);
	pst_params_free(&ps);
}

void test_param_rfc2231_odd(void)
{
	struct pst_params ps;

	/* No charset quotes at all: percent-decoded bytes as they are. */
	parse("x/y; a*=abc%20d", &ps);
	GETP(&ps, "a", "abc d");
	pst_params_free(&ps);
	/* An unknown charset: the bytes, repaired as UTF-8 (no crash). */
	parse("x/y; a*=x-no-such-charset''%41%42", &ps);
	GETP(&ps, "a", "AB");
	pst_params_free(&ps);
	/* An empty charset: taken as UTF-8. */
	parse("x/y; a*=''%C3%A9", &ps);
	GETP(&ps, "a", "\xc3\xa9");
	pst_params_free(&ps);
	/* A quoted extended value (not allowed, but sent). */
	parse("x/y; a*=\"utf-8''%C3%A9\"", &ps);
	GETP(&ps, "a", "\xc3\xa9");
	pst_params_free(&ps);
	/* Continuations with no section 0 are not a value. */
	parse("x/y; a*1=x; b=y", &ps);
	GETP(&ps, "b", "y");
	pst_params_free(&ps);
	/* A very long charset name is not used, but the text is kept. */
	parse("x/y; a*=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	    "aaaaaaaaaaaaaaaaaaaaaaa''%41", &ps);
	GETP(&ps, "a", "A");
	pst_params_free(&ps);
}

void test_param_extended_wins(void)
{
	struct pst_params ps;

	parse("attachment; filename=\"plain.txt\"; "
	    "filename*=utf-8''ext%C3%A9.txt", &ps);
	GETP(&ps, "filename", "ext\xc3\xa9.txt");
	T_INTEQ(ps.n, 1);
	pst_params_free(&ps);
	parse("attachment; filename*=utf-8''ext.txt; filename=plain.txt", &ps);
	GETP(&ps, "filename", "ext.txt");
	pst_params_free(&ps);
	parse("attachment; filename*0=\"con\"; filename=\"plain.txt\"; "
	    "filename*1=\"tinued\"", &ps);
	GETP(&ps, "filename", "continued");
	pst_params_free(&ps);
}

void test_param_missing_quotes(void)
{
	struct pst_params ps;

	parse("attachment; filename=my file name.txt ; size=10", &ps);
	GETP(&ps, "filename", "my file name.txt");
	GETP(&ps, "size", "10");
	pst_params_free(&ps);
	/* Bytes that a token may not hold, sent anyway. */
	parse("multipart/mixed; boundary=----=_Part_0_1.2@x/y?", &ps);
	GETP(&ps, "boundary", "----=_Part_0_1.2@x/y?");
	pst_params_free(&ps);
	/* An empty value. */
	parse("x/y; a=; b= ;c=3", &ps);
	GETP(&ps, "a", "");
	GETP(&ps, "b", "");
	GETP(&ps, "c", "3");
	pst_params_free(&ps);
}

void test_param_stray_semicolons(void)
{
	struct pst_params ps;

	parse("text/plain;; ; charset=utf-8;;format=flowed;", &ps);
	T_STREQ(ps.token, "text/plain");
	T_INTEQ(ps.n, 2);
	GETP(&ps, "charset", "utf-8");
	GETP(&ps, "format", "flowed");
	pst_params_free(&ps);
	/* Names without '=' are skipped, and so are names that are only a
	 * star part. */
	parse("text/plain; flowed; =x; *=y; *0*=z; charset=a", &ps);
	T_INTEQ(ps.n, 1);
	GETP(&ps, "charset", "a");
	pst_params_free(&ps);
}

void test_param_uppercase(void)
{
	struct pst_params ps;

	parse("TEXT/Plain; CHARSET=\"ISO-8859-1\"; Format=Flowed", &ps);
	T_STREQ(ps.token, "text/plain");
	T_STREQ(ps.p[0].name, "charset");
	/* Values keep their case. */
	GETP(&ps, "charset", "ISO-8859-1");
	GETP(&ps, "format", "Flowed");
	pst_params_free(&ps);
	parse("x/y; FILENAME*=UTF-8''a%C3%A9", &ps);
	GETP(&ps, "filename", "a\xc3\xa9");
	pst_params_free(&ps);
}

void test_param_encoded_word(void)
{
	struct pst_params ps;

	parse("attachment; filename=\"=?UTF-8?B?0YLQtdGB0YIudHh0?=\"", &ps);
	GETP(&ps, "filename", TEST_TXT);
	pst_params_free(&ps);
	parse("application/pdf; name==?utf-8?Q?caf=C3=A9.pdf?=", &ps);
	GETP(&ps, "name", "caf\xc3\xa9.pdf");
	pst_params_free(&ps);
	/* Raw 8-bit UTF-8 in a quoted value passes. */
	parse("x/y; name=\"" TEST_TXT "\"", &ps);
	GETP(&ps, "name", TEST_TXT);
	pst_params_free(&ps);
}

void test_param_duplicates(void)
{
	struct pst_params ps;

	parse("text/plain; charset=first; CHARSET=second", &ps);
	GETP(&ps, "charset", "first");
	T_INTEQ(ps.n, 1);
	pst_params_free(&ps);
}

void test_param_unclosed_quote(void)
{
	struct pst_params ps;

	parse("x/y; a=\"abc; b=1", &ps);
	GETP(&ps, "a", "abc; b=1");
	GETP(&ps, "b", NULL);
	pst_params_free(&ps);
	/* Junk after the closing quote is dropped. */
	parse("x/y; a=\"abc\"def; b=2", &ps);
	GETP(&ps, "a", "abc");
	GETP(&ps, "b", "2");
	pst_params_free(&ps);
	/* A backslash at the very end. */
	parse("x/y; a=\"abc\\", &ps);
	GETP(&ps, "a", "abc\\");
	pst_params_free(&ps);
	/* An unclosed comment swallows the rest. */
	parse("x/y (oops; a=1", &ps);
	T_STREQ(ps.token, "x/y");
	T_INTEQ(ps.n, 0);
	pst_params_free(&ps);
}

void test_param_many(void)
{
	char in[20000];
	size_t n = 0;
	struct pst_params ps;

	n += (size_t)snprintf(in, sizeof in, "x/y");
	for (int i = 0; i < 1000; i++)
		n += (size_t)snprintf(in + n, sizeof in - n, "; p%d=%d", i, i);
	pst_params_parse(in, n, &ps);
	/* The first ones are kept; the count is bounded. */
	GETP(&ps, "p0", "0");
	GETP(&ps, "p100", "100");
	T_OK(ps.n >= 100 && ps.n <= 1000);
	pst_params_free(&ps);
}
