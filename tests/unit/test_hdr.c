/* Unit tests of lib/hdr.c: parsing a header block, finding, unfolding and
 * decoding fields. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "hdr.h"
#include "t.h"

void test_hdr_basic(void);
void test_hdr_unfold_lf(void);
void test_hdr_unfold_crlf(void);
void test_hdr_find_case(void);
void test_hdr_first_duplicate(void);
void test_hdr_obsolete_colon(void);
void test_hdr_mbox_from_line(void);
void test_hdr_non_header_line(void);
void test_hdr_no_body(void);
void test_hdr_no_blank_line(void);
void test_hdr_empty_input(void);
void test_hdr_fold_first_line(void);
void test_hdr_empty_value(void);
void test_hdr_max_fields(void);
void test_hdr_max_bytes(void);
void test_hdr_unfold_direct(void);
void test_hdr_get_decoded(void);
void test_hdr_decode_field_address(void);
void test_hdr_decode_field_plain(void);

/* Parse the string literal s (NULs allowed) into h; returns the body
 * offset. */
#define PARSE(s, h) pst_hdr_parse((s), sizeof(s) - 1, (h))

/* Check that the field named name has the raw value want. */
static void
raw_is(const struct pst_header *h, const char *name, const char *want,
    int line)
{
	const struct pst_field *f = pst_hdr_find(h, name);

	if (!t_check(f != NULL, __FILE__, line, name))
		return;
	t_memeq(f->value, f->valuelen, want, strlen(want), __FILE__, line,
	    name);
}

/* Check pst_hdr_get(h, name) against want (NULL: absent). */
static void
get_is(const struct pst_header *h, const char *name, const char *want,
    int line)
{
	char *v = pst_hdr_get(h, name);

	t_streq(v, want, __FILE__, line, name);
	free(v);
}

#define RAW(h, n, w)	raw_is((h), (n), (w), __LINE__)
#define GET(h, n, w)	get_is((h), (n), (w), __LINE__)

void test_hdr_basic(void)
{
	static const char msg[] =
	    "From: a@example.org\n"
	    "To: b@example.org\n"
	    "Subject:   hello world  \n"
	    "\n"
	    "body\n";
	struct pst_header h;
	size_t off = PARSE(msg, &h);

	T_INTEQ(off, strlen(msg) - 5);
	T_STREQ(msg + off, "body\n");
	T_INTEQ(h.n, 3);
	T_INTEQ(h.truncated, 0);
	T_MEMEQ(h.f[0].name, h.f[0].namelen, "From", 4);
	T_MEMEQ(h.f[2].name, h.f[2].namelen, "Subject", 7);
	/* Leading blanks skipped, trailing ones kept in the raw value. */
	RAW(&h, "subject", "hello world  ");
	GET(&h, "subject", "hello world");
	GET(&h, "x-missing", NULL);
	pst_hdr_free(&h);
	T_INTEQ(h.n, 0);
	T_OK(h.f == NULL);
}

void test_hdr_unfold_lf(void)
{
	static const char msg[] =
	    "Subject: one\n"
	    "  two\n"
	    "\tthree\n"
	    "To: x@y\n"
	    "\n"
	    "b";
	struct pst_header h;
	size_t off = PARSE(msg, &h);

	T_INTEQ(off, sizeof msg - 2);
	T_INTEQ(h.n, 2);
	RAW(&h, "Subject", "one\n  two\n\tthree");
	GET(&h, "Subject", "one two three");
	GET(&h, "To", "x@y");
	pst_hdr_free(&h);
}

void test_hdr_unfold_crlf(void)
{
	static const char msg[] =
	    "Subject: one\r\n"
	    " two\r\n"
	    "To: x@y\r\n"
	    "\r\n"
	    "body\r\n";
	struct pst_header h;
	size_t off = PARSE(msg, &h);

	T_STREQ(msg + off, "body\r\n");
	T_INTEQ(h.n, 2);
	RAW(&h, "Subject", "one\r\n two");
	RAW(&h, "To", "x@y");
	GET(&h, "Subject", "one two");
	pst_hdr_free(&h);
}

void test_hdr_find_case(void)
{
	static const char msg[] = "CONTENT-type: text/plain\nx-Mailer: m\n\n";
	struct pst_header h;

	PARSE(msg, &h);
	T_OK(pst_hdr_find(&h, "content-type") == &h.f[0]);
	T_OK(pst_hdr_find(&h, "Content-Type") == &h.f[0]);
	T_OK(pst_hdr_find(&h, "X-MAILER") == &h.f[1]);
	/* A prefix or an extension of a name is not the name. */
	T_OK(pst_hdr_find(&h, "content") == NULL);
	T_OK(pst_hdr_find(&h, "content-type-x") == NULL);
	T_OK(pst_hdr_find(&h, "") == NULL);
	pst_hdr_free(&h);
}

void test_hdr_first_duplicate(void)
{
	static const char msg[] =
	    "Received: one\n"
	    "Subject: first\n"
	    "Received: two\n"
	    "subject: second\n"
	    "\n";
	struct pst_header h;

	PARSE(msg, &h);
	T_INTEQ(h.n, 4);
	GET(&h, "subject", "first");
	GET(&h, "received", "one");
	pst_hdr_free(&h);
}

void test_hdr_obsolete_colon(void)
{
	static const char msg[] =
	    "Subject : spaced\n"
	    "X-Tab\t:\ttabbed\n"
	    "\n"
	    "body";
	struct pst_header h;
	size_t off = PARSE(msg, &h);

	T_STREQ(msg + off, "body");
	T_INTEQ(h.n, 2);
	T_MEMEQ(h.f[0].name, h.f[0].namelen, "Subject", 7);
	T_MEMEQ(h.f[1].name, h.f[1].namelen, "X-Tab", 5);
	GET(&h, "Subject", "spaced");
	GET(&h, "x-tab", "tabbed");
	pst_hdr_free(&h);
}

void test_hdr_mbox_from_line(void)
{
	/* An mbox "From " line is no header field: the header block is
	 * empty and the body starts with it (pst_mime skips it where a
	 * message starts, not in a part). */
	static const char msg[] =
	    "From alice@example.org Mon Jan  1 00:00:00 2024\n"
	    "From: alice@example.org\n"
	    "\n"
	    "hi\n";
	struct pst_header h;
	size_t off = PARSE(msg, &h);

	T_INTEQ(off, 0);
	T_INTEQ(h.n, 0);
	pst_hdr_free(&h);
}

void test_hdr_non_header_line(void)
{
	static const char msg[] =
	    "Subject: s\n"
	    "this is not a header\n"
	    "X: after\n"
	    "\n";
	static const char nocolon[] = "Subject: s\nno-colon-here\n";
	struct pst_header h;
	size_t off = PARSE(msg, &h);

	/* The body starts at the line that is not a header. */
	T_STREQ(msg + off, "this is not a header\nX: after\n\n");
	T_INTEQ(h.n, 1);
	T_OK(pst_hdr_find(&h, "X") == NULL);
	pst_hdr_free(&h);

	off = PARSE(nocolon, &h);
	T_STREQ(nocolon + off, "no-colon-here\n");
	T_INTEQ(h.n, 1);
	pst_hdr_free(&h);
}

void test_hdr_no_body(void)
{
	static const char msg[] = "Subject: s\nTo: t\n\n";
	static const char crlf[] = "Subject: s\r\n\r\n";
	struct pst_header h;
	size_t off = PARSE(msg, &h);

	T_INTEQ(off, sizeof msg - 1);
	T_INTEQ(h.n, 2);
	pst_hdr_free(&h);

	off = PARSE(crlf, &h);
	T_INTEQ(off, sizeof crlf - 1);
	T_INTEQ(h.n, 1);
	GET(&h, "subject", "s");
	pst_hdr_free(&h);
}

void test_hdr_no_blank_line(void)
{
	static const char msg[] = "Subject: s\nTo: t";
	static const char nl[] = "Subject: s\nTo: t\n";
	static const char cr[] = "Subject: s\r\nTo: t\r";
	struct pst_header h;
	size_t off = PARSE(msg, &h);

	T_INTEQ(off, sizeof msg - 1);
	T_INTEQ(h.n, 2);
	GET(&h, "to", "t");
	pst_hdr_free(&h);

	off = PARSE(nl, &h);
	T_INTEQ(off, sizeof nl - 1);
	RAW(&h, "to", "t");
	pst_hdr_free(&h);

	/* A final CR without its LF is not part of the value. */
	off = PARSE(cr, &h);
	T_INTEQ(off, sizeof cr - 1);
	RAW(&h, "to", "t");
	RAW(&h, "subject", "s");
	pst_hdr_free(&h);
}

void test_hdr_empty_input(void)
{
	struct pst_header h;
	size_t off;

	off = pst_hdr_parse("", 0, &h);
	T_INTEQ(off, 0);
	T_INTEQ(h.n, 0);
	pst_hdr_free(&h);
	/* A message that starts with its blank line has no header. */
	off = pst_hdr_parse("\nbody", 5, &h);
	T_INTEQ(off, 1);
	T_INTEQ(h.n, 0);
	pst_hdr_free(&h);
	off = pst_hdr_parse("\r\nbody", 6, &h);
	T_INTEQ(off, 2);
	pst_hdr_free(&h);
	off = pst_hdr_parse("\n", 1, &h);
	T_INTEQ(off, 1);
	pst_hdr_free(&h);
	/* A "From" that is not "From " is an ordinary (non-header) line. */
	off = pst_hdr_parse("Fromage\n\n", 9, &h);
	T_INTEQ(off, 0);
	pst_hdr_free(&h);
}

void test_hdr_fold_first_line(void)
{
	/* A continuation line with no field before it is ignored. */
	static const char msg[] = " orphan\nSubject: s\n\nb";
	struct pst_header h;
	size_t off = PARSE(msg, &h);

	T_STREQ(msg + off, "b");
	T_INTEQ(h.n, 1);
	GET(&h, "subject", "s");
	pst_hdr_free(&h);
}

void test_hdr_empty_value(void)
{
	static const char msg[] =
	    "Subject:\n"
	    "X-Empty:   \n"
	    "X-Folded:\n"
	    " later\n"
	    "X-Crlf:\r\n"
	    " next\r\n"
	    "\n";
	struct pst_header h;

	PARSE(msg, &h);
	T_INTEQ(h.n, 4);
	GET(&h, "Subject", "");
	GET(&h, "X-Empty", "");
	GET(&h, "X-Folded", "later");
	GET(&h, "X-Crlf", "next");
	pst_hdr_free(&h);
}

void test_hdr_max_fields(void)
{
	struct pst_buf b = {0};
	struct pst_header h;
	size_t off;
	int i;

	for (i = 0; i < PST_HDR_MAX_FIELDS + 10; i++)
		pst_buf_printf(&b, "X-%d: v%d\n", i, i);
	pst_buf_adds(&b, "\nbody");
	off = pst_hdr_parse(b.p, b.len, &h);
	/* The fields over the bound are dropped, the body is still found. */
	T_STREQ(b.p + off, "body");
	T_INTEQ(h.n, PST_HDR_MAX_FIELDS);
	T_INTEQ(h.truncated, 1);
	GET(&h, "X-0", "v0");
	GET(&h, "X-4095", "v4095");
	GET(&h, "X-4096", NULL);
	pst_hdr_free(&h);

	/* Exactly at the bound: nothing is lost. */
	pst_buf_reset(&b);
	for (i = 0; i < PST_HDR_MAX_FIELDS; i++)
		pst_buf_printf(&b, "X-%d: v%d\n", i, i);
	pst_buf_adds(&b, "\n");
	off = pst_hdr_parse(b.p, b.len, &h);
	T_INTEQ(off, b.len);
	T_INTEQ(h.n, PST_HDR_MAX_FIELDS);
	T_INTEQ(h.truncated, 0);
	pst_hdr_free(&h);
	pst_buf_free(&b);
}

void test_hdr_max_bytes(void)
{
	struct pst_buf b = {0};
	struct pst_header h;
	size_t off;

	/* One huge field, then another after the byte bound. */
	pst_buf_adds(&b, "X-Big: ");
	for (int i = 0; i < PST_HDR_MAX_BYTES / 32 + 1; i++)
		pst_buf_adds(&b, "0123456789012345678901234567890123456789"
		    "012345678901234567890\n ");
	pst_buf_adds(&b, "end\nX-After: a\n\nbody");
	off = pst_hdr_parse(b.p, b.len, &h);
	T_STREQ(b.p + off, "body");
	T_INTEQ(h.truncated, 1);
	T_OK(pst_hdr_find(&h, "X-After") == NULL);
	/* The folded field itself stops at the bound. */
	T_OK(h.n == 1 && h.f[0].valuelen <= PST_HDR_MAX_BYTES);
	pst_hdr_free(&h);
	pst_buf_free(&b);
}

void test_hdr_unfold_direct(void)
{
	struct pst_buf b = {0};

	/* Blanks before a line end stay; those after it become one space. */
	pst_hdr_unfold("  a\r\n \t b  \n\n c \t", 17, &b);
	T_STREQ(pst_buf_str(&b), "a b   c");
	pst_buf_reset(&b);
	/* Blanks inside a line are kept as they are. */
	pst_hdr_unfold("a  b\tc", 6, &b);
	T_STREQ(pst_buf_str(&b), "a  b\tc");
	pst_buf_reset(&b);
	pst_hdr_unfold(" \r\n ", 4, &b);
	T_INTEQ(b.len, 0);
	/* It appends: what was there stays. */
	pst_buf_adds(&b, "x ");
	pst_hdr_unfold("y ", 2, &b);
	T_STREQ(pst_buf_str(&b), "x y");
	pst_buf_free(&b);
}

void test_hdr_get_decoded(void)
{
	static const char msg[] =
	    "Subject: =?UTF-8?B?w6l0w6k=?= and\n"
	    " =?ISO-8859-1?Q?caf=E9?=\n"
	    "X-Split: =?UTF-8?Q?a?= =?UTF-8?Q?b?=\n"
	    "X-Plain: no words\n"
	    "X-Bad: =?bogus-charset?Q?x?=\n"
	    "\n";
	struct pst_header h;
	char *v;

	PARSE(msg, &h);
	v = pst_hdr_get_decoded(&h, "subject");
	T_STREQ(v, "\xc3\xa9t\xc3\xa9 and caf\xc3\xa9");	/* été and café */
	free(v);
	v = pst_hdr_get_decoded(&h, "x-split");
	T_STREQ(v, "ab");
	free(v);
	v = pst_hdr_get_decoded(&h, "x-plain");
	T_STREQ(v, "no words");
	free(v);
	v = pst_hdr_get_decoded(&h, "x-bad");
	T_STREQ(v, "=?bogus-charset?Q?x?=");
	free(v);
	T_OK(pst_hdr_get_decoded(&h, "x-none") == NULL);
	/* The raw value keeps the words. */
	GET(&h, "x-split", "=?UTF-8?Q?a?= =?UTF-8?Q?b?=");
	pst_hdr_free(&h);
}

void test_hdr_decode_field_address(void)
{
	static const char msg[] =
	    "From: =?UTF-8?Q?Jos=C3=A9?= <jose@example.org>\n"
	    "To: \"Doe, Jane\" <jane@example.org>,\n"
	    "  bob@example.org (Bob)\n"
	    "Reply-To: undisclosed:;\n"
	    "Subject: =?UTF-8?Q?Jos=C3=A9?= <not an address>\n"
	    "\n";
	struct pst_header h;
	struct pst_buf b = {0};

	PARSE(msg, &h);
	pst_hdr_decode_field(pst_hdr_find(&h, "from"), &b);
	T_STREQ(pst_buf_str(&b), "Jos\xc3\xa9 <jose@example.org>");
	pst_buf_reset(&b);
	pst_hdr_decode_field(pst_hdr_find(&h, "to"), &b);
	T_STREQ(pst_buf_str(&b),
	    "\"Doe, Jane\" <jane@example.org>, Bob <bob@example.org>");
	pst_buf_reset(&b);
	pst_hdr_decode_field(pst_hdr_find(&h, "reply-to"), &b);
	T_STREQ(pst_buf_str(&b), "undisclosed:;");
	pst_buf_reset(&b);
	/* Not an address field: RFC 2047 only, the rest as it is. */
	pst_hdr_decode_field(pst_hdr_find(&h, "subject"), &b);
	T_STREQ(pst_buf_str(&b), "Jos\xc3\xa9 <not an address>");
	pst_hdr_free(&h);
	pst_buf_free(&b);
}

void test_hdr_decode_field_plain(void)
{
	static const char msg[] = "Comments: a\n  =?utf-8?q?b_c?=\n\n";
	struct pst_header h;
	struct pst_buf b = {0};

	PARSE(msg, &h);
	pst_buf_adds(&b, ">");
	pst_hdr_decode_field(&h.f[0], &b);
	T_STREQ(pst_buf_str(&b), ">a b c");
	pst_hdr_free(&h);
	pst_buf_free(&b);
}
