/* Unit tests of lib/mime.c: the MIME tree, part numbers, body spans and
 * the bounds. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "mime.h"
#include "t.h"

void test_mime_nested(void);
void test_mime_crlf(void);
void test_mime_no_end(void);
void test_mime_boundary_blanks(void);
void test_mime_boundary_prefix(void);
void test_mime_guessed_boundary(void);
void test_mime_no_boundary(void);
void test_mime_rfc822(void);
void test_mime_digest(void);
void test_mime_too_deep(void);
void test_mime_too_deep_messages(void);
void test_mime_too_many(void);
void test_mime_filename(void);
void test_mime_defaults(void);
void test_mime_empty(void);
void test_mime_decoded_size(void);
void test_mime_empty_parts(void);

#define MSG_NESTED \
	"From: a@example.org\n" \
	"Subject: nested\n" \
	"MIME-Version: 1.0\n" \
	"Content-Type: multipart/mixed; boundary=\"outer\"\n" \
	"\n" \
	"This is the preamble.\n" \
	"--outer\n" \
	"Content-Type: multipart/alternative; boundary=\"inner\"\n" \
	"\n" \
	"--inner\n" \
	"Content-Type: text/plain; charset=utf-8\n" \
	"\n" \
	"plain body\n" \
	"--inner\n" \
	"Content-Type: text/html\n" \
	"\n" \
	"<p>html</p>\n" \
	"\n" \
	"--inner--\n" \
	"inner epilogue\n" \
	"--outer\n" \
	"Content-Type: application/pdf; name=\"doc.pdf\"\n" \
	"Content-Disposition: attachment; filename=\"report.pdf\"\n" \
	"Content-Transfer-Encoding: base64\n" \
	"\n" \
	"JVBERi0=\n" \
	"--outer\n" \
	"Content-Type: message/rfc822\n" \
	"\n" \
	"Subject: inner msg\n" \
	"Content-Type: text/plain\n" \
	"\n" \
	"embedded text\n" \
	"--outer--\n" \
	"epilogue here\n"

#define BODY(p, want) T_MEMEQ((p)->body, (p)->bodylen, (want), strlen(want))

static void
parse_str(const char *s, struct pst_mime *m)
{
	pst_mime_parse(s, strlen(s), m);
}

/* Check that the part numbers, parents and children agree. */
static void
check_tree(const struct pst_mime *m, int line)
{
	for (size_t i = 0; i < m->nparts; i++) {
		const struct pst_part *p = m->parts[i], *c;
		int num = p->num;

		t_inteq(p->num, (long long)i + 1, __FILE__, line, "num");
		for (c = p->child; c != NULL; c = c->next) {
			t_check(c->parent == p, __FILE__, line, "parent");
			t_inteq(c->depth, p->depth + 1, __FILE__, line, "depth");
			/* Depth-first: a child comes after its parent and
			 * after its elder siblings' subtrees. */
			t_check(c->num > num, __FILE__, line, "order");
			num = c->num;
		}
	}
	if (m->root != NULL)
		t_check(m->root->num == 1 && m->root->depth == 0 &&
		    m->root->parent == NULL, __FILE__, line, "root");
}

void test_mime_nested(void)
{
	static const char msg[] = MSG_NESTED;
	struct pst_mime m;
	struct pst_part *p;

	parse_str(msg, &m);
	check_tree(&m, __LINE__);
	T_INTEQ(m.nparts, 7);
	T_OK(m.root == m.parts[0]);
	T_STREQ(m.parts[0]->ctype.token, "multipart/mixed");
	T_STREQ(m.parts[1]->ctype.token, "multipart/alternative");
	T_STREQ(m.parts[2]->ctype.token, "text/plain");
	T_STREQ(m.parts[3]->ctype.token, "text/html");
	T_STREQ(m.parts[4]->ctype.token, "application/pdf");
	T_STREQ(m.parts[5]->ctype.token, "message/rfc822");
	T_STREQ(m.parts[6]->ctype.token, "text/plain");
	T_INTEQ(m.parts[0]->depth, 0);
	T_INTEQ(m.parts[1]->depth, 1);
	T_INTEQ(m.parts[2]->depth, 2);
	T_INTEQ(m.parts[3]->depth, 2);
	T_INTEQ(m.parts[4]->depth, 1);
	T_INTEQ(m.parts[5]->depth, 1);
	T_INTEQ(m.parts[6]->depth, 2);
	for (size_t i = 0; i < m.nparts; i++)
		T_INTEQ(m.parts[i]->flags, 0);

	/* The tree. */
	p = m.root;
	T_OK(p->child == m.parts[1]);
	T_OK(m.parts[1]->next == m.parts[4]);
	T_OK(m.parts[4]->next == m.parts[5]);
	T_OK(m.parts[5]->next == NULL);
	T_OK(m.parts[1]->child == m.parts[2]);
	T_OK(m.parts[2]->next == m.parts[3]);
	T_OK(m.parts[3]->next == NULL);
	T_OK(m.parts[5]->child == m.parts[6]);
	T_OK(m.parts[6]->next == NULL);
	T_OK(m.parts[6]->child == NULL);

	/* Spans: the line end before a delimiter is the delimiter's. */
	T_OK(m.root->raw == msg);
	T_INTEQ(m.root->rawlen, sizeof msg - 1);
	BODY(m.parts[2], "plain body");
	BODY(m.parts[3], "<p>html</p>\n");
	BODY(m.parts[4], "JVBERi0=");
	BODY(m.parts[6], "embedded text");
	BODY(m.parts[5], "Subject: inner msg\nContent-Type: text/plain\n\n"
	    "embedded text");
	T_MEMEQ(m.parts[2]->raw, m.parts[2]->rawlen,
	    "Content-Type: text/plain; charset=utf-8\n\nplain body", 51);
	/* Preamble and epilogues belong to no child part. */
	T_OK(m.parts[1]->raw == strstr(msg, "Content-Type: multipart/alt"));
	BODY(m.parts[1], "--inner\nContent-Type: text/plain; charset=utf-8\n\n"
	    "plain body\n--inner\nContent-Type: text/html\n\n<p>html</p>\n\n"
	    "--inner--\ninner epilogue");
	for (size_t i = 1; i < m.nparts; i++) {
		const struct pst_part *q = m.parts[i];
		T_OK(q->raw >= msg && q->raw + q->rawlen <= msg + sizeof msg - 1);
		T_OK(q->body >= q->raw && q->body + q->bodylen ==
		    q->raw + q->rawlen);
	}
	T_OK(strstr(msg, "preamble") < m.parts[1]->raw);
	T_OK(strstr(msg, "epilogue here") >= m.parts[5]->raw +
	    m.parts[5]->rawlen);

	/* Headers, charset, file name, encoding. */
	T_STREQ(m.parts[2]->charset, "utf-8");
	T_OK(m.parts[3]->charset == NULL);
	T_INTEQ(m.parts[4]->cte, PST_CTE_BASE64);
	T_STREQ(m.parts[4]->filename, "report.pdf");
	T_STREQ(m.parts[4]->disp.token, "attachment");
	T_STREQ(m.parts[2]->disp.token, "");
	T_INTEQ(pst_part_decoded_size(m.parts[4]), 5);	/* "%PDF-" */
	T_OK(pst_hdr_find(&m.parts[6]->hdr, "subject") != NULL);
	T_OK(pst_hdr_find(&m.parts[5]->hdr, "subject") == NULL);

	/* Lookup. */
	T_OK(pst_mime_part(&m, 1) == m.root);
	T_OK(pst_mime_part(&m, 7) == m.parts[6]);
	T_OK(pst_mime_part(&m, 0) == NULL);
	T_OK(pst_mime_part(&m, 8) == NULL);
	T_OK(pst_mime_part(&m, -1) == NULL);
	T_OK(pst_part_is(m.parts[1], "multipart/"));
	T_OK(pst_part_is(m.parts[2], "text/"));
	T_OK(!pst_part_is(m.parts[2], "text/html"));
	pst_mime_free(&m);
	T_INTEQ(m.nparts, 0);
	T_OK(m.root == NULL);
}

void test_mime_crlf(void)
{
	struct pst_buf b = {0};
	struct pst_mime m;
	const char *s;

	for (s = MSG_NESTED; *s; s++) {
		if (*s == '\n')
			pst_buf_addc(&b, '\r');
		pst_buf_addc(&b, *s);
	}
	pst_mime_parse(b.p, b.len, &m);
	check_tree(&m, __LINE__);
	T_INTEQ(m.nparts, 7);
	T_STREQ(m.parts[3]->ctype.token, "text/html");
	BODY(m.parts[2], "plain body");
	BODY(m.parts[3], "<p>html</p>\r\n");
	BODY(m.parts[4], "JVBERi0=");
	BODY(m.parts[6], "embedded text");
	T_STREQ(m.parts[4]->filename, "report.pdf");
	T_INTEQ(pst_part_decoded_size(m.parts[4]), 5);
	T_INTEQ(m.root->flags, 0);
	pst_mime_free(&m);
	pst_buf_free(&b);
}

void test_mime_no_end(void)
{
	static const char msg[] =
	    "Content-Type: multipart/mixed; boundary=b\n"
	    "\n"
	    "--b\n"
	    "\n"
	    "first\n"
	    "--b\n"
	    "Content-Type: text/x-second\n"
	    "\n"
	    "second\n";
	struct pst_mime m;

	parse_str(msg, &m);
	check_tree(&m, __LINE__);
	T_INTEQ(m.nparts, 3);
	T_INTEQ(m.root->flags, PST_PART_NO_END);
	BODY(m.parts[1], "first");
	/* The last part runs to the end, its line end included. */
	BODY(m.parts[2], "second\n");
	T_STREQ(m.parts[2]->ctype.token, "text/x-second");
	pst_mime_free(&m);

	/* The message ends right after a delimiter line. */
	parse_str("Content-Type: multipart/mixed; boundary=b\n\n--b\n\na\n--b",
	    &m);
	T_INTEQ(m.nparts, 3);
	T_INTEQ(m.root->flags, PST_PART_NO_END);
	BODY(m.parts[1], "a");
	T_INTEQ(m.parts[2]->rawlen, 0);
	pst_mime_free(&m);
}

void test_mime_boundary_blanks(void)
{
	static const char msg[] =
	    "Content-Type: multipart/mixed; boundary=\"b b\"\n"
	    "\n"
	    "--b b  \n"
	    "\n"
	    "one\n"
	    "--b b\t\n"
	    "\n"
	    "two\n"
	    "--b b-- \t\n"
	    "--b b\n"
	    "\n"
	    "epilogue, not a part\n";
	struct pst_mime m;

	parse_str(msg, &m);
	check_tree(&m, __LINE__);
	T_INTEQ(m.nparts, 3);
	T_INTEQ(m.root->flags, 0);
	BODY(m.parts[1], "one");
	BODY(m.parts[2], "two");
	pst_mime_free(&m);

	/* Other text after a boundary: not a delimiter. */
	parse_str("Content-Type: multipart/mixed; boundary=b\n\n--b\n\n"
	    "x\n--b x\n--bb\n--b-x\n--b--x\ny\n--b--\n", &m);
	T_INTEQ(m.nparts, 2);
	BODY(m.parts[1], "x\n--b x\n--bb\n--b-x\n--b--x\ny");
	pst_mime_free(&m);
}

void test_mime_boundary_prefix(void)
{
	static const char msg[] =
	    "Content-Type: multipart/mixed; boundary=abc\n"
	    "\n"
	    "--abc\n"
	    "Content-Type: multipart/alternative; boundary=abcdef\n"
	    "\n"
	    "--abcdef\n"
	    "\n"
	    "inner one\n"
	    "--abcdef\n"
	    "\n"
	    "inner two\n"
	    "--abcdef--\n"
	    "--abc\n"
	    "\n"
	    "outer two\n"
	    "--abc--\n";
	struct pst_mime m;

	parse_str(msg, &m);
	check_tree(&m, __LINE__);
	T_INTEQ(m.nparts, 5);
	T_STREQ(m.parts[1]->ctype.token, "multipart/alternative");
	BODY(m.parts[2], "inner one");
	BODY(m.parts[3], "inner two");
	BODY(m.parts[4], "outer two");
	T_INTEQ(m.parts[2]->depth, 2);
	T_INTEQ(m.parts[4]->depth, 1);
	for (size_t i = 0; i < m.nparts; i++)
		T_INTEQ(m.parts[i]->flags, 0);
	pst_mime_free(&m);
}

void test_mime_guessed_boundary(void)
{
	static const char msg[] =
	    "Content-Type: multipart/mixed\n"
	    "\n"
	    "preamble\n"
	    "--guess  \n"
	    "\n"
	    "a\n"
	    "--guess\n"
	    "\n"
	    "b\n"
	    "--guess--\n";
	struct pst_mime m;

	parse_str(msg, &m);
	check_tree(&m, __LINE__);
	T_INTEQ(m.nparts, 3);
	T_INTEQ(m.root->flags, 0);
	BODY(m.parts[1], "a");
	BODY(m.parts[2], "b");
	pst_mime_free(&m);
	/* An empty boundary parameter counts as none. */
	parse_str("Content-Type: multipart/mixed; boundary=\"\"\n\n--g\n\nx\n"
	    "--g--\n", &m);
	T_INTEQ(m.nparts, 2);
	BODY(m.parts[1], "x");
	pst_mime_free(&m);
}

void test_mime_no_boundary(void)
{
	static const char *const msgs[] = {
	    "Content-Type: multipart/mixed; boundary=x\n\njust text\n--y\n",
	    "Content-Type: multipart/mixed\n\njust text\n",
	    "Content-Type: multipart/mixed\n\n--\n",
	    "Content-Type: multipart/mixed; boundary=x\n\n",
	    "Content-Type: multipart/mixed; boundary=x",
	};
	struct pst_mime m;

	for (size_t i = 0; i < sizeof msgs / sizeof msgs[0]; i++) {
		parse_str(msgs[i], &m);
		T_INTEQ(m.nparts, 1);
		T_INTEQ(m.root->flags, PST_PART_NO_BOUNDARY);
		T_OK(m.root->child == NULL);
		pst_mime_free(&m);
	}
	/* Only a closing delimiter: no part either. */
	parse_str("Content-Type: multipart/mixed; boundary=x\n\n--x--\n", &m);
	T_INTEQ(m.nparts, 1);
	T_INTEQ(m.root->flags, PST_PART_NO_BOUNDARY);
	pst_mime_free(&m);
}

void test_mime_rfc822(void)
{
	static const char msg[] =
	    "Content-Type: message/rfc822\n"
	    "\n"
	    "From: inner@example.org\n"
	    "Content-Type: multipart/mixed; boundary=q\n"
	    "\n"
	    "--q\n"
	    "\n"
	    "in\n"
	    "--q--\n";
	static const char global[] =
	    "Content-Type: Message/Global\n\nSubject: g\n\nbody";
	struct pst_mime m;

	parse_str(msg, &m);
	check_tree(&m, __LINE__);
	T_INTEQ(m.nparts, 3);
	T_STREQ(m.parts[1]->ctype.token, "multipart/mixed");
	T_OK(pst_hdr_find(&m.parts[1]->hdr, "from") != NULL);
	BODY(m.parts[2], "in");
	T_INTEQ(m.parts[2]->depth, 2);
	pst_mime_free(&m);

	parse_str(global, &m);
	T_INTEQ(m.nparts, 2);
	BODY(m.parts[1], "body");
	pst_mime_free(&m);

	/* An empty embedded message. */
	parse_str("Content-Type: message/rfc822\n\n", &m);
	T_INTEQ(m.nparts, 2);
	T_INTEQ(m.parts[1]->rawlen, 0);
	T_STREQ(m.parts[1]->ctype.token, "text/plain");
	pst_mime_free(&m);
}

void test_mime_digest(void)
{
	static const char msg[] =
	    "Content-Type: multipart/digest; boundary=d\n"
	    "\n"
	    "--d\n"
	    "\n"
	    "Subject: first\n"
	    "\n"
	    "one\n"
	    "--d\n"
	    "Content-Type: text/plain\n"
	    "\n"
	    "not a message\n"
	    "--d\n"
	    "\n"
	    "Subject: third\n"
	    "\n"
	    "three\n"
	    "--d--\n";
	struct pst_mime m;
	char *s;

	parse_str(msg, &m);
	check_tree(&m, __LINE__);
	T_INTEQ(m.nparts, 6);
	T_STREQ(m.parts[1]->ctype.token, "message/rfc822");
	T_STREQ(m.parts[2]->ctype.token, "text/plain");
	T_STREQ(m.parts[3]->ctype.token, "text/plain");
	T_STREQ(m.parts[4]->ctype.token, "message/rfc822");
	s = pst_hdr_get(&m.parts[2]->hdr, "subject");
	T_STREQ(s, "first");
	free(s);
	BODY(m.parts[2], "one");
	BODY(m.parts[3], "not a message");
	BODY(m.parts[5], "three");
	/* The default is the digest's own: inside the embedded message it is
	 * text/plain again. */
	T_INTEQ(m.parts[2]->depth, 2);
	pst_mime_free(&m);
}

/* A message of n multiparts, each inside the one before. */
static void
nested_multiparts(struct pst_buf *b, int n)
{
	int i;

	for (i = 0; i < n; i++)
		pst_buf_printf(b, "Content-Type: multipart/mixed; "
		    "boundary=b%d\n\n--b%d\n", i, i);
	pst_buf_adds(b, "Content-Type: text/plain\n\ndeep\n");
	for (i = n - 1; i >= 0; i--)
		pst_buf_printf(b, "--b%d--\n", i);
}

void test_mime_too_deep(void)
{
	struct pst_buf b = {0};
	struct pst_mime m;
	const struct pst_part *p;

	nested_multiparts(&b, 40);
	pst_mime_parse(b.p, b.len, &m);
	check_tree(&m, __LINE__);
	T_INTEQ(m.nparts, PST_MIME_MAX_DEPTH + 1);
	p = m.parts[m.nparts - 1];
	T_INTEQ(p->depth, PST_MIME_MAX_DEPTH);
	T_INTEQ(p->flags, PST_PART_TOO_DEEP);
	T_OK(p->child == NULL);
	T_OK(pst_part_is(p, "multipart/"));
	for (size_t i = 0; i + 1 < m.nparts; i++)
		T_INTEQ(m.parts[i]->flags, 0);
	pst_mime_free(&m);

	/* Just within the bound: everything split. */
	pst_buf_reset(&b);
	nested_multiparts(&b, PST_MIME_MAX_DEPTH);
	pst_mime_parse(b.p, b.len, &m);
	T_INTEQ(m.nparts, PST_MIME_MAX_DEPTH + 1);
	p = m.parts[m.nparts - 1];
	T_STREQ(p->ctype.token, "text/plain");
	BODY(p, "deep");
	for (size_t i = 0; i < m.nparts; i++)
		T_INTEQ(m.parts[i]->flags, 0);
	pst_mime_free(&m);
	pst_buf_free(&b);
}

void test_mime_too_deep_messages(void)
{
	struct pst_buf b = {0};
	struct pst_mime m;
	const struct pst_part *p;

	for (int i = 0; i < 40; i++)
		pst_buf_adds(&b, "Content-Type: message/rfc822\n\n");
	pst_buf_adds(&b, "Subject: deep\n\nbody\n");
	pst_mime_parse(b.p, b.len, &m);
	check_tree(&m, __LINE__);
	T_INTEQ(m.nparts, PST_MIME_MAX_DEPTH + 1);
	p = m.parts[m.nparts - 1];
	T_INTEQ(p->flags, PST_PART_TOO_DEEP);
	T_OK(p->child == NULL);
	pst_mime_free(&m);
	pst_buf_free(&b);
}

void test_mime_too_many(void)
{
	struct pst_buf b = {0};
	struct pst_mime m;

	pst_buf_adds(&b, "Content-Type: multipart/mixed; boundary=m\n\n");
	for (int i = 0; i < PST_MIME_MAX_PARTS + 50; i++)
		pst_buf_printf(&b, "--m\n\n%d\n", i);
	pst_buf_adds(&b, "--m--\n");
	pst_mime_parse(b.p, b.len, &m);
	check_tree(&m, __LINE__);
	T_INTEQ(m.nparts, PST_MIME_MAX_PARTS);
	T_OK(m.root->flags & PST_PART_TOO_MANY);
	BODY(m.parts[1], "0");
	BODY(m.parts[m.nparts - 1], "9998");
	pst_mime_free(&m);

	/* The bound met by parts of embedded messages. */
	pst_buf_reset(&b);
	pst_buf_adds(&b, "Content-Type: multipart/digest; boundary=m\n\n");
	for (int i = 0; i < PST_MIME_MAX_PARTS; i++)
		pst_buf_printf(&b, "--m\n\nSubject: %d\n\n", i);
	pst_buf_adds(&b, "--m--\n");
	pst_mime_parse(b.p, b.len, &m);
	check_tree(&m, __LINE__);
	T_OK(m.nparts <= PST_MIME_MAX_PARTS);
	T_OK(m.root->flags & PST_PART_TOO_MANY);
	pst_mime_free(&m);
	pst_buf_free(&b);
}

void test_mime_filename(void)
{
	static const char msg[] =
	    "Content-Type: multipart/mixed; boundary=f\n"
	    "\n"
	    "--f\n"
	    "Content-Type: image/png; name=\"from-type.png\"\n"
	    "\n"
	    "x\n"
	    "--f\n"
	    "Content-Type: image/png; name=\"from-type.png\"\n"
	    "Content-Disposition: inline; filename=\"from-disp.png\"\n"
	    "\n"
	    "x\n"
	    "--f\n"
	    "Content-Type: image/png\n"
	    "Content-Disposition: attachment\n"
	    "\n"
	    "x\n"
	    "--f\n"
	    "Content-Type: application/octet-stream\n"
	    "Content-Disposition: attachment;\n"
	    " filename*=utf-8''na%C3%AFve.bin\n"
	    "\n"
	    "x\n"
	    "--f--\n";
	struct pst_mime m;

	parse_str(msg, &m);
	T_INTEQ(m.nparts, 5);
	T_STREQ(m.parts[1]->filename, "from-type.png");
	T_STREQ(m.parts[2]->filename, "from-disp.png");
	T_STREQ(m.parts[2]->disp.token, "inline");
	T_OK(m.parts[3]->filename == NULL);
	T_STREQ(m.parts[3]->disp.token, "attachment");
	T_STREQ(m.parts[4]->filename, "na\xc3\xafve.bin");	/* naïve */
	pst_mime_free(&m);
}

void test_mime_defaults(void)
{
	struct pst_mime m;

	parse_str("Subject: no type\n\nbody", &m);
	T_STREQ(m.root->ctype.token, "text/plain");
	T_OK(m.root->charset == NULL);
	T_INTEQ(m.root->cte, PST_CTE_7BIT);
	BODY(m.root, "body");
	pst_mime_free(&m);
	/* Invalid types are text/plain too. */
	parse_str("Content-Type: text\n\nbody", &m);
	T_STREQ(m.root->ctype.token, "text/plain");
	pst_mime_free(&m);
	parse_str("Content-Type: /plain\n\nbody", &m);
	T_STREQ(m.root->ctype.token, "text/plain");
	pst_mime_free(&m);
	parse_str("Content-Type: text/\n\nbody", &m);
	T_STREQ(m.root->ctype.token, "text/plain");
	pst_mime_free(&m);
	/* Parameters survive an invalid type. */
	parse_str("Content-Type: ; charset=koi8-r\n\nbody", &m);
	T_STREQ(m.root->ctype.token, "text/plain");
	T_STREQ(m.root->charset, "koi8-r");
	pst_mime_free(&m);
	/* The encoding of a multipart is ignored. */
	parse_str("Content-Type: multipart/mixed; boundary=x\n"
	    "Content-Transfer-Encoding: base64\n\n--x\n\nhi\n--x--\n", &m);
	T_INTEQ(m.root->cte, PST_CTE_7BIT);
	T_INTEQ(m.nparts, 2);
	BODY(m.parts[1], "hi");
	pst_mime_free(&m);
	/* Folded structured fields. */
	parse_str("Content-Type: text/plain;\n\tcharset=\"iso-8859-1\"\n"
	    "Content-Transfer-Encoding:\n quoted-printable\n\nx", &m);
	T_STREQ(m.root->charset, "iso-8859-1");
	T_INTEQ(m.root->cte, PST_CTE_QP);
	pst_mime_free(&m);
}

void test_mime_empty(void)
{
	struct pst_mime m;

	pst_mime_parse("", 0, &m);
	T_INTEQ(m.nparts, 1);
	T_STREQ(m.root->ctype.token, "text/plain");
	T_INTEQ(m.root->bodylen, 0);
	T_INTEQ(pst_part_decoded_size(m.root), 0);
	pst_mime_free(&m);
	pst_mime_parse("\n", 1, &m);
	T_INTEQ(m.nparts, 1);
	T_INTEQ(m.root->bodylen, 0);
	pst_mime_free(&m);
}

void test_mime_decoded_size(void)
{
	struct pst_mime m;

	parse_str("Content-Transfer-Encoding: quoted-printable\n\n"
	    "caf=C3=A9 =\nend  \n", &m);
	T_INTEQ(pst_part_decoded_size(m.root), 10);	/* "café end\n" */
	pst_mime_free(&m);
	parse_str("Content-Transfer-Encoding: base64\n\naGVsbG8gd29y\nbGQ=\n",
	    &m);
	T_INTEQ(pst_part_decoded_size(m.root), 11);	/* "hello world" */
	pst_mime_free(&m);
	parse_str("Content-Transfer-Encoding: 8bit\n\n\xc3\xa9\n", &m);
	T_INTEQ(pst_part_decoded_size(m.root), 3);
	pst_mime_free(&m);
}

void test_mime_empty_parts(void)
{
	static const char msg[] =
	    "Content-Type: multipart/mixed; boundary=e\n"
	    "\n"
	    "--e\n"
	    "--e\n"
	    "\n"
	    "--e\n"
	    "Content-Type: text/html\n"
	    "--e--\n";
	struct pst_mime m;

	parse_str(msg, &m);
	check_tree(&m, __LINE__);
	T_INTEQ(m.nparts, 4);
	T_INTEQ(m.parts[1]->rawlen, 0);
	T_INTEQ(m.parts[1]->bodylen, 0);
	T_INTEQ(m.parts[2]->rawlen, 0);
	T_INTEQ(m.parts[3]->bodylen, 0);
	T_STREQ(m.parts[3]->ctype.token, "text/html");
	pst_mime_free(&m);
}

void test_mime_from_line(void);

void test_mime_from_line(void)
{
	/* A message saved with its mbox "From " line, a multipart part
	 * without headers that starts with "From ", and an embedded
	 * message with a "From " line. */
	static const char msg[] =
	    "From alice@example.org Mon Jan  1 00:00:00 2024\n"
	    "Subject: saved\n"
	    "Content-Type: multipart/mixed; boundary=b\n"
	    "\n"
	    "--b\n"
	    "From the desk of Alice: hello\n"
	    "--b\n"
	    "Content-Type: message/rfc822\n"
	    "\n"
	    "From bob@example.org Mon Jan  1 00:00:00 2024\n"
	    "Subject: inner\n"
	    "\n"
	    "inner body\n"
	    "--b--\n";
	struct pst_mime m;
	char *s;

	pst_mime_parse(msg, sizeof msg - 1, &m);
	T_INTEQ(m.nparts, 4);
	s = pst_hdr_get(&m.root->hdr, "Subject");
	T_STREQ(s, "saved");
	free(s);
	T_STREQ(m.parts[1]->ctype.token, "text/plain");
	T_INTEQ(m.parts[1]->hdr.n, 0);
	T_MEMEQ(m.parts[1]->body, m.parts[1]->bodylen,
	    "From the desk of Alice: hello", 29);
	s = pst_hdr_get(&m.parts[3]->hdr, "Subject");
	T_STREQ(s, "inner");
	free(s);
	T_MEMEQ(m.parts[3]->body, m.parts[3]->bodylen, "inner body", 10);
	pst_mime_free(&m);
}
