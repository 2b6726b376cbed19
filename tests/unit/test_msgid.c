/* Unit tests of lib/msgid.c: finding a message's Message-ID. */
#include <string.h>

#include "buf.h"
#include "msgid.h"
#include "t.h"

void test_msgid_find(void);
void test_msgid_find_folded(void);
void test_msgid_find_none(void);
void test_msgid_find_cut(void);
void test_msgid_find_nul(void);

#define MEM(s)	(s), sizeof(s) - 1

static void
check(const char *p, size_t n, const char *want)
{
	struct pst_buf out = {0};

	/* out is reset first. */
	pst_buf_adds(&out, "old");
	pst_msgid_find(p, n, &out);
	T_STREQ(pst_buf_str(&out), want);
	T_INTEQ(out.len, strlen(want));
	pst_buf_free(&out);
}

void test_msgid_find(void)
{
	check(MEM("From: a@b\r\nMessage-ID: <x@y>\r\nSubject: s\r\n\r\n"
	    "body\r\n"), "<x@y>");
	check(MEM("From: a@b\nMessage-ID: <x@y>\n\nbody\n"), "<x@y>");
	check(MEM("Message-Id: <case@y>\r\n\r\n"), "<case@y>");
	check(MEM("MESSAGE-ID: <upper@y>\r\n\r\n"), "<upper@y>");
	check(MEM("message-id:<tight@y>\r\n\r\n"), "<tight@y>");
	/* Blanks around the value go. */
	check(MEM("Message-ID:  \t <blank@y> \t \r\n\r\n"), "<blank@y>");
	/* The first of two. */
	check(MEM("Message-ID: <one@y>\r\nMessage-ID: <two@y>\r\n\r\n"),
	    "<one@y>");
	/* Not a Message-ID field. */
	check(MEM("X-Message-ID: <no@y>\r\nMessage-IDs: <no@y>\r\n"
	    "Message-ID: <yes@y>\r\n\r\n"), "<yes@y>");
	/* What IMAP's HEADER.FIELDS gives: the field and an empty line. */
	check(MEM("Message-ID: <imap@y>\r\n\r\n"), "<imap@y>");
	/* An empty value. */
	check(MEM("Message-ID:\r\n\r\n"), "");
	check(MEM("Message-ID:   \r\n\r\n"), "");
}

void test_msgid_find_folded(void)
{
	check(MEM("Message-ID:\r\n <folded@y>\r\n\r\n"), "<folded@y>");
	check(MEM("Message-ID:\r\n\t<tab@y>\r\n\r\n"), "<tab@y>");
	check(MEM("Message-ID:\n <lf@y>\n\n"), "<lf@y>");
	check(MEM("Message-ID: \r\n   \r\n <blank-lines@y>\r\n\r\n"),
	    "<blank-lines@y>");
	/* A fold inside the value keeps one blank. */
	check(MEM("Message-ID: <a@\r\n b>\r\n\r\n"), "<a@ b>");
	check(MEM("Subject: x\r\nMessage-ID:\r\n <after@y>\r\nTo: z\r\n\r\n"),
	    "<after@y>");
}

void test_msgid_find_none(void)
{
	check(MEM(""), "");
	check(MEM("\r\n"), "");
	check(MEM("From: a@b\r\nSubject: s\r\n\r\nMessage-ID: <body@y>\r\n"),
	    "");
	/* The header ends at a line that is not a field. */
	check(MEM("From: a@b\r\nnot a field\r\nMessage-ID: <late@y>\r\n\r\n"),
	    "");
	check(MEM("\r\nMessage-ID: <body@y>\r\n"), "");
	check(MEM("Message-ID <nocolon@y>\r\n\r\n"), "");
}

void test_msgid_find_cut(void)
{
	/* The start of a message only, cut anywhere. */
	check(MEM("Message-ID: <cut@y>"), "<cut@y>");
	check(MEM("Message-ID: <cut@y>\r"), "<cut@y>");
	check(MEM("Message-ID: <cut"), "<cut");
	check(MEM("Message-ID:"), "");
	check(MEM("Message-I"), "");
	/* n counts, not a NUL. */
	check("Message-ID: <n@y>\r\n\r\n", 12, "");
	check("Message-ID: <n@y>XYZ", 17, "<n@y>");
}

/* A NUL in the header: as a C string the value stops there. */
void test_msgid_find_nul(void)
{
	struct pst_buf out = {0};

	pst_msgid_find(MEM("Message-ID: <nul\0@y>\r\n\r\n"), &out);
	T_STREQ(pst_buf_str(&out), "<nul");
	pst_buf_free(&out);
}
