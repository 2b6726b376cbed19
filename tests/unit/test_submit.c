/* Unit tests of lib/submit.c and the data conversion of lib/smtp.c. */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "smtp.h"
#include "submit.h"
#include "t.h"

void test_smtp_stuff(void);
void test_submission_read(void);
void test_submission_refusals(void);
void test_submission_rcpt(void);

static void
stuffed(const char *in, const char *want)
{
	struct pst_buf b = {0};

	pst_smtp_stuff(in, strlen(in), &b);
	T_STREQ(pst_buf_str(&b), want);
	T_INTEQ(pst_smtp_wire_size(in, strlen(in)), b.len);
	pst_buf_free(&b);
}

void test_smtp_stuff(void)
{
	stuffed("", "");
	stuffed("a\n", "a\r\n");
	stuffed("a", "a\r\n");
	stuffed("a\r\nb\n", "a\r\nb\r\n");
	stuffed(".\n", "..\r\n");
	stuffed(".a\n..b\nc.\n", "..a\r\n...b\r\nc.\r\n");
	stuffed("x\n.", "x\r\n..\r\n");
	stuffed("bare\rcr\n", "bare\rcr\r\n");
	stuffed("\r.\n", "\r.\r\n");	/* not a line start */
	stuffed("a\r\n.\r\n", "a\r\n..\r\n");
}

static int
submit(struct pst_submission *s, const char *in, int take, char *err,
    size_t errsize)
{
	return pst_submission_read(s, in, strlen(in), take, "me@example.org",
	    "Me", 1795300000, err, errsize);
}

void test_submission_read(void)
{
	struct pst_submission s = {0};
	char err[256];
	const char *m;

	T_INTEQ(submit(&s, "From: A <a@example.org>\nTo: b@example.org, "
	    "C <c@example.org>\nCc: d@example.org\nBcc: e@example.org,\n"
	    " f@example.org\nSubject: hi\n\nbody\n", 1, err, sizeof err), 0);
	T_INTEQ(s.nrcpt, 5);
	T_STREQ(s.rcpt[0], "b@example.org");
	T_STREQ(s.rcpt[4], "f@example.org");
	T_STREQ(s.header_from, "a@example.org");
	m = pst_buf_str(&s.msg);
	T_OK(strstr(m, "Bcc") == NULL && strstr(m, "f@example.org") == NULL);
	T_OK(strstr(m, "\nDate: ") != NULL);
	T_OK(strstr(m, "\nMessage-ID: <1795300000.") != NULL);
	T_OK(strstr(m, "@example.org>\n") != NULL);
	T_OK(strstr(m, "From: A <a@example.org>\n") == m);
	T_OK(strstr(m, "\n\nbody\n") != NULL);
	T_OK(!s.eightbit && !s.utf8_header);
	pst_submission_free(&s);

	/* Not taken from the header unless asked; From added with -F. */
	T_INTEQ(submit(&s, "To: b@example.org\nSubject: x\n\ncaf\xc3\xa9\n", 0,
	    err, sizeof err), 0);
	T_INTEQ(s.nrcpt, 0);
	T_OK(strstr(pst_buf_str(&s.msg), "From: Me <me@example.org>\n"));
	T_OK(s.eightbit && !s.utf8_header);
	pst_submission_free(&s);

	/* Given Date and Message-ID stay; CRLF input; no blank line. */
	T_INTEQ(submit(&s, "Date: Sat, 21 Nov 2026 10:00:00 +0000\r\n"
	    "Message-ID: <x@y>\r\nSubject: \xc3\xa9\r\n", 0, err, sizeof err),
	    0);
	m = pst_buf_str(&s.msg);
	T_OK(strstr(m, "Date: ") == m);
	T_OK(strstr(m + 1, "\nDate: ") == NULL);
	T_OK(strstr(m, "Message-ID: <x@y>") != NULL);
	T_OK(strstr(m, "<1795300000.") == NULL);
	T_OK(s.utf8_header);
	T_OK(m[s.msg.len - 1] == '\n' && m[s.msg.len - 2] == '\n');
	pst_submission_free(&s);
}

void test_submission_refusals(void)
{
	struct pst_submission s = {0};
	char err[256], *big;

	T_INTEQ(submit(&s, "", 1, err, sizeof err), -1);
	T_OK(strstr(err, "empty") != NULL);
	pst_submission_free(&s);
	T_INTEQ(submit(&s, "hello there\n", 1, err, sizeof err), -1);
	T_OK(strstr(err, "no header") != NULL);
	pst_submission_free(&s);
	big = malloc(2000);
	memcpy(big, "Subject: x\n\n", 12);
	memset(big + 12, 'a', 998);
	strcpy(big + 12 + 998, "\r\nok\n");
	T_INTEQ(submit(&s, big, 1, err, sizeof err), 0);	/* 998: fine */
	pst_submission_free(&s);
	memset(big + 12, 'a', 999);
	strcpy(big + 12 + 999, "\n");
	T_INTEQ(submit(&s, big, 1, err, sizeof err), -1);
	T_STREQ(err, "line 3 is 999 octets long; SMTP allows 998 (encode "
	    "the message, e.g. with mkmsg)");
	pst_submission_free(&s);
	free(big);
	T_INTEQ(submit(&s, "To: not an address\n\nx\n", 1, err, sizeof err),
	    -1);
	T_OK(strstr(err, "not an address") != NULL);
	pst_submission_free(&s);
}

void test_submission_rcpt(void)
{
	struct pst_submission s = {0};
	char err[256];

	T_INTEQ(pst_submission_add_rcpt(&s, "a@x.org, B <b@x.org>", err,
	    sizeof err), 0);
	T_INTEQ(pst_submission_add_rcpt(&s, "A@X.ORG", err, sizeof err), 0);
	T_INTEQ(pst_submission_add_rcpt(&s, "undisclosed-recipients:;", err,
	    sizeof err), 0);
	T_INTEQ(s.nrcpt, 2);
	T_INTEQ(pst_submission_add_rcpt(&s, "b@", err, sizeof err), -1);
	pst_submission_free(&s);
}
