/* Unit tests of lib/mbox.c: mboxrd streams read one message at a time. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "mbox.h"
#include "t.h"

void test_mbox_looks(void);
void test_mbox_basic(void);
void test_mbox_unquote(void);
void test_mbox_crlf(void);
void test_mbox_text_before_first(void);
void test_mbox_empty(void);
void test_mbox_no_final_newline(void);
void test_mbox_empty_messages(void);
void test_mbox_blank_lines(void);

/* Read every message of the string s (NULs allowed, length n) and compare
 * them with want[0..nwant). */
static void
read_all_is(const char *s, size_t n, const char *const *want, size_t nwant,
    int line)
{
	char copy[4096];
	struct pst_mbox mb;
	struct pst_buf msg = {0};
	FILE *fp;
	size_t k = 0;
	int rc;

	if (n == 0) {		/* fmemopen may refuse a size of 0 */
		fp = fopen("/dev/null", "r");
	} else {
		memcpy(copy, s, n);
		fp = fmemopen(copy, n, "r");
	}
	if (!t_check(fp != NULL, __FILE__, line, "fmemopen"))
		return;
	pst_mbox_init(&mb, fp);
	while ((rc = pst_mbox_next(&mb, &msg)) == 1) {
		if (k < nwant)
			t_memeq(pst_buf_str(&msg), msg.len, want[k],
			    strlen(want[k]), __FILE__, line, "message");
		k++;
	}
	t_inteq(rc, 0, __FILE__, line, "end");
	t_inteq((long long)k, (long long)nwant, __FILE__, line, "count");
	/* At the end it stays at the end. */
	t_inteq(pst_mbox_next(&mb, &msg), 0, __FILE__, line, "end again");
	t_inteq((long long)msg.len, 0, __FILE__, line, "empty at end");
	pst_mbox_free(&mb);
	pst_buf_free(&msg);
	fclose(fp);
}

#define MBOX(s, ...) do { \
	static const char *const w_[] = { __VA_ARGS__ }; \
	read_all_is((s), sizeof(s) - 1, w_, sizeof w_ / sizeof w_[0], \
	    __LINE__); \
} while (0)
#define MBOX_NONE(s) read_all_is((s), sizeof(s) - 1, NULL, 0, __LINE__)

void test_mbox_looks(void)
{
	T_OK(pst_mbox_looks("From a@b Mon Jan  1 00:00:00 2024\n", 35));
	T_OK(pst_mbox_looks("From ", 5));
	T_OK(!pst_mbox_looks("From", 4));
	T_OK(!pst_mbox_looks("From: a@b\n", 10));
	T_OK(!pst_mbox_looks(">From x\n", 8));
	T_OK(!pst_mbox_looks("from x\n", 7));
	T_OK(!pst_mbox_looks("", 0));
	/* Only the length given is looked at. */
	T_OK(!pst_mbox_looks("From x", 4));
}

void test_mbox_basic(void)
{
	MBOX("From a@example.org Mon Jan  1 00:00:00 2024\n"
	    "Subject: one\n"
	    "\n"
	    "body one\n"
	    "\n"
	    "From b@example.org Mon Jan  1 00:00:01 2024\n"
	    "Subject: two\n"
	    "\n"
	    "body two\n"
	    "\n",
	    "Subject: one\n\nbody one\n",
	    "Subject: two\n\nbody two\n");
	/* Separator lines are never part of a message. */
	MBOX("From x\nA: 1\n\nFrom y\nA: 2\n\nFrom z\nA: 3\n",
	    "A: 1\n", "A: 2\n", "A: 3\n");
}

void test_mbox_unquote(void)
{
	MBOX("From x\n"
	    "\n"
	    ">From the start\n"
	    ">>From two levels\n"
	    ">>>From three\n"
	    "> From not quoted\n"
	    ">Fromage\n"
	    "From: header-like, not a separator? no: it is \"From:\"\n"
	    ">\n"
	    ">From\n"
	    "\n",
	    "\n"
	    "From the start\n"
	    ">From two levels\n"
	    ">>From three\n"
	    "> From not quoted\n"
	    ">Fromage\n"
	    "From: header-like, not a separator? no: it is \"From:\"\n"
	    ">\n"
	    ">From\n");
	MBOX("From x\n\n>From a\r\n", "\nFrom a\r\n");
}

void test_mbox_crlf(void)
{
	MBOX("From a Mon Jan  1 00:00:00 2024\r\n"
	    "Subject: one\r\n"
	    "\r\n"
	    ">From quoted\r\n"
	    "\r\n"
	    "From b Mon Jan  1 00:00:01 2024\r\n"
	    "Subject: two\r\n"
	    "\r\n"
	    "last\r\n",
	    "Subject: one\r\n\r\nFrom quoted\r\n",
	    "Subject: two\r\n\r\nlast\r\n");
}

void test_mbox_text_before_first(void)
{
	MBOX("Subject: stray\n"
	    "\n"
	    "text before any separator\n"
	    "\n"
	    "From a\n"
	    "Subject: real\n",
	    "Subject: stray\n\ntext before any separator\n",
	    "Subject: real\n");
	/* No separator at all: one message. */
	MBOX("Subject: s\n\nbody\n", "Subject: s\n\nbody\n");
}

void test_mbox_empty(void)
{
	MBOX_NONE("");
}

void test_mbox_no_final_newline(void)
{
	MBOX("From a\nSubject: s\n\nno newline", "Subject: s\n\nno newline");
	MBOX("From a", "");
}

void test_mbox_empty_messages(void)
{
	/* Separators with nothing between them: empty messages. */
	MBOX("From a\nFrom b\nX: 1\n", "", "X: 1\n");
	MBOX("From a\n\nFrom b\n\n", "", "");
	MBOX("From a\r\n\r\nFrom b\r\n\r\n", "", "");
}

void test_mbox_blank_lines(void)
{
	/* Only one blank line before the separator is dropped. */
	MBOX("From a\nX: 1\n\nbody\n\n\nFrom b\nX: 2\n\n\n",
	    "X: 1\n\nbody\n\n", "X: 2\n\n");
	/* A message that does not end in a blank line keeps its end. */
	MBOX("From a\nX: 1\n\nbody\nFrom b\nX: 2\n",
	    "X: 1\n\nbody\n", "X: 2\n");
}
