/* Unit tests of lib/imap.c over sessions in memory (pst_conn_mem): what
 * the server says is scripted, what is sent is dropped. The tags are m1,
 * m2, ... in the order the commands go out, so a script answers them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "coll.h"
#include "conn.h"
#include "err.h"
#include "imap.h"
#include "sink.h"
#include "t.h"

void test_imap_caps(void);
void test_imap_select(void);
void test_imap_select_refused(void);
void test_imap_select_no_uidvalidity(void);
void test_imap_select_bad_uidvalidity(void);
void test_imap_select_bye(void);
void test_imap_select_bad_name(void);
void test_imap_tags_continue(void);
void test_imap_list(void);
void test_imap_list_msgid(void);
void test_imap_list_flag_changes(void);
void test_imap_list_stops(void);
void test_imap_list_errors(void);
void test_imap_fetch_literal(void);
void test_imap_fetch_uid_after(void);
void test_imap_fetch_pipelined(void);
void test_imap_fetch_window(void);
void test_imap_fetch_between(void);
void test_imap_fetch_missing(void);
void test_imap_fetch_cut(void);
void test_imap_fetch_longer(void);
void test_imap_fetch_garbage(void);
void test_imap_fetch_bye(void);
void test_imap_fetch_no(void);
void test_imap_fetch_no_uid(void);
void test_imap_fetch_sink_fails(void);
void test_imap_since(void);
void test_imap_delete(void);
void test_imap_logout(void);
void test_imap_folders(void);
void test_imap_folders_stops(void);
void test_imap_utf7_encode(void);
void test_imap_utf7_decode(void);
void test_imap_utf7_long(void);
void test_imap_utf7_roundtrip(void);

#define MEM(s)	(s), sizeof(s) - 1

static struct pst_imap *
session(const char *opening, const char *p, size_t n)
{
	return pst_imap_on(pst_conn_mem(opening, p, n));
}

/* Append "{n}\r\n" and the n bytes of a literal. */
static void
lit(struct pst_buf *b, const char *p, size_t n)
{
	pst_buf_printf(b, "{%zu}\r\n", n);
	pst_buf_add(b, p, n);
}

/* Fetch uids[0..n) from a session saying p[0..len): the return value, the
 * messages in c, the error in e. Checks the sink's calls pair up. */
static int
fetch(const char *p, size_t len, const unsigned long *uids, size_t n,
    struct coll *c, struct pst_err *e)
{
	struct pst_imap *im = session(NULL, p, len);
	struct pst_sink s = coll_sink(c);
	int rc;

	rc = pst_imap_fetch(im, uids, n, &s, e);
	pst_imap_close(im);
	T_INTEQ(c->misuse, 0);
	T_INTEQ(c->open, 0);
	T_INTEQ(c->begins, c->ends + c->aborts);
	return rc;
}

/* ---- capabilities and SELECT -------------------------------------------- */

void test_imap_caps(void)
{
	struct pst_imap *im;

	im = session("* OK [CAPABILITY IMAP4rev1 STARTTLS] hi\r\n"
	    "A001 OK [CAPABILITY IMAP4rev1 UIDPLUS IDLE] logged in\r\n",
	    MEM(""));
	T_OK(pst_imap_has(im, "uidplus"));
	T_OK(pst_imap_has(im, "IMAP4rev1"));
	T_OK(pst_imap_has(im, "IDLE"));
	/* The last list, the one after login, is the one that counts. */
	T_OK(!pst_imap_has(im, "STARTTLS"));
	T_OK(!pst_imap_has(im, "UIDPLUS]"));
	pst_imap_close(im);

	im = session("* CAPABILITY IMAP4rev1 LITERAL+ UIDPLUS\r\n", MEM(""));
	T_OK(pst_imap_has(im, "LITERAL+"));
	T_OK(pst_imap_has(im, "UIDPLUS"));
	pst_imap_close(im);

	im = session(NULL, MEM(""));
	T_OK(!pst_imap_has(im, "UIDPLUS"));
	pst_imap_close(im);
}

void test_imap_select(void)
{
	static const char script[] =
	    "* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)\r\n"
	    "* OK [PERMANENTFLAGS ()] Read-only mailbox.\r\n"
	    "* 172 EXISTS\r\n"
	    "* 1 RECENT\r\n"
	    "* OK [UNSEEN 12] Message 12 is first unseen\r\n"
	    "* OK [UIDVALIDITY 3857529045] UIDs valid\r\n"
	    "* OK [UIDNEXT 4392] Predicted next UID\r\n"
	    "m1 OK [READ-ONLY] EXAMINE completed\r\n";
	struct pst_imap *im = session(NULL, MEM(script));
	struct pst_err e = {0};
	unsigned long uv = 0, exists = 0;

	T_INTEQ(pst_imap_select(im, "INBOX", 0, &uv, &exists, &e), 0);
	T_INTEQ(uv, 3857529045UL);
	T_INTEQ(exists, 172);
	T_INTEQ(e.status, 0);
	pst_imap_close(im);

	/* Any order, any case, an alert with a literal in between, and an
	 * EXISTS that changes while it is opened: the last one counts. */
	im = session(NULL, MEM("* ok [uidvalidity 7] x\r\n"
	    "* 3 exists\r\n"
	    "* OK [ALERT] {5}\r\nhello\r\n"
	    "* 4 EXISTS\r\n"
	    "m1 OK [READ-WRITE] done\r\n"));
	T_INTEQ(pst_imap_select(im, "Archive/2024", 1, &uv, &exists, &e), 0);
	T_INTEQ(uv, 7);
	T_INTEQ(exists, 4);
	pst_imap_close(im);

	/* An empty folder. */
	im = session(NULL, MEM("* 0 EXISTS\r\n* OK [UIDVALIDITY 1]\r\n"
	    "m1 OK\r\n"));
	T_INTEQ(pst_imap_select(im, "Empty", 0, &uv, &exists, &e), 0);
	T_INTEQ(uv, 1);
	T_INTEQ(exists, 0);
	pst_imap_close(im);
}

void test_imap_select_refused(void)
{
	struct pst_imap *im;
	struct pst_err e = {0};
	unsigned long uv = 0, exists = 0;

	im = session(NULL, MEM("m1 NO [NONEXISTENT] Mailbox doesn't exist: "
	    "Nope\r\n"));
	T_INTEQ(pst_imap_select(im, "Nope", 0, &uv, &exists, &e), -1);
	T_INTEQ(e.status, 66);
	T_OK(strstr(e.msg, "Nope") != NULL);
	T_OK(strstr(e.msg, "[NONEXISTENT] Mailbox doesn't exist: Nope") !=
	    NULL);
	pst_imap_close(im);

	/* A refusal for now is temporary. */
	pst_err_clear(&e);
	im = session(NULL, MEM("m1 NO [INUSE] Mailbox in use\r\n"));
	T_INTEQ(pst_imap_select(im, "INBOX", 1, &uv, &exists, &e), -1);
	T_INTEQ(e.status, 75);
	T_OK(strstr(e.msg, "Mailbox in use") != NULL);
	pst_imap_close(im);

	pst_err_clear(&e);
	im = session(NULL, MEM("m1 NO [UNAVAILABLE] try later\r\n"));
	T_INTEQ(pst_imap_select(im, "INBOX", 1, &uv, &exists, &e), -1);
	T_INTEQ(e.status, 75);
	pst_imap_close(im);

	pst_err_clear(&e);
	im = session(NULL, MEM("m1 BAD command unknown\r\n"));
	T_INTEQ(pst_imap_select(im, "INBOX", 0, &uv, &exists, &e), -1);
	T_INTEQ(e.status, 76);
	T_OK(strstr(e.msg, "command unknown") != NULL);
	pst_imap_close(im);

	/* The server's words come out safe for a terminal. */
	pst_err_clear(&e);
	im = session(NULL, MEM("m1 NO \033[31mred\r\n"));
	T_INTEQ(pst_imap_select(im, "INBOX", 0, &uv, &exists, &e), -1);
	T_OK(strchr(e.msg, '\033') == NULL);
	pst_imap_close(im);
}

void test_imap_select_no_uidvalidity(void)
{
	struct pst_imap *im;
	struct pst_err e = {0};
	unsigned long uv = 0, exists = 0;

	im = session(NULL, MEM("* 3 EXISTS\r\nm1 OK done\r\n"));
	T_INTEQ(pst_imap_select(im, "INBOX", 0, &uv, &exists, &e), -1);
	T_INTEQ(e.status, 76);
	T_OK(strstr(e.msg, "UIDVALIDITY") != NULL);
	pst_imap_close(im);

	/* Cut before the tagged reply. */
	pst_err_clear(&e);
	im = session(NULL, MEM("* 3 EXISTS\r\n* OK [UIDVALIDITY 5]\r\n"));
	T_INTEQ(pst_imap_select(im, "INBOX", 0, &uv, &exists, &e), -1);
	T_INTEQ(e.status, 75);
	pst_imap_close(im);

	/* Nothing at all. */
	pst_err_clear(&e);
	im = session(NULL, MEM(""));
	T_INTEQ(pst_imap_select(im, "INBOX", 0, &uv, &exists, &e), -1);
	T_INTEQ(e.status, 75);
	pst_imap_close(im);
}

void test_imap_select_bad_uidvalidity(void)
{
	static const char *const bad[] = {
		"* OK [UIDVALIDITY 0] zero\r\nm1 OK\r\n",
		"* OK [UIDVALIDITY 4294967296] too big\r\nm1 OK\r\n",
		"* OK [UIDVALIDITY 99999999999999999999999] far\r\nm1 OK\r\n",
		"* OK [UIDVALIDITY x] what\r\nm1 OK\r\n",
	};
	struct pst_err e;
	unsigned long uv, exists;

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct pst_imap *im = session(NULL, bad[i], strlen(bad[i]));

		pst_err_clear(&e);
		T_INTEQ(pst_imap_select(im, "INBOX", 0, &uv, &exists, &e), -1);
		T_INTEQ(e.status, 76);
		pst_imap_close(im);
	}
}

void test_imap_select_bye(void)
{
	struct pst_imap *im;
	struct pst_err e = {0};
	unsigned long uv, exists;

	im = session(NULL, MEM("* BYE Autologout; idle for too long\r\n"));
	T_INTEQ(pst_imap_select(im, "INBOX", 0, &uv, &exists, &e), -1);
	T_INTEQ(e.status, 75);
	T_OK(strstr(e.msg, "idle for too long") != NULL);
	pst_imap_close(im);

	/* A continuation request where none was asked for. */
	pst_err_clear(&e);
	im = session(NULL, MEM("+ go ahead\r\nm1 OK\r\n"));
	T_INTEQ(pst_imap_select(im, "INBOX", 0, &uv, &exists, &e), -1);
	T_INTEQ(e.status, 76);
	pst_imap_close(im);

	pst_err_clear(&e);
	im = session(NULL, MEM("HTTP/1.1 400 Bad Request\r\n"));
	T_INTEQ(pst_imap_select(im, "INBOX", 0, &uv, &exists, &e), -1);
	T_INTEQ(e.status, 76);
	pst_imap_close(im);
}

void test_imap_select_bad_name(void)
{
	struct pst_imap *im = session(NULL, MEM("m1 OK\r\n"));
	struct pst_err e = {0};
	unsigned long uv, exists;

	T_INTEQ(pst_imap_select(im, "caf\xe9", 0, &uv, &exists, &e), -1);
	T_INTEQ(e.status, 64);
	pst_err_clear(&e);
	T_INTEQ(pst_imap_select(im, "a\nb", 0, &uv, &exists, &e), -1);
	T_INTEQ(e.status, 64);
	pst_imap_close(im);
}


/* ---- listing ------------------------------------------------------------ */

struct lst {
	struct pst_buf out;	/* "UID SIZE MSGID\n", "-" for no Message-ID */
	unsigned long stop_at;	/* return 42 for this UID */
	int calls;
};

static int
each_msg(void *ctx, unsigned long uid, unsigned long long size,
    const char *msgid)
{
	struct lst *l = ctx;

	l->calls++;
	pst_buf_printf(&l->out, "%lu %llu %s\n", uid, size,
	    msgid != NULL ? msgid : "-");
	return uid == l->stop_at ? 42 : 0;
}

/* List with a session saying p[0..n): the return value, the listing in
 * l->out, the error in e. */
static int
list(const char *p, size_t n, int with_msgid, struct lst *l,
    struct pst_err *e)
{
	struct pst_imap *im = session(NULL, p, n);
	int rc = pst_imap_list(im, with_msgid, each_msg, l, e);

	pst_imap_close(im);
	return rc;
}

void test_imap_tags_continue(void)
{
	static const char script[] =
	    "* OK [UIDVALIDITY 9]\r\n* 1 EXISTS\r\nm1 OK\r\n"
	    "* 1 FETCH (UID 5 RFC822.SIZE 3)\r\nm2 OK\r\n"
	    "* 1 FETCH (UID 5 BODY[] {3}\r\nabc)\r\nm3 OK\r\n"
	    "* BYE logging out\r\nm4 OK\r\n";
	struct pst_imap *im = session(NULL, MEM(script));
	struct pst_err e = {0};
	struct lst l = {0};
	struct coll c = {0};
	struct pst_sink s = coll_sink(&c);
	unsigned long uv, exists, uid = 5;

	T_INTEQ(pst_imap_select(im, "INBOX", 0, &uv, &exists, &e), 0);
	T_INTEQ(pst_imap_list(im, 0, each_msg, &l, &e), 0);
	T_STREQ(pst_buf_str(&l.out), "5 3 -\n");
	T_INTEQ(pst_imap_fetch(im, &uid, 1, &s, &e), 0);
	T_STREQ(pst_buf_str(&c.got), "5:3:abc;");
	T_INTEQ(pst_imap_logout(im, &e), 0);
	T_INTEQ(e.status, 0);
	pst_imap_close(im);
	pst_buf_free(&l.out);
	coll_free(&c);

	/* Nothing to fetch sends nothing and reads nothing. */
	im = session(NULL, MEM("m1 OK\r\n"));
	c = (struct coll){0};
	s = coll_sink(&c);
	T_INTEQ(pst_imap_fetch(im, &uid, 0, &s, &e), 0);
	T_INTEQ(pst_imap_logout(im, &e), 0);
	T_INTEQ(c.begins, 0);
	pst_imap_close(im);
}

void test_imap_list(void)
{
	static const char script[] =
	    "* 1 FETCH (UID 4 RFC822.SIZE 100)\r\n"
	    "* 2 FETCH (RFC822.SIZE 200 UID 7)\r\n"
	    "* 3 FETCH (UID 9 FLAGS (\\Seen $Junk) RFC822.SIZE 300)\r\n"
	    "* 4 fetch (uid 10 rfc822.size 0 INTERNALDATE "
	    "\"17-Jul-1996 02:44:25 -0700\")\r\n"
	    "* 5 FETCH (MODSEQ (12121231000) UID 4294967295 RFC822.SIZE "
	    "1844674407370955160)\r\n"
	    "m1 OK UID FETCH completed\r\n";
	struct pst_err e = {0};
	struct lst l = {0};

	T_INTEQ(list(MEM(script), 0, &l, &e), 0);
	T_STREQ(pst_buf_str(&l.out), "4 100 -\n7 200 -\n9 300 -\n10 0 -\n"
	    "4294967295 1844674407370955160 -\n");
	pst_buf_free(&l.out);

	/* An empty folder. */
	l = (struct lst){0};
	T_INTEQ(list(MEM("m1 OK\r\n"), 1, &l, &e), 0);
	T_INTEQ(l.calls, 0);
	T_INTEQ(e.status, 0);
}

void test_imap_list_msgid(void)
{
	struct pst_buf s = {0};
	struct pst_err e = {0};
	struct lst l = {0};
	static const char hf[] = "BODY[HEADER.FIELDS (MESSAGE-ID)] ";

	pst_buf_printf(&s, "* 1 FETCH (UID 4 RFC822.SIZE 100 %s", hf);
	lit(&s, MEM("Message-ID: <a@example.org>\r\n\r\n"));
	pst_buf_adds(&s, ")\r\n");
	/* The items in another order; a message without one. */
	pst_buf_printf(&s, "* 2 FETCH (%s", hf);
	lit(&s, MEM("\r\n"));
	pst_buf_adds(&s, " UID 7 RFC822.SIZE 200)\r\n");
	/* Quoted field names, a folded value, other items after. */
	pst_buf_adds(&s, "* 3 FETCH (UID 9 RFC822.SIZE 300 "
	    "BODY[HEADER.FIELDS (\"Message-Id\")] ");
	lit(&s, MEM("Message-Id:\r\n <folded@x>\r\n\r\n"));
	pst_buf_adds(&s, " FLAGS (\\Seen))\r\n");
	/* NIL and "" for the header. */
	pst_buf_printf(&s, "* 4 FETCH (UID 10 %sNIL RFC822.SIZE 1)\r\n", hf);
	pst_buf_printf(&s, "* 5 FETCH (UID 11 RFC822.SIZE 2 %s\"\")\r\n", hf);
	/* A literal holding what looks like responses. */
	pst_buf_printf(&s, "* 6 FETCH (UID 12 RFC822.SIZE 3 %s", hf);
	lit(&s, MEM("Message-ID: <z@z>\r\nm1 OK done\r\n"
	    "* 9 FETCH (UID 99 RFC822.SIZE 1)\r\n)\r\n\r\n"));
	pst_buf_adds(&s, ")\r\n");
	/* LF only, blanks around, a bare LF inside the literal. */
	pst_buf_printf(&s, "* 7 FETCH (UID 13 RFC822.SIZE 4 %s", hf);
	lit(&s, MEM("message-id:   <lf@x>  \n\n"));
	pst_buf_adds(&s, ")\r\nm1 OK\r\n");
	T_INTEQ(list(s.p, s.len, 1, &l, &e), 0);
	T_STREQ(pst_buf_str(&l.out), "4 100 <a@example.org>\n7 200 \n"
	    "9 300 <folded@x>\n10 1 \n11 2 \n12 3 <z@z>\n13 4 <lf@x>\n");
	T_INTEQ(e.status, 0);
	pst_buf_free(&l.out);
	pst_buf_free(&s);
}

void test_imap_list_flag_changes(void)
{
	static const char script[] =
	    "* 1 FETCH (UID 4 RFC822.SIZE 100)\r\n"
	    "* 1 FETCH (FLAGS (\\Seen))\r\n"
	    "* 3 EXPUNGE\r\n"
	    "* 4 EXISTS\r\n"
	    "* 1 RECENT\r\n"
	    "* OK [ALERT] {5}\r\nhello\r\n"
	    "* 2 FETCH (UID 7 RFC822.SIZE 200)\r\n"
	    "* 2 FETCH (FLAGS (\\Deleted) MODSEQ (5))\r\n"
	    "m1 OK\r\n";
	static const char uid_flags[] =
	    "* 1 FETCH (UID 4 RFC822.SIZE 100)\r\n"
	    /* RFC 3501 6.4.8: during a UID command the server includes the
	     * UID in every FETCH response, flag changes too (Dovecot). */
	    "* 1 FETCH (UID 4 FLAGS (\\Seen))\r\n"
	    "* 2 FETCH (UID 7 RFC822.SIZE 200)\r\n"
	    "m1 OK\r\n";
	struct pst_err e = {0};
	struct lst l = {0};

	T_INTEQ(list(MEM(script), 0, &l, &e), 0);
	T_STREQ(pst_buf_str(&l.out), "4 100 -\n7 200 -\n");
	pst_buf_free(&l.out);

	l = (struct lst){0};
	T_INTEQ(list(MEM(uid_flags), 0, &l, &e), 0);
	T_STREQ(pst_buf_str(&l.out), "4 100 -\n7 200 -\n");
	T_STREQ(e.msg, "");
	pst_buf_free(&l.out);
}

void test_imap_list_stops(void)
{
	static const char script[] =
	    "* 1 FETCH (UID 4 RFC822.SIZE 100)\r\n"
	    "* 2 FETCH (UID 7 RFC822.SIZE 200)\r\n"
	    "* 3 FETCH (UID 9 RFC822.SIZE 300)\r\n"
	    "m1 OK\r\n"
	    "* OK [UIDVALIDITY 3]\r\nm2 OK\r\n";
	struct pst_imap *im = session(NULL, MEM(script));
	struct pst_err e = {0};
	struct lst l = { .stop_at = 7 };
	unsigned long uv, exists;

	T_INTEQ(pst_imap_list(im, 0, each_msg, &l, &e), 42);
	T_INTEQ(l.calls, 2);
	T_INTEQ(e.status, 0);
	/* The rest of the reply was read: the session is in step. */
	T_INTEQ(pst_imap_select(im, "INBOX", 0, &uv, &exists, &e), 0);
	T_INTEQ(uv, 3);
	pst_imap_close(im);
	pst_buf_free(&l.out);
}

void test_imap_list_errors(void)
{
	static const struct {
		const char *script;
		int status;
	} cases[] = {
		{ "m1 NO [SERVERBUG] oops\r\n", 75 },
		{ "m1 NO cannot\r\n", 76 },
		{ "m1 BAD what\r\n", 76 },
		{ "* 1 FETCH (UID 0 RFC822.SIZE 5)\r\nm1 OK\r\n", 76 },
		{ "* 1 FETCH (UID 4294967296 RFC822.SIZE 5)\r\nm1 OK\r\n",
		    76 },
		{ "* 1 FETCH (UID 4 RFC822.SIZE x)\r\nm1 OK\r\n", 76 },
		{ "* 1 FETCH (UID x RFC822.SIZE 4)\r\nm1 OK\r\n", 76 },
		{ "* 1 FETCH (UID 4 RFC822.SIZE "
		    "99999999999999999999999)\r\nm1 OK\r\n", 76 },
		{ "* 1 FETCH UID 4 RFC822.SIZE 5\r\nm1 OK\r\n", 76 },
		{ "* 1 FETCH (UID 4 RFC822.SIZE 5) junk\r\nm1 OK\r\n", 76 },
		{ "* 1 FETCH (UID 4 RFC822.SIZE 5\r\nm1 OK\r\n", 76 },
		{ "* 1 FETCH (UID 4 RFC822.SIZE 5))\r\nm1 OK\r\n", 76 },
		{ "* 1 FETCH (UID 4 RFC822.SIZE 5 BODY[HEADER {5}\r\n"
		    "abcde)\r\nm1 OK\r\n", 76 },
		{ "* 1 FETCH (UID 4 RFC822.SIZE 5 X \"open)\r\nm1 OK\r\n",
		    76 },
		{ "* 1 FETCH (UID 4 RFC822.SIZE 5 BODY[HEADER.FIELDS "
		    "(MESSAGE-ID)] {50}\r\nshort", 75 },
		{ "* 1 FETCH (UID 4 RFC822.SIZE 5 BODY[HEADER.FIELDS "
		    "(MESSAGE-ID)] {5}\r\nabcde", 75 },
		{ "* 1 FETCH (UID 4 RFC822.SIZE 5)\r\n", 75 },
		{ "* BYE going away\r\nm1 OK\r\n", 75 },
		{ "m2 OK\r\n", 76 },
		{ "m1\r\n", 76 },
		{ "m1 MAYBE\r\n", 76 },
	};
	struct pst_err e;
	struct lst l;

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		pst_err_clear(&e);
		l = (struct lst){0};
		if (!T_INTEQ(list(cases[i].script, strlen(cases[i].script), 1,
		    &l, &e), -1) || !T_INTEQ(e.status, cases[i].status))
			fprintf(stderr, "  case %zu: %s\n", i, e.msg);
		T_INTEQ(l.calls, i == 16 ? 1 : 0);
		T_OK(e.msg[0] != '\0');
		pst_buf_free(&l.out);
	}
}

/* ---- fetching ----------------------------------------------------------- */

void test_imap_fetch_literal(void)
{
	static const char body[] = "Subject: x\r\n\r\n)\r\n"
	    "* 1 FETCH (UID 9 BODY[] {3}\r\nm1 OK done\r\n"
	    "\0nul\0\r\n)\r\n{5}\r\n.\r\nm1 BAD\r\nno line end";
	struct pst_buf s = {0}, want = {0};
	struct pst_err e = {0};
	struct coll c = {0};
	unsigned long uids[] = { 5, 6, 7, 8 };

	pst_buf_adds(&s, "* 1 FETCH (UID 5 BODY[] ");
	lit(&s, MEM(body));
	pst_buf_adds(&s, ")\r\n");
	/* Flags and an origin octet; an empty message. */
	pst_buf_adds(&s, "* 2 FETCH (UID 6 FLAGS (\\Seen) BODY[]<0> ");
	lit(&s, MEM(""));
	pst_buf_adds(&s, ")\r\n");
	/* LITERAL+ form, lower case, a bare LF line end. */
	pst_buf_adds(&s, "* 3 fetch (uid 7 body[] {2+}\nab)\n");
	/* A literal that is just CRLF. */
	pst_buf_adds(&s, "* 4 FETCH (UID 8 BODY[] ");
	lit(&s, MEM("\r\n"));
	pst_buf_adds(&s, ")\r\nm1 OK Fetch completed\r\n");
	T_INTEQ(fetch(s.p, s.len, uids, 4, &c, &e), 0);
	T_INTEQ(e.status, 0);
	pst_buf_printf(&want, "5:%zu:", sizeof body - 1);
	pst_buf_add(&want, body, sizeof body - 1);
	pst_buf_adds(&want, ";6:0:;7:2:ab;8:2:\r\n;");
	T_MEMEQ(c.got.p, c.got.len, want.p, want.len);
	T_INTEQ(c.ends, 4);
	T_INTEQ(c.aborts, 0);
	coll_free(&c);
	pst_buf_free(&s);
	pst_buf_free(&want);
}

void test_imap_fetch_uid_after(void)
{
	struct pst_err e = {0};
	struct coll c = {0};
	unsigned long uids[] = { 5, 6 };

	T_INTEQ(fetch(MEM("* 1 FETCH (BODY[] {3}\r\nabc UID 5)\r\n"
	    "* 2 FETCH (BODY[] {3}\r\ndef FLAGS (\\Seen) UID 6 "
	    "RFC822.SIZE 3)\r\nm1 OK\r\n"), uids, 2, &c, &e), 0);
	T_STREQ(pst_buf_str(&c.got), "5:3:abc;6:3:def;");
	coll_free(&c);
}

/* Commands of at most 256 messages each, pipelined; their tags follow
 * those of the commands before on the session. */
void test_imap_fetch_pipelined(void)
{
	unsigned long uids[600];
	struct pst_imap *im;
	struct pst_sink s;
	struct pst_err e = {0};
	struct coll c = {0};
	unsigned long uv, exists;
	size_t i;

	for (i = 0; i < 600; i++)
		uids[i] = i + 1;
	/* 256 consecutive UIDs: one command. */
	T_INTEQ(fetch(MEM("* 1 FETCH (UID 1 BODY[] {1}\r\na)\r\n"
	    "* 256 FETCH (UID 256 BODY[] {1}\r\nb)\r\nm1 OK\r\n"), uids, 256,
	    &c, &e), 0);
	T_STREQ(pst_buf_str(&c.got), "1:1:a;256:1:b;");
	coll_free(&c);

	/* 257: two, and the second one's reply is awaited. */
	c = (struct coll){0};
	T_INTEQ(fetch(MEM("* 1 FETCH (UID 1 BODY[] {1}\r\na)\r\nm1 OK\r\n"),
	    uids, 257, &c, &e), -1);
	T_INTEQ(e.status, 75);
	T_STREQ(pst_buf_str(&c.got), "1:1:a;");
	coll_free(&c);

	c = (struct coll){0};
	pst_err_clear(&e);
	T_INTEQ(fetch(MEM("* 1 FETCH (UID 1 BODY[] {1}\r\na)\r\n"
	    "* 256 FETCH (UID 256 BODY[] {1}\r\nb)\r\nm1 OK\r\n"
	    "* 257 FETCH (UID 257 BODY[] {1}\r\nc)\r\nm2 OK\r\n"), uids, 257,
	    &c, &e), 0);
	T_STREQ(pst_buf_str(&c.got), "1:1:a;256:1:b;257:1:c;");
	coll_free(&c);

	/* Every other UID: still 256 messages a command. */
	for (i = 0; i < 600; i++)
		uids[i] = 2 * i + 1;
	c = (struct coll){0};
	T_INTEQ(fetch(MEM("m1 OK\r\nm2 OK\r\nm3 OK\r\n"), uids, 600, &c, &e),
	    0);
	c = (struct coll){0};
	T_INTEQ(fetch(MEM("m1 OK\r\nm2 OK\r\n"), uids, 512, &c, &e), 0);
	c = (struct coll){0};
	T_INTEQ(fetch(MEM("m1 OK\r\nm2 OK\r\n"), uids, 513, &c, &e), -1);

	/* After SELECT and a listing, the fetch's tags are m3, m4. */
	for (i = 0; i < 600; i++)
		uids[i] = i + 1;
	im = session(NULL, MEM("* OK [UIDVALIDITY 1]\r\nm1 OK\r\nm2 OK\r\n"
	    "* 1 FETCH (UID 1 BODY[] {1}\r\na)\r\nm3 OK\r\n"
	    "* 2 FETCH (UID 300 BODY[] {1}\r\nb)\r\nm4 OK\r\n"));
	c = (struct coll){0};
	s = coll_sink(&c);
	pst_err_clear(&e);
	T_INTEQ(pst_imap_select(im, "INBOX", 0, &uv, &exists, &e), 0);
	T_INTEQ(pst_imap_list(im, 0, each_msg, NULL, &e), 0);
	T_INTEQ(pst_imap_fetch(im, uids, 300, &s, &e), 0);
	T_STREQ(pst_buf_str(&c.got), "1:1:a;300:1:b;");
	T_INTEQ(e.status, 0);
	pst_imap_close(im);
	coll_free(&c);
}

/* More commands than are sent at once: their replies in order. */
void test_imap_fetch_window(void)
{
	static unsigned long uids[256 * 12];
	struct pst_buf s = {0};
	struct pst_err e = {0};
	struct coll c = {0};
	size_t i;

	for (i = 0; i < 256 * 12; i++)
		uids[i] = 10 + i;
	for (i = 1; i <= 12; i++)
		pst_buf_printf(&s, "* %zu FETCH (UID %zu BODY[] {1}\r\n%c)\r\n"
		    "m%zu OK\r\n", i, 10 + 256 * (i - 1), (int)('a' + i - 1),
		    i);
	T_INTEQ(fetch(s.p, s.len, uids, 256 * 12, &c, &e), 0);
	T_INTEQ(c.ends, 12);
	T_STREQ(pst_buf_str(&c.got), "10:1:a;266:1:b;522:1:c;778:1:d;"
	    "1034:1:e;1290:1:f;1546:1:g;1802:1:h;2058:1:i;2314:1:j;2570:1:k;"
	    "2826:1:l;");
	coll_free(&c);
	pst_buf_free(&s);

	/* A reply out of turn makes no sense. */
	c = (struct coll){0};
	T_INTEQ(fetch(MEM("m1 OK\r\nm3 OK\r\nm2 OK\r\n"), uids, 256 * 3, &c,
	    &e), -1);
	T_INTEQ(e.status, 76);
}

/* Untagged lines between the messages are let be. */
void test_imap_fetch_between(void)
{
	struct pst_err e = {0};
	struct coll c = {0};
	unsigned long uids[] = { 5, 6 };

	T_INTEQ(fetch(MEM("* 3 EXPUNGE\r\n"
	    "* 1 FETCH (FLAGS (\\Seen))\r\n"
	    "* 1 FETCH (UID 5 BODY[] {3}\r\nabc)\r\n"
	    "* 2 FETCH (UID 6 FLAGS (\\Seen))\r\n"
	    "* 7 EXISTS\r\n* 1 RECENT\r\n"
	    "* OK [ALERT] {4}\r\nhey!\r\n"
	    "* 3 EXPUNGE\r\n"
	    "* 2 FETCH (UID 6 BODY[] {3}\r\ndef)\r\n"
	    "* 1 FETCH (UID 5 MODSEQ (7))\r\n"
	    "m1 OK\r\n"), uids, 2, &c, &e), 0);
	T_STREQ(pst_buf_str(&c.got), "5:3:abc;6:3:def;");
	T_INTEQ(e.status, 0);
	coll_free(&c);
}

/* A message the server no longer has is not delivered. */
void test_imap_fetch_missing(void)
{
	struct pst_err e = {0};
	struct coll c = {0};
	unsigned long uids[] = { 5, 6, 7 };

	T_INTEQ(fetch(MEM("* 2 FETCH (UID 6 BODY[] {3}\r\ndef)\r\n"
	    "* 3 FETCH (UID 7 BODY[] NIL)\r\n"
	    "m1 OK\r\n"), uids, 3, &c, &e), 0);
	T_STREQ(pst_buf_str(&c.got), "6:3:def;");
	T_INTEQ(c.begins, 1);
	coll_free(&c);
}

void test_imap_fetch_cut(void)
{
	static const char *const cut[] = {
		"* 1 FETCH (UID 5 BODY[] {100}\r\nonly a bit",
		"* 1 FETCH (UID 5 BODY[] {3}\r\nabc",
		"* 1 FETCH (UID 5 BODY[] {3}\r\nabc)",
		"* 1 FETCH (UID 5 BODY[] {3}\r\nabc)\r\n",
		"* 1 FETCH (UID 5 BODY[] {3}\r\n",
	};
	struct pst_err e;
	struct coll c;
	unsigned long uid = 5;

	for (size_t i = 0; i < sizeof cut / sizeof cut[0]; i++) {
		c = (struct coll){0};
		pst_err_clear(&e);
		T_INTEQ(fetch(cut[i], strlen(cut[i]), &uid, 1, &c, &e), -1);
		T_INTEQ(e.status, 75);
		/* The fourth is whole, the reply to the command is not. */
		T_INTEQ(c.aborts, i != 3);
		T_INTEQ(c.ends, i == 3);
		coll_free(&c);
	}
}

void test_imap_fetch_longer(void)
{
	static const char *const longer[] = {
		"* 1 FETCH (UID 5 BODY[] {3}\r\nabcdef)\r\nm1 OK\r\n",
		"* 1 FETCH (UID 5 BODY[] {3}\r\nabc def)\r\nm1 OK\r\n",
		"* 1 FETCH (UID 5 BODY[] {3}\r\nabcd)\r\nm1 OK\r\n",
		"* 1 FETCH (UID 5 BODY[] {3}\r\nab\r\n)\r\nm1 OK\r\n",
		"* 1 FETCH (UID 5 BODY[] {3}\r\nabc)x\r\nm1 OK\r\n",
		"* 1 FETCH (BODY[] {3}\r\nabcd UID 5)\r\nm1 OK\r\n",
	};
	struct pst_err e;
	struct coll c;
	unsigned long uid = 5;

	for (size_t i = 0; i < sizeof longer / sizeof longer[0]; i++) {
		c = (struct coll){0};
		pst_err_clear(&e);
		T_INTEQ(fetch(longer[i], strlen(longer[i]), &uid, 1, &c, &e),
		    -1);
		T_INTEQ(e.status, 76);
		T_INTEQ(c.aborts, 1);
		T_INTEQ(c.ends, 0);
		coll_free(&c);
	}
}

void test_imap_fetch_garbage(void)
{
	static const char *const garbage[] = {
		"garbage\r\n",
		"\r\n",
		"*\r\n",
		"* 1 FETCH garbage\r\n",
		"* 1 FETCH (UID 5 BODY[ {3}\r\nabc)\r\n",
		"* 1 FETCH (UID 5 BODY[] {3x}\r\nabc)\r\n",
		"+ more\r\n",
	};
	struct pst_err e;
	struct coll c;
	unsigned long uids[] = { 5, 6 };

	for (size_t i = 0; i < sizeof garbage / sizeof garbage[0]; i++) {
		c = (struct coll){0};
		pst_err_clear(&e);
		T_INTEQ(fetch(garbage[i], strlen(garbage[i]), uids, 2, &c, &e),
		    -1);
		T_INTEQ(e.status, 76);
		T_INTEQ(c.ends, 0);
		coll_free(&c);
	}
	/* What follows the last reply is not read. */
	c = (struct coll){0};
	T_INTEQ(fetch(MEM("m1 OK\r\n\0garbage"), uids, 1, &c, &e), 0);
}

void test_imap_fetch_bye(void)
{
	struct pst_err e = {0};
	struct coll c = {0};
	unsigned long uids[] = { 5, 6 };

	T_INTEQ(fetch(MEM("* 1 FETCH (UID 5 BODY[] {3}\r\nabc)\r\n"
	    "* BYE shutting down\r\n"
	    "* 2 FETCH (UID 6 BODY[] {3}\r\ndef)\r\nm1 OK\r\n"), uids, 2, &c,
	    &e), -1);
	T_INTEQ(e.status, 75);
	T_OK(strstr(e.msg, "shutting down") != NULL);
	T_STREQ(pst_buf_str(&c.got), "5:3:abc;");
	coll_free(&c);
}

void test_imap_fetch_no(void)
{
	struct pst_err e = {0};
	struct coll c = {0};
	unsigned long uids[] = { 5, 6 };

	T_INTEQ(fetch(MEM("* 1 FETCH (UID 5 BODY[] {3}\r\nabc)\r\n"
	    "m1 NO Some messages could not be FETCHed (Failure)\r\n"), uids, 2,
	    &c, &e), -1);
	T_INTEQ(e.status, 76);
	T_OK(strstr(e.msg, "could not be FETCHed") != NULL);
	T_STREQ(pst_buf_str(&c.got), "5:3:abc;");
	coll_free(&c);

	c = (struct coll){0};
	pst_err_clear(&e);
	T_INTEQ(fetch(MEM("m1 NO [UNAVAILABLE] later\r\n"), uids, 2, &c, &e),
	    -1);
	T_INTEQ(e.status, 75);

	c = (struct coll){0};
	pst_err_clear(&e);
	T_INTEQ(fetch(MEM("m1 BAD Error in IMAP command\r\n"), uids, 2, &c,
	    &e), -1);
	T_INTEQ(e.status, 76);
}

void test_imap_fetch_no_uid(void)
{
	static const char *const bad[] = {
		"* 1 FETCH (BODY[] {3}\r\nabc)\r\nm1 OK\r\n",
		"* 1 FETCH (UID 0 BODY[] {3}\r\nabc)\r\nm1 OK\r\n",
		"* 1 FETCH (UID 4294967296 BODY[] {3}\r\nabc)\r\nm1 OK\r\n",
		"* 1 FETCH (UID BODY[] {3}\r\nabc)\r\nm1 OK\r\n",
	};
	struct pst_err e;
	struct coll c;
	unsigned long uid = 5;

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		c = (struct coll){0};
		pst_err_clear(&e);
		T_INTEQ(fetch(bad[i], strlen(bad[i]), &uid, 1, &c, &e), -1);
		T_INTEQ(e.status, 76);
		T_INTEQ(c.ends, 0);
		T_INTEQ(c.aborts, i < 3 ? 1 : 0);
		coll_free(&c);
	}
}

void test_imap_fetch_sink_fails(void)
{
	static const char script[] =
	    "* 1 FETCH (UID 5 BODY[] {3}\r\nabc)\r\n"
	    "* 2 FETCH (UID 6 BODY[] {3}\r\ndef)\r\nm1 OK\r\n";
	struct pst_err e = {0};
	struct coll c = { .fail_data = 1 };
	unsigned long uids[] = { 5, 6 };

	T_INTEQ(fetch(MEM(script), uids, 2, &c, &e), -1);
	T_INTEQ(e.status, 74);
	T_STREQ(e.msg, "disk full");
	T_INTEQ(c.aborts, 1);
	T_INTEQ(c.ends, 0);
	coll_free(&c);

	c = (struct coll){ .fail_begin = 1 };
	pst_err_clear(&e);
	T_INTEQ(fetch(MEM(script), uids, 2, &c, &e), -1);
	T_INTEQ(e.status, 73);
	T_INTEQ(c.refused, 1);
	T_INTEQ(c.aborts, 0);
	coll_free(&c);

	c = (struct coll){ .fail_end = 1 };
	pst_err_clear(&e);
	T_INTEQ(fetch(MEM(script), uids, 2, &c, &e), -1);
	T_INTEQ(e.status, 74);
	T_STREQ(e.msg, "fsync failed");
	T_INTEQ(c.ends, 1);
	T_INTEQ(c.aborts, 0);
	coll_free(&c);
}

/* ---- SEARCH, deleting, LOGOUT ------------------------------------------- */

struct uids {
	struct pst_buf out;
	unsigned long stop_at;
};

static int
each_uid(void *ctx, unsigned long uid)
{
	struct uids *u = ctx;

	pst_buf_printf(&u->out, "%lu,", uid);
	return uid == u->stop_at ? 7 : 0;
}

void test_imap_since(void)
{
	struct pst_imap *im;
	struct pst_err e = {0};
	struct uids u = {0};

	im = session(NULL, MEM("* SEARCH 2 84 882\r\n* SEARCH\r\n"
	    "* 3 EXPUNGE\r\n* search 4294967295\r\nm1 OK\r\n"));
	T_INTEQ(pst_imap_since(im, "1-Feb-2026", each_uid, &u, &e), 0);
	T_STREQ(pst_buf_str(&u.out), "2,84,882,4294967295,");
	pst_imap_close(im);
	pst_buf_free(&u.out);

	u = (struct uids){ .stop_at = 84 };
	im = session(NULL, MEM("* SEARCH 2 84 882\r\nm1 OK\r\n"));
	T_INTEQ(pst_imap_since(im, "1-Feb-2026", each_uid, &u, &e), 7);
	T_STREQ(pst_buf_str(&u.out), "2,84,");
	pst_imap_close(im);
	pst_buf_free(&u.out);

	u = (struct uids){0};
	im = session(NULL, MEM("* SEARCH 2 0\r\nm1 OK\r\n"));
	T_INTEQ(pst_imap_since(im, "1-Feb-2026", each_uid, &u, &e), -1);
	T_INTEQ(e.status, 76);
	pst_imap_close(im);
	pst_buf_free(&u.out);

	pst_err_clear(&e);
	im = session(NULL, MEM("m1 OK\r\n"));
	T_INTEQ(pst_imap_since(im, "1-Feb-2026 ALL", each_uid, &u, &e), -1);
	T_INTEQ(e.status, 64);
	pst_imap_close(im);
}

void test_imap_delete(void)
{
	static const char caps[] =
	    "A1 OK [CAPABILITY IMAP4rev1 UIDPLUS] in\r\n";
	unsigned long uids[300];
	struct pst_imap *im;
	struct pst_err e = {0};
	size_t i;

	for (i = 0; i < 300; i++)
		uids[i] = i + 1;
	/* Without UIDPLUS nothing is sent: the script is not read. */
	im = session("A1 OK [CAPABILITY IMAP4rev1] in\r\n", MEM("m1 OK\r\n"));
	T_INTEQ(pst_imap_delete(im, uids, 3, &e), -1);
	T_INTEQ(e.status, 69);
	pst_err_clear(&e);
	T_INTEQ(pst_imap_logout(im, &e), 0);
	pst_imap_close(im);

	im = session(caps, MEM("m1 OK\r\n* 1 EXPUNGE\r\n* 1 EXPUNGE\r\n"
	    "m2 OK [HIGHESTMODSEQ 9]\r\nm3 OK\r\n"));
	T_INTEQ(pst_imap_delete(im, uids, 0, &e), 0);
	T_INTEQ(pst_imap_delete(im, uids, 2, &e), 0);
	T_INTEQ(pst_imap_logout(im, &e), 0);
	T_INTEQ(e.status, 0);
	pst_imap_close(im);

	/* 300 messages: two rounds of STORE and EXPUNGE. */
	im = session(caps, MEM("m1 OK\r\nm2 OK\r\nm3 OK\r\nm4 OK\r\n"
	    "m5 OK\r\n"));
	T_INTEQ(pst_imap_delete(im, uids, 300, &e), 0);
	T_INTEQ(pst_imap_logout(im, &e), 0);
	pst_imap_close(im);

	im = session(caps, MEM("m1 OK\r\nm2 NO [EXPUNGEISSUED] later\r\n"));
	T_INTEQ(pst_imap_delete(im, uids, 2, &e), -1);
	T_INTEQ(e.status, 76);
	T_OK(strstr(e.msg, "EXPUNGEISSUED") != NULL);
	pst_imap_close(im);

	pst_err_clear(&e);
	im = session(caps, MEM("m1 NO [CANNOT] read-only\r\nm2 OK\r\n"));
	T_INTEQ(pst_imap_delete(im, uids, 2, &e), -1);
	T_INTEQ(e.status, 76);
	pst_imap_close(im);
}

void test_imap_logout(void)
{
	struct pst_imap *im;
	struct pst_err e = {0};

	im = session(NULL, MEM("* BYE IMAP4rev1 Server logging out\r\n"
	    "m1 OK LOGOUT completed\r\n"));
	T_INTEQ(pst_imap_logout(im, &e), 0);
	pst_imap_close(im);

	im = session(NULL, MEM("* BYE bye\r\n"));
	T_INTEQ(pst_imap_logout(im, &e), -1);
	T_INTEQ(e.status, 75);
	pst_imap_close(im);

	pst_imap_close(NULL);
}

/* ---- folders ------------------------------------------------------------ */

struct names {
	struct pst_buf out;	/* "name|" for each */
	int stop_after;
	int calls;
};

static int
each_name(void *ctx, const char *name)
{
	struct names *n = ctx;

	pst_buf_adds(&n->out, name);
	pst_buf_addc(&n->out, '|');
	return ++n->calls == n->stop_after ? 9 : 0;
}

void test_imap_folders(void)
{
	static const char script[] =
	    "* LIST (\\HasNoChildren) \"/\" INBOX\r\n"
	    "* LIST (\\HasNoChildren \\Sent) \"/\" \"Sent Items\"\r\n"
	    "* LIST () \".\" {12}\r\nWith \"q\" (x)\r\n"
	    "* LIST (\\Noselect) NIL \"Entw&APw-rfe\"\r\n"
	    "* LIST () \"/\" \"~peter/mail/&U,BTFw-/&ZeVnLIqe-\"\r\n"
	    "* LIST () \"/\" \"a\\\"b\\\\c\"\r\n"
	    "* LIST () \"/\" \"Tom &- Jerry\"\r\n"
	    "* LIST () \"/\" \"&Jjo\"\r\n"
	    "* LIST () \"/\" \"&2D3eAA-\"\r\n"
	    "* STATUS INBOX (MESSAGES 3)\r\n"
	    "* LIST (\\HasChildren) \"/\" \"Parent\" (\"CHILDINFO\" "
	    "(\"SUBSCRIBED\"))\r\n"
	    "* list () \"\\\\\" lower\r\n"
	    "m1 OK LIST completed\r\n";
	struct pst_imap *im = session(NULL, MEM(script));
	struct pst_err e = {0};
	struct names n = {0};

	T_INTEQ(pst_imap_folders(im, each_name, &n, &e), 0);
	T_STREQ(pst_buf_str(&n.out), "INBOX|Sent Items|With \"q\" (x)|"
	    "Entw\xc3\xbcrfe|~peter/mail/\xe5\x8f\xb0\xe5\x8c\x97/"
	    "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e|a\"b\\c|Tom & Jerry|&Jjo|"
	    "\xf0\x9f\x98\x80|Parent|lower|");
	T_INTEQ(e.status, 0);
	pst_imap_close(im);
	pst_buf_free(&n.out);
}

void test_imap_folders_stops(void)
{
	static const char script[] =
	    "* LIST () \"/\" A\r\n* LIST () \"/\" B\r\n* LIST () \"/\" C\r\n"
	    "m1 OK\r\nm2 OK\r\n";
	struct pst_imap *im = session(NULL, MEM(script));
	struct pst_err e = {0};
	struct names n = { .stop_after = 2 };

	T_INTEQ(pst_imap_folders(im, each_name, &n, &e), 9);
	T_STREQ(pst_buf_str(&n.out), "A|B|");
	T_INTEQ(pst_imap_logout(im, &e), 0);
	pst_imap_close(im);
	pst_buf_free(&n.out);

	static const char *const bad[] = {
		"* LIST () \"/\" \"open\r\nm1 OK\r\n",
		"* LIST () \"/\" {10}\r\nshort",
		"* LIST () \"/\" {99999999}\r\nm1 OK\r\n",
		"* LIST ( \"/\" INBOX\r\nm1 OK\r\n",
		"* LIST\r\nm1 OK\r\n",
		"m1 NO [NOPERM] no\r\n",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		n = (struct names){0};
		pst_err_clear(&e);
		im = session(NULL, bad[i], strlen(bad[i]));
		T_INTEQ(pst_imap_folders(im, each_name, &n, &e), -1);
		T_OK(e.status == 75 || e.status == 76);
		T_INTEQ(n.calls, 0);
		pst_imap_close(im);
		pst_buf_free(&n.out);
	}
}

/* ---- modified UTF-7 ----------------------------------------------------- */

static void
check_encode(const char *in, const char *want)
{
	struct pst_buf b = {0};

	T_INTEQ(pst_imap_utf7_encode(in, &b), 0);
	T_STREQ(pst_buf_str(&b), want);
	pst_buf_free(&b);
}

static void
check_decode(const char *in, int rc, const char *want)
{
	struct pst_buf b = {0};

	pst_buf_adds(&b, "pre:");
	T_INTEQ(pst_imap_utf7_decode(in, strlen(in), &b), rc);
	T_OK(strncmp(pst_buf_str(&b), "pre:", 4) == 0);
	T_STREQ(pst_buf_str(&b) + 4, want);
	pst_buf_free(&b);
}

void test_imap_utf7_encode(void)
{
	static const char *const bad[] = {
		"\xff", "caf\xe9", "\xc3", "\xc0\x80", "\xe0\x80\xaf",
		"\xed\xa0\x80", "\xf4\x90\x80\x80", "\xf8\x88\x80\x80\x80",
		"a\x01", "\t", "tab\there", "\x80",
	};
	struct pst_buf b = {0};

	check_encode("", "");
	check_encode("INBOX", "INBOX");
	check_encode("Sent Items/2024 (old)~", "Sent Items/2024 (old)~");
	check_encode("&", "&-");
	check_encode("Tom & Jerry &&", "Tom &- Jerry &-&-");
	check_encode("Entw\xc3\xbcrfe", "Entw&APw-rfe");
	check_encode("\xc3\xa4", "&AOQ-");
	check_encode("\xc3\xa4-", "&AOQ--");
	check_encode("\xc3\xa4&", "&AOQ-&-");
	check_encode("~peter/mail/\xe5\x8f\xb0\xe5\x8c\x97/"
	    "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e",
	    "~peter/mail/&U,BTFw-/&ZeVnLIqe-");
	check_encode("\xf0\x9f\x98\x80", "&2D3eAA-");
	check_encode("a\xf0\x9f\x98\x80" "b", "a&2D3eAA-b");
	check_encode("\xf4\x8f\xbf\xbf", "&2,,f,w-");
	check_encode("\x7f", "&AH8-");
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		pst_buf_reset(&b);
		if (!T_INTEQ(pst_imap_utf7_encode(bad[i], &b), -1))
			fprintf(stderr, "  case %zu\n", i);
	}
	pst_buf_free(&b);
}

void test_imap_utf7_decode(void)
{
	check_decode("", 0, "");
	check_decode("INBOX", 0, "INBOX");
	check_decode("&-", 0, "&");
	check_decode("Tom &- Jerry", 0, "Tom & Jerry");
	check_decode("Entw&APw-rfe", 0, "Entw\xc3\xbcrfe");
	check_decode("~peter/mail/&U,BTFw-/&ZeVnLIqe-", 0,
	    "~peter/mail/\xe5\x8f\xb0\xe5\x8c\x97/"
	    "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e");
	check_decode("&2D3eAA-", 0, "\xf0\x9f\x98\x80");
	check_decode("&AOQ--", 0, "\xc3\xa4-");
	/* Malformed: the name as it is. */
	check_decode("&", -1, "&");
	check_decode("a&AOQ", -1, "a&AOQ");
	check_decode("&AOQ*-", -1, "&AOQ*-");
	check_decode("&AO/-", -1, "&AO/-");		/* '/' is ',' here */
	check_decode("&AOR-", -1, "&AOR-");		/* bits left over */
	check_decode("&2D0-", -1, "&2D0-");		/* a lone high one */
	check_decode("&2D3YPQ-", -1, "&2D3YPQ-");	/* two of them */
	check_decode("&3gA-", -1, "&3gA-");		/* a lone low one */
	check_decode("&AGEA3gA-", -1, "&AGEA3gA-");
	check_decode("ok&AOQ-&", -1, "ok&AOQ-&");
	/* Bits that make no whole unit. */
	check_decode("&AA-", -1, "&AA-");
}

/* A long run of characters out of ASCII is one shift: RFC 3501 5.1.3
 * allows no null shift ("-&" in base64). */
void test_imap_utf7_long(void)
{
	struct pst_buf in = {0}, enc = {0}, dec = {0};
	const char *p;
	size_t i;

	for (i = 0; i < 100; i++)
		pst_buf_adds(&in, "\xc3\xa4");
	T_INTEQ(pst_imap_utf7_encode(in.p, &enc), 0);
	T_OK((p = strchr(pst_buf_str(&enc), '&')) != NULL &&
	    strchr(p + 1, '&') == NULL);
	T_INTEQ(enc.p[enc.len - 1], '-');
	T_INTEQ(pst_imap_utf7_decode(enc.p, enc.len, &dec), 0);
	T_STREQ(pst_buf_str(&dec), in.p);
	pst_buf_free(&enc);
	pst_buf_free(&dec);

	/* Astral characters across what might be a boundary. */
	pst_buf_reset(&in);
	for (i = 0; i < 70; i++)
		pst_buf_adds(&in, i % 3 ? "\xf0\x9f\x98\x80" : "\xc3\xa4");
	T_INTEQ(pst_imap_utf7_encode(in.p, &enc), 0);
	T_OK((p = strchr(pst_buf_str(&enc), '&')) != NULL &&
	    strchr(p + 1, '&') == NULL);
	T_INTEQ(pst_imap_utf7_decode(enc.p, enc.len, &dec), 0);
	T_STREQ(pst_buf_str(&dec), in.p);
	pst_buf_free(&in);
	pst_buf_free(&enc);
	pst_buf_free(&dec);
}

void test_imap_utf7_roundtrip(void)
{
	static const char *const names[] = {
		"", "INBOX", "&", "&&-&", "-&-", "a-b&c",
		"\xc3\xa4", "\xc3\xa4\xc3\xb6\xc3\xbc", "x\xc3\xa4y\xc3\xb6z",
		"\xe2\x82\xac 100", "\xf0\x9f\x98\x80\xf0\x9f\x98\x81",
		"\xef\xbf\xbd", "\xef\xbf\xbf", "\xc2\x80", "\xdf\xbf",
		"\xe0\xa0\x80", "\xf0\x90\x80\x80", "\xf4\x8f\xbf\xbf",
		"Archiv/\xd0\x9f\xd0\xbe\xd1\x87\xd1\x82\xd0\xb0-2024&",
		"\xe4\xb8\xad\xe6\x96\x87 \xe6\x97\xa5\xe6\x9c\xac",
	};
	struct pst_buf enc = {0}, dec = {0};

	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		pst_buf_reset(&enc);
		pst_buf_reset(&dec);
		T_INTEQ(pst_imap_utf7_encode(names[i], &enc), 0);
		/* Printable ASCII only, and it reads back. */
		for (size_t j = 0; j < enc.len; j++)
			T_OK(enc.p[j] >= 0x20 && enc.p[j] < 0x7f);
		T_INTEQ(pst_imap_utf7_decode(pst_buf_str(&enc), enc.len, &dec),
		    0);
		T_STREQ(pst_buf_str(&dec), names[i]);
	}
	pst_buf_free(&enc);
	pst_buf_free(&dec);
}
