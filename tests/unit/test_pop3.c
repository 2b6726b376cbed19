/* Unit tests of lib/pop3.c over sessions in memory (pst_conn_mem): what
 * the server says is scripted, what is sent is dropped. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "coll.h"
#include "conn.h"
#include "err.h"
#include "pop3.h"
#include "sink.h"
#include "t.h"

void test_pop3_caps(void);
void test_pop3_list(void);
void test_pop3_list_out_of_order(void);
void test_pop3_list_stops(void);
void test_pop3_list_no_uidl(void);
void test_pop3_list_bad(void);
void test_pop3_fetch(void);
void test_pop3_fetch_stuffing(void);
void test_pop3_fetch_empty(void);
void test_pop3_fetch_err(void);
void test_pop3_fetch_cut(void);
void test_pop3_fetch_sink_fails(void);
void test_pop3_dele(void);
void test_pop3_quit(void);

#define MEM(s)	(s), sizeof(s) - 1
/* The longest a UIDL may be. */
#define UIDL70	"0123456789012345678901234567890123456789" \
		"012345678901234567890123456789"

static const char capa[] = "+OK POP3 ready\r\n+OK Capability list follows\r\n"
    "USER\r\nPIPELINING\r\nUIDL\r\nSASL PLAIN LOGIN\r\nTOP\r\n.\r\n";

static struct pst_pop3 *
session(const char *opening, const char *p, size_t n)
{
	return pst_pop3_on(pst_conn_mem(opening, p, n));
}

/* RETR nums[0..n) from a session saying p[0..len), with or without
 * PIPELINING: the return value, the messages in c, the error in e. */
static int
fetch(const char *opening, const char *p, size_t len,
    const unsigned long *nums, size_t n, struct coll *c, struct pst_err *e)
{
	struct pst_pop3 *s = session(opening, p, len);
	struct pst_sink sink = coll_sink(c);
	int rc;

	rc = pst_pop3_fetch(s, nums, n, &sink, e);
	pst_pop3_close(s);
	T_INTEQ(c->misuse, 0);
	T_INTEQ(c->open, 0);
	T_INTEQ(c->begins, c->ends + c->aborts);
	return rc;
}

/* ---- capabilities ------------------------------------------------------- */

void test_pop3_caps(void)
{
	struct pst_pop3 *p = session(capa, MEM(""));

	T_OK(pst_pop3_has(p, "PIPELINING"));
	T_OK(pst_pop3_has(p, "pipelining"));
	T_OK(pst_pop3_has(p, "UIDL"));
	T_OK(pst_pop3_has(p, "SASL"));
	T_OK(pst_pop3_has(p, "TOP"));
	T_OK(!pst_pop3_has(p, "PIPE"));
	T_OK(!pst_pop3_has(p, "STLS"));
	T_OK(!pst_pop3_has(p, "PLAIN"));
	pst_pop3_close(p);

	p = session(NULL, MEM(""));
	T_OK(!pst_pop3_has(p, "UIDL"));
	pst_pop3_close(p);

	/* LF-only lines, no final line end. */
	p = session("+OK\nUIDL\nPIPELINING", MEM(""));
	T_OK(pst_pop3_has(p, "UIDL"));
	T_OK(pst_pop3_has(p, "PIPELINING"));
	pst_pop3_close(p);
	pst_pop3_close(NULL);
}

/* ---- listing ------------------------------------------------------------ */

struct lst {
	struct pst_buf out;	/* "NUM SIZE UIDL\n" */
	unsigned long stop_at;
	int calls;
};

static int
each_msg(void *ctx, unsigned long num, unsigned long long size,
    const char *uidl)
{
	struct lst *l = ctx;

	l->calls++;
	pst_buf_printf(&l->out, "%lu %llu %s\n", num, size, uidl);
	return num == l->stop_at ? 42 : 0;
}

static int
list(const char *opening, const char *p, size_t n, struct lst *l,
    struct pst_err *e)
{
	struct pst_pop3 *s = session(opening, p, n);
	int rc = pst_pop3_list(s, each_msg, l, e);

	pst_pop3_close(s);
	return rc;
}

void test_pop3_list(void)
{
	static const char script[] =
	    "+OK 3 messages (620 octets)\r\n"
	    "1 120\r\n2 200\r\n3 300\r\n.\r\n"
	    "+OK unique-id listing follows\r\n"
	    "1 whqtswO00WBw418f9t5JxYwZ\r\n"
	    "2 QhdPYR:00WBw1Ph7x7\r\n"
	    "3 !~{}\"<>@[]\\\r\n"
	    ".\r\n";
	static const char want[] = "1 120 whqtswO00WBw418f9t5JxYwZ\n"
	    "2 200 QhdPYR:00WBw1Ph7x7\n3 300 !~{}\"<>@[]\\\n";
	struct pst_err e = {0};
	struct lst l = {0};

	/* The same either way: only what is sent differs. */
	T_INTEQ(list(capa, MEM(script), &l, &e), 0);
	T_STREQ(pst_buf_str(&l.out), want);
	pst_buf_free(&l.out);
	l = (struct lst){0};
	T_INTEQ(list(NULL, MEM(script), &l, &e), 0);
	T_STREQ(pst_buf_str(&l.out), want);
	T_INTEQ(e.status, 0);
	pst_buf_free(&l.out);

	/* An empty maildrop; +OK alone; LF line ends; sizes with more after
	 * them (RFC 1939 allows it); a UIDL of 70 characters. */
	l = (struct lst){0};
	T_INTEQ(list(NULL, MEM("+OK\r\n.\r\n+OK\r\n.\r\n"), &l, &e), 0);
	T_INTEQ(l.calls, 0);
	l = (struct lst){0};
	T_INTEQ(list(NULL, MEM("+OK\n1 5 extra\n.\n+OK\n1 " UIDL70 "\n.\n"),
	    &l, &e), 0);
	T_STREQ(pst_buf_str(&l.out), "1 5 " UIDL70 "\n");
	pst_buf_free(&l.out);
	T_INTEQ(e.status, 0);
}

void test_pop3_list_out_of_order(void)
{
	static const char script[] =
	    "+OK\r\n3 300\r\n1 120\r\n7 700\r\n2 200\r\n.\r\n"
	    "+OK\r\n2 b\r\n1 a\r\n7 g\r\n3 c\r\n.\r\n";
	struct pst_err e = {0};
	struct lst l = {0};

	T_INTEQ(list(NULL, MEM(script), &l, &e), 0);
	T_STREQ(pst_buf_str(&l.out), "2 200 b\n1 120 a\n7 700 g\n3 300 c\n");
	pst_buf_free(&l.out);

	/* A message LIST has and UIDL has not: not listed. */
	l = (struct lst){0};
	T_INTEQ(list(NULL, MEM("+OK\r\n1 10\r\n2 20\r\n.\r\n+OK\r\n2 b\r\n"
	    ".\r\n"), &l, &e), 0);
	T_STREQ(pst_buf_str(&l.out), "2 20 b\n");
	pst_buf_free(&l.out);
}

void test_pop3_list_stops(void)
{
	static const char script[] =
	    "+OK\r\n1 10\r\n2 20\r\n3 30\r\n.\r\n"
	    "+OK\r\n1 a\r\n2 b\r\n3 c\r\n.\r\n"
	    "+OK bye\r\n";
	struct pst_pop3 *p = session(capa, MEM(script));
	struct pst_err e = {0};
	struct lst l = { .stop_at = 2 };

	T_INTEQ(pst_pop3_list(p, each_msg, &l, &e), 42);
	T_INTEQ(l.calls, 2);
	T_INTEQ(e.status, 0);
	/* The listing was read to its end: the session is in step. */
	T_INTEQ(pst_pop3_quit(p, &e), 0);
	pst_pop3_close(p);
	pst_buf_free(&l.out);
}

void test_pop3_list_no_uidl(void)
{
	struct pst_err e = {0};
	struct lst l = {0};

	T_INTEQ(list(NULL, MEM("+OK\r\n1 10\r\n.\r\n-ERR unknown command\r\n"),
	    &l, &e), -1);
	T_INTEQ(e.status, 69);
	T_OK(strstr(e.msg, "UIDL") != NULL);
	T_INTEQ(l.calls, 0);

	/* A refusal for now is not a missing command. */
	pst_err_clear(&e);
	T_INTEQ(list(NULL, MEM("+OK\r\n1 10\r\n.\r\n-ERR [SYS/TEMP] busy\r\n"),
	    &l, &e), -1);
	T_INTEQ(e.status, 75);
	T_OK(strstr(e.msg, "busy") != NULL);
}

void test_pop3_list_bad(void)
{
	static const struct {
		const char *script;
		int status;
	} cases[] = {
		/* LIST refused, or not understood */
		{ "-ERR no\r\n", 76 },
		{ "-ERR [IN-USE] locked\r\n", 75 },
		{ "+OKAY\r\n", 76 },
		{ "hello\r\n", 76 },
		{ "", 75 },
		/* LIST lines */
		{ "+OK\r\n1\r\n.\r\n+OK\r\n.\r\n", 76 },
		{ "+OK\r\nx 10\r\n.\r\n+OK\r\n.\r\n", 76 },
		{ "+OK\r\n0 10\r\n.\r\n+OK\r\n.\r\n", 76 },
		{ "+OK\r\n1 x\r\n.\r\n+OK\r\n.\r\n", 76 },
		{ "+OK\r\n1 10x\r\n.\r\n+OK\r\n.\r\n", 76 },
		{ "+OK\r\n1 -5\r\n.\r\n+OK\r\n.\r\n", 76 },
		{ "+OK\r\n4294967296 10\r\n.\r\n+OK\r\n.\r\n", 76 },
		{ "+OK\r\n 1 10\r\n.\r\n+OK\r\n.\r\n", 76 },
		{ "+OK\r\n1 10\r\n", 75 },
		{ "+OK\r\n1 10\r\n..\r\n+OK\r\n.\r\n", 76 },
		/* UIDL lines */
		{ "+OK\r\n1 10\r\n.\r\n+OK\r\n1 a b\r\n.\r\n", 76 },
		{ "+OK\r\n1 10\r\n.\r\n+OK\r\n1 caf\xc3\xa9\r\n.\r\n", 76 },
		{ "+OK\r\n1 10\r\n.\r\n+OK\r\n1 a\tb\r\n.\r\n", 76 },
		{ "+OK\r\n1 10\r\n.\r\n+OK\r\n1 \r\n.\r\n", 76 },
		{ "+OK\r\n1 10\r\n.\r\n+OK\r\n1\r\n.\r\n", 76 },
		{ "+OK\r\n1 10\r\n.\r\n+OK\r\n2 a\r\n.\r\n", 76 },
		{ "+OK\r\n1 10\r\n.\r\n+OK\r\n1 " UIDL70 "x\r\n.\r\n", 76 },
		{ "+OK\r\n1 10\r\n.\r\n+OK\r\n1 a\r\n", 75 },
		{ "+OK\r\n1 10\r\n.\r\nhuh\r\n", 76 },
	};
	struct pst_err e;
	struct lst l;

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		pst_err_clear(&e);
		l = (struct lst){0};
		if (!T_INTEQ(list(NULL, cases[i].script,
		    strlen(cases[i].script), &l, &e), -1) ||
		    !T_INTEQ(e.status, cases[i].status))
			fprintf(stderr, "  case %zu: %s\n", i, e.msg);
		T_OK(e.msg[0] != '\0');
		pst_buf_free(&l.out);
	}
}

/* ---- fetching ----------------------------------------------------------- */

void test_pop3_fetch(void)
{
	static const char script[] =
	    "+OK 20 octets\r\n"
	    "Subject: a\r\n\r\nbody\r\n.\r\n"
	    "+OK\r\n"
	    "Subject: b\r\n\r\nline\r\nno final line end.\r\n"
	    ".\r\n";
	struct pst_err e = {0};
	struct coll c = {0};
	unsigned long nums[] = { 2, 5 };

	T_INTEQ(fetch(capa, MEM(script), nums, 2, &c, &e), 0);
	T_STREQ(pst_buf_str(&c.got), "2:20:Subject: a\r\n\r\nbody\r\n;"
	    "5:40:Subject: b\r\n\r\nline\r\nno final line end.\r\n;");
	T_INTEQ(e.status, 0);
	coll_free(&c);

	/* Without PIPELINING: the same. */
	c = (struct coll){0};
	T_INTEQ(fetch(NULL, MEM(script), nums, 2, &c, &e), 0);
	T_INTEQ(c.ends, 2);
	coll_free(&c);

	/* Nothing asked: nothing read. */
	c = (struct coll){0};
	T_INTEQ(fetch(NULL, MEM(""), nums, 0, &c, &e), 0);
	T_INTEQ(c.begins, 0);
}

void test_pop3_fetch_stuffing(void)
{
	static const char script[] =
	    "+OK\r\n"
	    "..x\r\n"		/* stuffed */
	    "...\r\n"
	    "..\r\n"
	    "a.\r\n"
	    ". \r\n"		/* not stuffed as it should: the dot goes */
	    ".y\r\n"
	    "x\r\n.\r"		/* not an end: no LF after the CR */
	    "\r\n"
	    "\0.\0\r\n"
	    "bare\nlf\n"
	    "..\n"
	    ".\r\n";
	static const char want[] =
	    ".x\r\n"
	    "..\r\n"
	    ".\r\n"
	    "a.\r\n"
	    " \r\n"
	    "y\r\n"
	    "x\r\n\r"
	    "\r\n"
	    "\0.\0\r\n"
	    "bare\nlf\n"
	    ".\n";
	struct pst_buf w = {0};
	struct pst_err e = {0};
	struct coll c = {0};
	unsigned long num = 1;

	T_INTEQ(fetch(NULL, MEM(script), &num, 1, &c, &e), 0);
	pst_buf_printf(&w, "1:%zu:", sizeof want - 1);
	pst_buf_add(&w, want, sizeof want - 1);
	pst_buf_addc(&w, ';');
	T_MEMEQ(c.got.p, c.got.len, w.p, w.len);
	coll_free(&c);
	pst_buf_free(&w);

	/* The message starts with a stuffed dot; ".\n" ends one too. */
	c = (struct coll){0};
	T_INTEQ(fetch(NULL, MEM("+OK\r\n..start\r\nend\r\n.\n"), &num, 1,
	    &c, &e), 0);
	T_STREQ(pst_buf_str(&c.got), "1:13:.start\r\nend\r\n;");
	coll_free(&c);

	/* A line "." in the middle ends the message there; what follows is
	 * then not a reply. */
	c = (struct coll){0};
	T_INTEQ(fetch(NULL, MEM("+OK\r\nabc\r\n.\r\ndef\r\n.\r\n"), &num, 1,
	    &c, &e), 0);
	T_STREQ(pst_buf_str(&c.got), "1:5:abc\r\n;");
	coll_free(&c);
}

void test_pop3_fetch_empty(void)
{
	struct pst_err e = {0};
	struct coll c = {0};
	unsigned long nums[] = { 1, 2, 3 };

	T_INTEQ(fetch(NULL, MEM("+OK 0 octets\r\n.\r\n+OK\r\n.\n"
	    "+OK\r\n\r\n.\r\n"), nums, 3, &c, &e), 0);
	T_STREQ(pst_buf_str(&c.got), "1:0:;2:0:;3:2:\r\n;");
	coll_free(&c);
}

void test_pop3_fetch_err(void)
{
	struct pst_err e = {0};
	struct coll c = {0};
	unsigned long nums[] = { 1, 2 };

	T_INTEQ(fetch(NULL, MEM("+OK\r\nabc\r\n.\r\n-ERR no such message\r\n"),
	    nums, 2, &c, &e), -1);
	T_INTEQ(e.status, 76);
	T_OK(strstr(e.msg, "no such message") != NULL);
	T_STREQ(pst_buf_str(&c.got), "1:5:abc\r\n;");
	T_INTEQ(c.begins, 1);
	coll_free(&c);

	c = (struct coll){0};
	pst_err_clear(&e);
	T_INTEQ(fetch(NULL, MEM("-ERR [SYS/TEMP] try later\r\n"), nums, 2, &c,
	    &e), -1);
	T_INTEQ(e.status, 75);
	T_INTEQ(c.begins, 0);

	c = (struct coll){0};
	pst_err_clear(&e);
	T_INTEQ(fetch(NULL, MEM("* 1 FETCH\r\n"), nums, 2, &c, &e), -1);
	T_INTEQ(e.status, 76);
	T_INTEQ(c.begins, 0);
}

void test_pop3_fetch_cut(void)
{
	static const char *const cut[] = {
		"+OK\r\nabc\r\n",
		"+OK\r\nabc",
		"+OK\r\nabc\r\n.",
		"+OK\r\nabc\r\n.\r",
		"+OK\r\nabc\r\n..",
		"+OK\r\n",
	};
	struct pst_err e;
	struct coll c;
	unsigned long num = 1;

	for (size_t i = 0; i < sizeof cut / sizeof cut[0]; i++) {
		c = (struct coll){0};
		pst_err_clear(&e);
		T_INTEQ(fetch(NULL, cut[i], strlen(cut[i]), &num, 1, &c, &e),
		    -1);
		T_INTEQ(e.status, 75);
		T_INTEQ(c.aborts, 1);
		T_INTEQ(c.ends, 0);
		coll_free(&c);
	}

	/* Cut before the status line: nothing begun. */
	c = (struct coll){0};
	pst_err_clear(&e);
	T_INTEQ(fetch(NULL, MEM("+OK"), &num, 1, &c, &e), -1);
	T_INTEQ(e.status, 75);
	T_INTEQ(c.begins, 0);
}

void test_pop3_fetch_sink_fails(void)
{
	static const char script[] =
	    "+OK\r\nabc\r\n.\r\n+OK\r\ndef\r\n.\r\n+OK bye\r\n";
	struct pst_pop3 *p;
	struct pst_sink sink;
	struct pst_err e = {0};
	struct coll c = { .fail_data = 1 };
	unsigned long nums[] = { 1, 2 };

	T_INTEQ(fetch(NULL, MEM(script), nums, 2, &c, &e), -1);
	T_INTEQ(e.status, 74);
	T_STREQ(e.msg, "disk full");
	T_INTEQ(c.aborts, 1);
	coll_free(&c);

	c = (struct coll){ .fail_begin = 1 };
	pst_err_clear(&e);
	T_INTEQ(fetch(NULL, MEM(script), nums, 2, &c, &e), -1);
	T_INTEQ(e.status, 73);
	T_INTEQ(c.aborts, 0);
	coll_free(&c);

	c = (struct coll){ .fail_end = 1 };
	pst_err_clear(&e);
	T_INTEQ(fetch(NULL, MEM(script), nums, 2, &c, &e), -1);
	T_INTEQ(e.status, 74);
	T_INTEQ(c.ends, 1);
	coll_free(&c);

	/* A failing sink still reads its message to the end, so the session
	 * stays in step. */
	p = session(NULL, MEM(script));
	c = (struct coll){ .fail_data = 1 };
	sink = coll_sink(&c);
	pst_err_clear(&e);
	T_INTEQ(pst_pop3_fetch(p, nums, 1, &sink, &e), -1);
	c.fail_data = 0;
	pst_err_clear(&e);
	T_INTEQ(pst_pop3_fetch(p, nums + 1, 1, &sink, &e), 0);
	T_STREQ(pst_buf_str(&c.got), "2:5:def\r\n;");
	T_INTEQ(pst_pop3_quit(p, &e), 0);
	pst_pop3_close(p);
	coll_free(&c);
}

/* ---- deleting and quitting ---------------------------------------------- */

void test_pop3_dele(void)
{
	unsigned long nums[100];
	struct pst_buf s = {0};
	struct pst_pop3 *p;
	struct pst_err e = {0};
	size_t i;

	for (i = 0; i < 100; i++) {
		nums[i] = i + 1;
		pst_buf_printf(&s, "+OK message %zu deleted\r\n", i + 1);
	}
	pst_buf_adds(&s, "+OK bye\r\n");
	p = session(capa, s.p, s.len);
	T_INTEQ(pst_pop3_dele(p, nums, 0, &e), 0);
	T_INTEQ(pst_pop3_dele(p, nums, 100, &e), 0);
	T_INTEQ(pst_pop3_quit(p, &e), 0);
	T_INTEQ(e.status, 0);
	pst_pop3_close(p);
	pst_buf_free(&s);

	p = session(NULL, MEM("+OK\r\n-ERR message 2 already deleted\r\n"));
	T_INTEQ(pst_pop3_dele(p, nums, 3, &e), -1);
	T_INTEQ(e.status, 76);
	T_OK(strstr(e.msg, "already deleted") != NULL);
	pst_pop3_close(p);

	pst_err_clear(&e);
	p = session(NULL, MEM("+OK\r\n"));
	T_INTEQ(pst_pop3_dele(p, nums, 2, &e), -1);
	T_INTEQ(e.status, 75);
	pst_pop3_close(p);
}

void test_pop3_quit(void)
{
	struct pst_pop3 *p;
	struct pst_err e = {0};

	p = session(NULL, MEM("+OK dewey POP3 server signing off\r\n"));
	T_INTEQ(pst_pop3_quit(p, &e), 0);
	T_INTEQ(e.status, 0);
	pst_pop3_close(p);

	p = session(NULL, MEM("+OK\r\n"));
	T_INTEQ(pst_pop3_quit(p, &e), 0);
	pst_pop3_close(p);

	p = session(NULL, MEM("-ERR some deleted messages not removed\r\n"));
	T_INTEQ(pst_pop3_quit(p, &e), -1);
	T_INTEQ(e.status, 75);
	T_OK(strstr(e.msg, "deletions may not have happened") != NULL);
	T_OK(strstr(e.msg, "some deleted messages not removed") != NULL);
	pst_pop3_close(p);

	pst_err_clear(&e);
	p = session(NULL, MEM(""));
	T_INTEQ(pst_pop3_quit(p, &e), -1);
	T_INTEQ(e.status, 75);
	T_OK(strstr(e.msg, "deletions may not have happened") != NULL);
	pst_pop3_close(p);

	pst_err_clear(&e);
	p = session(NULL, MEM("* BYE\r\n"));
	T_INTEQ(pst_pop3_quit(p, &e), -1);
	T_INTEQ(e.status, 75);
	pst_pop3_close(p);
}
