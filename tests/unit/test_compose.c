/* Unit tests of lib/compose.c, the message builder behind mkmsg: setting
 * and checking fields, checking the body, reading attachments, building
 * the message (read back through pst_hdr_parse, pst_mime_parse and
 * pst_decode, the parsers mshow uses) and reading drafts. */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "charset.h"
#include "compose.h"
#include "date.h"
#include "decode.h"
#include "filetype.h"
#include "hdr.h"
#include "mime.h"
#include "param.h"
#include "t.h"

void test_compose_set(void);
void test_compose_reserved(void);
void test_compose_check_line_breaks(void);
void test_compose_check_utf8(void);
void test_compose_check_names(void);
void test_compose_check_addresses(void);
void test_compose_check_date(void);
void test_compose_check_message_id(void);
void test_compose_check_long_word(void);
void test_compose_check_from(void);
void test_compose_check_body(void);
void test_compose_attach_typed(void);
void test_compose_attach_override(void);
void test_compose_attach_colon(void);
void test_compose_attach_not_regular(void);
void test_compose_attach_size(void);
void test_compose_attach_text_charset(void);
void test_compose_attach_names(void);
void test_compose_build_ascii(void);
void test_compose_build_utf8(void);
void test_compose_build_line_ends(void);
void test_compose_build_generated(void);
void test_compose_build_given(void);
void test_compose_build_order(void);
void test_compose_build_refused(void);
void test_compose_build_multipart(void);
void test_compose_build_no_text(void);
void test_compose_build_rfc822(void);
void test_compose_build_write(void);
void test_compose_draft_fields(void);
void test_compose_draft_attach(void);
void test_compose_draft_body(void);
void test_compose_draft_too_big(void);

#define NOW	((time_t)1700000000)	/* Tue, 14 Nov 2023 22:13:20 UTC */

#define ROMANIAN "Raport trimestrial: \xc8\x99tiin\xc8\x9b\xc4\x83, " \
	"\xc8\x9b\xc4\x83ri \xc8\x99i \xc3\xaenv\xc4\x83\xc8\x9b\xc4\x83m" \
	"\xc3\xa2nt \xc3\xaen Rom\xc3\xa2nia \xe2\x80\x94 edi\xc8\x9bia a 2-a"
#define CYRILLIC_PDF "\xd0\x9e\xd1\x82\xd1\x87\xd1\x91\xd1\x82 \xd0\xb7" \
	"\xd0\xb0 \xd1\x82\xd1\x80\xd0\xb5\xd1\x82\xd0\xb8\xd0\xb9 \xd0\xba" \
	"\xd0\xb2\xd0\xb0\xd1\x80\xd1\x82\xd0\xb0\xd0\xbb.pdf"
#define LATIN1_TEXT "Caf\xe9, na\xefvet\xe9, Gr\xf6\xdf" "e, fa\xe7" \
	"ade, se\xf1or.\n\xc7" "a co\xfbte 12 EUR, \xab d\xe9j\xe0 vu \xbb.\n"
#define PDF_TEXT "%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog " \
	">>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"

/* ---- helpers ---------------------------------------------------------- */

/* Whether err is one non-empty line. */

/* What compose asks of hdr: whether a field holds addresses. */
static int
is_address(const char *name)
{
	return pst_hdr_is_address(name, strlen(name));
}

static int
one_line(const char *err)
{
	return err[0] != '\0' && strpbrk(err, "\r\n") == NULL;
}

/* Whether err is one line starting "name: ". */
static int
names_field(const char *err, const char *name)
{
	size_t n = strlen(name);

	return one_line(err) && strncmp(err, name, n) == 0 &&
	    err[n] == ':' && err[n + 1] == ' ';
}

/* A message with From set: the field every check needs. */
static void
msg_with_from(struct pst_message *m)
{
	memset(m, 0, sizeof *m);
	pst_msg_set(m, "From", "Alice Example <alice@example.org>");
}

/* pst_msg_check_fields on a message with From and name: value; *err
 * gets the message. */
static int
check_one(const char *name, const char *value, char *err, size_t errsize)
{
	struct pst_message m;
	int rc;

	msg_with_from(&m);
	pst_msg_set(&m, name, value);
	err[0] = '\0';
	rc = pst_msg_check_fields(&m, err, errsize);
	pst_msg_free(&m);
	return rc;
}

/* Check that name: value is accepted. */
static void
accepted(const char *name, const char *value, int line)
{
	char err[512];

	if (!t_check(check_one(name, value, err, sizeof err) == 0, __FILE__,
	    line, value))
		fprintf(stderr, "  refused: %s\n", err);
}

/* Check that name: value is refused with one line naming the field and
 * holding why (when not NULL). */
static void
refused(const char *name, const char *value, const char *why, int line)
{
	char err[512];

	t_check(check_one(name, value, err, sizeof err) == -1, __FILE__, line,
	    value);
	if (!t_check(names_field(err, name), __FILE__, line,
	    "error is one line naming the field") ||
	    (why != NULL && !t_check(strstr(err, why) != NULL, __FILE__, line,
	    why)))
		fprintf(stderr, "  error: %s\n", err);
}

/* The built message as one string. */
static void
join(const struct pst_msgout *out, struct pst_buf *b)
{
	size_t i;

	for (i = 0; i < out->n; i++)
		pst_buf_add(b, out->piece[i].p, out->piece[i].len);
	if (b->p == NULL)
		pst_buf_add(b, "", 0);
}

/* Build m at NOW into b; returns pst_msg_build's status. */
static int
build(const struct pst_message *m, struct pst_buf *b)
{
	struct pst_msgout out;
	char err[512] = "";
	int rc;

	rc = pst_msg_build(m, NOW, &out, err, sizeof err);
	if (rc != 0)
		fprintf(stderr, "  build: %s\n", err);
	join(&out, b);
	pst_msgout_free(&out);
	return rc;
}

/* The length of the header block of msg: up to and with its blank line. */
static size_t
header_len(const char *msg, size_t len)
{
	struct pst_header h;
	size_t n = pst_hdr_parse(msg, len, &h);

	pst_hdr_free(&h);
	return n;
}

/* Check the lines of p[0..n): LF only, each at most max octets. */
static void
lines_within(const char *p, size_t n, size_t max, int line)
{
	size_t i = 0, k;
	const char *nl;

	while (i < n) {
		nl = memchr(p + i, '\n', n - i);
		k = nl ? (size_t)(nl - (p + i)) : n - i;
		if (!t_check(k <= max, __FILE__, line, "line length") ||
		    !t_check(memchr(p + i, '\r', k) == NULL, __FILE__, line,
		    "no CR"))
			fprintf(stderr, "  line: %.*s\n",
			    (int)(k < 200 ? k : 200), p + i);
		i += k + 1;
	}
}

/* Check every line of msg is at most 998 octets and every header line,
 * the message's and its parts', at most 78. */
static void
message_lines_ok(const char *msg, size_t len, int line)
{
	struct pst_mime mime;
	size_t i;

	lines_within(msg, len, 998, line);
	pst_mime_parse(msg, len, &mime);
	for (i = 0; i < mime.nparts; i++)
		lines_within(mime.parts[i]->raw, (size_t)(mime.parts[i]->body -
		    mime.parts[i]->raw), 78, line);
	pst_mime_free(&mime);
}

/* The body of part p decoded, as a C string in b. */
static void
decoded(const struct pst_part *p, struct pst_buf *b)
{
	pst_decode(p->cte, p->body, p->bodylen, b);
	if (b->p == NULL)
		pst_buf_add(b, "", 0);
}

/* Check that part p is type with cte and decodes to want[0..n). */
static void
part_is(const struct pst_part *p, const char *type, enum pst_cte cte,
    const char *want, size_t n, int line)
{
	struct pst_buf b = {0};

	if (!t_check(p != NULL, __FILE__, line, "part present"))
		return;
	t_streq(p->ctype.token, type, __FILE__, line, "type");
	t_inteq(p->cte, cte, __FILE__, line, "cte");
	decoded(p, &b);
	t_memeq(b.p, b.len, want, n, __FILE__, line, "decoded bytes");
	pst_buf_free(&b);
}

/* The value of the first field name in the header of msg, unfolded and
 * decoded (malloc'd), or NULL. */
static char *
header_value(const char *msg, size_t len, const char *name)
{
	struct pst_header h;
	char *v;

	pst_hdr_parse(msg, len, &h);
	v = pst_hdr_get_decoded(&h, name);
	pst_hdr_free(&h);
	return v;
}

/* How many times s occurs in p[0..n). */
static size_t
count_of(const char *p, size_t n, const char *s)
{
	size_t k = strlen(s), c = 0, i;

	for (i = 0; i + k <= n; i++)
		if (memcmp(p + i, s, k) == 0)
			c++;
	return c;
}

/* Whether s (maybe NULL) ends in tail. */
static int
ends_with(const char *s, const char *tail)
{
	size_t n = s ? strlen(s) : 0, k = strlen(tail);

	return s != NULL && n >= k && strcmp(s + n - k, tail) == 0;
}

/* ---- a scratch directory for the files attached ----------------------- */

static char tmpdir[64];
static char made[32][256];	/* what was created in it, in order */
static size_t nmade;

static void
make_tmpdir(void)
{
	snprintf(tmpdir, sizeof tmpdir, "/tmp/posta-test-compose.XXXXXX");
	if (mkdtemp(tmpdir) == NULL) {
		perror("mkdtemp");
		exit(1);
	}
	nmade = 0;
}

/* tmpdir/rel, in a static buffer. */
static const char *
path_of(const char *rel)
{
	static char path[256];

	if (snprintf(path, sizeof path, "%s/%s", tmpdir, rel) >=
	    (int)sizeof path) {
		fprintf(stderr, "path too long: %s\n", rel);
		exit(1);
	}
	return path;
}

static void
remember(const char *rel)
{
	if (nmade == sizeof made / sizeof made[0]) {
		fprintf(stderr, "too many scratch files\n");
		exit(1);
	}
	snprintf(made[nmade++], sizeof made[0], "%s", path_of(rel));
}

/* Write p[0..n) to tmpdir/rel. */
static void
put_file(const char *rel, const void *p, size_t n)
{
	FILE *fp = fopen(path_of(rel), "wb");

	if (fp == NULL || fwrite(p, 1, n, fp) != n || fclose(fp) != 0) {
		perror(path_of(rel));
		exit(1);
	}
	remember(rel);
}

static void
put_dir(const char *rel)
{
	if (mkdir(path_of(rel), 0700) != 0) {
		perror(path_of(rel));
		exit(1);
	}
	remember(rel);
}

/* Remove what was made, the last first, then the directory. */
static void
remove_tmpdir(void)
{
	while (nmade > 0) {
		nmade--;
		if (unlink(made[nmade]) != 0)
			T_INTEQ(rmdir(made[nmade]), 0);
	}
	T_INTEQ(rmdir(tmpdir), 0);
}

/* The CRC-32 of PNG chunks (ISO 3309). */
static unsigned long
crc32_of(const unsigned char *p, size_t n)
{
	unsigned long c = 0xffffffffUL;
	size_t i;
	int k;

	for (i = 0; i < n; i++) {
		c ^= p[i];
		for (k = 0; k < 8; k++)
			c = c & 1 ? 0xedb88320UL ^ (c >> 1) : c >> 1;
	}
	return c ^ 0xffffffffUL;
}

static void
put_be32(unsigned char *p, unsigned long v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

/* A PNG start: the signature and an IHDR chunk for a 16x16 RGB image
 * (what libmagic looks at), then an empty IEND. Returns its length. */
static size_t
make_png(unsigned char png[57])
{
	static const unsigned char sig[8] = {
		0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n',
	};

	memcpy(png, sig, 8);
	put_be32(png + 8, 13);
	memcpy(png + 12, "IHDR", 4);
	put_be32(png + 16, 16);
	put_be32(png + 20, 16);
	memcpy(png + 24, "\x08\x02\x00\x00\x00", 5);
	put_be32(png + 29, crc32_of(png + 12, 17));
	put_be32(png + 33, 0);
	memcpy(png + 37, "IEND", 4);
	put_be32(png + 41, crc32_of(png + 37, 4));
	memset(png + 45, 0, 12);	/* trailing bytes: still a PNG */
	return 57;
}

/* ---- fields ----------------------------------------------------------- */

void test_compose_set(void)
{
	struct pst_message m = {0};

	pst_msg_set(&m, "To", "a@example.org");
	pst_msg_set(&m, "to", "Bob <b@example.org>");
	pst_msg_set(&m, "TO", "c@example.org");
	T_STREQ(pst_msg_get(&m, "To"),
	    "a@example.org, Bob <b@example.org>, c@example.org");
	T_INTEQ(m.nf, 1);
	T_STREQ(m.f[0].name, "To");	/* the name as first given */

	pst_msg_set(&m, "Cc", "c1@example.org");
	pst_msg_set(&m, "cc", "c2@example.org");
	T_STREQ(pst_msg_get(&m, "CC"), "c1@example.org, c2@example.org");
	pst_msg_set(&m, "Bcc", "b1@example.org");
	pst_msg_set(&m, "BCC", "b2@example.org");
	T_STREQ(pst_msg_get(&m, "bcc"), "b1@example.org, b2@example.org");

	/* Every other field is replaced, address fields included. */
	pst_msg_set(&m, "Subject", "first");
	pst_msg_set(&m, "SUBJECT", "second");
	T_STREQ(pst_msg_get(&m, "subject"), "second");
	pst_msg_set(&m, "From", "a@example.org");
	pst_msg_set(&m, "from", "b@example.org");
	T_STREQ(pst_msg_get(&m, "From"), "b@example.org");
	pst_msg_set(&m, "Reply-To", "r1@example.org");
	pst_msg_set(&m, "Reply-To", "r2@example.org");
	T_STREQ(pst_msg_get(&m, "reply-to"), "r2@example.org");
	pst_msg_set(&m, "X-Note", "one");
	pst_msg_set(&m, "x-note", "two");
	T_STREQ(pst_msg_get(&m, "X-NOTE"), "two");

	/* An empty recipient list is replaced, not joined to. */
	pst_msg_set(&m, "Resent-To", "x@example.org");
	pst_msg_set(&m, "Resent-To", "y@example.org");
	T_STREQ(pst_msg_get(&m, "Resent-To"), "y@example.org");
	pst_msg_free(&m);
	pst_msg_set(&m, "To", "");
	pst_msg_set(&m, "To", "a@example.org");
	T_STREQ(pst_msg_get(&m, "to"), "a@example.org");

	T_INTEQ(m.nf, 1);
	T_OK(pst_msg_get(&m, "Cc") == NULL);
	T_OK(pst_msg_get(&m, "T") == NULL);
	T_OK(pst_msg_get(&m, "Tox") == NULL);
	pst_msg_free(&m);
	T_INTEQ(m.nf, 0);
	T_OK(m.f == NULL);
	T_OK(pst_msg_get(&m, "To") == NULL);
	pst_msg_free(&m);		/* twice is fine */
}

void test_compose_reserved(void)
{
	T_OK(pst_msg_reserved("MIME-Version"));
	T_OK(pst_msg_reserved("mime-version"));
	T_OK(pst_msg_reserved("Content-Type"));
	T_OK(pst_msg_reserved("CONTENT-TRANSFER-ENCODING"));
	T_OK(pst_msg_reserved("Content-Disposition"));
	T_OK(pst_msg_reserved("content-id"));
	T_OK(!pst_msg_reserved("Subject"));
	T_OK(!pst_msg_reserved("Contents"));
	T_OK(!pst_msg_reserved("MIME-Versions"));
	T_OK(!pst_msg_reserved("X-Content-Type"));
	T_OK(!pst_msg_reserved(""));

	T_OK(is_address("From"));
	T_OK(is_address("to"));
	T_OK(is_address("CC"));
	T_OK(is_address("Bcc"));
	T_OK(is_address("Reply-To"));
	T_OK(is_address("sender"));
	T_OK(is_address("Resent-Cc"));
	T_OK(is_address("Mail-Followup-To"));
	T_OK(is_address("Disposition-Notification-To"));
	T_OK(!is_address("Subject"));
	T_OK(!is_address("Message-ID"));
	T_OK(!is_address("Froms"));
	T_OK(!is_address("X-To"));

	T_OK(pst_filetype_valid("application/pdf"));
	T_OK(pst_filetype_valid("text/x-c++"));
	T_OK(!pst_filetype_valid("application"));
	T_OK(!pst_filetype_valid("/pdf"));
	T_OK(!pst_filetype_valid("text/"));
	T_OK(!pst_filetype_valid("a/b/c"));
	T_OK(!pst_filetype_valid("text/plain; charset=x"));
	T_OK(!pst_filetype_valid("te xt/plain"));
	T_OK(!pst_filetype_valid(""));
	T_OK(!is_address(""));
}

void test_compose_check_line_breaks(void)
{
	refused("Subject", "hi\nBcc: victim@example.org", "line break",
	    __LINE__);
	refused("Subject", "hi\r", "line break", __LINE__);
	refused("Subject", "\r\n", "line break", __LINE__);
	refused("To", "b@example.org\r\nBcc: v@example.org", "line break",
	    __LINE__);
	refused("X-A", "b\rc", "line break", __LINE__);
	refused("Message-ID", "<a@example.org>\n", "line break", __LINE__);
	refused("From", "a@example.org\n", "line break", __LINE__);
	accepted("Subject", "a\ttab is fine", __LINE__);
}

void test_compose_check_utf8(void)
{
	refused("Subject", "caf\xe9", "UTF-8", __LINE__);
	refused("Subject", "\xc0\xaf overlong", "UTF-8", __LINE__);
	refused("Subject", "\xed\xa0\x80 surrogate", "UTF-8", __LINE__);
	refused("Subject", "cut \xe2\x82", "UTF-8", __LINE__);
	refused("X-Note", "\xff", "UTF-8", __LINE__);
	refused("To", "Caf\xe9 <a@example.org>", "UTF-8", __LINE__);
	accepted("Subject", ROMANIAN, __LINE__);
	accepted("Subject", "\xf0\x9f\x8e\x89", __LINE__);
	accepted("To", "\xc8\x98tefan <s@example.ro>", __LINE__);
	/* Identifiers are ASCII. */
	refused("In-Reply-To", "<caf\xc3\xa9@example.org>", "printable ASCII",
	    __LINE__);
	refused("References", "<a@example.org> \x01<b@example.org>",
	    "printable ASCII", __LINE__);
}

void test_compose_check_names(void)
{
	char err[512], name[80];

	T_INTEQ(check_one("X A", "v", err, sizeof err), -1);
	T_OK(one_line(err) && strstr(err, "X A") != NULL &&
	    strstr(err, "field name") != NULL);
	T_INTEQ(check_one("X:A", "v", err, sizeof err), -1);
	T_OK(one_line(err) && strstr(err, "X:A") != NULL);
	T_INTEQ(check_one("X-\xc3\xa9", "v", err, sizeof err), -1);
	T_OK(strstr(err, "field name") != NULL);
	T_INTEQ(check_one("X-\x7f", "v", err, sizeof err), -1);
	T_INTEQ(check_one("X\tA", "v", err, sizeof err), -1);
	T_INTEQ(check_one("", "v", err, sizeof err), -1);
	T_OK(one_line(err) && strstr(err, "field name") != NULL);

	/* 76 characters fit a line with ": " and a word; 77 are refused. */
	memset(name, 'X', 77);
	name[77] = '\0';
	T_INTEQ(check_one(name, "v", err, sizeof err), -1);
	T_OK(strstr(err, "field name") != NULL);
	name[76] = '\0';
	T_INTEQ(check_one(name, "v", err, sizeof err), 0);
	T_INTEQ(check_one("X-!#$%&'*+-.^_`|~09", "v", err, sizeof err), 0);
}

void test_compose_check_addresses(void)
{
	accepted("To", "bob@example.org", __LINE__);
	accepted("To", "Bob Example <bob@example.org>, \"Doe, John\" "
	    "<john@example.com>, dan@example.org", __LINE__);
	accepted("Cc", "team: a@example.org, b@example.org;", __LINE__);
	accepted("To", "undisclosed-recipients:;", __LINE__);
	accepted("Bcc", "Undisclosed recipients: ;", __LINE__);
	accepted("Reply-To", "\"a b\"@example.org", __LINE__);
	accepted("To", "\xd0\xb0\xd0\xbd\xd0\xb0@example.ru", __LINE__);
	refused("To", "not an address", "not an address", __LINE__);
	refused("To", "a@example.org, bob", "\"bob\" is not an address",
	    __LINE__);
	refused("Cc", "a@", "not an address", __LINE__);
	refused("Cc", "@example.org", "not an address", __LINE__);
	refused("Bcc", "a b@example.org", "not an address", __LINE__);
	refused("Reply-To", "a@exa mple.org", "not an address", __LINE__);
	refused("Sender", "a@@example.org", "not an address", __LINE__);
	refused("From", "Bob <>", NULL, __LINE__);
	refused("To", "", "no address", __LINE__);
	refused("Cc", "  ", "no address", __LINE__);
	refused("Resent-To", "x", "not an address", __LINE__);
}

void test_compose_check_date(void)
{
	accepted("Date", "Tue, 1 Jul 2003 10:52:37 +0200", __LINE__);
	accepted("Date", "1 Jul 2003 10:52 GMT", __LINE__);
	accepted("Resent-Date", "Tue, 14 Nov 2023 22:13:20 +0000", __LINE__);
	refused("Date", "yesterday", "is not a date", __LINE__);
	refused("Date", "Tue, 1 Jul 2003 25:52:37 +0200", "is not a date",
	    __LINE__);
	refused("Date", "", "is not a date", __LINE__);
	refused("Resent-Date", "soon", "is not a date", __LINE__);
	/* Any other field may hold anything. */
	accepted("X-Date", "yesterday", __LINE__);
}

void test_compose_check_message_id(void)
{
	accepted("Message-ID", "<a@b>", __LINE__);
	accepted("Message-ID", "<1700000000.abcXYZ@example.org>", __LINE__);
	accepted("message-id", "<a.b-c+d@[127.0.0.1]>", __LINE__);
	refused("Message-ID", "a@example.org", "is not <id@domain>", __LINE__);
	refused("Message-ID", "<example.org>", "is not <id@domain>", __LINE__);
	refused("Message-ID", "<@example.org>", "is not <id@domain>", __LINE__);
	refused("Message-ID", "<a@>", "is not <id@domain>", __LINE__);
	refused("Message-ID", "<ab@>", "is not <id@domain>", __LINE__);
	refused("Message-ID", "<a@example.org", "is not <id@domain>",
	    __LINE__);
	refused("Message-ID", "<a b@example.org>", "is not <id@domain>",
	    __LINE__);
	refused("Message-ID", "<a@example.org> <b@example.org>",
	    "is not <id@domain>", __LINE__);
	refused("Message-ID", "<<a@example.org>", "is not <id@domain>",
	    __LINE__);
	refused("Message-ID", "<>", "is not <id@domain>", __LINE__);
	refused("Message-ID", "", "is not <id@domain>", __LINE__);
	/* Others of its kind may hold lists. */
	accepted("In-Reply-To", "<a@example.org>", __LINE__);
	accepted("References", "<a@example.org> <b@example.org>", __LINE__);
}

void test_compose_check_long_word(void)
{
	struct pst_buf v = {0};
	size_t i;

	/* "References: " and a 1000-character word cannot fit 998. */
	pst_buf_addc(&v, '<');
	for (i = 0; i < 986; i++)
		pst_buf_addc(&v, 'a');
	pst_buf_adds(&v, "@example.org>");
	T_INTEQ(v.len, 1000);
	refused("References", pst_buf_str(&v), "too long", __LINE__);
	refused("In-Reply-To", pst_buf_str(&v), "too long", __LINE__);
	refused("Message-ID", pst_buf_str(&v), "too long", __LINE__);

	/* Many short identifiers: long in all, but they fold. */
	pst_buf_reset(&v);
	for (i = 0; i < 60; i++)
		pst_buf_printf(&v, "%s<%zu.part@example.org>", i ? " " : "", i);
	T_OK(v.len > 998);
	accepted("References", pst_buf_str(&v), __LINE__);

	/* Free text is encoded so that it folds: accepted. */
	pst_buf_reset(&v);
	for (i = 0; i < 1200; i++)
		pst_buf_addc(&v, 'w');
	accepted("Subject", pst_buf_str(&v), __LINE__);
	accepted("X-Long", pst_buf_str(&v), __LINE__);
	pst_buf_free(&v);
}

void test_compose_check_from(void)
{
	struct pst_message m = {0};
	char err[512];

	pst_msg_set(&m, "To", "b@example.org");
	pst_msg_set(&m, "Subject", "hi");
	T_INTEQ(pst_msg_check_fields(&m, err, sizeof err), -1);
	T_OK(names_field(err, "From"));
	pst_msg_set(&m, "from", "a@example.org");
	T_INTEQ(pst_msg_check_fields(&m, err, sizeof err), 0);
	pst_msg_free(&m);

	/* The first bad field is the one named. */
	msg_with_from(&m);
	pst_msg_set(&m, "Subject", "ok");
	pst_msg_set(&m, "To", "bad");
	pst_msg_set(&m, "Date", "bad");
	T_INTEQ(pst_msg_check_fields(&m, err, sizeof err), -1);
	T_OK(names_field(err, "To"));
	pst_msg_free(&m);

	/* A small buffer gets a cut, terminated message. */
	msg_with_from(&m);
	pst_msg_set(&m, "Subject", "\xff");
	T_INTEQ(pst_msg_check_fields(&m, err, 8), -1);
	T_STREQ(err, "Subject");
	pst_msg_free(&m);
}

void test_compose_check_body(void)
{
	struct pst_message m = {0};
	char err[512];

	m.body = "";
	m.bodylen = 0;
	T_INTEQ(pst_msg_check_body(&m, err, sizeof err), 0);
	m.body = "Bun\xc4\x83 ziua,\r\n\xe6\x97\xa5\xe6\x9c\xac\n"
	    "\xf0\x9f\x98\x80";
	m.bodylen = strlen(m.body);
	T_INTEQ(pst_msg_check_body(&m, err, sizeof err), 0);
	/* A NUL is valid UTF-8, and bodylen is what counts. */
	m.body = "a\0b\xff";
	m.bodylen = 3;
	T_INTEQ(pst_msg_check_body(&m, err, sizeof err), 0);
	m.bodylen = 4;
	T_INTEQ(pst_msg_check_body(&m, err, sizeof err), -1);
	T_OK(one_line(err) && strstr(err, "0xFF") != NULL &&
	    strstr(err, "line 1") != NULL);

	m.body = "one\ntwo\r\nthree caf\xe9\nfour\n";
	m.bodylen = strlen(m.body);
	T_INTEQ(pst_msg_check_body(&m, err, sizeof err), -1);
	T_OK(one_line(err));
	T_OK(strncmp(err, "body: ", 6) == 0);
	T_OK(strstr(err, "UTF-8") != NULL);
	T_OK(strstr(err, "0xE9") != NULL);
	T_OK(strstr(err, "line 3") != NULL);

	/* A sequence cut by the end, an overlong form, a surrogate. */
	m.body = "ok\n\n\xe2\x82";
	m.bodylen = strlen(m.body);
	T_INTEQ(pst_msg_check_body(&m, err, sizeof err), -1);
	T_OK(strstr(err, "0xE2") != NULL && strstr(err, "line 3") != NULL);
	m.body = "\xc0\x80";
	m.bodylen = 2;
	T_INTEQ(pst_msg_check_body(&m, err, sizeof err), -1);
	T_OK(strstr(err, "line 1") != NULL);
	m.body = "x\n\xed\xb0\x80";
	m.bodylen = strlen(m.body);
	T_INTEQ(pst_msg_check_body(&m, err, sizeof err), -1);
	T_OK(strstr(err, "0xED") != NULL && strstr(err, "line 2") != NULL);
}

/* ---- attachments -------------------------------------------------------- */

/* pst_attach_read of tmpdir/rel with max; err and the status back. */
static int
attach(struct pst_attachment *a, const char *rel, unsigned long long max,
    struct pst_filetype **ft, char *err, size_t errsize)
{
	err[0] = '\0';
	return pst_attach_read(a, path_of(rel), max, ft, err, errsize);
}

void test_compose_attach_typed(void)
{
	struct pst_filetype *ft = NULL;
	struct pst_attachment a;
	unsigned char png[57];
	size_t pnglen = make_png(png);
	char err[512];

	make_tmpdir();
	put_file("image.png", png, pnglen);
	put_file("report.pdf", PDF_TEXT, strlen(PDF_TEXT));
	put_file("note.txt", "plain words\n", 12);
	put_file("latin1.txt", LATIN1_TEXT, strlen(LATIN1_TEXT));
	put_file("empty", "", 0);

	T_INTEQ(attach(&a, "image.png", 0, &ft, err, sizeof err), 0);
	T_OK(ft != NULL);
	T_STREQ(a.type, "image/png");
	T_STREQ(a.charset, "");
	T_STREQ(a.name, "image.png");
	T_STREQ(a.path, path_of("image.png"));
	T_MEMEQ(a.data, a.len, png, pnglen);
	pst_attach_free(&a);
	T_OK(a.data == NULL && a.path == NULL && a.name == NULL);

	T_INTEQ(attach(&a, "report.pdf", 0, &ft, err, sizeof err), 0);
	T_STREQ(a.type, "application/pdf");
	T_STREQ(a.charset, "");
	T_MEMEQ(a.data, a.len, PDF_TEXT, strlen(PDF_TEXT));
	pst_attach_free(&a);

	T_INTEQ(attach(&a, "note.txt", 0, &ft, err, sizeof err), 0);
	T_STREQ(a.type, "text/plain");
	T_STREQ(a.charset, "us-ascii");
	pst_attach_free(&a);

	T_INTEQ(attach(&a, "latin1.txt", 0, &ft, err, sizeof err), 0);
	T_STREQ(a.type, "text/plain");
	T_STREQ(a.charset, "iso-8859-1");
	pst_attach_free(&a);

	T_INTEQ(attach(&a, "empty", 0, &ft, err, sizeof err), 0);
	T_INTEQ(a.len, 0);
	T_OK(a.data != NULL);
	T_OK(strchr(a.type, '/') != NULL);
	pst_attach_free(&a);

	pst_filetype_close(ft);
	remove_tmpdir();
}

void test_compose_attach_override(void)
{
	struct pst_filetype *ft = NULL;
	struct pst_attachment a;
	char err[512], spec[512];

	make_tmpdir();
	put_file("report.pdf", PDF_TEXT, strlen(PDF_TEXT));
	put_file("note.txt", "caf\xc3\xa9\n", 6);

	T_INTEQ(attach(&a, "report.pdf:application/x-Q3", 0, &ft, err,
	    sizeof err), 0);
	T_STREQ(a.type, "application/x-q3");
	T_STREQ(a.charset, "");
	T_STREQ(a.path, path_of("report.pdf"));
	T_STREQ(a.name, "report.pdf");
	T_MEMEQ(a.data, a.len, PDF_TEXT, strlen(PDF_TEXT));
	T_OK(ft == NULL);	/* a type given: libmagic not needed */
	pst_attach_free(&a);

	T_INTEQ(attach(&a, "note.txt:TEXT/X-Note", 0, &ft, err, sizeof err),
	    0);
	T_STREQ(a.type, "text/x-note");
	T_STREQ(a.charset, "utf-8");
	pst_attach_free(&a);
	T_INTEQ(attach(&a, "report.pdf:text/plain", 0, &ft, err, sizeof err),
	    0);
	T_STREQ(a.type, "text/plain");
	T_OK(a.charset[0] != '\0');
	pst_attach_free(&a);

	/* A multipart type cannot be given. */
	T_INTEQ(attach(&a, "note.txt:multipart/mixed", 0, &ft, err,
	    sizeof err), 65);
	T_OK(one_line(err) && strstr(err, "note.txt") != NULL &&
	    strstr(err, "multipart") != NULL);
	pst_attach_free(&a);
	T_INTEQ(attach(&a, "note.txt:Multipart/Alternative", 0, &ft, err,
	    sizeof err), 65);
	pst_attach_free(&a);

	/* A type too long for the attachment's buffer. */
	snprintf(spec, sizeof spec, "note.txt:application/%0200d", 7);
	T_INTEQ(attach(&a, spec, 0, &ft, err, sizeof err), 65);
	T_OK(one_line(err) && strstr(err, "note.txt") != NULL);
	pst_attach_free(&a);

	/* No type syntax after the colon: all of it is the path. */
	T_INTEQ(attach(&a, "note.txt:plain", 0, &ft, err, sizeof err), 66);
	T_OK(one_line(err) && strstr(err, "note.txt:plain") != NULL);
	pst_attach_free(&a);
	T_INTEQ(attach(&a, "note.txt:text/", 0, &ft, err, sizeof err), 66);
	pst_attach_free(&a);
	T_INTEQ(attach(&a, "note.txt:te xt/plain", 0, &ft, err, sizeof err),
	    66);
	pst_attach_free(&a);

	/* A missing file with a type: named without the type. */
	T_INTEQ(attach(&a, "nosuch.pdf:application/pdf", 0, &ft, err,
	    sizeof err), 66);
	T_OK(one_line(err) && strstr(err, path_of("nosuch.pdf")) != NULL &&
	    strstr(err, "application/pdf") == NULL);
	pst_attach_free(&a);

	pst_filetype_close(ft);
	remove_tmpdir();
}

void test_compose_attach_colon(void)
{
	struct pst_filetype *ft = NULL;
	struct pst_attachment a;
	char err[512];

	make_tmpdir();
	put_file("a:b.txt", "hello\n", 6);
	put_dir("x:text");
	put_file("x:text/plain", PDF_TEXT, strlen(PDF_TEXT));

	T_INTEQ(attach(&a, "a:b.txt", 0, &ft, err, sizeof err), 0);
	T_STREQ(a.name, "a:b.txt");
	T_STREQ(a.type, "text/plain");
	pst_attach_free(&a);
	T_INTEQ(attach(&a, "a:b.txt:text/x-log", 0, &ft, err, sizeof err), 0);
	T_STREQ(a.name, "a:b.txt");
	T_STREQ(a.type, "text/x-log");
	pst_attach_free(&a);

	/* "x:text/plain" looks like PATH:type but is a file that exists. */
	T_INTEQ(attach(&a, "x:text/plain", 0, &ft, err, sizeof err), 0);
	T_STREQ(a.path, path_of("x:text/plain"));
	T_STREQ(a.name, "plain");
	T_STREQ(a.type, "application/pdf");
	pst_attach_free(&a);
	T_INTEQ(attach(&a, "x:text/plain:image/x-test", 0, &ft, err,
	    sizeof err), 0);
	T_STREQ(a.path, path_of("x:text/plain"));
	T_STREQ(a.type, "image/x-test");
	pst_attach_free(&a);

	pst_filetype_close(ft);
	remove_tmpdir();
}

void test_compose_attach_not_regular(void)
{
	struct pst_filetype *ft = NULL;
	struct pst_attachment a;
	char err[512];

	make_tmpdir();
	put_dir("dir");
	T_INTEQ(attach(&a, "nosuch", 0, &ft, err, sizeof err), 66);
	T_OK(one_line(err) && strstr(err, path_of("nosuch")) != NULL);
	T_OK(strstr(err, "no such file") != NULL);
	pst_attach_free(&a);
	T_INTEQ(attach(&a, "dir", 0, &ft, err, sizeof err), 65);
	T_OK(one_line(err) && strstr(err, path_of("dir")) != NULL &&
	    strstr(err, "directory") != NULL);
	pst_attach_free(&a);
	T_INTEQ(attach(&a, "dir/nosuch/x", 0, &ft, err, sizeof err), 66);
	pst_attach_free(&a);

	/* A FIFO with no writer: refused at once, not waited on. */
	T_INTEQ(mkfifo(path_of("fifo"), 0600), 0);
	remember("fifo");
	signal(SIGALRM, SIG_DFL);
	alarm(10);
	T_INTEQ(attach(&a, "fifo", 0, &ft, err, sizeof err), 65);
	alarm(0);
	T_OK(one_line(err) && strstr(err, path_of("fifo")) != NULL &&
	    strstr(err, "not a regular file") != NULL);
	pst_attach_free(&a);

	T_INTEQ(pst_attach_read(&a, "/dev/null", 0, &ft, err, sizeof err), 65);
	T_OK(strstr(err, "/dev/null") != NULL);
	pst_attach_free(&a);

	/* Unreadable: only meaningful when not root. */
	if (geteuid() != 0) {
		put_file("secret", "x", 1);
		T_INTEQ(chmod(path_of("secret"), 0), 0);
		T_INTEQ(attach(&a, "secret", 0, &ft, err, sizeof err), 66);
		T_OK(one_line(err) && strstr(err, path_of("secret")) != NULL);
		pst_attach_free(&a);
	}
	T_OK(ft == NULL);
	pst_filetype_close(ft);
	remove_tmpdir();
}

void test_compose_attach_size(void)
{
	struct pst_filetype *ft = NULL;
	struct pst_attachment a;
	char err[512], *data;
	size_t n = 3 * 1024 * 1024;

	make_tmpdir();
	data = malloc(n);
	T_OK(data != NULL);
	if (data == NULL)
		return;
	memset(data, 'x', n);
	memcpy(data, "%PDF-1.4\n", 9);
	put_file("k", data, 1000);
	put_file("big", data, n);

	T_INTEQ(attach(&a, "k", 1000, &ft, err, sizeof err), 0);
	T_INTEQ(a.len, 1000);
	pst_attach_free(&a);
	T_INTEQ(attach(&a, "k", 1001, &ft, err, sizeof err), 0);
	pst_attach_free(&a);
	T_INTEQ(attach(&a, "k", 999, &ft, err, sizeof err), 65);
	T_OK(one_line(err) && strstr(err, path_of("k")) != NULL &&
	    strstr(err, "1000 bytes") != NULL && strstr(err, "999") != NULL);
	T_OK(strstr(err, "grew") == NULL);	/* caught on its size */
	pst_attach_free(&a);
	T_INTEQ(attach(&a, "k", 0, &ft, err, sizeof err), 0);
	pst_attach_free(&a);

	/* 3 MiB: over 2 MiB, within no limit; read whole. */
	T_INTEQ(attach(&a, "big", 2 * 1024 * 1024, &ft, err, sizeof err), 65);
	T_OK(one_line(err) && strstr(err, "3145728") != NULL &&
	    strstr(err, "2097152") != NULL && strstr(err, "3 MiB") != NULL &&
	    strstr(err, "2 MiB") != NULL);
	pst_attach_free(&a);
	T_INTEQ(attach(&a, "big", n, &ft, err, sizeof err), 0);
	T_MEMEQ(a.data, a.len, data, n);
	pst_attach_free(&a);
	T_INTEQ(attach(&a, "big", 0, &ft, err, sizeof err), 0);
	T_INTEQ(a.len, n);
	pst_attach_free(&a);

	/* A file whose size says 0 but holds more: caught on what is read. */
	if (access("/proc/self/status", R_OK) == 0) {
		T_INTEQ(pst_attach_read(&a, "/proc/self/status", 100, &ft, err,
		    sizeof err), 65);
		T_OK(one_line(err) && strstr(err, "grew") != NULL);
		pst_attach_free(&a);
	}
	free(data);
	pst_filetype_close(ft);
	remove_tmpdir();
}

void test_compose_attach_text_charset(void)
{
	struct pst_filetype *ft = NULL;
	struct pst_attachment a;
	char err[512];
	unsigned char bin[256];
	size_t i;

	make_tmpdir();
	put_file("latin1.txt", LATIN1_TEXT, strlen(LATIN1_TEXT));
	for (i = 0; i < sizeof bin; i++)
		bin[i] = (unsigned char)(255 - i);
	put_file("bin", bin, sizeof bin);
	put_file("ascii", "abc\n", 4);

	/* Latin-1 typed text by a person: libmagic's charset. */
	T_INTEQ(attach(&a, "latin1.txt:text/plain", 0, &ft, err, sizeof err),
	    0);
	T_STREQ(a.type, "text/plain");
	T_STREQ(a.charset, "iso-8859-1");
	T_OK(ft != NULL);
	pst_attach_free(&a);
	/* Bytes no charset explains: unknown-8bit, or what libmagic says. */
	T_INTEQ(attach(&a, "bin:text/plain", 0, &ft, err, sizeof err), 0);
	T_OK(a.charset[0] != '\0' && strcmp(a.charset, "us-ascii") != 0 &&
	    strcmp(a.charset, "utf-8") != 0);
	pst_attach_free(&a);
	T_INTEQ(attach(&a, "ascii:text/csv", 0, &ft, err, sizeof err), 0);
	T_STREQ(a.charset, "us-ascii");
	pst_attach_free(&a);
	/* No charset for other types. */
	T_INTEQ(attach(&a, "latin1.txt:application/x-note", 0, &ft, err,
	    sizeof err), 0);
	T_STREQ(a.charset, "");
	pst_attach_free(&a);
	/* libmagic's types are never multipart, binary is octet-stream. */
	T_INTEQ(attach(&a, "bin", 0, &ft, err, sizeof err), 0);
	T_OK(strncmp(a.type, "multipart/", 10) != 0);
	pst_attach_free(&a);

	pst_filetype_close(ft);
	remove_tmpdir();
}

void test_compose_attach_names(void)
{
	struct pst_filetype *ft = NULL;
	struct pst_attachment a;
	char err[512];
	int cwd;

	make_tmpdir();
	put_dir("sub");
	put_file("sub/report.pdf", PDF_TEXT, strlen(PDF_TEXT));
	put_file(CYRILLIC_PDF, PDF_TEXT, strlen(PDF_TEXT));
	put_file("caf\xe9.bin", "x", 1);

	T_INTEQ(attach(&a, "sub/report.pdf", 0, &ft, err, sizeof err), 0);
	T_STREQ(a.name, "report.pdf");
	T_STREQ(a.path, path_of("sub/report.pdf"));
	pst_attach_free(&a);
	T_INTEQ(attach(&a, CYRILLIC_PDF, 0, &ft, err, sizeof err), 0);
	T_STREQ(a.name, CYRILLIC_PDF);
	pst_attach_free(&a);
	/* A name in no valid UTF-8: the reader gets it repaired, the file
	 * is still found by the path as given. */
	T_INTEQ(attach(&a, "caf\xe9.bin:application/octet-stream", 0, &ft,
	    err, sizeof err), 0);
	T_STREQ(a.name, "caf\xef\xbf\xbd.bin");
	T_STREQ(a.path, path_of("caf\xe9.bin"));
	T_OK(pst_utf8_valid(a.name, strlen(a.name)));
	pst_attach_free(&a);

	/* Relative paths, from the scratch directory. */
	cwd = open(".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	T_OK(cwd >= 0);
	T_INTEQ(chdir(tmpdir), 0);
	T_INTEQ(pst_attach_read(&a, "sub/report.pdf", 0, &ft, err,
	    sizeof err), 0);
	T_STREQ(a.name, "report.pdf");
	pst_attach_free(&a);
	T_INTEQ(chdir("sub"), 0);
	T_INTEQ(pst_attach_read(&a, "report.pdf:application/pdf", 0, &ft, err,
	    sizeof err), 0);
	T_STREQ(a.name, "report.pdf");
	T_STREQ(a.path, "report.pdf");
	pst_attach_free(&a);
	T_INTEQ(fchdir(cwd), 0);
	close(cwd);

	pst_filetype_close(ft);
	remove_tmpdir();
}

/* ---- building ------------------------------------------------------------ */

/* A message from Alice to Bob with subject and body. */
static void
simple_message(struct pst_message *m, const char *subject, const char *body)
{
	msg_with_from(m);
	pst_msg_set(m, "To", "Bob <bob@example.org>");
	if (subject != NULL)
		pst_msg_set(m, "Subject", subject);
	m->body = body;
	m->bodylen = strlen(body);
}

void test_compose_build_ascii(void)
{
	struct pst_message m;
	struct pst_buf b = {0};
	struct pst_mime mime;
	char *v;

	simple_message(&m, "Q3 report", "Hello Bob,\n\nthe report.\n");
	T_INTEQ(build(&m, &b), 0);
	T_OK(strstr(b.p, "\nContent-Type: text/plain; charset=us-ascii\n") !=
	    NULL);
	T_OK(strstr(b.p, "\nContent-Transfer-Encoding: 7bit\n") != NULL);
	T_OK(strstr(b.p, "\nMIME-Version: 1.0\n") != NULL);
	T_OK(strstr(b.p, "\nSubject: Q3 report\n") != NULL);
	T_OK(strstr(b.p, "\nTo: Bob <bob@example.org>\n") != NULL);
	T_OK(strstr(b.p, "multipart") == NULL);
	T_OK(strcmp(b.p + header_len(b.p, b.len),
	    "Hello Bob,\n\nthe report.\n") == 0);
	message_lines_ok(b.p, b.len, __LINE__);

	pst_mime_parse(b.p, b.len, &mime);
	T_INTEQ(mime.nparts, 1);
	part_is(mime.root, "text/plain", PST_CTE_7BIT, m.body, m.bodylen,
	    __LINE__);
	T_STREQ(mime.root->charset, "us-ascii");
	pst_mime_free(&mime);
	v = header_value(b.p, b.len, "subject");
	T_STREQ(v, "Q3 report");
	free(v);
	pst_buf_free(&b);

	/* A long line is not 7bit; a trailing blank neither. */
	pst_buf_reset(&b);
	{
		char line[302];

		memset(line, 'x', 300);
		line[300] = '\n';
		line[301] = '\0';
		m.body = line;
		m.bodylen = 301;
		T_INTEQ(build(&m, &b), 0);
		T_OK(strstr(b.p, "charset=us-ascii\n") != NULL);
		T_OK(strstr(b.p, "Transfer-Encoding: quoted-printable\n") !=
		    NULL);
		message_lines_ok(b.p, b.len, __LINE__);
		pst_mime_parse(b.p, b.len, &mime);
		part_is(mime.root, "text/plain", PST_CTE_QP, line, 301,
		    __LINE__);
		pst_mime_free(&mime);
	}
	pst_buf_free(&b);
	m.body = "ends in a blank \n";
	m.bodylen = strlen(m.body);
	T_INTEQ(build(&m, &b), 0);
	T_OK(strstr(b.p, "quoted-printable") != NULL);
	pst_mime_parse(b.p, b.len, &mime);
	part_is(mime.root, "text/plain", PST_CTE_QP, m.body, m.bodylen,
	    __LINE__);
	pst_mime_free(&mime);
	pst_buf_free(&b);
	pst_msg_free(&m);
}

void test_compose_build_utf8(void)
{
	static const char body[] = "Bun\xc4\x83 ziua,\nFrom here on it is "
	    "UTF-8.\n.\n\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e\n";
	struct pst_message m;
	struct pst_buf b = {0};
	struct pst_mime mime;
	char *v;

	simple_message(&m, ROMANIAN, body);
	pst_msg_set(&m, "To", "\xc8\x98tefan Popescu <stefan@example.ro>");
	pst_msg_set(&m, "X-Note", "Gr\xc3\xbc\xc3\x9f" "e aus K\xc3\xb6ln");
	T_INTEQ(build(&m, &b), 0);
	T_OK(strstr(b.p, "\nContent-Type: text/plain; charset=utf-8\n") !=
	    NULL);
	T_OK(strstr(b.p, "\nContent-Transfer-Encoding: quoted-printable\n") !=
	    NULL);
	T_OK(strstr(b.p, "\n=46rom here") != NULL);
	T_OK(strstr(b.p, "\n=2E\n") != NULL);
	/* The header is ASCII: names and text encoded, addresses not. */
	T_OK(pst_utf8_valid(b.p, b.len));
	{
		size_t i, hl = header_len(b.p, b.len);

		for (i = 0; i < hl; i++)
			if ((unsigned char)b.p[i] >= 0x80)
				break;
		T_INTEQ(i, hl);
	}
	T_OK(strstr(b.p, "=?UTF-8?") != NULL);
	T_OK(strstr(b.p, "<stefan@example.ro>") != NULL);
	message_lines_ok(b.p, b.len, __LINE__);

	pst_mime_parse(b.p, b.len, &mime);
	T_INTEQ(mime.nparts, 1);
	part_is(mime.root, "text/plain", PST_CTE_QP, body, strlen(body),
	    __LINE__);
	T_STREQ(mime.root->charset, "utf-8");
	pst_mime_free(&mime);
	v = header_value(b.p, b.len, "Subject");
	T_STREQ(v, ROMANIAN);
	free(v);
	v = header_value(b.p, b.len, "x-note");
	T_STREQ(v, "Gr\xc3\xbc\xc3\x9f" "e aus K\xc3\xb6ln");
	free(v);
	{
		struct pst_header h;
		struct pst_buf to = {0};

		pst_hdr_parse(b.p, b.len, &h);
		pst_hdr_decode_field(pst_hdr_find(&h, "To"), &to);
		T_STREQ(pst_buf_str(&to), "Bob <bob@example.org>, "
		    "\xc8\x98tefan Popescu <stefan@example.ro>");
		pst_buf_free(&to);
		pst_hdr_free(&h);
	}
	pst_buf_free(&b);

	/* A literal encoded word in a subject stays literal. */
	pst_msg_set(&m, "Subject", "literal =?utf-8?q?x?= here");
	T_INTEQ(build(&m, &b), 0);
	v = header_value(b.p, b.len, "Subject");
	T_STREQ(v, "literal =?utf-8?q?x?= here");
	free(v);
	pst_buf_free(&b);
	pst_msg_free(&m);
}

void test_compose_build_line_ends(void)
{
	struct pst_message m;
	struct pst_buf b = {0};
	struct pst_mime mime;
	static const struct {
		const char *in, *want;
	} cases[] = {
		{ "one\r\ntwo\r\n", "one\ntwo\n" },
		{ "one\r\ntwo", "one\ntwo\n" },
		{ "no final line end", "no final line end\n" },
		{ "mixed\nline\r\nends\r\n", "mixed\nline\nends\n" },
		{ "\r\n", "\n" },
		{ "\n", "\n" },
		{ "a lone\rCR\r\n", "a lone\rCR\n" },
		{ "CR CR LF\r\r\n", "CR CR LF\r\n" },
		{ "ends in CR\r", "ends in CR\r\n" },
		{ "caf\xc3\xa9\r\n\r\n", "caf\xc3\xa9\n\n" },
	};
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		simple_message(&m, "line ends", cases[i].in);
		T_INTEQ(build(&m, &b), 0);
		T_OK(b.p != NULL && strstr(b.p, "\r\n") == NULL);
		message_lines_ok(b.p, b.len, __LINE__);
		pst_mime_parse(b.p, b.len, &mime);
		T_INTEQ(mime.nparts, 1);
		{
			struct pst_buf d = {0};

			decoded(mime.root, &d);
			T_STREQ(d.p, cases[i].want);
			pst_buf_free(&d);
		}
		pst_mime_free(&mime);
		pst_buf_free(&b);
		pst_msg_free(&m);
	}

	/* No body at all: a text part with nothing in it. */
	simple_message(&m, "empty", "");
	T_INTEQ(build(&m, &b), 0);
	T_OK(strstr(b.p, "charset=us-ascii") != NULL);
	T_INTEQ(header_len(b.p, b.len), b.len);
	T_OK(b.len >= 2 && strcmp(b.p + b.len - 2, "\n\n") == 0);
	pst_buf_free(&b);
	pst_msg_free(&m);
}

void test_compose_build_generated(void)
{
	struct pst_message m;
	struct pst_buf b = {0}, b2 = {0};
	char *date, *id, *id2;
	time_t t;
	int off;
	size_t i;

	simple_message(&m, "ids", "x\n");
	pst_msg_set(&m, "From", "Alice <alice@Mail.Example.ORG>, "
	    "bob@example.net");
	T_INTEQ(build(&m, &b), 0);
	T_INTEQ(build(&m, &b2), 0);
	date = header_value(b.p, b.len, "Date");
	T_OK(date != NULL);
	T_OK(date && pst_date_parse(date, strlen(date), &t, &off) == 0 &&
	    t == NOW);
	T_OK(date && off == pst_date_local_offset(NOW));
	free(date);
	id = header_value(b.p, b.len, "Message-ID");
	id2 = header_value(b2.p, b2.len, "Message-ID");
	T_OK(id != NULL && id2 != NULL);
	if (id != NULL && id2 != NULL) {
		/* <NOW.24 letters or digits@the domain of the first From> */
		T_OK(strncmp(id, "<1700000000.", 12) == 0);
		for (i = 12; i < 36; i++)
			if (!((id[i] >= 'a' && id[i] <= 'z') ||
			    (id[i] >= 'A' && id[i] <= 'Z') ||
			    (id[i] >= '0' && id[i] <= '9')))
				break;
		T_INTEQ(i, 36);
		T_STREQ(id + 36, "@Mail.Example.ORG>");
		T_OK(strcmp(id, id2) != 0);
		T_OK(strstr(b.p, "\nMessage-ID: <1700000000.") != NULL);
	}
	free(id);
	free(id2);
	T_INTEQ(count_of(b.p, b.len, "Date: "), 1);
	T_INTEQ(count_of(b.p, b.len, "Message-ID: "), 1);
	T_INTEQ(count_of(b.p, b.len, "MIME-Version: "), 1);
	pst_buf_free(&b);
	pst_buf_free(&b2);
	pst_msg_free(&m);

	/* A From in a group, and one with an address literal. */
	simple_message(&m, "ids", "x\n");
	pst_msg_set(&m, "From", "team: carol@example.com;");
	T_INTEQ(build(&m, &b), 0);
	id = header_value(b.p, b.len, "Message-ID");
	T_OK(ends_with(id, "@example.com>"));
	free(id);
	pst_buf_free(&b);
	pst_msg_set(&m, "From", "dave@[192.0.2.1]");
	T_INTEQ(build(&m, &b), 0);
	id = header_value(b.p, b.len, "Message-ID");
	T_OK(ends_with(id, "@[192.0.2.1]>"));
	free(id);
	pst_buf_free(&b);
	pst_msg_free(&m);
}

void test_compose_build_given(void)
{
	struct pst_message m;
	struct pst_buf b = {0};
	char *v;

	simple_message(&m, "given", "x\n");
	pst_msg_set(&m, "Date", "Tue, 1 Jul 2003 10:52:37 +0200");
	pst_msg_set(&m, "Message-ID", "<given.1@example.org>");
	pst_msg_set(&m, "In-Reply-To", "<parent@example.org>");
	T_INTEQ(build(&m, &b), 0);
	T_OK(strncmp(b.p, "Date: Tue, 1 Jul 2003 10:52:37 +0200\n", 37) ==
	    0);
	T_OK(strstr(b.p, "\nMessage-ID: <given.1@example.org>\n") != NULL);
	T_OK(strstr(b.p, "\nIn-Reply-To: <parent@example.org>\n") != NULL);
	T_INTEQ(count_of(b.p, b.len, "Date: "), 1);
	T_INTEQ(count_of(b.p, b.len, "Message-ID: "), 1);
	v = header_value(b.p, b.len, "message-id");
	T_STREQ(v, "<given.1@example.org>");
	free(v);
	pst_buf_free(&b);

	/* Long structured values fold at blanks and come back whole; a
	 * long URL stays whole on its line. */
	{
		struct pst_buf refs = {0}, url = {0};
		size_t i;

		for (i = 0; i < 40; i++)
			pst_buf_printf(&refs, "%s<%zu.part@example.org>",
			    i ? " " : "", i);
		pst_msg_set(&m, "References", pst_buf_str(&refs));
		pst_buf_adds(&url, "<https://example.org/");
		for (i = 0; i < 150; i++)
			pst_buf_addc(&url, 'u');
		pst_buf_adds(&url, ">");
		pst_msg_set(&m, "List-Unsubscribe", pst_buf_str(&url));
		T_INTEQ(build(&m, &b), 0);
		lines_within(b.p, b.len, 998, __LINE__);
		v = header_value(b.p, b.len, "References");
		T_STREQ(v, pst_buf_str(&refs));
		free(v);
		v = header_value(b.p, b.len, "List-Unsubscribe");
		T_STREQ(v, pst_buf_str(&url));
		free(v);
		T_OK(strstr(b.p, pst_buf_str(&url)) != NULL);
		pst_buf_free(&refs);
		pst_buf_free(&url);
		pst_buf_free(&b);
	}
	pst_msg_free(&m);
}

/* The names of the header fields of msg, in order, joined by " ". */
static void
field_names(const char *msg, size_t len, struct pst_buf *out)
{
	struct pst_header h;
	size_t i;

	pst_hdr_parse(msg, len, &h);
	for (i = 0; i < h.n; i++)
		pst_buf_printf(out, "%s%.*s", i ? " " : "", (int)h.f[i].namelen,
		    h.f[i].name);
	pst_hdr_free(&h);
}

void test_compose_build_order(void)
{
	struct pst_message m = {0};
	struct pst_buf b = {0}, names = {0};

	pst_msg_set(&m, "X-B", "b");
	pst_msg_set(&m, "Subject", "s");
	pst_msg_set(&m, "Bcc", "z@example.org");
	pst_msg_set(&m, "Reply-To", "r@example.org");
	pst_msg_set(&m, "Cc", "c@example.org");
	pst_msg_set(&m, "To", "t@example.org");
	pst_msg_set(&m, "X-A", "a");
	pst_msg_set(&m, "From", "f@example.org");
	m.body = "x\n";
	m.bodylen = 2;
	T_INTEQ(build(&m, &b), 0);
	field_names(b.p, b.len, &names);
	T_STREQ(pst_buf_str(&names), "Date From To Cc Bcc Subject X-B "
	    "Reply-To X-A Message-ID MIME-Version Content-Type "
	    "Content-Transfer-Encoding");
	pst_buf_free(&b);
	pst_buf_free(&names);

	/* Given, Date goes first; Message-ID stays where it was given. */
	pst_msg_set(&m, "message-id", "<a@example.org>");
	pst_msg_set(&m, "X-C", "c");
	pst_msg_set(&m, "date", "Tue, 1 Jul 2003 10:52:37 +0200");
	T_INTEQ(build(&m, &b), 0);
	field_names(b.p, b.len, &names);
	T_STREQ(pst_buf_str(&names), "date From To Cc Bcc Subject X-B "
	    "Reply-To X-A message-id X-C MIME-Version Content-Type "
	    "Content-Transfer-Encoding");
	pst_buf_free(&b);
	pst_buf_free(&names);
	pst_msg_free(&m);
}

void test_compose_build_refused(void)
{
	struct pst_message m;
	struct pst_msgout out;
	char err[512];

	/* pst_msg_build checks as pst_msg_check_fields does. */
	simple_message(&m, "hi\nBcc: victim@example.org", "x\n");
	T_INTEQ(pst_msg_build(&m, NOW, &out, err, sizeof err), -1);
	T_OK(names_field(err, "Subject"));
	T_INTEQ(out.n, 0);
	T_INTEQ(pst_msgout_size(&out), 0);
	pst_msgout_free(&out);
	pst_msg_free(&m);

	memset(&m, 0, sizeof m);
	pst_msg_set(&m, "To", "b@example.org");
	m.body = "x\n";
	m.bodylen = 2;
	T_INTEQ(pst_msg_build(&m, NOW, &out, err, sizeof err), -1);
	T_OK(names_field(err, "From"));
	T_INTEQ(out.n, 0);
	pst_msg_free(&m);

	/* And the body as pst_msg_check_body does. */
	simple_message(&m, "latin-1", "caf\xe9\n");
	T_INTEQ(pst_msg_build(&m, NOW, &out, err, sizeof err), -1);
	T_OK(one_line(err) && strstr(err, "line 1") != NULL);
	T_INTEQ(out.n, 0);
	pst_msg_free(&m);
}

/* The attachment a with name, type, charset and data[0..n) (copied). */
static void
make_attachment(struct pst_attachment *a, const char *name, const char *type,
    const char *charset, const void *data, size_t n)
{
	memset(a, 0, sizeof *a);
	a->path = malloc(strlen(name) + 1);
	a->name = malloc(strlen(name) + 1);
	a->data = malloc(n + 1);
	if (a->path == NULL || a->name == NULL || a->data == NULL) {
		perror("malloc");
		exit(1);
	}
	memcpy(a->path, name, strlen(name) + 1);
	memcpy(a->name, name, strlen(name) + 1);
	memcpy(a->data, data, n);
	a->len = n;
	snprintf(a->type, sizeof a->type, "%s", type);
	snprintf(a->charset, sizeof a->charset, "%s", charset);
}

/* The boundary of msg's root multipart: every line holding it is a
 * delimiter, nparts of them and a closing one at the end; the only other
 * place it occurs is its own parameter. */
static void
boundary_ok(const char *msg, size_t len, const struct pst_mime *mime,
    size_t nparts, int line)
{
	const char *b = pst_params_get(&mime->root->ctype, "boundary");
	struct pst_buf delim = {0}, close = {0};
	size_t i = 0, k, open = 0, closed = 0, other = 0;
	const char *nl;

	if (!t_check(b != NULL && strlen(b) > 8, __FILE__, line, "boundary"))
		return;
	pst_buf_printf(&delim, "--%s", b);
	pst_buf_printf(&close, "--%s--", b);
	while (i < len) {
		nl = memchr(msg + i, '\n', len - i);
		k = nl ? (size_t)(nl - (msg + i)) : len - i;
		if (k == delim.len && memcmp(msg + i, delim.p, k) == 0)
			open++;
		else if (k == close.len && memcmp(msg + i, close.p, k) == 0) {
			closed++;
			t_check(i + k + 1 == len, __FILE__, line,
			    "the closing delimiter ends the message");
		} else if (count_of(msg + i, k, b) > 0)
			other++;
		i += k + 1;
	}
	t_inteq((long long)open, (long long)nparts, __FILE__, line,
	    "delimiters");
	t_inteq((long long)closed, 1, __FILE__, line, "closing delimiter");
	t_inteq((long long)other, 1, __FILE__, line,
	    "other lines with the boundary");
	t_inteq((long long)count_of(msg, len, b), (long long)nparts + 2,
	    __FILE__, line, "occurrences of the boundary");
	pst_buf_free(&delim);
	pst_buf_free(&close);
}

void test_compose_build_multipart(void)
{
	static const char body[] = "Bun\xc4\x83 ziua,\nthe files.\n";
	static const char plain[] = "--=_ a line like a delimiter\n"
	    "--\nshort lines, 7bit\n";
	struct pst_message m;
	struct pst_buf b = {0};
	struct pst_mime mime;
	struct pst_part *p;
	unsigned char png[57];
	size_t pnglen = make_png(png);

	simple_message(&m, "files", body);
	m.att = calloc(5, sizeof *m.att);
	T_OK(m.att != NULL);
	if (m.att == NULL)
		return;
	make_attachment(&m.att[0], "image.png", "image/png", "", png, pnglen);
	make_attachment(&m.att[1], CYRILLIC_PDF, "application/pdf", "",
	    PDF_TEXT, strlen(PDF_TEXT));
	make_attachment(&m.att[2], "latin1.txt", "text/plain", "iso-8859-1",
	    LATIN1_TEXT, strlen(LATIN1_TEXT));
	make_attachment(&m.att[3], "plain.txt", "text/plain", "us-ascii",
	    plain, strlen(plain));
	make_attachment(&m.att[4], "no-end.txt", "text/plain", "us-ascii",
	    "no final LF", 11);
	m.natt = 5;
	T_INTEQ(build(&m, &b), 0);
	message_lines_ok(b.p, b.len, __LINE__);
	T_OK(strstr(b.p, "\nContent-Type: multipart/mixed; boundary=") !=
	    NULL);
	T_INTEQ(count_of(b.p, b.len, "MIME-Version: 1.0\n"), 1);

	pst_mime_parse(b.p, b.len, &mime);
	T_INTEQ(mime.nparts, 7);
	T_STREQ(mime.root->ctype.token, "multipart/mixed");
	T_INTEQ(mime.root->flags, 0);
	boundary_ok(b.p, b.len, &mime, 6, __LINE__);
	p = mime.root->child;
	part_is(p, "text/plain", PST_CTE_QP, body, strlen(body), __LINE__);
	T_STREQ(p ? p->charset : NULL, "utf-8");
	T_OK(p && p->filename == NULL && p->disp.token[0] == '\0');
	p = p ? p->next : NULL;
	part_is(p, "image/png", PST_CTE_BASE64, (const char *)png, pnglen,
	    __LINE__);
	T_STREQ(p ? p->filename : NULL, "image.png");
	T_STREQ(p ? p->disp.token : NULL, "attachment");
	T_STREQ(p ? pst_params_get(&p->ctype, "name") : NULL, "image.png");
	p = p ? p->next : NULL;
	part_is(p, "application/pdf", PST_CTE_BASE64, PDF_TEXT,
	    strlen(PDF_TEXT), __LINE__);
	T_STREQ(p ? p->filename : NULL, CYRILLIC_PDF);
	T_STREQ(p ? pst_params_get(&p->ctype, "name") : NULL, CYRILLIC_PDF);
	p = p ? p->next : NULL;
	part_is(p, "text/plain", PST_CTE_QP, LATIN1_TEXT, strlen(LATIN1_TEXT),
	    __LINE__);
	T_STREQ(p ? p->charset : NULL, "iso-8859-1");
	T_STREQ(p ? p->filename : NULL, "latin1.txt");
	p = p ? p->next : NULL;
	part_is(p, "text/plain", PST_CTE_7BIT, plain, strlen(plain), __LINE__);
	T_STREQ(p ? p->charset : NULL, "us-ascii");
	p = p ? p->next : NULL;
	part_is(p, "text/plain", PST_CTE_7BIT, "no final LF", 11, __LINE__);
	T_OK(p && p->next == NULL);
	pst_mime_free(&mime);
	pst_buf_free(&b);
	pst_msg_free(&m);
}

void test_compose_build_no_text(void)
{
	struct pst_message m;
	struct pst_buf b = {0};
	struct pst_mime mime;
	struct pst_part *p;

	simple_message(&m, "no text", "");
	m.att = calloc(2, sizeof *m.att);
	T_OK(m.att != NULL);
	if (m.att == NULL)
		return;
	make_attachment(&m.att[0], "report.pdf", "application/pdf", "",
	    PDF_TEXT, strlen(PDF_TEXT));
	make_attachment(&m.att[1], "empty.txt", "text/plain", "us-ascii", "",
	    0);
	m.natt = 2;
	T_INTEQ(build(&m, &b), 0);
	message_lines_ok(b.p, b.len, __LINE__);
	pst_mime_parse(b.p, b.len, &mime);
	T_INTEQ(mime.nparts, 3);
	boundary_ok(b.p, b.len, &mime, 2, __LINE__);
	p = mime.root->child;
	part_is(p, "application/pdf", PST_CTE_BASE64, PDF_TEXT,
	    strlen(PDF_TEXT), __LINE__);
	T_STREQ(p ? p->filename : NULL, "report.pdf");
	p = p ? p->next : NULL;
	part_is(p, "text/plain", PST_CTE_7BIT, "", 0, __LINE__);
	T_STREQ(p ? p->filename : NULL, "empty.txt");
	pst_mime_free(&mime);
	pst_buf_free(&b);

	/* A body of line ends only is still a text part. */
	m.body = "\r\n";
	m.bodylen = 2;
	T_INTEQ(build(&m, &b), 0);
	pst_mime_parse(b.p, b.len, &mime);
	T_INTEQ(mime.nparts, 4);
	part_is(mime.root->child, "text/plain", PST_CTE_7BIT, "\n", 1,
	    __LINE__);
	pst_mime_free(&mime);
	pst_buf_free(&b);
	pst_msg_free(&m);
}

void test_compose_build_rfc822(void)
{
	static const char msg7[] = "From: c@example.org\nSubject: inner\n\n"
	    "inner body\n";
	static const char msg8[] = "From: c@example.org\nSubject: inner\n\n"
	    "caf\xc3\xa9\n";
	static const char msgcr[] = "From: c@example.org\r\n\r\nbody\r\n";
	struct pst_message m;
	struct pst_buf b = {0};
	struct pst_mime mime;
	struct pst_part *p;

	simple_message(&m, "forwarded", "see below\n");
	m.att = calloc(3, sizeof *m.att);
	T_OK(m.att != NULL);
	if (m.att == NULL)
		return;
	make_attachment(&m.att[0], "seven.eml", "message/rfc822", "", msg7,
	    strlen(msg7));
	make_attachment(&m.att[1], "eight.eml", "message/rfc822", "", msg8,
	    strlen(msg8));
	make_attachment(&m.att[2], "crlf.eml", "message/rfc822", "", msgcr,
	    strlen(msgcr));
	m.natt = 3;
	T_INTEQ(build(&m, &b), 0);
	message_lines_ok(b.p, b.len, __LINE__);
	pst_mime_parse(b.p, b.len, &mime);
	p = mime.root->child;
	part_is(p, "text/plain", PST_CTE_7BIT, "see below\n", 10, __LINE__);
	p = p ? p->next : NULL;
	/* 7bit: a message/rfc822 as it is, read as a message. */
	part_is(p, "message/rfc822", PST_CTE_7BIT, msg7, strlen(msg7),
	    __LINE__);
	T_OK(p && p->child != NULL && p->child->child == NULL);
	if (p && p->child) {
		struct pst_buf sub = {0};
		char *v = pst_hdr_get(&p->child->hdr, "Subject");

		T_STREQ(v, "inner");
		free(v);
		decoded(p->child, &sub);
		T_STREQ(sub.p, "inner body\n");
		pst_buf_free(&sub);
	}
	T_STREQ(p ? p->filename : NULL, "seven.eml");
	p = p ? p->next : NULL;
	/* 8-bit or CR: RFC 2046 allows no encoding, so it goes as bytes. */
	part_is(p, "application/octet-stream", PST_CTE_BASE64, msg8,
	    strlen(msg8), __LINE__);
	T_STREQ(p ? p->filename : NULL, "eight.eml");
	p = p ? p->next : NULL;
	part_is(p, "application/octet-stream", PST_CTE_BASE64, msgcr,
	    strlen(msgcr), __LINE__);
	T_OK(p && p->next == NULL);
	T_INTEQ(count_of(b.p, b.len, "message/rfc822"), 1);
	pst_mime_free(&mime);
	pst_buf_free(&b);
	pst_msg_free(&m);
}

/* Write out to fd and read it all back from rfd into got. */
static int
write_and_read(const struct pst_msgout *out, int wfd, int rfd,
    struct pst_buf *got)
{
	ssize_t r;

	if (pst_msgout_write(out, wfd) != 0)
		return -1;
	if (wfd != rfd)
		close(wfd);
	else if (lseek(rfd, 0, SEEK_SET) != 0)
		return -1;
	for (;;) {
		r = read(rfd, pst_buf_room(got, 65536), 65536);
		if (r < 0)
			return -1;
		if (r == 0)
			return 0;
		pst_buf_extend(got, (size_t)r);
	}
}

void test_compose_build_write(void)
{
	struct pst_message m;
	struct pst_msgout out;
	struct pst_buf all = {0}, got = {0};
	char err[512], *big, path[64];
	size_t n = 300000, i;
	int fd, pfd[2];

	simple_message(&m, "sizes", "small\n");
	T_INTEQ(pst_msg_build(&m, NOW, &out, err, sizeof err), 0);
	join(&out, &all);
	T_INTEQ(pst_msgout_size(&out), all.len);
	T_INTEQ(pipe(pfd), 0);
	T_INTEQ(write_and_read(&out, pfd[1], pfd[0], &got), 0);
	close(pfd[0]);
	T_MEMEQ(got.p, got.len, all.p, all.len);
	pst_msgout_free(&out);
	T_INTEQ(out.n, 0);
	T_INTEQ(pst_msgout_size(&out), 0);
	pst_buf_free(&all);
	pst_buf_free(&got);

	/* Several pieces, a big one: more than a pipe holds, so a file. */
	big = malloc(n);
	T_OK(big != NULL);
	if (big == NULL)
		return;
	for (i = 0; i < n; i++)
		big[i] = (char)(i * 7 + i / 251);
	m.att = calloc(2, sizeof *m.att);
	T_OK(m.att != NULL);
	if (m.att == NULL)
		return;
	make_attachment(&m.att[0], "big.bin", "application/octet-stream", "",
	    big, n);
	make_attachment(&m.att[1], "small.txt", "text/plain", "us-ascii",
	    "hi\n", 3);
	m.natt = 2;
	T_INTEQ(pst_msg_build(&m, NOW, &out, err, sizeof err), 0);
	T_OK(out.n > 1);
	join(&out, &all);
	T_INTEQ(pst_msgout_size(&out), all.len);
	T_OK(all.len > n * 4 / 3);
	snprintf(path, sizeof path, "/tmp/posta-test-compose.XXXXXX");
	fd = mkstemp(path);
	T_OK(fd >= 0);
	if (fd >= 0) {
		T_INTEQ(unlink(path), 0);
		T_INTEQ(write_and_read(&out, fd, fd, &got), 0);
		T_INTEQ(got.len, pst_msgout_size(&out));
		T_OK(got.len == all.len && memcmp(got.p, all.p, all.len) == 0);
		close(fd);
	}
	{
		struct pst_mime mime;

		message_lines_ok(all.p, all.len, __LINE__);
		pst_mime_parse(all.p, all.len, &mime);
		T_INTEQ(mime.nparts, 4);
		part_is(pst_mime_part(&mime, 3), "application/octet-stream",
		    PST_CTE_BASE64, big, n, __LINE__);
		pst_mime_free(&mime);
	}
	/* A closed descriptor: -1. */
	T_INTEQ(pst_msgout_write(&out, fd), -1);
	pst_msgout_free(&out);
	pst_buf_free(&all);
	pst_buf_free(&got);
	free(big);
	pst_msg_free(&m);
}

/* ---- drafts ------------------------------------------------------------- */

/* pst_msg_from_draft of text into m, attach and n; returns its status. */
static int
draft(struct pst_message *m, const char *text, char ***attach, size_t *n)
{
	char err[512];

	memset(m, 0, sizeof *m);
	*attach = NULL;
	*n = 0;
	return pst_msg_from_draft(m, text, strlen(text), attach, n, err,
	    sizeof err);
}

static void
free_list(char **list, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(list[i]);
	free(list);
}

void test_compose_draft_fields(void)
{
	struct pst_message m;
	char **att, err[512];
	size_t n;

	T_INTEQ(draft(&m, "From: Alice <alice@example.org>\n"
	    "To: Bob <bob@example.org>,\n"
	    "\tdan@example.org\n"
	    "Cc:\n"
	    "Bcc:    \n"
	    "Subject: a long\n"
	    "   subject  \n"
	    "X-Word: =?UTF-8?Q?Gr=C3=BC=C3=9Fe?= aus =?ISO-8859-1?Q?K=F6ln?=\n"
	    "Reply-To: =?UTF-8?Q?=C8=98tefan?= <s@example.ro>\n"
	    "MIME-Version: 1.0\n"
	    "Content-Type: text/html\n"
	    "content-transfer-encoding: base64\n"
	    "In-Reply-To:  <p@example.org>  \n"
	    "\n"
	    "body\n", &att, &n), 0);
	T_STREQ(pst_msg_get(&m, "from"), "Alice <alice@example.org>");
	T_STREQ(pst_msg_get(&m, "to"),
	    "Bob <bob@example.org>, dan@example.org");
	T_OK(pst_msg_get(&m, "Cc") == NULL);
	T_OK(pst_msg_get(&m, "Bcc") == NULL);
	T_STREQ(pst_msg_get(&m, "Subject"), "a long subject");
	T_STREQ(pst_msg_get(&m, "X-Word"),
	    "Gr\xc3\xbc\xc3\x9f" "e aus K\xc3\xb6ln");
	/* Address fields are decoded when parsed, not here. */
	T_STREQ(pst_msg_get(&m, "Reply-To"),
	    "=?UTF-8?Q?=C8=98tefan?= <s@example.ro>");
	T_STREQ(pst_msg_get(&m, "In-Reply-To"), "<p@example.org>");
	T_OK(pst_msg_get(&m, "MIME-Version") == NULL);
	T_OK(pst_msg_get(&m, "Content-Type") == NULL);
	T_OK(pst_msg_get(&m, "Content-Transfer-Encoding") == NULL);
	T_INTEQ(m.nf, 6);
	T_INTEQ(n, 0);
	T_OK(att == NULL);
	T_INTEQ(pst_msg_check_fields(&m, err, sizeof err), 0);
	pst_msg_free(&m);

	/* To and Cc given again grow; Subject given again is replaced. */
	T_INTEQ(draft(&m, "To: a@example.org\nSubject: one\nto: b@example.org\n"
	    "Subject: two\nCC: c@example.org\nCc: d@example.org\n\n", &att, &n),
	    0);
	T_STREQ(pst_msg_get(&m, "To"), "a@example.org, b@example.org");
	T_STREQ(pst_msg_get(&m, "Cc"), "c@example.org, d@example.org");
	T_STREQ(pst_msg_get(&m, "Subject"), "two");
	pst_msg_free(&m);

	/* A line break encoded in a word is refused by the check; raw
	 * 8-bit text stays as it is, for the check to refuse. */
	T_INTEQ(draft(&m, "From: a@example.org\n"
	    "Subject: =?UTF-8?Q?a=0ABcc:_v@example.org?=\n\n", &att, &n), 0);
	T_INTEQ(pst_msg_check_fields(&m, err, sizeof err), -1);
	T_OK(names_field(err, "Subject") && strstr(err, "line break"));
	pst_msg_free(&m);
	T_INTEQ(draft(&m, "From: a@example.org\nSubject: caf\xe9\n\n", &att,
	    &n), 0);
	T_STREQ(pst_msg_get(&m, "Subject"), "caf\xe9");
	T_INTEQ(pst_msg_check_fields(&m, err, sizeof err), -1);
	pst_msg_free(&m);
}

void test_compose_draft_attach(void)
{
	struct pst_message m;
	char **att;
	size_t n;

	T_INTEQ(draft(&m, "To: b@example.org\n"
	    "Attach: /tmp/one.pdf\n"
	    "Subject: files\n"
	    "attach:   ~/two words.png  \n"
	    "Attach:\n"
	    "ATTACH: three.txt:text/plain\n"
	    "\n"
	    "Attach: not a field, the body\n", &att, &n), 0);
	T_INTEQ(n, 3);
	if (n == 3) {
		T_STREQ(att[0], "/tmp/one.pdf");
		T_STREQ(att[1], "~/two words.png");
		T_STREQ(att[2], "three.txt:text/plain");
	}
	T_OK(pst_msg_get(&m, "Attach") == NULL);
	T_INTEQ(m.nf, 2);
	T_STREQ(m.body, "Attach: not a field, the body\n");
	T_INTEQ(m.natt, 0);
	pst_msg_free(&m);
	free_list(att, n);

	/* The list grows from what the caller had. */
	{
		char err[512];

		memset(&m, 0, sizeof m);
		att = malloc(sizeof *att);
		T_OK(att != NULL);
		if (att == NULL)
			return;
		att[0] = strdup("given.pdf");
		n = 1;
		T_INTEQ(pst_msg_from_draft(&m, "Attach: more.pdf\n", 17, &att,
		    &n, err, sizeof err), 0);
		T_INTEQ(n, 2);
		if (n == 2) {
			T_STREQ(att[0], "given.pdf");
			T_STREQ(att[1], "more.pdf");
		}
		pst_msg_free(&m);
		free_list(att, n);
	}
}

void test_compose_draft_body(void)
{
	static const char crlf[] = "From: a@example.org\r\nSubject: s\r\n"
	    "\r\nbody\r\nline two\r\n";
	static const char noblank[] = "Subject: s\nHello there,\nNote: x\n";
	struct pst_message m;
	char **att, err[512];
	size_t n;

	T_INTEQ(draft(&m, crlf, &att, &n), 0);
	T_STREQ(pst_msg_get(&m, "Subject"), "s");
	T_STREQ(pst_msg_get(&m, "From"), "a@example.org");
	T_OK(m.body == crlf + 35);
	T_MEMEQ(m.body, m.bodylen, "body\r\nline two\r\n", 16);
	pst_msg_free(&m);

	/* No blank line: the body starts at the first line that is not a
	 * field. */
	T_INTEQ(draft(&m, noblank, &att, &n), 0);
	T_STREQ(pst_msg_get(&m, "Subject"), "s");
	T_OK(m.body == noblank + 11);
	T_MEMEQ(m.body, m.bodylen, "Hello there,\nNote: x\n", 21);
	T_OK(pst_msg_get(&m, "Note") == NULL);
	pst_msg_free(&m);

	/* A header and no body; with and without its last line end. */
	T_INTEQ(draft(&m, "Subject: s\n", &att, &n), 0);
	T_STREQ(pst_msg_get(&m, "subject"), "s");
	T_INTEQ(m.bodylen, 0);
	pst_msg_free(&m);
	T_INTEQ(draft(&m, "Subject: s", &att, &n), 0);
	T_STREQ(pst_msg_get(&m, "subject"), "s");
	T_INTEQ(m.bodylen, 0);
	pst_msg_free(&m);
	T_INTEQ(draft(&m, "Subject: s\n\n", &att, &n), 0);
	T_INTEQ(m.bodylen, 0);
	pst_msg_free(&m);

	/* No header: all of it is the body. */
	T_INTEQ(draft(&m, "\nonly a body\n", &att, &n), 0);
	T_INTEQ(m.nf, 0);
	T_MEMEQ(m.body, m.bodylen, "only a body\n", 12);
	pst_msg_free(&m);
	T_INTEQ(draft(&m, "just text, no field\n", &att, &n), 0);
	T_INTEQ(m.nf, 0);
	T_INTEQ(m.bodylen, 20);
	pst_msg_free(&m);
	T_INTEQ(draft(&m, "", &att, &n), 0);
	T_INTEQ(m.nf, 0);
	T_INTEQ(m.bodylen, 0);
	pst_msg_free(&m);

	/* A draft with CRLF builds into a message with LF. */
	{
		struct pst_buf b = {0};
		struct pst_mime mime;
		struct pst_buf d = {0};

		T_INTEQ(draft(&m, crlf, &att, &n), 0);
		T_INTEQ(pst_msg_check_fields(&m, err, sizeof err), 0);
		T_INTEQ(build(&m, &b), 0);
		T_OK(strstr(b.p, "\r") == NULL);
		pst_mime_parse(b.p, b.len, &mime);
		decoded(mime.root, &d);
		T_STREQ(d.p, "body\nline two\n");
		pst_buf_free(&d);
		pst_mime_free(&mime);
		pst_buf_free(&b);
		pst_msg_free(&m);
	}
}

void test_compose_draft_too_big(void)
{
	struct pst_message m = {0};
	struct pst_buf text = {0};
	char **att = NULL, err[512] = "";
	size_t n = 0, i;

	/* More fields than a header keeps. */
	for (i = 0; i < PST_HDR_MAX_FIELDS + 10; i++)
		pst_buf_printf(&text, "X-F%zu: v\n", i);
	pst_buf_adds(&text, "\nbody\n");
	T_INTEQ(pst_msg_from_draft(&m, text.p, text.len, &att, &n, err,
	    sizeof err), -1);
	T_OK(one_line(err) && strstr(err, "too big") != NULL);
	pst_msg_free(&m);
	free_list(att, n);
	pst_buf_free(&text);
}
