/* fuzz_submit: a message as smtp-send reads it, and the data conversion.
 * What is sent has no Bcc field and the header's recipients are valid;
 * the stuffed data undoes to the message with CRLF line ends, and is as
 * long as pst_smtp_wire_size says. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "addr.h"
#include "buf.h"
#include "hdr.h"
#include "smtp.h"
#include "submit.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Undo the stuffing: drop the first '.' of a line that starts with one,
 * and the CRLF added at the end when the message had no line end. */
static void
check_stuffing(const char *m, size_t n)
{
	struct pst_buf st = {0}, back = {0}, want = {0};
	size_t i;
	int bol = 1;

	pst_smtp_stuff(m, n, &st);
	if (st.len != pst_smtp_wire_size(m, n))
		abort();
	for (i = 0; i < st.len; i++) {
		if (!(bol && st.p[i] == '.'))
			pst_buf_addc(&back, st.p[i]);
		else if (i + 1 >= st.len || st.p[i + 1] != '.')
			abort();	/* a lone leading dot went out */
		else
			pst_buf_addc(&back, st.p[++i]);
		bol = st.p[i] == '\n';
		if (st.p[i] == '\n' && (i == 0 || st.p[i - 1] != '\r'))
			abort();	/* a bare LF on the wire */
	}
	for (i = 0; i < n; i++) {
		if (m[i] == '\n' && (i == 0 || m[i - 1] != '\r'))
			pst_buf_addc(&want, '\r');
		pst_buf_addc(&want, m[i]);
	}
	if (n > 0 && m[n - 1] != '\n')
		pst_buf_add(&want, "\r\n", 2);
	if (back.len != want.len || (want.len &&
	    memcmp(back.p, want.p, want.len) != 0))
		abort();
	pst_buf_free(&st);
	pst_buf_free(&back);
	pst_buf_free(&want);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pst_submission sub = {0};
	struct pst_header h = {0};
	char err[512];
	size_t i;

	if (size > 65536)
		return 0;
	check_stuffing((const char *)data, size);
	if (pst_submission_read(&sub, (const char *)data, size, data[0] & 1,
	    "me@example.org", "Me", 1795300000, err, sizeof err) == 0) {
		pst_hdr_parse(sub.msg.p, sub.msg.len, &h);
		if (!h.truncated && pst_hdr_find(&h, "Bcc") != NULL)
			abort();
		if (!h.truncated && (pst_hdr_find(&h, "Date") == NULL ||
		    pst_hdr_find(&h, "Message-ID") == NULL))
			abort();
		for (i = 0; i < sub.nrcpt; i++)
			if (!pst_addr_valid(sub.rcpt[i]))
				abort();
		pst_hdr_free(&h);
	} else if (strchr(err, '\n') != NULL)
		abort();
	pst_submission_free(&sub);
	return 0;
}
