/* Unit tests of lib/flowed.c. */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "flowed.h"
#include "t.h"

void test_flowed_empty(void);
void test_flowed_join(void);
void test_flowed_fixed(void);
void test_flowed_delsp(void);
void test_flowed_quotes(void);
void test_flowed_signature(void);
void test_flowed_stuffing(void);
void test_flowed_wrap(void);
void test_flowed_wrap_wide(void);
void test_flowed_line_ends(void);
void test_flowed_deep_quotes(void);
void test_flowed_appends(void);

/* Check that flowed text in reflows to want. */
static void
check(const char *in, int delsp, int width, const char *want)
{
	struct pst_buf b = { 0 };

	pst_flowed_reflow(in, strlen(in), delsp, width, &b);
	T_STREQ(pst_buf_str(&b), want);
	pst_buf_free(&b);
}

void test_flowed_empty(void)
{
	struct pst_buf b = { 0 };

	pst_flowed_reflow("", 0, 0, 72, &b);
	T_INTEQ(b.len, 0);
	pst_flowed_reflow(NULL, 0, 1, 0, &b);
	T_INTEQ(b.len, 0);
	pst_buf_free(&b);
	check("\n", 0, 72, "\n");
	check("\n\n", 0, 72, "\n\n");
}

void test_flowed_appends(void)
{
	struct pst_buf b = { 0 };

	pst_buf_adds(&b, "x\n");
	pst_flowed_reflow("a \nb\n", 5, 0, 72, &b);
	T_STREQ(pst_buf_str(&b), "x\na b\n");
	pst_buf_free(&b);
}

void test_flowed_join(void)
{
	check("This is a \nparagraph that \nflows.\n", 0, 0,
	    "This is a paragraph that flows.\n");
	check("one \ntwo\nthree \nfour\n", 0, 72, "one two\nthree four\n");
	/* An empty line ends nothing more than itself. */
	check("a \nb\n\nc \nd\n", 0, 72, "a b\n\nc d\n");
	/* Flowed lines at the end still make a paragraph. */
	check("a \nb ", 0, 72, "a b\n");
	check("a \n", 0, 72, "a\n");
	/* A flowed line before an empty one joins it. */
	check("a \n\nb\n", 0, 72, "a\nb\n");
	/* Several spaces at the end: one flows, the rest are text. */
	check("a  \nb\n", 0, 72, "a  b\n");
}

void test_flowed_fixed(void)
{
	/* Fixed lines stay as they are, even past the width. */
	check("a line that is much longer than ten\nshort\n", 0, 10,
	    "a line that is much longer than ten\nshort\n");
	check("  indented\n\tcode\n", 0, 72, " indented\n\tcode\n");
}

void test_flowed_delsp(void)
{
	check("abc \ndef\n", 1, 0, "abcdef\n");
	check("abc \ndef\n", 0, 0, "abc def\n");
	check("word  \nnext\n", 1, 0, "word next\n");
	/* Long words broken by the sender come back whole. */
	check("http://example.com/a/very/ \nlong/url\n", 1, 72,
	    "http://example.com/a/very/long/url\n");
	check("\xe6\x97\xa5\xe6\x9c\xac \n\xe8\xaa\x9e\n", 1, 0,
	    "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e\n");
}

void test_flowed_quotes(void)
{
	check("> quoted \n> text\n", 0, 72, "> quoted text\n");
	check(">> deep \n>> text\n> shallow\n", 0, 72,
	    "> > deep text\n> shallow\n");
	/* A change of depth ends the paragraph, flowed or not. */
	check("> a \n>> b \n>> c\nd\n", 0, 72, "> a\n> > b c\nd\n");
	check("> a \nb\n", 0, 72, "> a\nb\n");
	/* Empty quoted lines. */
	check(">\n>>\n> \n", 0, 72, ">\n> >\n>\n");
	/* "> >" is one level, with a '>' of text after the stuffing. */
	check("> > x\n", 0, 72, "> > x\n");
	check(">>>no space\n", 0, 72, "> > > no space\n");
	/* Quoted paragraphs wrap inside their prefix. */
	check("> one two three \n> four five\n", 0, 12,
	    "> one two\n> three four\n> five\n");
	check(">> aaa bbb \n>> ccc\n", 0, 10, "> > aaa\n> > bbb\n> > ccc\n");
}

void test_flowed_signature(void)
{
	/* "-- " is fixed even though it ends in a space. */
	check("Bye \nnow\n-- \nAlice \nExample\n", 0, 72,
	    "Bye now\n-- \nAlice Example\n");
	/* A flowed line does not swallow it. */
	check("text \n-- \nsig\n", 0, 72, "text\n-- \nsig\n");
	/* Nor when quoted or stuffed. */
	check("> x \n> -- \n> sig\n", 0, 72, "> x\n> -- \n> sig\n");
	check(" -- \n", 0, 72, "-- \n");
	/* "--" without the space is just text. */
	check("--\n", 0, 72, "--\n");
	check("---  \nx\n", 0, 72, "---  x\n");
}

void test_flowed_stuffing(void)
{
	check(" From here\n", 0, 72, "From here\n");
	check(" >not a quote\n", 0, 72, ">not a quote\n");
	check("  two spaces\n", 0, 72, " two spaces\n");
	check(">  stuffed quote\n", 0, 72, ">  stuffed quote\n");
	check(" a \n b\n", 0, 72, "a b\n");
	/* A line of one space is empty. */
	check(" \n", 0, 72, "\n");
}

void test_flowed_wrap(void)
{
	check("one two three four five six seven \neight\n", 0, 10,
	    "one two\nthree four\nfive six\nseven\neight\n");
	/* Exactly the width fits. */
	check("12345 12345 \nx\n", 0, 11, "12345 12345\nx\n");
	/* A word longer than the line stands alone, unbroken. */
	check("a supercalifragilistic \nb\n", 0, 5,
	    "a\nsupercalifragilistic\nb\n");
	/* Inner runs of spaces are kept; those at a break go. */
	check("a  b    c \nd\n", 0, 4, "a  b\nc d\n");
	/* Leading indentation is kept. */
	check("   in \ndented\n", 0, 72, "  in dented\n");
	/* Characters, not bytes, are counted. */
	check("\xc3\xa9\xc3\xa9 \xc3\xa9\xc3\xa9 \n\xc3\xa9\n", 0, 5,
	    "\xc3\xa9\xc3\xa9 \xc3\xa9\xc3\xa9\n\xc3\xa9\n");
	/* Negative width is no wrapping. */
	check("a \nb\n", 0, -5, "a b\n");
}

void test_flowed_wrap_wide(void)
{
	/* CJK characters take two columns each: 6 + 1 + 6 fits 13 exactly,
	 * one more ideograph does not. */
	check("\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e "
	    "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e \n\xe6\x97\xa5\n", 0, 13,
	    "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e "
	    "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e\n\xe6\x97\xa5\n");
	check("\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e "
	    "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e \n\xe6\x97\xa5\n", 0, 12,
	    "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e\n"
	    "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e \xe6\x97\xa5\n");
	/* Inside a quote the prefix counts too. */
	check("> \xe6\x97\xa5\xe6\x9c\xac \xe6\x97\xa5\xe6\x9c\xac \n"
	    "> \xe6\x97\xa5\n", 0, 11,
	    "> \xe6\x97\xa5\xe6\x9c\xac \xe6\x97\xa5\xe6\x9c\xac\n"
	    "> \xe6\x97\xa5\n");
	/* Combining marks take none. */
	check("cafe\xcc\x81 cafe\xcc\x81 \nx\n", 0, 10,
	    "cafe\xcc\x81 cafe\xcc\x81\nx\n");
	/* A bad byte takes one, as the U+FFFD shown for it. */
	check("\x80\x80 \x80\x80 \nx\n", 0, 4, "\x80\x80\n\x80\x80 x\n");
}

void test_flowed_line_ends(void)
{
	check("a \r\nb\r\n\r\nc\r\n", 0, 72, "a b\n\nc\n");
	check("a \r\nb", 0, 72, "a b\n");
	check("last line", 0, 72, "last line\n");
	/* A CR alone is no line end. */
	check("a\rb\n", 0, 72, "a\rb\n");
	/* A CR before the soft space: fixed. */
	check("a\r \nb\n", 0, 72, "a\r b\n");
	/* NULs are bytes like any other. */
	{
		struct pst_buf b = { 0 };

		pst_flowed_reflow("a\0 \nb", 5, 0, 72, &b);
		T_MEMEQ(b.p, b.len, "a\0 b\n", 5);
		pst_buf_free(&b);
	}
}

void test_flowed_deep_quotes(void)
{
	struct pst_buf in = { 0 }, out = { 0 };
	size_t i;

	/* The prefix is capped at 32 levels. */
	for (i = 0; i < 100000; i++)
		pst_buf_addc(&in, '>');
	pst_buf_adds(&in, " a b c \n");
	for (i = 0; i < 100000; i++)
		pst_buf_addc(&in, '>');
	pst_buf_adds(&in, " d\n");
	pst_flowed_reflow(in.p, in.len, 0, 40, &out);
	T_INTEQ(out.len, 4 * (64 + 2));
	T_OK(out.len > 66 && memcmp(out.p + 62, "> a\n", 4) == 0);
	pst_buf_free(&in);
	pst_buf_free(&out);
}
