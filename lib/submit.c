/* submit: a message as smtp-send takes it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "addr.h"
#include "charset.h"
#include "date.h"
#include "hdr.h"
#include "mem.h"
#include "msgid.h"
#include "submit.h"

#define LINE_MAX_OCTETS	998	/* RFC 5321 4.5.3.1.6, without CRLF */

int
pst_submission_add_rcpt(struct pst_submission *sub, const char *rcpt,
    char *err, size_t errsize)
{
	struct pst_addr *list;
	size_t n, i, k;
	int rc = 0;

	n = pst_addr_parse(rcpt, strlen(rcpt), &list);
	for (i = 0; i < n && rc == 0; i++) {
		const char *a = list[i].mailbox;

		if (a[0] == '\0' && list[i].group != NULL)
			continue;	/* "undisclosed-recipients:;" */
		if (!pst_addr_valid(a)) {
			snprintf(err, errsize, "\"%s\" is not an address", a);
			rc = -1;
			break;
		}
		for (k = 0; k < sub->nrcpt; k++)
			if (strcasecmp(sub->rcpt[k], a) == 0)
				break;
		if (k < sub->nrcpt)
			continue;
		sub->rcpt = pst_xreallocarray(sub->rcpt, sub->nrcpt + 1,
		    sizeof *sub->rcpt);
		sub->rcpt[sub->nrcpt++] = pst_xstrdup(a);
	}
	pst_addr_free(list, n);
	return rc;
}

/* The first line of in[0..len) over 998 octets (CR LF not counted):
 * its number, or 0. *octets gets its length. */
static size_t
long_line(const char *in, size_t len, size_t *octets)
{
	size_t line = 1, start = 0, i, n;

	for (i = 0; i <= len; i++) {
		if (i < len && in[i] != '\n')
			continue;
		n = i - start;
		if (n > 0 && in[i - 1] == '\r')
			n--;
		if (n > LINE_MAX_OCTETS) {
			*octets = n;
			return line;
		}
		line++;
		start = i + 1;
	}
	return 0;
}

static int
is_recipient_field(const struct pst_field *f)
{
	return (f->namelen == 2 && strncasecmp(f->name, "to", 2) == 0) ||
	    (f->namelen == 2 && strncasecmp(f->name, "cc", 2) == 0) ||
	    (f->namelen == 3 && strncasecmp(f->name, "bcc", 3) == 0);
}

static int
is_field(const struct pst_field *f, const char *name)
{
	return f->namelen == strlen(name) &&
	    strncasecmp(f->name, name, f->namelen) == 0;
}

/* Fields that are missing: Date, Message-ID, From. */
static int
add_missing(struct pst_submission *sub, const struct pst_header *h,
    const char *sender, const char *name, time_t now, char *err,
    size_t errsize)
{
	const char *dom;
	char date[64], host[256];
	struct pst_buf v = {0};
	struct pst_addr a;

	if (pst_hdr_find(h, "Date") == NULL &&
	    pst_date_format(now, pst_date_local_offset(now), date,
	    sizeof date) == 0)
		pst_hdr_write(&sub->msg, "Date", date);
	if (pst_hdr_find(h, "Message-ID") == NULL) {
		dom = sender ? strrchr(sender, '@') : NULL;
		if (dom != NULL && dom[1] != '\0')
			dom++;
		else if (gethostname(host, sizeof host) == 0) {
			host[sizeof host - 1] = '\0';
			dom = host;
		} else
			dom = "localhost";
		if (pst_msgid_new(dom, now, &v) != 0) {
			snprintf(err, errsize, "no random bytes for a "
			    "Message-ID");
			return -1;
		}
		pst_hdr_write(&sub->msg, "Message-ID", pst_buf_str(&v));
	}
	if (pst_hdr_find(h, "From") == NULL && sender != NULL &&
	    sender[0] != '\0') {
		a.name = (char *)(name && name[0] ? name : NULL);
		a.mailbox = (char *)sender;
		a.group = NULL;
		pst_buf_reset(&v);
		pst_addr_encode(&a, 1, &v);
		pst_hdr_write(&sub->msg, "From", pst_buf_str(&v));
	}
	pst_buf_free(&v);
	return 0;
}

int
pst_submission_read(struct pst_submission *sub, const char *in, size_t len,
    int take_header_rcpts, const char *sender, const char *name, time_t now,
    char *err, size_t errsize)
{
	struct pst_header h = {0};
	struct pst_buf v = {0};
	size_t body, i, n, octets;
	int rc = -1;

	if (len == 0) {
		snprintf(err, errsize, "the input is empty: no message to send");
		return -1;
	}
	if ((n = long_line(in, len, &octets)) != 0) {
		snprintf(err, errsize, "line %zu is %zu octets long; SMTP "
		    "allows 998 (encode the message, e.g. with mkmsg)", n,
		    octets);
		return -1;
	}
	body = pst_hdr_parse(in, len, &h);
	if (h.n == 0) {
		snprintf(err, errsize, "no header: the input does not start "
		    "with a header field, so it is not a message");
		goto done;
	}
	sub->eightbit = !pst_ascii_only(in, len);
	sub->utf8_header = !pst_ascii_only(in, body);
	free(sub->header_from);
	sub->header_from = NULL;
	if (pst_hdr_find(&h, "From") != NULL) {
		char *from = pst_hdr_get(&h, "From");

		sub->header_from = pst_addr_first(from);
		free(from);
	}
	for (i = 0; i < h.n; i++) {
		const struct pst_field *f = &h.f[i];

		if (take_header_rcpts && is_recipient_field(f)) {
			pst_buf_reset(&v);
			pst_hdr_unfold(f->value, f->valuelen, &v);
			if (pst_submission_add_rcpt(sub, pst_buf_str(&v), err,
			    errsize) != 0)
				goto done;
		}
		if (is_field(f, "bcc"))
			continue;	/* no copy may show who else got it */
		pst_buf_add(&sub->msg, f->name,
		    (size_t)(f->value + f->valuelen - f->name));
		pst_buf_addc(&sub->msg, '\n');
	}
	if (add_missing(sub, &h, sender ? sender : sub->header_from, name,
	    now, err, errsize) != 0)
		goto done;
	pst_buf_addc(&sub->msg, '\n');
	pst_buf_add(&sub->msg, in + body, len - body);
	rc = 0;
done:
	pst_hdr_free(&h);
	pst_buf_free(&v);
	return rc;
}

void
pst_submission_free(struct pst_submission *sub)
{
	size_t i;

	for (i = 0; i < sub->nrcpt; i++)
		free(sub->rcpt[i]);
	free(sub->rcpt);
	free(sub->header_from);
	pst_buf_free(&sub->msg);
	memset(sub, 0, sizeof *sub);
}
