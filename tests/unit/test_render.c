/* Unit tests of lib/render.c: messages as text for a terminal. */
#include <string.h>

#include "buf.h"
#include "mime.h"
#include "render.h"
#include "t.h"

void test_render_size(void);
void test_render_field(void);
void test_render_message(void);
void test_render_prefer(void);
void test_render_headers_opts(void);
void test_render_sanitized(void);
void test_render_no_boundary(void);
void test_render_attachment_text(void);
void test_render_too_deep(void);
void test_render_tree(void);
void test_part_text(void);

#define FFFD "\xef\xbf\xbd"

#define MSG \
	"From: =?UTF-8?Q?Jos=C3=A9?= <jose@example.org>\n" \
	"To: bob@example.org\n" \
	"Subject: =?UTF-8?B?w6l0w6k=?= test\n" \
	"Date: Mon, 1 Jan 2024 00:00:00 +0000\n" \
	"X-Other: hidden\n" \
	"Content-Type: multipart/mixed; boundary=\"outer\"\n" \
	"\n" \
	"preamble\n" \
	"--outer\n" \
	"Content-Type: multipart/alternative; boundary=\"alt\"\n" \
	"\n" \
	"--alt\n" \
	"Content-Type: text/plain; charset=iso-8859-1\n" \
	"Content-Transfer-Encoding: quoted-printable\n" \
	"\n" \
	"caf=E9 plain\n" \
	"--alt\n" \
	"Content-Type: text/html; charset=utf-8\n" \
	"\n" \
	"<p>html <b>version</b></p>\n" \
	"--alt--\n" \
	"--outer\n" \
	"Content-Type: application/pdf; name=\"r.pdf\"\n" \
	"Content-Disposition: attachment; filename=\"report.pdf\"\n" \
	"Content-Transfer-Encoding: base64\n" \
	"\n" \
	"JVBERi0xLjQK\n" \
	"--outer\n" \
	"Content-Type: message/rfc822\n" \
	"\n" \
	"From: inner@example.org\n" \
	"Subject: inner\n" \
	"X-Inner: not shown\n" \
	"\n" \
	"inner body\n" \
	"\n" \
	"line 3\n" \
	"--outer\n" \
	"Content-Type: text/plain; charset=x-unknown-cs\n" \
	"\n" \
	"unknown text\n" \
	"--outer--\n"

#define HEAD \
	"From: Jos\xc3\xa9 <jose@example.org>\n" \
	"To: bob@example.org\n" \
	"Date: Mon, 1 Jan 2024 00:00:00 +0000\n" \
	"Subject: \xc3\xa9t\xc3\xa9 test\n" \
	"\n"

#define EMBEDDED \
	"[-- 6: message/rfc822, 77 B --]\n" \
	"| From: inner@example.org\n" \
	"| Subject: inner\n" \
	"|\n" \
	"| inner body\n" \
	"|\n" \
	"| line 3\n"

/* Render the string msg with opts; compare the output, the problems and
 * their count. */
static void
render_is(const char *msg, const struct pst_render_opts *opts,
    const char *want, const char *wantprob, int nprob, int line)
{
	struct pst_mime m;
	struct pst_buf out = {0}, prob = {0};
	int n;

	pst_mime_parse(msg, strlen(msg), &m);
	n = pst_render_message(&m, opts, &out, &prob);
	t_streq(pst_buf_str(&out), want, __FILE__, line, "output");
	t_streq(pst_buf_str(&prob), wantprob, __FILE__, line, "problems");
	t_inteq(n, nprob, __FILE__, line, "count");
	pst_buf_free(&out);
	pst_buf_free(&prob);
	pst_mime_free(&m);
}

static const struct pst_render_opts defaults;

void test_render_size(void)
{
	static const struct {
		size_t n;
		const char *want;
	} t[] = {
		{ 0, "0 B" }, { 812, "812 B" }, { 1023, "1023 B" },
		{ 1024, "1.0 KiB" }, { 1536, "1.5 KiB" },
		{ 10 * 1024, "10 KiB" }, { 48 * 1024 + 100, "48 KiB" },
		{ 1024 * 1024 - 1, "1024 KiB" }, { 1024 * 1024, "1.0 MiB" },
		{ 3250586, "3.1 MiB" },
	};
	struct pst_buf b = {0};

	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		pst_buf_reset(&b);
		pst_render_size(t[i].n, &b);
		T_STREQ(pst_buf_str(&b), t[i].want);
	}
	pst_buf_free(&b);
}

void test_render_field(void)
{
	static const char hdr[] =
	    "Subject: =?UTF-8?Q?caf=C3=A9?=\n\t\x1b[1mbold\n"
	    "To: \"B\xc2\x9b\" <b@x>\n"
	    "x-lower: v\n"
	    "\n";
	struct pst_header h;
	struct pst_buf b = {0};

	pst_hdr_parse(hdr, sizeof hdr - 1, &h);
	pst_render_field(&h.f[0], &b);
	T_STREQ(pst_buf_str(&b), "Subject: caf\xc3\xa9 " FFFD "[1mbold\n");
	pst_buf_reset(&b);
	pst_render_field(&h.f[1], &b);
	T_STREQ(pst_buf_str(&b), "To: B" FFFD " <b@x>\n");
	pst_buf_reset(&b);
	/* The name as it was written. */
	pst_render_field(&h.f[2], &b);
	T_STREQ(pst_buf_str(&b), "x-lower: v\n");
	pst_hdr_free(&h);
	pst_buf_free(&b);
}

void test_render_message(void)
{
	render_is(MSG, &defaults,
	    HEAD
	    "caf\xc3\xa9 plain\n"
	    "[-- 4: text/html, 26 B (alternative) --]\n"
	    "[-- 5: application/pdf, 9 B, \"report.pdf\" --]\n"
	    EMBEDDED
	    "[-- 8: text/plain --]\n"
	    "unknown text\n",
	    "part 8: unknown charset, shown as UTF-8 \"x-unknown-cs\"\n", 1,
	    __LINE__);
}

void test_render_prefer(void)
{
	struct pst_render_opts o = {0};

	o.prefer = "text/html:text/plain";
	render_is(MSG, &o,
	    HEAD
	    "[-- 3: text/plain, 10 B (alternative) --]\n"
	    "[-- 4: text/html --]\n"
	    "html version\n"
	    "[-- 5: application/pdf, 9 B, \"report.pdf\" --]\n"
	    EMBEDDED
	    "[-- 8: text/plain --]\n"
	    "unknown text\n",
	    "part 8: unknown charset, shown as UTF-8 \"x-unknown-cs\"\n", 1,
	    __LINE__);
	/* A wildcard; nothing preferred present: the first one. */
	o.prefer = "text/*";
	render_is("Content-Type: multipart/alternative; boundary=a\n\n"
	    "--a\nContent-Type: image/png\n\nPNG\n"
	    "--a\nContent-Type: text/enriched\n\nrich\n--a--\n", &o,
	    "\n[-- 2: image/png, 3 B (alternative) --]\n"
	    "[-- 3: text/enriched --]\nrich\n", "", 0, __LINE__);
	o.prefer = "application/x-none";
	render_is("Content-Type: multipart/alternative; boundary=a\n\n"
	    "--a\n\none\n--a\nContent-Type: text/html\n\n<b>two</b>\n--a--\n",
	    &o, "\none\n[-- 3: text/html, 10 B (alternative) --]\n", "", 0,
	    __LINE__);
}

void test_render_headers_opts(void)
{
	struct pst_render_opts o = {0};
	static const char msg[] =
	    "Subject: s\nX-Other: o\nsubject: second\nTo: t@x\n\nbody\n";

	o.headers = "x-other:SUBJECT:x-missing";
	render_is(msg, &o,
	    "X-Other: o\nSubject: s\nsubject: second\n\nbody\n", "", 0,
	    __LINE__);
	o.headers = "";
	render_is(msg, &o, "\nbody\n", "", 0, __LINE__);
	o.headers = NULL;
	o.all_headers = 1;
	render_is(msg, &o,
	    "Subject: s\nX-Other: o\nsubject: second\nTo: t@x\n\nbody\n", "",
	    0, __LINE__);
}

void test_render_sanitized(void)
{
	render_is("Subject: \x1b[31mred\x1b]0;x\x07 \xc2\x9b\n\n"
	    "line\x1b[2J\r\nnext\ttab\rcr\n\xff\n", &defaults,
	    "Subject: " FFFD "[31mred" FFFD "]0;x" FFFD " " FFFD "\n\n"
	    "line" FFFD "[2J\nnext\ttab" FFFD "cr\n" FFFD "\n", "", 0,
	    __LINE__);
	/* A CRLF message. */
	render_is("Subject: s\r\nContent-Type: text/plain\r\n\r\na\r\nb\r\n",
	    &defaults, "Subject: s\n\na\nb\n", "", 0, __LINE__);
	/* A body without a final line end gets one. */
	render_is("Subject: s\n\nno end", &defaults, "Subject: s\n\nno end\n",
	    "", 0, __LINE__);
}

void test_render_no_boundary(void)
{
	render_is("Content-Type: multipart/mixed; boundary=b\n\njust text\n",
	    &defaults, "\njust text\n",
	    "part 1: multipart without boundary; shown as text\n", 1,
	    __LINE__);
	render_is("Content-Type: multipart/mixed; boundary=b\n\n--b\n\none\n"
	    "--b\nContent-Type: text/html\n\n<i>two</i>\n", &defaults,
	    "\none\n[-- 3: text/html --]\ntwo\n",
	    "part 1: no closing boundary; the last part runs to the end\n", 1,
	    __LINE__);
}

void test_render_attachment_text(void)
{
	render_is("Content-Type: multipart/mixed; boundary=b\n\n--b\n\nbody\n"
	    "--b\nContent-Type: text/plain; name=notes.txt\n"
	    "Content-Disposition: ATTACHMENT\n\nsecret notes\n"
	    "--b\nContent-Disposition: inline\n\ninline text\n"
	    "--b\nContent-Type: image/png\n"
	    "Content-Disposition: inline; filename=\"\x1b[1m.png\"\n"
	    "Content-Transfer-Encoding: base64\n\niVBORw0K\n--b--\n",
	    &defaults,
	    "\nbody\n"
	    "[-- 3: text/plain, 12 B, \"notes.txt\" --]\n"
	    "[-- 4: text/plain --]\ninline text\n"
	    "[-- 5: image/png, 6 B, \"" FFFD "[1m.png\" --]\n", "", 0,
	    __LINE__);
}

void test_render_too_deep(void)
{
	struct pst_buf msg = {0}, want = {0}, prob = {0};
	struct pst_mime m;
	struct pst_buf out = {0};
	int n;

	for (int i = 0; i < 40; i++)
		pst_buf_printf(&msg, "Content-Type: multipart/mixed; "
		    "boundary=b%d\n\n--b%d\n", i, i);
	pst_buf_adds(&msg, "\ndeep\n");
	pst_mime_parse(msg.p, msg.len, &m);
	n = pst_render_message(&m, &defaults, &out, &prob);
	T_INTEQ(n, 33);
	T_OK(strstr(pst_buf_str(&prob), "part 33: nested too deep; not split\n")
	    != NULL);
	T_OK(strstr(pst_buf_str(&out), "[-- 33: multipart/mixed, ") != NULL);
	pst_mime_free(&m);
	pst_buf_free(&msg);
	pst_buf_free(&want);
	pst_buf_free(&prob);
	pst_buf_free(&out);
}

void test_render_tree(void)
{
	struct pst_mime m;
	struct pst_buf b = {0};

	pst_mime_parse(MSG, sizeof MSG - 1, &m);
	pst_render_tree(&m, &b);
	T_STREQ(pst_buf_str(&b),
	    "  1: multipart/mixed size=610\n"
	    "    2: multipart/alternative size=189\n"
	    "      3: text/plain charset=iso-8859-1 size=10\n"
	    "      4: text/html charset=utf-8 size=26\n"
	    "    5: application/pdf size=9 name=\"report.pdf\"\n"
	    "    6: message/rfc822 size=77\n"
	    "      7: text/plain size=18\n"
	    "    8: text/plain charset=x-unknown-cs size=12\n");
	pst_mime_free(&m);
	pst_buf_free(&b);

	/* Sanitised: a hostile type, charset and name. */
	{
		static const char evil[] =
		    "Content-Type: text/x\x1b; charset=\"a\x07\"; name=\"\xc2\x9b\"\n"
		    "\nx";
		pst_mime_parse(evil, sizeof evil - 1, &m);
		pst_render_tree(&m, &b);
		T_STREQ(pst_buf_str(&b), "  1: text/x" FFFD " charset=a" FFFD
		    " size=1 name=\"" FFFD "\"\n");
		pst_mime_free(&m);
		pst_buf_free(&b);
	}
}

void test_part_text(void)
{
	struct pst_mime m;
	struct pst_buf b = {0};

	pst_mime_parse(MSG, sizeof MSG - 1, &m);
	T_INTEQ(pst_part_text(m.parts[2], &b), 0);
	T_STREQ(pst_buf_str(&b), "caf\xc3\xa9 plain");
	pst_buf_reset(&b);
	T_INTEQ(pst_part_text(m.parts[7], &b), -1);
	T_STREQ(pst_buf_str(&b), "unknown text");
	pst_buf_reset(&b);
	/* Not sanitised: the caller does that. */
	pst_mime_free(&m);
	{
		static const char koi[] =
		    "Content-Type: text/plain; charset=koi8-r\n"
		    "Content-Transfer-Encoding: base64\n\n1MXT1Bs=\n";
		pst_mime_parse(koi, sizeof koi - 1, &m);
	}
	T_INTEQ(pst_part_text(m.root, &b), 0);
	T_STREQ(pst_buf_str(&b), "\xd1\x82\xd0\xb5\xd1\x81\xd1\x82\x1b");
	pst_buf_reset(&b);
	pst_mime_free(&m);
	/* An HTML part's own charset. */
	{
		static const char html[] = "Content-Type: text/html\n\n"
		    "<html><head><meta charset=\"iso-8859-1\"></head>"
		    "<body>caf\xe9</body></html>";
		pst_mime_parse(html, sizeof html - 1, &m);
		T_INTEQ(pst_part_text(m.root, &b), 0);
		T_OK(strstr(pst_buf_str(&b), "caf\xc3\xa9</body>") != NULL);
		pst_mime_free(&m);
	}
	pst_buf_free(&b);
}
