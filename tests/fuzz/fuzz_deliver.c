/* fuzz_deliver: a message delivered in fuzzer-chosen pieces through a
 * stream and an mbox, read back with pst_mbox_next.
 *
 * The property. Let L(M) be M with every CRLF pair made LF (left to
 * right; a CR not followed by LF is kept; NULs and every other byte kept),
 * and R(M) be L(M) with a LF added when it is not empty and does not end
 * with one. Then, however M is cut into pieces:
 * - reading the delivered bytes with pst_mbox_next gives R(M) once for
 *   each time M was delivered, and nothing else: the mboxrd quoting of
 *   ">*From " lines is undone exactly, and the blank line that ends each
 *   message is the one pst_mbox_next drops;
 * - the only lines of the bytes that begin with "From " are the
 *   separators, one per message, and the bytes end with "\n\n";
 * - the mbox's recorded end (pst_dest_mbox_end) is its size.
 *
 * Input: byte 0 and 1 choose where M is cut in two for its first
 * delivery, byte 2 the size of the pieces of its second; M is the rest. */
#include <fcntl.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "deliver.h"
#include "err.h"
#include "mbox.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int stream_fd = -1;

/* The stream's file, unlinked at once, made on the first call. */
static void
set_up(void)
{
	char path[64];

	if (stream_fd >= 0)
		return;
	snprintf(path, sizeof path, "/tmp/posta-fuzz-deliver.XXXXXX");
	if ((stream_fd = mkstemp(path)) < 0 || unlink(path) < 0)
		abort();
}

/* R(M), the property's expectation. */
static void
expected(const char *p, size_t n, struct pst_buf *out)
{
	pst_buf_add(out, "", 0);
	for (size_t i = 0; i < n; i++) {
		if (p[i] == '\r' && i + 1 < n && p[i + 1] == '\n')
			continue;
		pst_buf_addc(out, p[i]);
	}
	if (out->len > 0 && out->p[out->len - 1] != '\n')
		pst_buf_addc(out, '\n');
}

/* Deliver p[0..n) twice: cut in two at cut, then in pieces of step. */
static void
deliver_twice(struct pst_dest *d, const char *p, size_t n, size_t cut,
    size_t step)
{
	struct pst_err e = {0};
	size_t k;

	if (pst_dest_begin(d, &e) < 0 ||
	    pst_dest_write(d, p, cut, &e) < 0 ||
	    pst_dest_write(d, p + cut, n - cut, &e) < 0 ||
	    pst_dest_end(d, 1, &e) < 0)
		abort();
	if (pst_dest_begin(d, &e) < 0)
		abort();
	for (size_t off = 0; off < n; off += k) {
		k = n - off < step ? n - off : step;
		if (pst_dest_write(d, p + off, k, &e) < 0)
			abort();
	}
	if (pst_dest_end(d, 2, &e) < 0)
		abort();
}

/* Check the bytes in fd against the property, for two deliveries. */
static void
check(int fd, const struct pst_buf *want)
{
	struct pst_buf all = {0}, msg = {0};
	struct pst_mbox mb;
	size_t froms = 0, count = 0;
	FILE *fp;
	int rc;

	if (lseek(fd, 0, SEEK_SET) < 0 || pst_buf_read_fd(&all, fd, 0, 0) < 0)
		abort();
	if (all.len < 2 || memcmp(all.p + all.len - 2, "\n\n", 2) != 0)
		abort();
	for (size_t i = 0; i < all.len; i++)
		if ((i == 0 || all.p[i - 1] == '\n') && all.len - i >= 5 &&
		    memcmp(all.p + i, "From ", 5) == 0)
			froms++;
	if (froms != 2)
		abort();
	if ((fp = fmemopen(all.p, all.len, "r")) == NULL)
		abort();
	pst_mbox_init(&mb, fp);
	while ((rc = pst_mbox_next(&mb, &msg)) == 1) {
		if (msg.len != want->len ||
		    (want->len > 0 && memcmp(msg.p, want->p, want->len) != 0))
			abort();
		count++;
	}
	if (rc != 0 || count != 2)
		abort();
	pst_mbox_free(&mb);
	fclose(fp);
	pst_buf_free(&msg);
	pst_buf_free(&all);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pst_buf want = {0};
	struct pst_err e = {0};
	struct pst_dest *d;
	struct stat st;
	char dir[64], mbox_path[128];
	const char *p;
	size_t n, cut, step;
	int fd;

	if (size < 3)
		return 0;
	set_up();
	p = (const char *)data + 3;
	n = size - 3;
	cut = (((size_t)data[0] << 8) | data[1]) % (n + 1);
	step = (size_t)data[2] % 64 + 1;
	expected(p, n, &want);

	/* A stream into a file. */
	if (ftruncate(stream_fd, 0) < 0 || lseek(stream_fd, 0, SEEK_SET) < 0)
		abort();
	if ((d = pst_dest_open(PST_DEST_STREAM, NULL, stream_fd, "fz", &e)) ==
	    NULL)
		abort();
	deliver_twice(d, p, n, cut, step);
	if (pst_dest_close(d, &e) < 0)
		abort();
	check(stream_fd, &want);

	/* An mbox in a directory of its own, made empty first (an empty file
	 * is an empty mbox; made here, it needs no fsync of the directory). */
	snprintf(dir, sizeof dir, "/tmp/posta-fuzz-deliver.XXXXXX");
	if (mkdtemp(dir) == NULL)
		abort();
	snprintf(mbox_path, sizeof mbox_path, "%s/mbox", dir);
	if ((fd = open(mbox_path, O_WRONLY | O_CREAT | O_EXCL, 0600)) < 0 ||
	    close(fd) < 0)
		abort();
	if ((d = pst_dest_open(PST_DEST_MBOX, mbox_path, -1, "fz", &e)) ==
	    NULL)
		abort();
	deliver_twice(d, p, n, cut, step);
	if (stat(mbox_path, &st) < 0 || pst_dest_mbox_end(d) != st.st_size)
		abort();
	if (pst_dest_close(d, &e) < 0)
		abort();
	if ((fd = open(mbox_path, O_RDONLY)) < 0)
		abort();
	check(fd, &want);
	close(fd);
	if (unlink(mbox_path) < 0 || rmdir(dir) < 0)
		abort();

	pst_buf_free(&want);
	return 0;
}
