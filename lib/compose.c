/* compose: one MIME message from header fields, a text body and
 * attachments (mkmsg). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sysexits.h>
#include <unistd.h>

#include "addr.h"
#include "charset.h"
#include "compose.h"
#include "config.h"
#include "date.h"
#include "encode.h"
#include "hdr.h"
#include "io.h"
#include "mem.h"
#include "msgid.h"
#include "param.h"
#include "rfc2047.h"

#define PST_LINE_LIMIT	998	/* octets in a line, RFC 5322 */

/* Fields of message identifiers: printable ASCII, written as they are. */
static const char *const id_fields[] = {
	"message-id", "in-reply-to", "references", "resent-message-id", NULL,
};
static const char *const date_fields[] = { "date", "resent-date", NULL };
/* Recipient lists: given again, they grow; any other field is replaced. */
static const char *const list_fields[] = { "to", "cc", "bcc", NULL };
/* Written first, in this order; the rest follow in the order given. */
static const char *const first_fields[] = {
	"date", "from", "to", "cc", "bcc", "subject", NULL,
};

static int
in_list(const char *const *list, const char *name)
{
	for (; *list != NULL; list++)
		if (strcasecmp(*list, name) == 0)
			return 1;
	return 0;
}

int
pst_msg_reserved(const char *name)
{
	return strcasecmp(name, "mime-version") == 0 ||
	    strncasecmp(name, "content-", 8) == 0;
}

/* Whether the field called name holds addresses. */
static int
is_address(const char *name)
{
	return pst_hdr_is_address(name, strlen(name));
}

static struct pst_hfield *
find_field(const struct pst_message *m, const char *name)
{
	size_t i;

	for (i = 0; i < m->nf; i++)
		if (strcasecmp(m->f[i].name, name) == 0)
			return &m->f[i];
	return NULL;
}

void
pst_msg_set(struct pst_message *m, const char *name, const char *value)
{
	struct pst_hfield *f = find_field(m, name);
	struct pst_buf v = {0};

	if (f != NULL && in_list(list_fields, name) && f->value[0] != '\0') {
		pst_buf_printf(&v, "%s, %s", f->value, value);
		free(f->value);
		f->value = pst_buf_take(&v);
		return;
	}
	if (f != NULL) {
		free(f->value);
		f->value = pst_xstrdup(value);
		return;
	}
	m->f = pst_xreallocarray(m->f, m->nf + 1, sizeof *m->f);
	m->f[m->nf].name = pst_xstrdup(name);
	m->f[m->nf].value = pst_xstrdup(value);
	m->nf++;
}

const char *
pst_msg_get(const struct pst_message *m, const char *name)
{
	const struct pst_hfield *f = find_field(m, name);

	return f ? f->value : NULL;
}

/* ---- checking what a person gave ------------------------------------ */

static int
printable_ascii(const char *s)
{
	for (; *s != '\0'; s++)
		if ((unsigned char)*s < ' ' || (unsigned char)*s > '~')
			if (*s != '\t')
				return 0;
	return 1;
}

static int
valid_field_name(const char *name)
{
	const char *s;

	if (name[0] == '\0' || strlen(name) > 76)
		return 0;
	for (s = name; *s != '\0'; s++)
		if ((unsigned char)*s <= ' ' || (unsigned char)*s > '~' ||
		    *s == ':')
			return 0;
	return 1;
}

static int
check_addresses(const struct pst_hfield *f, char *err, size_t errsize)
{
	struct pst_addr *list;
	size_t n, i;
	int rc = 0;

	n = pst_addr_parse(f->value, strlen(f->value), &list);
	for (i = 0; i < n && rc == 0; i++) {
		/* An empty group ("undisclosed-recipients:;") has no mailbox. */
		if (list[i].mailbox[0] == '\0' && list[i].group != NULL)
			continue;
		if (!pst_addr_valid(list[i].mailbox)) {
			snprintf(err, errsize, "%s: \"%s\" is not an address",
			    f->name, list[i].mailbox);
			rc = -1;
		}
	}
	if (rc == 0 && n == 0) {
		snprintf(err, errsize, "%s: no address", f->name);
		rc = -1;
	}
	pst_addr_free(list, n);
	return rc;
}

static int
check_message_id(const char *v)
{
	size_t n = strlen(v);
	const char *at = strchr(v, '@');

	return n >= 5 && v[0] == '<' && v[n - 1] == '>' && at != NULL &&
	    at > v + 1 && at < v + n - 2 && strcspn(v + 1, "<> \t") == n - 2;
}

static int can_write(const struct pst_hfield *, char *, size_t);

static int
check_field(const struct pst_hfield *f, char *err, size_t errsize)
{
	const char *v = f->value;
	time_t t;
	int off;

	if (!valid_field_name(f->name)) {
		char shown[80];
		size_t i;

		/* Shown with what could break the line replaced. */
		for (i = 0; f->name[i] != '\0' && i + 1 < sizeof shown; i++)
			shown[i] = (unsigned char)f->name[i] < ' ' ||
			    (unsigned char)f->name[i] > '~' ? '?' : f->name[i];
		shown[i] = '\0';
		snprintf(err, errsize, "\"%s\" is not a header field name",
		    shown);
		return -1;
	}
	if (strpbrk(v, "\r\n") != NULL) {
		snprintf(err, errsize, "%s: a line break (CR or LF) in a header "
		    "value is refused", f->name);
		return -1;
	}
	if (!pst_utf8_valid(v, strlen(v))) {
		snprintf(err, errsize, "%s: not valid UTF-8", f->name);
		return -1;
	}
	if (is_address(f->name))
		return check_addresses(f, err, errsize);
	if (in_list(date_fields, f->name) &&
	    pst_date_parse(v, strlen(v), &t, &off) != 0) {
		snprintf(err, errsize, "%s: \"%s\" is not a date", f->name, v);
		return -1;
	}
	if (in_list(id_fields, f->name) && !printable_ascii(v)) {
		snprintf(err, errsize, "%s: only printable ASCII is allowed",
		    f->name);
		return -1;
	}
	if (strcasecmp(f->name, "message-id") == 0 && !check_message_id(v)) {
		snprintf(err, errsize, "%s: \"%s\" is not <id@domain>", f->name,
		    v);
		return -1;
	}
	return can_write(f, err, errsize);
}

int
pst_msg_check_fields(const struct pst_message *m, char *err, size_t errsize)
{
	size_t i;

	for (i = 0; i < m->nf; i++)
		if (check_field(&m->f[i], err, errsize) != 0)
			return -1;
	if (pst_msg_get(m, "from") == NULL) {
		snprintf(err, errsize, "From: no sender address");
		return -1;
	}
	return 0;
}

int
pst_msg_check_body(const struct pst_message *m, char *err, size_t errsize)
{
	size_t i = 0, k, line = 1;

	while (i < m->bodylen) {
		k = pst_utf8_decode(m->body + i, m->bodylen - i, NULL);
		if (k == 0) {
			snprintf(err, errsize, "body: not valid UTF-8 (byte 0x%02X "
			    "on line %zu); convert it first, e.g. with iconv -f "
			    "LATIN1 -t UTF-8", (unsigned char)m->body[i], line);
			return -1;
		}
		if (m->body[i] == '\n')
			line++;
		i += k;
	}
	return 0;
}

/* ---- attachments ---------------------------------------------------- */

/* "PATH: N bytes (2.9 MiB) is over the attachment limit of M bytes
 * (2 MiB); ..." with "grew while read to" for a file that grew. */
static void
too_big(const char *path, unsigned long long size, unsigned long long max,
    int grew, char *err, size_t errsize)
{
	char hs[40] = "", hm[40] = "";

	/* The exact count, and for big ones what a person would say. */
	if (size >= 1024) {
		hs[0] = ' ';
		pst_size_format(size, hs + 1, sizeof hs - 1);
	}
	if (max >= 1024) {
		hm[0] = ' ';
		pst_size_format(max, hm + 1, sizeof hm - 1);
	}
	snprintf(err, errsize, "%s: %s%llu bytes%s%s%s, over the attachment "
	    "limit of %llu bytes%s%s%s; --max-size changes it", path,
	    grew ? "grew while read to " : "", size, *hs ? " (" : "", *hs ?
	    hs + 1 : "", *hs ? ")" : "", max, *hm ? " (" : "", *hm ? hm + 1 :
	    "", *hm ? ")" : "");
}

/* Split spec into *path and *type: "PATH:type/subtype" names a type unless
 * the whole spec is a file that exists. */
static void
split_spec(const char *spec, char **path, char **type)
{
	const char *colon = strrchr(spec, ':');
	struct stat st;

	*type = NULL;
	if (colon != NULL && colon > spec &&
	    pst_filetype_valid(colon + 1) &&
	    stat(spec, &st) != 0) {
		*path = pst_xstrndup(spec, (size_t)(colon - spec));
		*type = pst_xstrdup(colon + 1);
		return;
	}
	*path = pst_xstrdup(spec);
}

/* Read fd to its end into a->data, failing once more than max bytes (0: no
 * limit) came: the file may have grown since it was measured. */
static int
read_all(int fd, struct pst_attachment *a, unsigned long long max,
    size_t hint, char *err, size_t errsize)
{
	struct pst_buf b = {0};
	int rc = pst_buf_read_fd(&b, fd, (size_t)max, hint);

	if (rc < 0)
		snprintf(err, errsize, "%s: %s", a->path, strerror(errno));
	else if (rc > 0)
		too_big(a->path, b.len, max, 1, err, errsize);
	if (rc != 0) {
		pst_buf_free(&b);
		return rc < 0 ? EX_NOINPUT : EX_DATAERR;
	}
	a->len = b.len;
	a->data = pst_buf_take(&b);
	return 0;
}

/* Open path and check it is a regular file within max bytes. Returns the
 * descriptor and its size, or -status. */
static int
open_checked(const char *path, unsigned long long max, size_t *size,
    char *err, size_t errsize)
{
	struct stat st;
	int fd, e;

	/* O_NONBLOCK: a FIFO must not hang the open; it is refused below. */
	fd = open(path, O_RDONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		e = errno;
		snprintf(err, errsize, "%s: %s", path, e == ENOENT ?
		    "no such file" : strerror(e));
		return -EX_NOINPUT;
	}
	if (fstat(fd, &st) != 0) {
		snprintf(err, errsize, "%s: %s", path, strerror(errno));
		close(fd);
		return -EX_NOINPUT;
	}
	if (!S_ISREG(st.st_mode)) {
		snprintf(err, errsize, "%s: %s, not a regular file", path,
		    S_ISDIR(st.st_mode) ? "a directory" : "a special file");
		close(fd);
		return -EX_DATAERR;
	}
	if (max != 0 && (unsigned long long)st.st_size > max) {
		too_big(path, (unsigned long long)st.st_size, max, 0, err,
		    errsize);
		close(fd);
		return -EX_DATAERR;
	}
	*size = (size_t)st.st_size;
	return fd;
}

static int
set_copy(char *dst, size_t size, const char *src)
{
	if (strlen(src) >= size)
		return -1;
	memcpy(dst, src, strlen(src) + 1);
	return 0;
}

/* The charset of text data typed by a person: us-ascii or utf-8 when it
 * is, else libmagic's guess, else unknown-8bit (RFC 1428). */
static int
type_given(struct pst_attachment *a, const char *type,
    struct pst_filetype **ft, char *err, size_t errsize)
{
	char mtype[128], cs[64];
	size_t i;

	if (set_copy(a->type, sizeof a->type, type) != 0) {
		snprintf(err, errsize, "%s: type %s: too long", a->path, type);
		return EX_DATAERR;
	}
	for (i = 0; a->type[i] != '\0'; i++)
		if (a->type[i] >= 'A' && a->type[i] <= 'Z')
			a->type[i] = (char)(a->type[i] - 'A' + 'a');
	if (strncmp(a->type, "multipart/", 10) == 0) {
		snprintf(err, errsize, "%s: %s: an attachment cannot be a "
		    "multipart", a->path, a->type);
		return EX_DATAERR;
	}
	if (strncmp(a->type, "text/", 5) != 0)
		return 0;
	if (pst_utf8_valid(a->data, a->len))
		return set_copy(a->charset, sizeof a->charset,
		    pst_ascii_only(a->data, a->len) ? "us-ascii" : "utf-8");
	if (*ft == NULL && (*ft = pst_filetype_open(err, errsize)) == NULL)
		return EX_UNAVAILABLE;
	if (pst_filetype_of(*ft, a->data, a->len, mtype, sizeof mtype, cs,
	    sizeof cs) == 0 && cs[0] != '\0')
		return set_copy(a->charset, sizeof a->charset, cs);
	return set_copy(a->charset, sizeof a->charset, "unknown-8bit");
}

static int
type_found(struct pst_attachment *a, struct pst_filetype **ft, char *err,
    size_t errsize)
{
	if (*ft == NULL && (*ft = pst_filetype_open(err, errsize)) == NULL)
		return EX_UNAVAILABLE;
	if (pst_filetype_of(*ft, a->data, a->len, a->type, sizeof a->type,
	    a->charset, sizeof a->charset) != 0) {
		set_copy(a->type, sizeof a->type, "application/octet-stream");
		a->charset[0] = '\0';
	}
	/* A multipart found by content is only bytes to the reader. */
	if (strncmp(a->type, "multipart/", 10) == 0)
		set_copy(a->type, sizeof a->type, "application/octet-stream");
	return 0;
}

/* The base name of path, as valid UTF-8 for the reader. */
static char *
base_name(const char *path)
{
	struct pst_buf b = {0};
	const char *s = strrchr(path, '/');

	s = s ? s + 1 : path;
	pst_utf8_repair(s, strlen(s), &b);
	return pst_buf_take(&b);
}

int
pst_attach_read(struct pst_attachment *a, const char *spec,
    unsigned long long max, struct pst_filetype **ft, char *err,
    size_t errsize)
{
	char *type;
	size_t size = 0;
	int fd, rc;

	memset(a, 0, sizeof *a);
	split_spec(spec, &a->path, &type);
	a->name = base_name(a->path);
	if ((fd = open_checked(a->path, max, &size, err, errsize)) < 0) {
		free(type);
		return -fd;
	}
	rc = read_all(fd, a, max, size, err, errsize);
	close(fd);
	if (rc == 0 && a->name[0] == '\0') {
		snprintf(err, errsize, "%s: no file name", a->path);
		rc = EX_DATAERR;
	}
	if (rc == 0)
		rc = type ? type_given(a, type, ft, err, errsize) :
		    type_found(a, ft, err, errsize);
	free(type);
	return rc;
}

void
pst_attach_free(struct pst_attachment *a)
{
	free(a->path);
	free(a->name);
	free(a->data);
	memset(a, 0, sizeof *a);
}

void
pst_msg_free(struct pst_message *m)
{
	size_t i;

	for (i = 0; i < m->nf; i++) {
		free(m->f[i].name);
		free(m->f[i].value);
	}
	for (i = 0; i < m->natt; i++)
		pst_attach_free(&m->att[i]);
	free(m->f);
	free(m->att);
	memset(m, 0, sizeof *m);
}

/* ---- building --------------------------------------------------------- */

/* Whether name is free text: each word is encoded as it needs, and a
 * word too long to fold is encoded so that it folds. */
static int
is_text_field(const char *name)
{
	return strcasecmp(name, "subject") == 0 ||
	    strcasecmp(name, "comments") == 0 ||
	    strcasecmp(name, "keywords") == 0 ||
	    strncasecmp(name, "x-", 2) == 0;
}

/* Append the value of f, encoded for the wire. Dates and identifiers are
 * written as given (they were checked); free text, anything not printable
 * ASCII, and with encode set any value, go through RFC 2047. */
static void
encode_value(const struct pst_hfield *f, int encode, struct pst_buf *out)
{
	struct pst_addr *list;
	size_t n;
	const char *v = f->value;

	while (*v == ' ' || *v == '\t')
		v++;
	if (is_address(f->name)) {
		n = pst_addr_parse(v, strlen(v), &list);
		pst_addr_encode(list, n, out);
		pst_addr_free(list, n);
	} else if (in_list(id_fields, f->name) || in_list(date_fields, f->name))
		pst_buf_adds(out, v);
	else if (encode || is_text_field(f->name) || !printable_ascii(v) ||
	    strstr(v, "=?") != NULL)
		pst_rfc2047_encode(v, strlen(v), out);
	else
		pst_buf_adds(out, v);	/* structured: a URL stays whole */
}

/* Append field f to h, encoded and folded. A value that would still
 * leave a line over 998 octets is encoded, which splits its long words;
 * when that cannot help (a date, an identifier) it is refused. */
static int
write_field(struct pst_buf *h, const struct pst_hfield *f, char *err,
    size_t errsize)
{
	struct pst_buf v = {0}, lines = {0};
	int encode, rc = -1;

	for (encode = 0; encode < 2 && rc != 0; encode++) {
		pst_buf_reset(&v);
		pst_buf_reset(&lines);
		encode_value(f, encode, &v);
		if (pst_hdr_write(&lines, f->name, pst_buf_str(&v)) <=
		    PST_LINE_LIMIT)
			rc = 0;
	}
	if (rc == 0)
		pst_buf_add(h, lines.p, lines.len);
	else
		snprintf(err, errsize, "%s: a word too long for a line",
		    f->name);
	pst_buf_free(&v);
	pst_buf_free(&lines);
	return rc;
}

/* Whether f can be written with no line over 998 octets. */
static int
can_write(const struct pst_hfield *f, char *err, size_t errsize)
{
	struct pst_buf scratch = {0};
	int rc = write_field(&scratch, f, err, errsize);

	pst_buf_free(&scratch);
	return rc;
}

/* The domain of the first mailbox of the From field. */
static char *
from_domain(const struct pst_message *m)
{
	char *box = pst_addr_first(pst_msg_get(m, "from")), *dom = NULL;
	const char *at = box ? strrchr(box, '@') : NULL;

	if (at != NULL && at[1] != '\0')
		dom = pst_xstrdup(at + 1);
	free(box);
	return dom ? dom : pst_xstrdup("localhost");
}

static int
add_date(struct pst_buf *h, time_t now, char *err, size_t errsize)
{
	char date[64];

	if (pst_date_format(now, pst_date_local_offset(now), date,
	    sizeof date) != 0) {
		snprintf(err, errsize, "Date: the clock is out of range");
		return -1;
	}
	pst_hdr_write(h, "Date", date);
	return 0;
}

static int
add_message_id(const struct pst_message *m, struct pst_buf *h, time_t now,
    char *err, size_t errsize)
{
	struct pst_buf v = {0};
	char *dom = from_domain(m);
	int rc = pst_msgid_new(dom, now, &v);

	if (rc == 0)
		pst_hdr_write(h, "Message-ID", pst_buf_str(&v));
	else
		snprintf(err, errsize, "no random bytes for a Message-ID: %s",
		    strerror(errno));
	pst_buf_free(&v);
	free(dom);
	return rc;
}

/* The header fields of m, the well-known ones first, then Message-ID
 * and MIME-Version unless given. */
static int
write_header(const struct pst_message *m, time_t now, struct pst_buf *h,
    char *err, size_t errsize)
{
	const char *const *w;
	size_t i;

	if (pst_msg_get(m, "date") == NULL &&
	    add_date(h, now, err, errsize) != 0)
		return -1;
	for (w = first_fields; *w != NULL; w++)
		if (find_field(m, *w) != NULL &&
		    write_field(h, find_field(m, *w), err, errsize) != 0)
			return -1;
	for (i = 0; i < m->nf; i++)
		if (!in_list(first_fields, m->f[i].name) &&
		    write_field(h, &m->f[i], err, errsize) != 0)
			return -1;
	if (pst_msg_get(m, "message-id") == NULL &&
	    add_message_id(m, h, now, err, errsize) != 0)
		return -1;
	pst_hdr_write(h, "MIME-Version", "1.0");
	return 0;
}

static const char *
cte_name(enum pst_cte cte)
{
	return cte == PST_CTE_BASE64 ? "base64" :
	    cte == PST_CTE_QP ? "quoted-printable" : "7bit";
}

/* The body as text: CRLF made LF, a final LF added. */
static void
body_text(const struct pst_message *m, struct pst_buf *out)
{
	size_t i;

	for (i = 0; i < m->bodylen; i++)
		if (!(m->body[i] == '\r' && i + 1 < m->bodylen &&
		    m->body[i + 1] == '\n'))
			pst_buf_addc(out, m->body[i]);
	if (out->len > 0 && out->p[out->len - 1] != '\n')
		pst_buf_addc(out, '\n');
}

/* One part, ready to write: its header fields and encoded content. */
struct part {
	struct pst_buf head;
	struct pst_buf body;
};

static void
text_part(const struct pst_message *m, struct part *p)
{
	struct pst_buf text = {0}, v = {0};
	enum pst_cte cte;

	body_text(m, &text);
	pst_buf_adds(&v, "text/plain");
	pst_params_add(&v, "charset", pst_ascii_only(text.p, text.len) ?
	    "us-ascii" : "utf-8");
	pst_hdr_write(&p->head, "Content-Type", pst_buf_str(&v));
	cte = pst_cte_choose(pst_buf_str(&text), text.len, 1);
	pst_hdr_write(&p->head, "Content-Transfer-Encoding", cte_name(cte));
	pst_encode(cte, pst_buf_str(&text), text.len, &p->body);
	pst_buf_free(&text);
	pst_buf_free(&v);
}

static void
attachment_part(const struct pst_attachment *a, struct part *p)
{
	struct pst_buf v = {0};
	enum pst_cte cte;
	const char *type = a->type;

	if (strncmp(type, "text/", 5) == 0)
		cte = pst_cte_choose(a->data, a->len, 1);
	else if (strncmp(type, "message/", 8) == 0) {
		/* RFC 2046 allows message types only unencoded: when it cannot
		 * be, it goes as bytes. */
		cte = pst_cte_choose(a->data, a->len, 0);
		if (cte != PST_CTE_7BIT)
			type = "application/octet-stream";
	} else
		cte = PST_CTE_BASE64;
	pst_buf_adds(&v, type);
	if (a->charset[0] != '\0' && strncmp(type, "text/", 5) == 0)
		pst_params_add(&v, "charset", a->charset);
	pst_params_add(&v, "name", a->name);
	pst_hdr_write(&p->head, "Content-Type", pst_buf_str(&v));
	pst_buf_reset(&v);
	pst_buf_adds(&v, "attachment");
	pst_params_add(&v, "filename", a->name);
	pst_hdr_write(&p->head, "Content-Disposition", pst_buf_str(&v));
	pst_hdr_write(&p->head, "Content-Transfer-Encoding", cte_name(cte));
	pst_encode(cte, a->data, a->len, &p->body);
	pst_buf_free(&v);
}

/* Whether a line of p[0..n) starts with "--" and boundary b. */
static int
has_delimiter(const struct pst_buf *p, const char *b)
{
	size_t blen = strlen(b), i = 0;
	const char *s = p->p, *nl;

	while (i < p->len) {
		if (p->len - i >= blen + 2 && s[i] == '-' && s[i + 1] == '-' &&
		    memcmp(s + i + 2, b, blen) == 0)
			return 1;
		if ((nl = memchr(s + i, '\n', p->len - i)) == NULL)
			break;
		i = (size_t)(nl - s) + 1;
	}
	return 0;
}

/* A boundary that starts no line of any part. "=_" cannot occur in
 * base64 or quoted-printable, so only 7bit text could ever hold it. */
static int
choose_boundary(const struct part *parts, size_t n, char *out, size_t size,
    char *err, size_t errsize)
{
	char word[33];
	size_t i;
	int tries, clash;

	for (tries = 0; tries < 16; tries++) {
		if (pst_random_word(word, 32) != 0) {
			snprintf(err, errsize, "no random bytes for a "
			    "boundary: %s", strerror(errno));
			return -1;
		}
		if (snprintf(out, size, "=_%s", word) >= (int)size)
			return -1;
		for (clash = 0, i = 0; i < n && !clash; i++)
			clash = has_delimiter(&parts[i].body, out);
		if (!clash)
			return 0;
	}
	snprintf(err, errsize, "no boundary found that occurs in no part");
	return -1;
}

static struct pst_buf *
new_piece(struct pst_msgout *out)
{
	out->piece = pst_xreallocarray(out->piece, out->n + 1,
	    sizeof *out->piece);
	memset(&out->piece[out->n], 0, sizeof *out->piece);
	return &out->piece[out->n++];
}

/* Move b into a piece of its own (a big attachment is not copied). */
static void
move_piece(struct pst_msgout *out, struct pst_buf *b)
{
	*new_piece(out) = *b;
	memset(b, 0, sizeof *b);
}

static int
build_multipart(const struct pst_message *m, struct pst_buf *h,
    struct pst_msgout *out, char *err, size_t errsize)
{
	struct part *parts;
	struct pst_buf v = {0}, seg;
	char boundary[64];
	size_t n = 0, i;
	int rc = -1;

	parts = pst_xcalloc(m->natt + 1, sizeof *parts);
	if (m->bodylen > 0)
		text_part(m, &parts[n++]);
	for (i = 0; i < m->natt; i++)
		attachment_part(&m->att[i], &parts[n++]);
	if (choose_boundary(parts, n, boundary, sizeof boundary, err,
	    errsize) != 0)
		goto done;
	pst_buf_adds(&v, "multipart/mixed");
	pst_params_add(&v, "boundary", boundary);
	pst_hdr_write(h, "Content-Type", pst_buf_str(&v));
	pst_buf_addc(h, '\n');
	seg = *h;		/* the pieces take the header over */
	memset(h, 0, sizeof *h);
	for (i = 0; i < n; i++) {
		/* The line end before a delimiter belongs to it. */
		pst_buf_printf(&seg, "%s--%s\n", i ? "\n" : "", boundary);
		pst_buf_add(&seg, parts[i].head.p, parts[i].head.len);
		pst_buf_addc(&seg, '\n');
		move_piece(out, &seg);
		move_piece(out, &parts[i].body);
	}
	pst_buf_printf(&seg, "\n--%s--\n", boundary);
	move_piece(out, &seg);
	rc = 0;
done:
	for (i = 0; i < n; i++) {
		pst_buf_free(&parts[i].head);
		pst_buf_free(&parts[i].body);
	}
	free(parts);
	pst_buf_free(&v);
	return rc;
}

static void
build_single(const struct pst_message *m, struct pst_buf *h,
    struct pst_msgout *out)
{
	struct part p = {{0}, {0}};

	text_part(m, &p);
	pst_buf_add(h, p.head.p, p.head.len);
	pst_buf_addc(h, '\n');
	pst_buf_add(h, p.body.p, p.body.len);
	move_piece(out, h);
	pst_buf_free(&p.head);
	pst_buf_free(&p.body);
}

int
pst_msg_build(const struct pst_message *m, time_t now,
    struct pst_msgout *out, char *err, size_t errsize)
{
	struct pst_buf h = {0};

	memset(out, 0, sizeof *out);
	if (pst_msg_check_fields(m, err, errsize) != 0 ||
	    pst_msg_check_body(m, err, errsize) != 0 ||
	    write_header(m, now, &h, err, errsize) != 0)
		goto fail;
	if (m->natt == 0)
		build_single(m, &h, out);
	else if (build_multipart(m, &h, out, err, errsize) != 0)
		goto fail;
	pst_buf_free(&h);
	return 0;
fail:
	pst_buf_free(&h);
	pst_msgout_free(out);
	return -1;
}

int
pst_msgout_write(const struct pst_msgout *out, int fd)
{
	size_t i;

	for (i = 0; i < out->n; i++)
		if (pst_write_all(fd, out->piece[i].p, out->piece[i].len) != 0)
			return -1;
	return 0;
}

size_t
pst_msgout_size(const struct pst_msgout *out)
{
	size_t i, n = 0;

	for (i = 0; i < out->n; i++)
		n += out->piece[i].len;
	return n;
}

void
pst_msgout_free(struct pst_msgout *out)
{
	size_t i;

	for (i = 0; i < out->n; i++)
		pst_buf_free(&out->piece[i]);
	free(out->piece);
	memset(out, 0, sizeof *out);
}

/* ---- drafts ------------------------------------------------------------ */

static char *
trimmed(const char *s)
{
	size_t n;

	while (*s == ' ' || *s == '\t')
		s++;
	n = strlen(s);
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	return pst_xstrndup(s, n);
}

/* The value of field f as a person meant it: unfolded; encoded words of
 * unstructured fields decoded (address fields are decoded when parsed). */
static char *
draft_value(const struct pst_field *f, const char *name)
{
	struct pst_buf raw = {0}, dec = {0};
	char *v;

	pst_hdr_unfold(f->value, f->valuelen, &raw);
	if (is_address(name) || in_list(id_fields, name) ||
	    in_list(date_fields, name) ||
	    !pst_utf8_valid(pst_buf_str(&raw), raw.len)) {
		v = trimmed(pst_buf_str(&raw));
	} else {
		pst_rfc2047_decode(pst_buf_str(&raw), raw.len, &dec);
		v = trimmed(pst_buf_str(&dec));
	}
	pst_buf_free(&raw);
	pst_buf_free(&dec);
	return v;
}

int
pst_msg_from_draft(struct pst_message *m, const char *text, size_t len,
    char ***attach, size_t *nattach, char *err, size_t errsize)
{
	struct pst_header h = {0};
	size_t body, i;
	char *name, *value;

	body = pst_hdr_parse(text, len, &h);
	if (h.truncated) {
		snprintf(err, errsize, "draft: the header is too big");
		pst_hdr_free(&h);
		return -1;
	}
	for (i = 0; i < h.n; i++) {
		name = pst_xstrndup(h.f[i].name, h.f[i].namelen);
		value = draft_value(&h.f[i], name);
		if (value[0] == '\0') {
			/* An editor leaves fields such as "Cc:" empty. */
		} else if (strcasecmp(name, "attach") == 0) {
			*attach = pst_xreallocarray(*attach, *nattach + 1,
			    sizeof **attach);
			(*attach)[(*nattach)++] = value;
			value = NULL;
		} else if (!pst_msg_reserved(name))
			pst_msg_set(m, name, value);
		free(name);
		free(value);
	}
	pst_hdr_free(&h);
	m->body = text + body;
	m->bodylen = len - body;
	return 0;
}
