/* fuzz_hdrenc: the header encoders, each checked by reading its output
 * back.  The input, made valid UTF-8 without CR, LF or NUL, is written as
 * a Subject (pst_rfc2047_encode); as display and group names in a To field
 * (pst_addr_encode), with short mailboxes, then with the text after the
 * first NUL byte of the input as a mailbox when pst_addr_valid takes it;
 * and as a file name (pst_params_add).  Each field goes through
 * pst_hdr_write and pst_hdr_parse and must give the text back; every line
 * must respect the folding limits.  Any difference aborts. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "addr.h"
#include "buf.h"
#include "charset.h"
#include "hdr.h"
#include "param.h"
#include "rfc2047.h"

#define PARAM_TEXT_MAX	3000	/* within pst_params_parse's 256 pieces */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* p[0..n) repaired to UTF-8, CR, LF and NUL dropped, into a C string. */
static char *
clean_text(const char *p, size_t n)
{
	struct pst_buf r = {0}, b = {0};

	pst_utf8_repair(p, n, &r);
	for (size_t i = 0; i < r.len; i++)
		if (r.p[i] != '\r' && r.p[i] != '\n' && r.p[i] != '\0')
			pst_buf_addc(&b, r.p[i]);
	pst_buf_free(&r);
	return pst_buf_take(&b);
}

/* The length of the well-formed encoded word at s, or 0. */
static size_t
encoded_word_at(const char *s, size_t n)
{
	size_t i = 2;

	if (n < 8 || s[0] != '=' || s[1] != '?')
		return 0;
	while (i < n && s[i] != '?' && s[i] > ' ')
		i++;
	if (i == 2 || i + 2 >= n || s[i] != '?' ||
	    strchr("QqBb", s[i + 1]) == NULL || s[i + 2] != '?')
		return 0;
	for (i += 3; i + 1 < n && s[i] > ' '; i++)
		if (s[i] == '?' && s[i + 1] == '=')
			return i + 2;
	return 0;
}

/* Whether line[0..n), not the first of its field, could have been folded
 * (a space outside quotes after text and before a non-blank). */
static int
has_fold_point(const char *line, size_t n, size_t from)
{
	int quoted = 0, text = 0;

	for (size_t i = from; i < n; i++) {
		if (quoted) {
			if (line[i] == '\\')
				i++;
			else if (line[i] == '"')
				quoted = 0;
			continue;
		}
		if (line[i] == '"')
			quoted = 1;
		else if (line[i] == ' ' && text && i + 1 < n &&
		    line[i + 1] != ' ' && line[i + 1] != '\t')
			return 1;
		if (line[i] != ' ' && line[i] != '\t')
			text = 1;
	}
	return 0;
}

/* Check the lines of one written field: each ends in LF, continuation
 * lines start with one space then text.  When strict, encoded words are at
 * most 75 characters and every line is within its limit (76 when it holds
 * an encoded word, else 78); else (a mailbox may be anything valid: long,
 * or looking like an encoded word) a line over its limit must have no
 * place to fold. */
static void
check_lines(const char *f, size_t len, size_t namelen, int strict)
{
	size_t start = 0, end, n, k, limit;
	int ew;

	if (len == 0 || f[len - 1] != '\n')
		abort();
	while (start < len) {
		end = start;
		while (f[end] != '\n')
			end++;
		n = end - start;
		if (start > 0 && (n < 2 || f[start] != ' ' ||
		    f[start + 1] == ' ' || f[start + 1] == '\t'))
			abort();
		ew = 0;
		for (size_t i = start; i < end; i++)
			if ((k = encoded_word_at(f + i, end - i)) > 0) {
				if (strict && k > 75)
					abort();
				ew = 1;
			}
		limit = ew ? 76 : 78;
		if (n > limit && (strict || has_fold_point(f + start, n,
		    start == 0 ? namelen + 2 : 1)))
			abort();
		start = end + 1;
	}
}

/* Write name: value, check its lines, parse it back; the unfolded value
 * (malloc'd) must be value itself. */
static char *
write_and_read(const char *name, const char *value, int strict)
{
	struct pst_buf out = {0};
	struct pst_header h;
	char *got;

	pst_hdr_write(&out, name, value);
	check_lines(out.p, out.len, strlen(name), strict);
	if (pst_hdr_parse(out.p, out.len, &h) != out.len || h.n != 1)
		abort();
	got = pst_hdr_get(&h, name);
	if (got == NULL || strcmp(got, value) != 0)
		abort();
	pst_hdr_free(&h);
	pst_buf_free(&out);
	return got;
}

/* Whether s is printable ASCII only. */
static int
printable_ascii(const char *s)
{
	for (; *s != '\0'; s++)
		if ((unsigned char)*s < ' ' || (unsigned char)*s >= 0x7F)
			return 0;
	return 1;
}

static void
check_subject(const char *text)
{
	struct pst_buf v = {0}, out = {0};
	struct pst_header h;
	char *got;

	pst_rfc2047_encode(text, strlen(text), &v);
	if (!printable_ascii(pst_buf_str(&v)))
		abort();
	free(write_and_read("Subject", pst_buf_str(&v), 1));
	pst_hdr_write(&out, "Subject", pst_buf_str(&v));
	pst_hdr_parse(out.p, out.len, &h);
	got = pst_hdr_get_decoded(&h, "Subject");
	if (got == NULL || strcmp(got, text) != 0)
		abort();
	free(got);
	pst_hdr_free(&h);
	pst_buf_free(&out);
	pst_buf_free(&v);
}

/* What pst_addr_parse makes of a display name: trimmed, NULL if empty. */
static int
same_name(const char *got, const char *want)
{
	size_t lo = 0, hi = strlen(want);

	while (lo < hi && (want[lo] == ' ' || want[lo] == '\t'))
		lo++;
	while (hi > lo && (want[hi - 1] == ' ' || want[hi - 1] == '\t'))
		hi--;
	if (lo == hi)
		return got == NULL;
	return got != NULL && strlen(got) == hi - lo &&
	    memcmp(got, want + lo, hi - lo) == 0;
}

/* A list of five entries using name as display and group name and box as
 * a mailbox, through pst_addr_encode, pst_hdr_write and back; strict: every
 * line must be within the limits (box is short). */
static void
check_addresses(const char *name, const char *box, int strict)
{
	struct pst_addr in[5], *list;
	struct pst_buf v = {0};
	char *raw;
	size_t n, i;

	memset(in, 0, sizeof in);
	in[0].name = (char *)name;
	in[0].mailbox = (char *)"a@example.org";
	in[1].name = (char *)name;
	in[1].mailbox = (char *)box;
	in[2].mailbox = (char *)box;
	in[3].group = (char *)name;
	in[3].mailbox = (char *)box;
	in[4].group = (char *)name;
	in[4].name = (char *)name;
	in[4].mailbox = (char *)"c@example.org";
	pst_addr_encode(in, 5, &v);
	raw = write_and_read("To", pst_buf_str(&v), strict);
	n = pst_addr_parse(raw, strlen(raw), &list);
	if (n != 5)
		abort();
	for (i = 0; i < n; i++) {
		if (strcmp(list[i].mailbox, in[i].mailbox) != 0)
			abort();
		if (in[i].name == NULL || in[i].name[0] == '\0' ?
		    list[i].name != NULL : !same_name(list[i].name, in[i].name))
			abort();
		if ((in[i].group == NULL) != (list[i].group == NULL) ||
		    (in[i].group != NULL &&
		    !same_name(list[i].group[0] ? list[i].group : NULL,
		    in[i].group)))
			abort();
	}
	pst_addr_free(list, n);
	free(raw);
	pst_buf_free(&v);
}

static void
check_param(const char *text)
{
	struct pst_buf v = {0};
	struct pst_params ps;
	const char *got;
	char *raw;

	pst_buf_adds(&v, "attachment");
	pst_params_add(&v, "filename", text);
	pst_params_add(&v, "size", "1234");
	raw = write_and_read("Content-Disposition", pst_buf_str(&v), 1);
	pst_params_parse(raw, strlen(raw), &ps);
	if (strcmp(ps.token, "attachment") != 0 ||
	    (got = pst_params_get(&ps, "filename")) == NULL ||
	    strcmp(got, text) != 0 ||
	    (got = pst_params_get(&ps, "size")) == NULL ||
	    strcmp(got, "1234") != 0)
		abort();
	pst_params_free(&ps);
	free(raw);
	pst_buf_free(&v);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data;
	const char *nul = memchr(p, '\0', size);
	size_t namelen = nul ? (size_t)(nul - p) : size;
	char *text, *name, *mailbox;

	text = clean_text(p, size);
	name = clean_text(p, namelen);
	mailbox = clean_text(p + namelen, size - namelen);
	check_subject(text);
	check_addresses(name, "b@example.org", 1);
	if (pst_addr_valid(mailbox))
		check_addresses(name, mailbox, 0);
	if (strlen(text) <= PARAM_TEXT_MAX)
		check_param(text);
	free(text);
	free(name);
	free(mailbox);
	return 0;
}
