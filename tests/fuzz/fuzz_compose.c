/* fuzz_compose: the input is a draft, as mkmsg -d reads it.  It goes
 * through pst_msg_from_draft (the Attach list is only freed), gets a From
 * when it has none, and is checked (pst_msg_check_fields,
 * pst_msg_check_body).  When both checks pass, pst_msg_build must succeed,
 * and its output must have LF line ends only, lines of at most 998 octets,
 * and, read back with pst_hdr_parse, pst_hdr_get_decoded and
 * pst_mime_parse, give back the Subject and the body text (CRLF made LF, a
 * final LF added).  The message is then built again with the raw body
 * bytes attached, typed by the input, and each part must come back; the
 * boundary must occur only as delimiters.  Any difference aborts. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "charset.h"
#include "compose.h"
#include "decode.h"
#include "encode.h"
#include "hdr.h"
#include "mime.h"
#include "param.h"

#define NOW		((time_t)1700000000)
#define LINE_MAX_OCTETS	998
#define NAME_MAX_TEXT	1000	/* well within pst_params_parse's pieces */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Abort unless err is one non-empty line. */
static void
check_error(const char *err)
{
	if (err[0] == '\0' || strpbrk(err, "\r\n") != NULL)
		abort();
}

/* The body text of m as it must come back: CRLF made LF, a final LF added
 * to text that has none. */
static void
expected_text(const struct pst_message *m, struct pst_buf *out)
{
	size_t i;

	for (i = 0; i < m->bodylen; i++) {
		if (m->body[i] == '\r' && i + 1 < m->bodylen &&
		    m->body[i + 1] == '\n')
			continue;
		pst_buf_addc(out, m->body[i]);
	}
	if (out->len > 0 && out->p[out->len - 1] != '\n')
		pst_buf_addc(out, '\n');
}

/* Build m; it must succeed.  The pieces, joined, go to msg; their size
 * must be what pst_msgout_size says. */
static void
build(const struct pst_message *m, struct pst_buf *msg)
{
	struct pst_msgout out;
	char err[1024] = "";
	size_t i;

	if (pst_msg_build(m, NOW, &out, err, sizeof err) != 0)
		abort();
	for (i = 0; i < out.n; i++)
		pst_buf_add(msg, out.piece[i].p, out.piece[i].len);
	if (pst_msgout_size(&out) != msg->len)
		abort();
	pst_msgout_free(&out);
}

/* Abort unless every line of p[0..n) is at most 998 octets, ends in LF
 * and holds no CR. */
static void
check_lines(const char *p, size_t n)
{
	size_t i = 0, k;
	const char *nl;

	if (n == 0 || p[n - 1] != '\n' || memchr(p, '\r', n) != NULL)
		abort();
	while (i < n) {
		nl = memchr(p + i, '\n', n - i);
		k = (size_t)(nl - (p + i));
		if (k > LINE_MAX_OCTETS)
			abort();
		i += k + 1;
	}
}

/* Abort unless the body of p decodes to want[0..n). */
static void
check_decoded(const struct pst_part *p, const char *want, size_t n)
{
	struct pst_buf got = {0};

	pst_decode(p->cte, p->body, p->bodylen, &got);
	if (got.len != n || (n > 0 && memcmp(got.p, want, n) != 0))
		abort();
	pst_buf_free(&got);
}

/* Abort unless p is the text part of m: text/plain in us-ascii or utf-8
 * holding the body text. */
static void
check_text_part(const struct pst_part *p, const struct pst_buf *text)
{
	if (p == NULL || strcmp(p->ctype.token, "text/plain") != 0 ||
	    p->charset == NULL || (strcmp(p->charset, "us-ascii") != 0 &&
	    strcmp(p->charset, "utf-8") != 0))
		abort();
	check_decoded(p, pst_buf_str(text), text->len);
}

/* The field name of h, unfolded, equals what m gave (blanks around it
 * aside), when m gave one. */
static void
same_verbatim(const struct pst_message *m, const struct pst_header *h,
    const char *name)
{
	const char *want = pst_msg_get(m, name);
	char *got;
	size_t n;

	if (want == NULL)
		return;
	while (*want == ' ' || *want == '\t')
		want++;
	n = strlen(want);
	while (n > 0 && (want[n - 1] == ' ' || want[n - 1] == '\t'))
		n--;
	got = pst_hdr_get(h, name);
	if (got == NULL || strlen(got) != n || memcmp(got, want, n) != 0)
		abort();
	free(got);
}

/* Read msg back: the header whole, the Subject when m has one.  Returns
 * 0, or -1 when the header was too big for pst_hdr_parse to keep (then
 * nothing more can be compared). */
static int
check_header(const struct pst_message *m, const struct pst_buf *msg)
{
	struct pst_header h;
	const char *subject = pst_msg_get(m, "subject");
	char *got;
	int rc = 0;

	pst_hdr_parse(msg->p, msg->len, &h);
	if (h.truncated)
		rc = -1;
	else if (pst_hdr_find(&h, "MIME-Version") == NULL ||
	    pst_hdr_find(&h, "Date") == NULL ||
	    pst_hdr_find(&h, "Message-ID") == NULL)
		abort();
	else {
		if (subject != NULL) {
			got = pst_hdr_get_decoded(&h, "Subject");
			if (got == NULL || strcmp(got, subject) != 0)
				abort();
			free(got);
		}
		/* Dates and identifiers go out as they were given. */
		same_verbatim(m, &h, "Date");
		same_verbatim(m, &h, "Message-ID");
	}
	pst_hdr_free(&h);
	return rc;
}

/* The single part message: the body text comes back. */
static void
check_single(const struct pst_message *m, const struct pst_buf *text)
{
	struct pst_buf msg = {0};
	struct pst_mime mime;

	build(m, &msg);
	check_lines(msg.p, msg.len);
	if (check_header(m, &msg) == 0) {
		pst_mime_parse(msg.p, msg.len, &mime);
		if (mime.nparts != 1)
			abort();
		check_text_part(mime.root, text);
		pst_mime_free(&mime);
	}
	pst_buf_free(&msg);
}

/* Abort unless the lines of msg holding the boundary b of its nparts
 * parts are the delimiters, the closing one last, and the parameter. */
static void
check_boundary(const struct pst_buf *msg, const char *b, size_t nparts)
{
	size_t blen = strlen(b), i = 0, k, open = 0, closed = 0, other = 0;
	const char *p = msg->p, *nl;

	if (blen == 0 || blen > 70)
		abort();
	while (i < msg->len) {
		nl = memchr(p + i, '\n', msg->len - i);
		k = (size_t)(nl - (p + i));
		if (k == blen + 2 && p[i] == '-' && p[i + 1] == '-' &&
		    memcmp(p + i + 2, b, blen) == 0)
			open++;
		else if (k == blen + 4 && p[i] == '-' && p[i + 1] == '-' &&
		    memcmp(p + i + 2, b, blen) == 0 &&
		    p[i + blen + 2] == '-' && p[i + blen + 3] == '-') {
			if (i + k + 1 != msg->len)
				abort();
			closed++;
		} else if (k >= blen + 2 && p[i] == '-' && p[i + 1] == '-' &&
		    memcmp(p + i + 2, b, blen) == 0)
			abort();	/* a line a reader takes for one */
		else if (k >= blen) {
			const char *s = p + i, *end = p + i + k;

			while ((s = memchr(s, b[0], (size_t)(end - s))) !=
			    NULL && (size_t)(end - s) >= blen) {
				if (memcmp(s, b, blen) == 0)
					other++;
				s++;
			}
		}
		i += k + 1;
	}
	if (open != nparts || closed != 1 || other != 1)
		abort();
}

/* The attachment's type, chosen by the input. */
static const char *
pick_type(const uint8_t *data, size_t size)
{
	static const char *const types[] = {
		"application/octet-stream", "text/plain", "message/rfc822",
		"text/x-diff", "image/png",
	};

	return types[(size ? data[size - 1] : 0) % 5];
}

/* Whether p[0..n) goes 7bit: what pst_cte_choose says for a message. */
static int
seven_bit(const char *p, size_t n)
{
	return pst_cte_choose(p, n, 0) == PST_CTE_7BIT;
}

/* The same message with the raw body bytes attached: the text part
 * (when there is a body) and the attachment come back, each whole. */
static void
check_multipart(struct pst_message *m, const struct pst_buf *text,
    const uint8_t *data, size_t size)
{
	struct pst_attachment a;
	struct pst_buf msg = {0};
	struct pst_mime mime;
	const struct pst_part *p;
	const char *subject = pst_msg_get(m, "subject"), *b, *type;
	size_t nparts = m->bodylen > 0 ? 2 : 1;

	memset(&a, 0, sizeof a);
	a.path = strdup("fuzz.bin");
	a.name = strdup(subject != NULL && strlen(subject) <= NAME_MAX_TEXT ?
	    subject : "fuzz.bin");
	a.data = malloc(m->bodylen + 1);
	if (a.path == NULL || a.name == NULL || a.data == NULL)
		abort();
	if (m->bodylen > 0)
		memcpy(a.data, m->body, m->bodylen);
	a.len = m->bodylen;
	strcpy(a.type, pick_type(data, size));
	if (strncmp(a.type, "text/", 5) == 0)
		strcpy(a.charset, pst_utf8_valid(a.data, a.len) ? "utf-8" :
		    "unknown-8bit");
	m->att = &a;
	m->natt = 1;
	build(m, &msg);
	m->att = NULL;
	m->natt = 0;
	check_lines(msg.p, msg.len);
	if (check_header(m, &msg) == 0) {
		pst_mime_parse(msg.p, msg.len, &mime);
		if (strcmp(mime.root->ctype.token, "multipart/mixed") != 0 ||
		    mime.root->flags != 0 ||
		    (b = pst_params_get(&mime.root->ctype, "boundary")) == NULL)
			abort();
		check_boundary(&msg, b, nparts);
		p = mime.root->child;
		if (m->bodylen > 0) {
			check_text_part(p, text);
			p = p->next;
		}
		type = a.type;
		if (strcmp(type, "message/rfc822") == 0 &&
		    !seven_bit(a.data, a.len))
			type = "application/octet-stream";
		if (p == NULL || p->next != NULL ||
		    strcmp(p->ctype.token, type) != 0 || p->filename == NULL ||
		    strcmp(p->filename, a.name) != 0)
			abort();
		check_decoded(p, a.data, a.len);
		pst_mime_free(&mime);
	}
	pst_buf_free(&msg);
	pst_attach_free(&a);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pst_message m = {0};
	struct pst_buf text = {0};
	char **attach = NULL, err[1024] = "";
	size_t nattach = 0, i;
	int ok;

	if (pst_msg_from_draft(&m, (const char *)data, size, &attach,
	    &nattach, err, sizeof err) != 0) {
		check_error(err);
		pst_msg_free(&m);
		free(attach);
		return 0;
	}
	for (i = 0; i < nattach; i++)
		free(attach[i]);
	free(attach);
	if (m.body < (const char *)data || m.bodylen > size ||
	    m.body + m.bodylen != (const char *)data + size)
		abort();
	if (pst_msg_get(&m, "from") == NULL)
		pst_msg_set(&m, "From", "Fuzz Example <fuzz@example.org>");

	ok = 1;
	if (pst_msg_check_fields(&m, err, sizeof err) != 0) {
		check_error(err);
		ok = 0;
	}
	if (pst_msg_check_body(&m, err, sizeof err) != 0) {
		check_error(err);
		ok = 0;
	}
	if (ok) {
		expected_text(&m, &text);
		check_single(&m, &text);
		check_multipart(&m, &text, data, size);
	}
	pst_buf_free(&text);
	pst_msg_free(&m);
	return 0;
}
