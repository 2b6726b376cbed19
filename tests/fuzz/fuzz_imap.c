/* fuzz_imap: the input as what an IMAP server says, over a session in
 * memory, to each command of lib/imap.c on a fresh session (SELECT, the
 * listing with and without Message-IDs, UID FETCH of UIDs 1 to 5, SEARCH,
 * deleting, LIST, LOGOUT) and to all of them in turn on one session. The
 * sink checks that every begin is followed by exactly one end or abort,
 * and fails now and then to exercise that path. The input is also a
 * folder name through modified UTF-7 both ways: what encodes must decode
 * back, with no null shift, and exactly valid UTF-8 without controls
 * encodes. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "conn.h"
#include "err.h"
#include "imap.h"
#include "sink.h"
#include "sinkcheck.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char caps[] =
    "* OK [CAPABILITY IMAP4rev1 UIDPLUS] ready\r\n"
    "A001 OK [CAPABILITY IMAP4rev1 UIDPLUS LITERAL+] logged in\r\n";

static const unsigned long uids[] = { 1, 2, 3, 4, 5 };

/* What a failed call must say: a known status and why. */
static void
check_err(int rc, const struct pst_err *e)
{
	if (rc == -1) {
		if (e->status != 64 && e->status != 66 && e->status != 69 &&
		    e->status != 73 && e->status != 74 && e->status != 75 &&
		    e->status != 76)
			abort();
		if (e->msg[0] == '\0' || memchr(e->msg, '\0',
		    sizeof e->msg) == NULL)
			abort();
	}
}

/* ---- callbacks ---------------------------------------------------------- */

static int
each_msg(void *ctx, unsigned long uid, unsigned long long size,
    const char *msgid)
{
	int with_msgid = *(int *)ctx;

	(void)size;
	if (uid == 0 || uid > 0xffffffffUL)
		abort();
	if ((msgid != NULL) != with_msgid)
		abort();
	/* It goes to a state file, one line each. */
	if (msgid != NULL && strpbrk(msgid, "\r\n") != NULL)
		abort();
	return uid == 3 ? 3 : 0;
}

static int
each_uid(void *ctx, unsigned long uid)
{
	(void)ctx;
	if (uid == 0 || uid > 0xffffffffUL)
		abort();
	return uid == 3 ? 3 : 0;
}

static int
each_name(void *ctx, const char *name)
{
	int *calls = ctx;

	if (name == NULL)
		abort();
	return ++*calls == 3 ? 3 : 0;
}

/* ---- the commands ------------------------------------------------------- */

static struct pst_imap *
session(const uint8_t *data, size_t size)
{
	return pst_imap_on(pst_conn_mem(caps, (const char *)data, size));
}

static void
do_select(struct pst_imap *im)
{
	struct pst_err e = {0};
	unsigned long uv = 0, exists = 0;
	int rc;

	rc = pst_imap_select(im, "INBOX/caf\xc3\xa9 &", 0, &uv, &exists, &e);
	if (rc != 0 && rc != -1)
		abort();
	if (rc == 0 && (uv == 0 || uv > 0xffffffffUL))
		abort();
	check_err(rc, &e);
}

static void
do_list(struct pst_imap *im, int with_msgid)
{
	struct pst_err e = {0};
	int rc = pst_imap_list(im, with_msgid, each_msg, &with_msgid, &e);

	if (rc != 0 && rc != -1 && rc != 3)
		abort();
	check_err(rc, &e);
}

static void
do_fetch(struct pst_imap *im, size_t size)
{
	struct checker k = { 0, 0, 0, 0, size, NULL };
	struct pst_sink s = { k_begin, k_data, k_end, k_abort, &k };
	struct pst_err e = {0};
	int rc = pst_imap_fetch(im, uids, 5, &s, &e);

	if (k.open || (rc != 0 && rc != -1))
		abort();
	check_err(rc, &e);
}

static void
do_since(struct pst_imap *im)
{
	struct pst_err e = {0};
	int rc = pst_imap_since(im, "1-Jan-2026", each_uid, NULL, &e);

	if (rc != 0 && rc != -1 && rc != 3)
		abort();
	check_err(rc, &e);
}

static void
do_delete(struct pst_imap *im)
{
	struct pst_err e = {0};
	int rc = pst_imap_delete(im, uids, 5, &e);

	if (rc != 0 && rc != -1)
		abort();
	check_err(rc, &e);
}

static void
do_folders(struct pst_imap *im)
{
	struct pst_err e = {0};
	int calls = 0;
	int rc = pst_imap_folders(im, each_name, &calls, &e);

	if (rc != 0 && rc != -1 && rc != 3)
		abort();
	check_err(rc, &e);
}

static void
do_logout(struct pst_imap *im)
{
	struct pst_err e = {0};
	int rc = pst_imap_logout(im, &e);

	if (rc != 0 && rc != -1)
		abort();
	check_err(rc, &e);
}

static void
fuzz_commands(const uint8_t *data, size_t size)
{
	struct pst_imap *im;
	int i;

	for (i = 0; i < 8; i++) {
		im = session(data, size);
		switch (i) {
		case 0:
			do_select(im);
			break;
		case 1:
			do_list(im, 0);
			break;
		case 2:
			do_list(im, 1);
			break;
		case 3:
			do_fetch(im, size);
			break;
		case 4:
			do_since(im);
			break;
		case 5:
			do_delete(im);
			break;
		case 6:
			do_folders(im);
			break;
		default:
			do_logout(im);
			break;
		}
		pst_imap_close(im);
	}
	/* A whole run on one session, whatever went before: m1, m2, ... */
	im = session(data, size);
	do_select(im);
	do_list(im, 1);
	do_fetch(im, size);
	do_delete(im);
	do_folders(im);
	do_logout(im);
	pst_imap_close(im);
}

/* ---- modified UTF-7 ----------------------------------------------------- */

/* Whether s[0..n) is UTF-8 with no control below U+0020 and no NUL. */
static int
valid_name(const unsigned char *s, size_t n)
{
	size_t i = 0, k, j;
	unsigned long cp;

	while (i < n) {
		if (s[i] < 0x20)
			return 0;
		if (s[i] < 0x80) {
			i++;
			continue;
		}
		if (s[i] >= 0xc2 && s[i] <= 0xdf)
			k = 1, cp = s[i] & 0x1f;
		else if (s[i] >= 0xe0 && s[i] <= 0xef)
			k = 2, cp = s[i] & 0x0f;
		else if (s[i] >= 0xf0 && s[i] <= 0xf4)
			k = 3, cp = s[i] & 0x07;
		else
			return 0;
		if (n - i <= k)
			return 0;
		for (j = 1; j <= k; j++) {
			if ((s[i + j] & 0xc0) != 0x80)
				return 0;
			cp = cp << 6 | (s[i + j] & 0x3f);
		}
		if ((k == 2 && cp < 0x800) || (k == 3 && (cp < 0x10000 ||
		    cp > 0x10ffff)) || (cp >= 0xd800 && cp <= 0xdfff))
			return 0;
		i += k + 1;
	}
	return 1;
}

/* An encoded name: printable ASCII, every shift closed, none empty
 * but "&-", and no null shift ("-&" from base64 back into it). */
static void
check_encoded(const char *p, size_t n)
{
	size_t i = 0;

	while (i < n) {
		if (p[i] < 0x20 || p[i] > 0x7e)
			abort();
		if (p[i] != '&') {
			i++;
			continue;
		}
		if (++i < n && p[i] == '-') {
			i++;
			continue;
		}
		if (i >= n || p[i] == '-')
			abort();
		while (i < n && p[i] != '-')
			if (strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZ"
			    "abcdefghijklmnopqrstuvwxyz0123456789+,",
			    p[i++]) == NULL)
				abort();
		if (i >= n)
			abort();
		i++;
		if (i + 1 < n && p[i] == '&' && p[i + 1] != '-')
			abort();	/* a null shift */
	}
}

/* name (a C string) encodes exactly when it is valid, and then decodes
 * back to itself. */
static void
check_encode(const char *name)
{
	struct pst_buf enc = {0}, dec = {0};
	int valid = valid_name((const unsigned char *)name, strlen(name));
	int rc = pst_imap_utf7_encode(name, &enc);

	if (rc != (valid ? 0 : -1))
		abort();
	if (rc == 0) {
		check_encoded(pst_buf_str(&enc), enc.len);
		if (pst_imap_utf7_decode(pst_buf_str(&enc), enc.len,
		    &dec) != 0 || strcmp(pst_buf_str(&dec), name) != 0)
			abort();
	}
	pst_buf_free(&enc);
	pst_buf_free(&dec);
}

static void
fuzz_utf7(const uint8_t *data, size_t size)
{
	struct pst_buf dec = {0}, name = {0};
	int rc;

	pst_buf_adds(&dec, "x");
	rc = pst_imap_utf7_decode((const char *)data, size, &dec);
	if (rc != 0 && rc != -1)
		abort();
	if (dec.p[0] != 'x')
		abort();
	/* Malformed: the name as it is. */
	if (rc == -1 && (dec.len != size + 1 ||
	    memcmp(dec.p + 1, data, size) != 0))
		abort();
	/* What decoded and is a valid name encodes and decodes again. */
	if (rc == 0 && valid_name((const unsigned char *)dec.p + 1,
	    dec.len - 1))
		check_encode(dec.p + 1);
	pst_buf_add(&name, data, size);
	check_encode(pst_buf_str(&name));
	pst_buf_free(&dec);
	pst_buf_free(&name);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_commands(data, size);
	fuzz_utf7(data, size);
	return 0;
}
