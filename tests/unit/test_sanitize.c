/* Unit tests of lib/sanitize.c: text for a terminal and safe file names. */
#include <string.h>

#include "buf.h"
#include "sanitize.h"
#include "t.h"

void test_sanitize_plain(void);
void test_sanitize_esc_c0_del(void);
void test_sanitize_c1(void);
void test_sanitize_bidi(void);
void test_sanitize_invalid_utf8(void);
void test_sanitize_newlines(void);
void test_sanitize_appends(void);
void test_safe_filename_paths(void);
void test_safe_filename_dots(void);
void test_safe_filename_controls(void);
void test_safe_filename_fallback(void);
void test_safe_filename_long(void);
void test_safe_filename_small_buffer(void);

#define FFFD "\xef\xbf\xbd"

/* Sanitise in (a string literal, NULs allowed) with flags; compare. */
#define SAN(in, flags, want) \
	san_is((in), sizeof(in) - 1, (flags), (want), __LINE__)

static void
san_is(const char *in, size_t len, int flags, const char *want, int line)
{
	struct pst_buf b = {0};

	pst_sanitize(in, len, flags, &b);
	t_memeq(pst_buf_str(&b), b.len, want, strlen(want), __FILE__, line,
	    "sanitize");
	pst_buf_free(&b);
}

#define FN(in, want) fn_is((in), "fallback.bin", 256, (want), __LINE__)

static void
fn_is(const char *in, const char *fallback, size_t size, const char *want,
    int line)
{
	char out[256];

	memset(out, 'X', sizeof out);
	t_check(pst_safe_filename(in, fallback, out, size) == out, __FILE__,
	    line, "returns out");
	t_streq(out, want, __FILE__, line, in ? in : "(null)");
}

void test_sanitize_plain(void)
{
	SAN("", 0, "");
	SAN("hello, world", 0, "hello, world");
	SAN("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80", 0,
	    "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80");
	SAN("\xc2\xa0nbsp", 0, "\xc2\xa0nbsp");		/* U+00A0 passes */
	SAN(FFFD, 0, FFFD);
	SAN("\xe2\x80\x8f", 0, "\xe2\x80\x8f");		/* U+200F RLM mark */
	SAN("~ \x7e", 0, "~ ~");
}

void test_sanitize_esc_c0_del(void)
{
	SAN("a\x1b[31mred\x1b[0m", 0, "a" FFFD "[31mred" FFFD "[0m");
	SAN("\x1b]0;title\x07", PST_SAN_NEWLINES, FFFD "]0;title" FFFD);
	SAN("\x01\x08\x0b\x0c\x1f", PST_SAN_NEWLINES,
	    FFFD FFFD FFFD FFFD FFFD);
	SAN("nul\0byte", 0, "nul" FFFD "byte");
	SAN("del\x7f", 0, "del" FFFD);
}

void test_sanitize_c1(void)
{
	SAN("\xc2\x80", 0, FFFD);
	SAN("a\xc2\x9b" "31mb", 0, "a" FFFD "31mb");	/* U+009B CSI */
	SAN("\xc2\x9d\xc2\x9f", 0, FFFD FFFD);
	/* The same as raw 8-bit bytes: invalid UTF-8. */
	SAN("\x9b" "31m", 0, FFFD "31m");
	SAN("\x85", 0, FFFD);
	/* Just outside the range. */
	SAN("\xc2\xa1\xc2\x7f", 0, "\xc2\xa1" FFFD FFFD);
}

void test_sanitize_bidi(void)
{
	SAN("cod\xe2\x80\xaetxt.exe", 0, "cod" FFFD "txt.exe");	/* U+202E */
	SAN("\xe2\x80\xaa\xe2\x80\xab\xe2\x80\xac\xe2\x80\xad", 0,
	    FFFD FFFD FFFD FFFD);
	SAN("\xe2\x81\xa6\xe2\x81\xa7\xe2\x81\xa8\xe2\x81\xa9", 0,
	    FFFD FFFD FFFD FFFD);
	/* Neighbours pass. */
	SAN("\xe2\x80\xa9\xe2\x80\xaf\xe2\x81\xa5\xe2\x81\xaa", 0,
	    "\xe2\x80\xa9\xe2\x80\xaf\xe2\x81\xa5\xe2\x81\xaa");
}

void test_sanitize_invalid_utf8(void)
{
	SAN("a\xc3(b", 0, "a" FFFD "(b");
	SAN("\xc0\xaf", 0, FFFD FFFD);			/* overlong '/' */
	SAN("\xe0\x80\xaf", 0, FFFD FFFD FFFD);		/* overlong */
	SAN("\xed\xa0\x80", 0, FFFD FFFD FFFD);		/* surrogate */
	SAN("\xf4\x90\x80\x80", 0, FFFD FFFD FFFD FFFD);	/* > U+10FFFF */
	SAN("\xff\xfe", 0, FFFD FFFD);
	SAN("end\xe2\x82", 0, "end" FFFD FFFD);		/* cut short */
	SAN("\xf0\x9f\x98", 0, FFFD FFFD FFFD);
}

void test_sanitize_newlines(void)
{
	SAN("a\nb\tc", PST_SAN_NEWLINES, "a\nb\tc");
	SAN("a\nb\tc", 0, "a b c");
	SAN("a\r\nb\r\n", PST_SAN_NEWLINES, "a\nb\n");
	/* A CR before LF is dropped in both modes. */
	SAN("a\r\nb", 0, "a b");
	/* A lone CR could overwrite the line: replaced. */
	SAN("a\rb", PST_SAN_NEWLINES, "a" FFFD "b");
	SAN("a\r", PST_SAN_NEWLINES, "a" FFFD);
	SAN("a\r\r\n", PST_SAN_NEWLINES, "a" FFFD "\n");
}

void test_sanitize_appends(void)
{
	struct pst_buf b = {0};

	pst_buf_adds(&b, "> ");
	pst_sanitize("x\x1b", 2, 0, &b);
	T_STREQ(pst_buf_str(&b), "> x" FFFD);
	pst_sanitize("", 0, 0, &b);
	T_STREQ(pst_buf_str(&b), "> x" FFFD);
	/* Only the length given is read. */
	pst_sanitize("abc\x1b", 3, 0, &b);
	T_STREQ(pst_buf_str(&b), "> x" FFFD "abc");
	pst_buf_free(&b);
}

void test_safe_filename_paths(void)
{
	FN("report.pdf", "report.pdf");
	FN("../../etc/passwd", "passwd");
	FN("/etc/passwd", "passwd");
	FN("a/b\\c", "c");
	FN("C:\\Users\\me\\file.doc", "file.doc");
	FN("dir/", "fallback.bin");
	FN("dir\\", "fallback.bin");
	FN("caf\xc3\xa9 menu.txt", "caf\xc3\xa9 menu.txt");
}

void test_safe_filename_dots(void)
{
	FN(".hidden", "hidden");
	FN("...hidden.txt", "hidden.txt");
	FN(".", "fallback.bin");
	FN("..", "fallback.bin");
	FN("...", "fallback.bin");
	FN("  spaced  ", "spaced");
	FN("name. . ", "name");
	FN("-rf", "rf");
	FN(" .-x", "x");
	FN("a..b", "a..b");
}

void test_safe_filename_controls(void)
{
	FN("x\x1b]0;t\x07.txt", "x_]0;t_.txt");
	FN("new\nline\ttab.txt", "new_line_tab.txt");
	FN("c1\xc2\x9b.txt", "c1_.txt");
	FN("cod\xe2\x80\xaetxt.exe", "cod_txt.exe");
	FN("bad\xff\xfe.txt", "bad__.txt");
	FN("del\x7f", "del_");
	FN("\x1b", "_");
}

void test_safe_filename_fallback(void)
{
	FN("", "fallback.bin");
	FN(NULL, "fallback.bin");
	fn_is("", "../evil/part-3.txt", 256, "part-3.txt", __LINE__);
	fn_is("", NULL, 256, "", __LINE__);
	fn_is("..", "..", 256, "", __LINE__);
}

void test_safe_filename_long(void)
{
	char in[1024], want[256];
	size_t n;

	/* ASCII: the stem is cut, the extension kept, 200 bytes in all. */
	memset(in, 'a', 300);
	strcpy(in + 300, ".pdf");
	memset(want, 'a', 196);
	strcpy(want + 196, ".pdf");
	FN(in, want);

	/* Two-byte characters: cut between them. */
	n = 0;
	in[n++] = 'a';
	for (int i = 0; i < 150; i++) {
		in[n++] = '\xc3';
		in[n++] = '\xa9';
	}
	strcpy(in + n, ".txt");
	memcpy(want, in, 195);		/* 'a' and 97 characters */
	strcpy(want + 195, ".txt");
	FN(in, want);

	/* No extension: cut at 200 bytes, on a character boundary. */
	n = 0;
	in[n++] = 'a';
	for (int i = 0; i < 150; i++) {
		in[n++] = '\xc3';
		in[n++] = '\xa9';
	}
	in[n] = '\0';
	memcpy(want, in, 199);
	want[199] = '\0';
	FN(in, want);

	/* An extension too long to keep: the whole name is cut. */
	memset(in, 'a', 300);
	in[300] = '.';
	memset(in + 301, 'b', 150);
	in[451] = '\0';
	memset(want, 'a', 200);
	want[200] = '\0';
	FN(in, want);

	/* Exactly 200 bytes: kept. */
	memset(in, 'c', 196);
	strcpy(in + 196, ".txt");
	FN(in, in);
}

void test_safe_filename_small_buffer(void)
{
	char out[4];

	fn_is("averylongdocumentname.pdf", "f", 16, "averylongdo.pdf", __LINE__);
	fn_is("abcdef", "f", 4, "abc", __LINE__);
	fn_is("abcdef", "f", 1, "", __LINE__);
	/* A size of 0 writes nothing. */
	memset(out, 'X', sizeof out);
	T_OK(pst_safe_filename("abc", "f", out, 0) == out);
	T_INTEQ(out[0], 'X');
}
