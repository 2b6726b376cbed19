/* Unit tests of lib/conn.c's reading, over sessions in memory
 * (pst_conn_mem): lines, raw reads, peeking, the end of the data. */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "conn.h"
#include "err.h"
#include "t.h"

void test_conn_mem_opening(void);
void test_conn_lines(void);
void test_conn_line_end(void);
void test_conn_line_too_long(void);
void test_conn_read(void);
void test_conn_read_sink_stops(void);
void test_conn_read_cut(void);
void test_conn_peek_need_skip(void);
void test_conn_send_dropped(void);

#define MEM(s)	(s), sizeof(s) - 1

void test_conn_mem_opening(void)
{
	static char data[] = "abc";
	struct pst_conn *c;

	c = pst_conn_mem(NULL, MEM(""));
	T_STREQ(pst_conn_opening(c), "");
	T_OK(!pst_conn_broken(c));
	pst_conn_close(c);

	c = pst_conn_mem("* OK hi\r\n* CAPABILITY IMAP4rev1\r\n", MEM(""));
	T_STREQ(pst_conn_opening(c), "* OK hi\r\n* CAPABILITY IMAP4rev1\r\n");
	pst_conn_close(c);

	/* The data is copied. */
	c = pst_conn_mem("", data, 3);
	data[0] = 'X';
	{
		const char *p;
		size_t n;
		struct pst_err e = {0};

		T_INTEQ(pst_conn_peek(c, &p, &n, &e), 0);
		T_MEMEQ(p, n, "abc", 3);
	}
	data[0] = 'a';
	pst_conn_close(c);
	pst_conn_close(NULL);
}

void test_conn_lines(void)
{
	struct pst_conn *c = pst_conn_mem(NULL, MEM("one\r\ntwo\n\r\n\n"
	    "cr\rinside\r\nnul\0here\r\nthree\r\r\n"));
	struct pst_err e = {0};
	const char *line;
	size_t n;

	T_INTEQ(pst_conn_line(c, &line, &n, &e), 0);
	T_MEMEQ(line, n, "one", 3);
	T_INTEQ(line[n], '\0');
	T_INTEQ(pst_conn_line(c, &line, &n, &e), 0);
	T_MEMEQ(line, n, "two", 3);
	T_INTEQ(line[n], '\0');
	T_INTEQ(pst_conn_line(c, &line, &n, &e), 0);
	T_INTEQ(n, 0);
	T_STREQ(line, "");
	T_INTEQ(pst_conn_line(c, &line, &n, &e), 0);
	T_INTEQ(n, 0);
	T_INTEQ(pst_conn_line(c, &line, &n, &e), 0);
	T_MEMEQ(line, n, "cr\rinside", 9);
	T_INTEQ(pst_conn_line(c, &line, &n, &e), 0);
	T_MEMEQ(line, n, "nul\0here", 8);
	/* Only one CR goes with the line end. */
	T_INTEQ(pst_conn_line(c, &line, &n, &e), 0);
	T_MEMEQ(line, n, "three\r", 6);
	T_INTEQ(e.status, 0);
	T_OK(!pst_conn_broken(c));
	/* The end of the data is the server closing the connection. */
	T_INTEQ(pst_conn_line(c, &line, &n, &e), -1);
	T_INTEQ(e.status, 75);
	T_OK(pst_conn_broken(c));
	pst_conn_close(c);
}

void test_conn_line_end(void)
{
	struct pst_conn *c = pst_conn_mem(NULL, MEM("whole\r\nhalf a line"));
	struct pst_err e = {0};
	const char *line, *p;
	size_t n;

	T_INTEQ(pst_conn_line(c, &line, &n, &e), 0);
	T_MEMEQ(line, n, "whole", 5);
	T_INTEQ(pst_conn_line(c, &line, &n, &e), -1);
	T_INTEQ(e.status, 75);
	T_OK(pst_conn_broken(c));
	/* Once gone, always gone, and what was there stays unread. */
	pst_err_clear(&e);
	T_INTEQ(pst_conn_line(c, &line, &n, &e), -1);
	T_INTEQ(e.status, 75);
	T_INTEQ(pst_conn_peek(c, &p, &n, &e), 0);
	T_MEMEQ(p, n, "half a line", 11);
	pst_conn_close(c);

	c = pst_conn_mem(NULL, MEM(""));
	pst_err_clear(&e);
	T_INTEQ(pst_conn_line(c, &line, &n, &e), -1);
	T_INTEQ(e.status, 75);
	pst_err_clear(&e);
	T_INTEQ(pst_conn_peek(c, &p, &n, &e), -1);
	T_INTEQ(e.status, 75);
	pst_conn_close(c);
}

void test_conn_line_too_long(void)
{
	size_t big = 8 * 1024 * 1024 + 2;
	char *p = malloc(big + 2);
	struct pst_conn *c;
	struct pst_err e = {0};
	const char *line;
	size_t n;

	if (!T_OK(p != NULL))
		return;
	memset(p, 'x', big);
	/* Just within: 8 MiB and its CRLF. */
	p[8 * 1024 * 1024] = '\r';
	p[8 * 1024 * 1024 + 1] = '\n';
	c = pst_conn_mem(NULL, p, 8 * 1024 * 1024 + 2);
	T_INTEQ(pst_conn_line(c, &line, &n, &e), 0);
	T_INTEQ(n, 8 * 1024 * 1024);
	pst_conn_close(c);

	/* Over, with no line end: a protocol error, not a wait forever. */
	p[8 * 1024 * 1024] = 'x';
	p[8 * 1024 * 1024 + 1] = 'x';
	memcpy(p + big, "\r\n", 2);
	c = pst_conn_mem(NULL, p, big);
	T_INTEQ(pst_conn_line(c, &line, &n, &e), -1);
	T_INTEQ(e.status, 76);
	T_OK(pst_conn_broken(c));
	pst_conn_close(c);
	free(p);
}

struct pieces {
	struct pst_buf got;
	int calls;
	int stop_after;		/* return 5 after this many calls */
};

static int
take(void *ctx, const char *p, size_t k)
{
	struct pieces *s = ctx;

	pst_buf_add(&s->got, p, k);
	return ++s->calls == s->stop_after ? 5 : 0;
}

void test_conn_read(void)
{
	struct pst_conn *c = pst_conn_mem(NULL, MEM("{5}\r\nab\r\nc)\r\n"
	    "\0\0\0next\r\n"));
	struct pst_err e = {0};
	struct pieces s = {0};
	const char *line;
	size_t n;

	T_INTEQ(pst_conn_line(c, &line, &n, &e), 0);
	T_MEMEQ(line, n, "{5}", 3);
	T_INTEQ(pst_conn_read(c, 5, take, &s, &e), 0);
	T_MEMEQ(s.got.p, s.got.len, "ab\r\nc", 5);
	T_INTEQ(pst_conn_line(c, &line, &n, &e), 0);
	T_MEMEQ(line, n, ")", 1);
	/* Nothing to read is nothing handed. */
	T_INTEQ(pst_conn_read(c, 0, take, &s, &e), 0);
	T_INTEQ(s.calls, 1);
	/* Dropped unread. */
	T_INTEQ(pst_conn_read(c, 3, NULL, NULL, &e), 0);
	T_INTEQ(pst_conn_line(c, &line, &n, &e), 0);
	T_MEMEQ(line, n, "next", 4);
	T_INTEQ(e.status, 0);
	pst_conn_close(c);
	pst_buf_free(&s.got);
}

void test_conn_read_sink_stops(void)
{
	struct pst_conn *c = pst_conn_mem(NULL, MEM("0123456789after\r\n"));
	struct pst_err e = {0};
	struct pieces s = { .stop_after = 1 };
	const char *line;
	size_t n;

	/* The sink's value comes back; the rest of the n bytes is read all
	 * the same. */
	T_INTEQ(pst_conn_read(c, 10, take, &s, &e), 5);
	T_INTEQ(s.calls, 1);
	T_INTEQ(pst_conn_line(c, &line, &n, &e), 0);
	T_MEMEQ(line, n, "after", 5);
	T_INTEQ(e.status, 0);
	pst_conn_close(c);
	pst_buf_free(&s.got);
}

void test_conn_read_cut(void)
{
	struct pst_conn *c = pst_conn_mem(NULL, MEM("short"));
	struct pst_err e = {0};
	struct pieces s = {0};

	T_INTEQ(pst_conn_read(c, 100, take, &s, &e), -1);
	T_INTEQ(e.status, 75);
	/* What there was went to the sink. */
	T_MEMEQ(s.got.p, s.got.len, "short", 5);
	T_OK(pst_conn_broken(c));
	pst_conn_close(c);
	pst_buf_free(&s.got);
}

void test_conn_peek_need_skip(void)
{
	struct pst_conn *c = pst_conn_mem(NULL, MEM(".\r\nxyz"));
	struct pst_err e = {0};
	const char *p;
	size_t n;

	T_INTEQ(pst_conn_peek(c, &p, &n, &e), 0);
	T_MEMEQ(p, n, ".\r\nxyz", 6);
	T_INTEQ(pst_conn_need(c, 3, &p, &n, &e), 0);
	T_INTEQ(n, 6);
	pst_conn_skip(c, 3);
	T_INTEQ(pst_conn_peek(c, &p, &n, &e), 0);
	T_MEMEQ(p, n, "xyz", 3);
	/* More than there is, with no more coming. */
	T_INTEQ(pst_conn_need(c, 4, &p, &n, &e), -1);
	T_INTEQ(e.status, 75);
	/* A skip past the end stops at it. */
	pst_conn_skip(c, 100);
	pst_err_clear(&e);
	T_INTEQ(pst_conn_peek(c, &p, &n, &e), -1);
	T_INTEQ(pst_conn_need(c, 0, &p, &n, &e), 0);
	T_INTEQ(n, 0);
	pst_conn_close(c);
}

void test_conn_send_dropped(void)
{
	struct pst_conn *c = pst_conn_mem(NULL, MEM("+OK\r\n"));
	struct pst_err e = {0};
	const char *line;
	size_t n;

	T_INTEQ(pst_conn_send(c, MEM("QUIT\r\n"), &e), 0);
	T_INTEQ(pst_conn_send(c, MEM(""), &e), 0);
	T_INTEQ(pst_conn_line(c, &line, &n, &e), 0);
	T_STREQ(line, "+OK");
	pst_conn_trace(c, '<', MEM("not shown: not verbose"));
	pst_conn_close(c);
}
