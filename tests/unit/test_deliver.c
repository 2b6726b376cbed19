/* Unit tests of lib/deliver.c: Maildir, mbox and stream delivery, in a
 * scratch directory under /tmp. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "deliver.h"
#include "err.h"
#include "mbox.h"
#include "t.h"

void test_deliver_maildir_bytes(void);
void test_deliver_maildir_name(void);
void test_deliver_maildir_tmp_clean(void);
void test_deliver_maildir_create(void);
void test_deliver_maildir_recover(void);
void test_deliver_mbox_basic(void);
void test_deliver_mbox_quoting(void);
void test_deliver_mbox_abort(void);
void test_deliver_mbox_existing(void);
void test_deliver_mbox_refused(void);
void test_deliver_mbox_dotlock(void);
void test_deliver_mbox_fcntl_lock(void);
void test_deliver_mbox_cut(void);
void test_deliver_stream_splits(void);
void test_deliver_stream_held(void);
void test_deliver_stream_spill(void);
void test_deliver_stream_errors(void);
void test_deliver_misuse(void);

/* Messages as the wire has them, some with NULs, so with their lengths. */
struct wire {
	const char *p;
	size_t n;
};
#define W(s)	{ (s), sizeof(s) - 1 }
static const struct wire wires[] = {
	W("Subject: x\r\n\r\nFrom me\r\n>From you\r\nbody\r\n"),
	W("a\rb\r\n\r\r\nc\r"),
	W(">>From x\r\nFrom\r\nFro"),
	W(""),
	W("\r\n"),
	W("F"),
	W("\n\nFrom \n"),
	W("x\0y\r\n\0From \r\n"),
	W("From "),
	W(">\r\n>F\r\n>>>>>From z\r\n\r"),
	W("\r\r\n\r\nFrom x\r\r\n"),
};
#define NWIRES	(sizeof wires / sizeof wires[0])

static char tmpdir[64];

static void
make_tmpdir(void)
{
	snprintf(tmpdir, sizeof tmpdir, "/tmp/posta-test-deliver.XXXXXX");
	if (mkdtemp(tmpdir) == NULL) {
		perror("mkdtemp");
		exit(1);
	}
}

/* Remove the directory tree at path. */
static void
remove_tree(const char *path)
{
	struct dirent *de;
	struct stat st;
	char sub[1024];
	DIR *dp;

	if (lstat(path, &st) < 0)
		return;
	if (!S_ISDIR(st.st_mode)) {
		unlink(path);
		return;
	}
	if ((dp = opendir(path)) != NULL) {
		while ((de = readdir(dp)) != NULL) {
			if (strcmp(de->d_name, ".") == 0 ||
			    strcmp(de->d_name, "..") == 0)
				continue;
			snprintf(sub, sizeof sub, "%s/%s", path, de->d_name);
			remove_tree(sub);
		}
		closedir(dp);
	}
	rmdir(path);
}

/* tmpdir/rel, in one of a few static buffers. */
static const char *
at(const char *rel)
{
	static char bufs[4][512];
	static int k;
	char *b = bufs[k++ % 4];

	snprintf(b, sizeof bufs[0], "%s/%s", tmpdir, rel);
	return b;
}

static void
put_file(const char *path, const char *s, size_t n)
{
	FILE *fp = fopen(path, "wb");

	if (fp == NULL || fwrite(s, 1, n, fp) != n || fclose(fp) != 0) {
		perror(path);
		exit(1);
	}
}

/* The whole file at path into b (reset first); -1 when unreadable. */
static int
get_file(const char *path, struct pst_buf *b)
{
	int fd = open(path, O_RDONLY), rc;

	pst_buf_reset(b);
	if (fd < 0)
		return -1;
	rc = pst_buf_read_fd(b, fd, 0, 0);
	close(fd);
	return rc;
}

/* How many names, not "." or "..", dir holds; the last one into name. */
static int
count_dir(const char *dir, char *name, size_t size)
{
	struct dirent *de;
	DIR *dp = opendir(dir);
	int n = 0;

	if (dp == NULL)
		return -1;
	while ((de = readdir(dp)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		n++;
		if (name != NULL)
			snprintf(name, size, "%s", de->d_name);
	}
	closedir(dp);
	return n;
}

/* What a Maildir holds for w: every CRLF made LF, a lone CR kept. */
static void
ref_lf(const char *p, size_t n, struct pst_buf *out)
{
	pst_buf_reset(out);
	pst_buf_add(out, "", 0);
	for (size_t i = 0; i < n; i++) {
		if (p[i] == '\r' && i + 1 < n && p[i + 1] == '\n')
			continue;
		pst_buf_addc(out, p[i]);
	}
}

/* What pst_mbox_next gives back for w: the LF form, with a final LF when
 * it is not empty and lacks one. */
static void
ref_read(const char *p, size_t n, struct pst_buf *out)
{
	ref_lf(p, n, out);
	if (out->len > 0 && out->p[out->len - 1] != '\n')
		pst_buf_addc(out, '\n');
}

/* What a stream or an mbox holds for w after its separator line: the LF
 * form, ">*From " lines given one more '>', the final LF, the blank line. */
static void
ref_mboxrd(const char *p, size_t n, struct pst_buf *out)
{
	struct pst_buf lf = {0};
	size_t i = 0, q;

	ref_read(p, n, &lf);
	pst_buf_reset(out);
	pst_buf_add(out, "", 0);
	while (i < lf.len) {
		for (q = i; q < lf.len && lf.p[q] == '>'; q++)
			;
		if (lf.len - q >= 5 && memcmp(lf.p + q, "From ", 5) == 0)
			pst_buf_addc(out, '>');
		for (; i < lf.len && lf.p[i] != '\n'; i++)
			pst_buf_addc(out, lf.p[i]);
		if (i < lf.len)
			pst_buf_addc(out, lf.p[i++]);
	}
	pst_buf_addc(out, '\n');
	pst_buf_free(&lf);
}

/* The host name as a Maildir file name has it. */
static void
escaped_host(char *out, size_t size)
{
	char hn[256];
	size_t o = 0;

	if (gethostname(hn, sizeof hn) < 0 || hn[0] == '\0')
		snprintf(hn, sizeof hn, "localhost");
	hn[sizeof hn - 1] = '\0';
	for (const char *s = hn; *s != '\0' && o + 5 < size; s++) {
		if (*s == '/')
			o += (size_t)snprintf(out + o, size - o, "\\057");
		else if (*s == ':')
			o += (size_t)snprintf(out + o, size - o, "\\072");
		else
			out[o++] = *s;
	}
	out[o] = '\0';
}

/* Whether name is "<digits>.R<tag><letter><id>.<host>". */
static int
name_is(const char *name, const char *tag, char letter, unsigned long id)
{
	char host[600], want[800];
	const char *dot = strchr(name, '.');

	if (dot == NULL || dot == name)
		return 0;
	for (const char *s = name; s < dot; s++)
		if (*s < '0' || *s > '9')
			return 0;
	escaped_host(host, sizeof host);
	snprintf(want, sizeof want, ".R%s%c%lu.%s", tag, letter, id, host);
	return strcmp(dot, want) == 0;
}

/* Read the mbox stream at path message by message: want[0..nwant). */
static void
mbox_is(const char *path, const struct pst_buf *want, size_t nwant, int line)
{
	struct pst_mbox mb;
	struct pst_buf msg = {0};
	size_t k = 0;
	FILE *fp = fopen(path, "rb");
	int rc;

	if (!t_check(fp != NULL, __FILE__, line, "fopen"))
		return;
	pst_mbox_init(&mb, fp);
	while ((rc = pst_mbox_next(&mb, &msg)) == 1) {
		if (k < nwant)
			t_memeq(pst_buf_str(&msg), msg.len,
			    pst_buf_str(&want[k]), want[k].len, __FILE__, line,
			    "message read back");
		k++;
	}
	t_inteq(rc, 0, __FILE__, line, "end of mbox");
	t_inteq((long long)k, (long long)nwant, __FILE__, line, "messages");
	pst_mbox_free(&mb);
	pst_buf_free(&msg);
	fclose(fp);
}

/* Whether p[0..n) begins with a separator line of the asctime form, "From
 * MAILER-DAEMON Sat Nov 22 10:00:00 2026\n", for a time in [t0, t1]; its
 * length, or 0. */
static size_t
from_line_len(const char *p, size_t n, time_t t0, time_t t1)
{
	char want[128];
	struct tm tm;
	size_t k;

	for (time_t t = t0; t <= t1; t++) {
		gmtime_r(&t, &tm);
		k = strftime(want, sizeof want,
		    "From MAILER-DAEMON %a %b %e %H:%M:%S %Y\n", &tm);
		if (k > 0 && n >= k && memcmp(p, want, k) == 0)
			return k;
	}
	return 0;
}

/* Deliver w in pieces cut at the offsets cut[0..ncut) (ascending). */
static int
deliver_cut(struct pst_dest *d, const struct wire *w, const size_t *cut,
    size_t ncut, unsigned long id, struct pst_err *e)
{
	size_t from = 0;

	if (pst_dest_begin(d, e) < 0)
		return -1;
	for (size_t i = 0; i <= ncut; i++) {
		size_t to = i < ncut ? cut[i] : w->n;
		if (pst_dest_write(d, w->p + from, to - from, e) < 0)
			return -1;
		from = to;
	}
	return pst_dest_end(d, id, e);
}

static int
deliver(struct pst_dest *d, const char *s, unsigned long id,
    struct pst_err *e)
{
	struct wire w = { s, strlen(s) };

	return deliver_cut(d, &w, NULL, 0, id, e);
}

/* ---- Maildir ------------------------------------------------------------ */

/* Check that, once d is synced, new/ holds one file, the message id with
 * content want, and remove it. */
static void
take_new(struct pst_dest *d, const char *md, const char *tag, unsigned long id,
    const struct pst_buf *want, int line)
{
	char dir[512], name[512], path[1100];
	struct pst_buf got = {0};
	struct pst_err e = {0};

	t_inteq(pst_dest_sync(d, &e), 0, __FILE__, line, "sync");
	snprintf(dir, sizeof dir, "%s/new", md);
	if (!t_inteq(count_dir(dir, name, sizeof name), 1, __FILE__, line,
	    "one file in new/"))
		return;
	t_check(name_is(name, tag, 'I', id), __FILE__, line, name);
	snprintf(path, sizeof path, "%s/%s", dir, name);
	t_inteq(get_file(path, &got), 0, __FILE__, line, "read new/ file");
	t_memeq(pst_buf_str(&got), got.len, pst_buf_str(want), want->len,
	    __FILE__, line, "new/ file");
	unlink(path);
	pst_buf_free(&got);
}

void test_deliver_maildir_bytes(void)
{
	struct pst_err e = {0};
	struct pst_buf want = {0};
	struct pst_dest *d;
	size_t cut[64];
	unsigned long id = 0;
	const char *md;

	make_tmpdir();
	md = at("md");
	d = pst_dest_open(PST_DEST_MAILDIR, md, -1, "ab12", &e);
	if (!T_OK(d != NULL)) {
		fprintf(stderr, "  %s\n", e.msg);
		goto out;
	}
	for (size_t w = 0; w < NWIRES; w++) {
		ref_lf(wires[w].p, wires[w].n, &want);
		/* Cut in two at every offset. */
		for (size_t i = 0; i <= wires[w].n; i++) {
			cut[0] = i;
			T_INTEQ(deliver_cut(d, &wires[w], cut, 1, ++id, &e), 0);
			take_new(d, md, "ab12", id, &want, __LINE__);
		}
		/* A byte at a time. */
		for (size_t i = 0; i < wires[w].n && i < 64; i++)
			cut[i] = i;
		T_INTEQ(deliver_cut(d, &wires[w], cut,
		    wires[w].n < 64 ? wires[w].n : 64, ++id, &e),
		    0);
		take_new(d, md, "ab12", id, &want, __LINE__);
	}
	T_INTEQ(count_dir(at("md/tmp"), NULL, 0), 0);
	T_INTEQ(pst_dest_sync(d, &e), 0);
	T_INTEQ(pst_dest_close(d, &e), 0);
	T_INTEQ(e.status, 0);
out:
	pst_buf_free(&want);
	remove_tree(tmpdir);
}

void test_deliver_maildir_name(void)
{
	struct pst_err e = {0};
	struct pst_dest *d;
	char name[512], host[600];
	time_t t0, t1;
	long long secs;

	make_tmpdir();
	d = pst_dest_open(PST_DEST_MAILDIR, at("md"), -1, "Run7Z", &e);
	if (!T_OK(d != NULL))
		goto out;
	t0 = time(NULL);
	T_INTEQ(deliver(d, "x\r\n", 4294967295UL, &e), 0);
	t1 = time(NULL);
	T_INTEQ(pst_dest_sync(d, &e), 0);
	T_INTEQ(count_dir(at("md/new"), name, sizeof name), 1);
	T_OK(name_is(name, "Run7Z", 'I', 4294967295UL));
	secs = strtoll(name, NULL, 10);
	T_OK(secs >= t0 && secs <= t1);
	T_OK(strchr(name, '/') == NULL && strchr(name, ':') == NULL);
	escaped_host(host, sizeof host);
	T_OK(strlen(name) <= 255);
	/* Mode 0600, as the tmp/ file was made. */
	{
		struct stat st;
		char path[1100];
		snprintf(path, sizeof path, "%s/%s", at("md/new"), name);
		T_INTEQ(stat(path, &st), 0);
		T_INTEQ(st.st_mode & 0777, 0600);
	}
	T_INTEQ(pst_dest_mbox_end(d), -1);
	T_INTEQ(pst_dest_close(d, &e), 0);
out:
	remove_tree(tmpdir);
}

void test_deliver_maildir_tmp_clean(void)
{
	struct pst_err e = {0};
	struct pst_dest *d;
	char name[512];

	make_tmpdir();
	d = pst_dest_open(PST_DEST_MAILDIR, at("md"), -1, "t9", &e);
	if (!T_OK(d != NULL))
		goto out;
	/* While it is written, the message is in tmp/ only. */
	T_INTEQ(pst_dest_begin(d, &e), 0);
	T_INTEQ(pst_dest_write(d, "a\r\nb", 4, &e), 0);
	T_INTEQ(count_dir(at("md/tmp"), name, sizeof name), 1);
	T_OK(name_is(name, "t9", 'T', 1));
	T_INTEQ(count_dir(at("md/new"), NULL, 0), 0);
	pst_dest_abort(d);
	T_INTEQ(count_dir(at("md/tmp"), NULL, 0), 0);
	T_INTEQ(count_dir(at("md/new"), NULL, 0), 0);
	pst_dest_abort(d);	/* nothing open: fine */
	/* After an end and a sync, tmp/ is empty and new/ has it. */
	T_INTEQ(deliver(d, "b\r\n", 2, &e), 0);
	T_INTEQ(pst_dest_sync(d, &e), 0);
	T_INTEQ(count_dir(at("md/tmp"), NULL, 0), 0);
	T_INTEQ(count_dir(at("md/new"), NULL, 0), 1);
	/* Closing with a message open removes it too. */
	T_INTEQ(pst_dest_begin(d, &e), 0);
	T_INTEQ(pst_dest_write(d, "c", 1, &e), 0);
	T_INTEQ(pst_dest_close(d, &e), 0);
	T_INTEQ(count_dir(at("md/tmp"), NULL, 0), 0);
	T_INTEQ(count_dir(at("md/new"), NULL, 0), 1);
	T_INTEQ(e.status, 0);
out:
	remove_tree(tmpdir);
}

void test_deliver_maildir_create(void)
{
	struct pst_err e = {0};
	struct pst_dest *d;
	struct stat st;

	make_tmpdir();
	d = pst_dest_open(PST_DEST_MAILDIR, at("a/b/Mail/"), -1, "x", &e);
	if (!T_OK(d != NULL))
		goto out;
	T_INTEQ(pst_dest_close(d, &e), 0);
	T_INTEQ(stat(at("a/b/Mail/cur"), &st), 0);
	T_INTEQ(st.st_mode & 0777, 0700);
	T_INTEQ(stat(at("a/b/Mail/tmp"), &st), 0);
	T_INTEQ(stat(at("a/b/Mail/new"), &st), 0);
	/* An existing one is used as it is. */
	d = pst_dest_open(PST_DEST_MAILDIR, at("a/b/Mail"), -1, "x", &e);
	T_OK(d != NULL);
	T_INTEQ(pst_dest_close(d, &e), 0);
	/* A file where a directory should be. */
	put_file(at("f"), "", 0);
	d = pst_dest_open(PST_DEST_MAILDIR, at("f"), -1, "x", &e);
	T_OK(d == NULL);
	T_INTEQ(e.status, 73);
	pst_err_clear(&e);
	d = pst_dest_open(PST_DEST_MAILDIR, at("f/md"), -1, "x", &e);
	T_OK(d == NULL);
	T_INTEQ(e.status, 73);
out:
	remove_tree(tmpdir);
}

struct found {
	unsigned long ids[16];
	char paths[16][512];
	int n;
};

static void
on_found(void *ctx, unsigned long id, const char *path)
{
	struct found *f = ctx;

	if (f->n < 16) {
		f->ids[f->n] = id;
		snprintf(f->paths[f->n], sizeof f->paths[0], "%s", path);
	}
	f->n++;
}

/* Whether f has id, found at a path that starts with dir and names an
 * existing file. */
static int
has(const struct found *f, unsigned long id, const char *dir)
{
	struct stat st;

	for (int i = 0; i < f->n && i < 16; i++)
		if (f->ids[i] == id &&
		    strncmp(f->paths[i], dir, strlen(dir)) == 0 &&
		    stat(f->paths[i], &st) == 0)
			return 1;
	return 0;
}

void test_deliver_maildir_recover(void)
{
	struct pst_err e = {0};
	struct found f = {0};
	struct pst_dest *d;
	char name[512], from[1100], to[1100];

	make_tmpdir();
	/* Missing: nothing found, no error. */
	T_INTEQ(pst_maildir_recover(at("none"), "T1", on_found, &f, &e), 0);
	T_INTEQ(f.n, 0);
	d = pst_dest_open(PST_DEST_MAILDIR, at("md"), -1, "T1", &e);
	if (!T_OK(d != NULL))
		goto out;
	T_INTEQ(deliver(d, "one\r\n", 1, &e), 0);
	T_INTEQ(pst_dest_sync(d, &e), 0);
	/* Read by a mail reader: moved to cur/ with flags. */
	T_INTEQ(count_dir(at("md/new"), name, sizeof name), 1);
	snprintf(from, sizeof from, "%s/%s", at("md/new"), name);
	snprintf(to, sizeof to, "%s/%s:2,S", at("md/cur"), name);
	T_INTEQ(rename(from, to), 0);
	T_INTEQ(deliver(d, "two\r\n", 2, &e), 0);
	T_INTEQ(deliver(d, "three\r\n", 30, &e), 0);
	T_INTEQ(pst_dest_close(d, &e), 0);
	/* Another run's, and names that only look like this run's. */
	put_file(at("md/new/100.RT2I9.host"), "", 0);
	put_file(at("md/new/100.RT1xI9.host"), "", 0);
	put_file(at("md/new/100.RT1I9x.host"), "", 0);
	put_file(at("md/new/100.RT1I.host"), "", 0);
	put_file(at("md/new/100.RxT1I4.host"), "", 0);
	put_file(at("md/new/100.RT1I99999999999999999999999.host"), "", 0);
	put_file(at("md/cur/100.RT1T5.host:2,"), "", 0);
	/* Left in tmp/ by a killed run: this run's go, another's stay. */
	put_file(at("md/tmp/100.RT1T7.host"), "x", 1);
	put_file(at("md/tmp/100.RT2T7.host"), "x", 1);
	put_file(at("md/tmp/100.RT1xT7.host"), "x", 1);
	T_INTEQ(pst_maildir_recover(at("md"), "T1", on_found, &f, &e), 0);
	T_INTEQ(f.n, 3);
	T_OK(has(&f, 1, at("md/cur/")));
	T_OK(has(&f, 2, at("md/new/")));
	T_OK(has(&f, 30, at("md/new/")));
	T_INTEQ(count_dir(at("md/tmp"), NULL, 0), 2);
	T_INTEQ(access(at("md/tmp/100.RT1T7.host"), F_OK), -1);
	T_INTEQ(access(at("md/tmp/100.RT2T7.host"), F_OK), 0);
	/* The other run's. */
	memset(&f, 0, sizeof f);
	T_INTEQ(pst_maildir_recover(at("md"), "T2", on_found, &f, &e), 0);
	T_INTEQ(f.n, 1);
	T_OK(has(&f, 9, at("md/new/")));
	T_INTEQ(count_dir(at("md/tmp"), NULL, 0), 1);
	T_INTEQ(e.status, 0);
	/* A bad tag is refused. */
	T_INTEQ(pst_maildir_recover(at("md"), "a.b", on_found, &f, &e), -1);
out:
	remove_tree(tmpdir);
}

/* ---- mbox --------------------------------------------------------------- */

void test_deliver_mbox_basic(void)
{
	static const char *const msgs[] = {
		"From: a@example.org\r\nSubject: one\r\n\r\nhello\r\n",
		"Subject: two\r\n\r\nFrom here\r\nno final newline",
		"",
	};
	struct pst_buf want[3] = {{0}}, file = {0}, body = {0};
	struct pst_err e = {0};
	struct pst_dest *d;
	struct stat st;
	size_t pos = 0, k;
	time_t t0, t1;
	const char *mb;

	make_tmpdir();
	mb = at("mbox");
	t0 = time(NULL);
	d = pst_dest_open(PST_DEST_MBOX, mb, -1, "m1", &e);
	if (!T_OK(d != NULL)) {
		fprintf(stderr, "  %s\n", e.msg);
		goto out;
	}
	T_INTEQ(pst_dest_mbox_end(d), 0);
	/* Locked while open. */
	T_INTEQ(access(at("mbox.lock"), F_OK), 0);
	for (size_t i = 0; i < 3; i++) {
		T_INTEQ(deliver(d, msgs[i], i, &e), 0);
		ref_read(msgs[i], strlen(msgs[i]), &want[i]);
	}
	T_INTEQ(pst_dest_sync(d, &e), 0);
	T_INTEQ(stat(mb, &st), 0);
	T_INTEQ(pst_dest_mbox_end(d), st.st_size);
	T_INTEQ(st.st_mode & 0777, 0600);
	T_INTEQ(pst_dest_close(d, &e), 0);
	t1 = time(NULL);
	T_INTEQ(access(at("mbox.lock"), F_OK), -1);
	mbox_is(mb, want, 3, __LINE__);
	/* Byte for byte: separator, quoted text, final LF, blank line. */
	T_INTEQ(get_file(mb, &file), 0);
	for (size_t i = 0; i < 3; i++) {
		k = from_line_len(file.p + pos, file.len - pos, t0, t1);
		if (!T_OK(k > 0))
			break;
		pos += k;
		ref_mboxrd(msgs[i], strlen(msgs[i]), &body);
		T_OK(file.len - pos >= body.len);
		if (file.len - pos < body.len)
			break;
		T_MEMEQ(file.p + pos, body.len, body.p, body.len);
		pos += body.len;
	}
	T_INTEQ(pos, file.len);
	T_OK(file.len >= 2 && memcmp(file.p + file.len - 2, "\n\n", 2) == 0);
	T_OK(strstr(pst_buf_str(&file), "\n>From here\nno final newline\n\n")
	    != NULL);
out:
	for (size_t i = 0; i < 3; i++)
		pst_buf_free(&want[i]);
	pst_buf_free(&file);
	pst_buf_free(&body);
	remove_tree(tmpdir);
}

void test_deliver_mbox_quoting(void)
{
	static const char msg[] =
	    "From a\r\n>From b\r\n>>From c\r\nFrom\r\n>From\r\nFro\r\n"
	    " From x\r\nx From y\r\n>>>x\r\nFrom ";
	static const char quoted[] =
	    ">From a\n>>From b\n>>>From c\nFrom\n>From\nFro\n"
	    " From x\nx From y\n>>>x\n>From \n\n";
	struct pst_buf file = {0}, want = {0};
	struct pst_err e = {0};
	struct wire w = W(msg);
	struct pst_dest *d;
	size_t cut[2], nl;
	const char *mb;

	make_tmpdir();
	mb = at("mbox");
	/* Cut at every pair of offsets. */
	for (size_t i = 0; i <= w.n; i += 3) {
		for (size_t j = i; j <= w.n; j++) {
			d = pst_dest_open(PST_DEST_MBOX, mb, -1, "q", &e);
			if (!T_OK(d != NULL))
				goto out;
			cut[0] = i;
			cut[1] = j;
			T_INTEQ(deliver_cut(d, &w, cut, 2, 1, &e), 0);
			T_INTEQ(pst_dest_close(d, &e), 0);
			T_INTEQ(get_file(mb, &file), 0);
			nl = (size_t)(strchr(pst_buf_str(&file), '\n') -
			    pst_buf_str(&file)) + 1;
			T_MEMEQ(file.p + nl, file.len - nl, quoted,
			    sizeof quoted - 1);
			unlink(mb);
		}
	}
	ref_mboxrd(msg, sizeof msg - 1, &want);
	T_MEMEQ(want.p, want.len, quoted, sizeof quoted - 1);
out:
	pst_buf_free(&file);
	pst_buf_free(&want);
	remove_tree(tmpdir);
}

void test_deliver_mbox_abort(void)
{
	struct pst_buf want[2] = {{0}}, before = {0}, after = {0}, big = {0};
	struct pst_err e = {0};
	struct pst_dest *d;
	off_t end1;
	const char *mb;

	make_tmpdir();
	mb = at("mbox");
	d = pst_dest_open(PST_DEST_MBOX, mb, -1, "ab", &e);
	if (!T_OK(d != NULL))
		goto out;
	T_INTEQ(deliver(d, "first\r\n", 1, &e), 0);
	end1 = pst_dest_mbox_end(d);
	T_OK(end1 > 0);
	T_INTEQ(get_file(mb, &before), 0);
	/* Past the write buffer, so that some of it is in the file. */
	for (int i = 0; i < 20000; i++)
		pst_buf_adds(&big, "From a line that gets quoted\r\n");
	T_INTEQ(pst_dest_begin(d, &e), 0);
	T_INTEQ(pst_dest_write(d, big.p, big.len, &e), 0);
	T_OK(pst_dest_mbox_end(d) == end1);
	pst_dest_abort(d);
	T_INTEQ(get_file(mb, &after), 0);
	T_MEMEQ(after.p, after.len, before.p, before.len);
	T_INTEQ(pst_dest_mbox_end(d), end1);
	/* And on it goes. */
	T_INTEQ(deliver(d, "second\r\n", 2, &e), 0);
	T_INTEQ(pst_dest_close(d, &e), 0);
	pst_buf_adds(&want[0], "first\n");
	pst_buf_adds(&want[1], "second\n");
	mbox_is(mb, want, 2, __LINE__);
out:
	pst_buf_free(&want[0]);
	pst_buf_free(&want[1]);
	pst_buf_free(&before);
	pst_buf_free(&after);
	pst_buf_free(&big);
	remove_tree(tmpdir);
}

/* An existing mbox whose last message lacks its blank line, or its LF:
 * the new separator still starts a line after a blank one. */
void test_deliver_mbox_existing(void)
{
	static const struct {
		const char *old, *first, *whole;
	} cases[] = {
		{ "From x Thu Jan  1 00:00:00 1970\nhello", "hello\n",
		  "From x Thu Jan  1 00:00:00 1970\nhello\n\n" },
		{ "From x Thu Jan  1 00:00:00 1970\nhello\n", "hello\n",
		  "From x Thu Jan  1 00:00:00 1970\nhello\n\n" },
		{ "From x Thu Jan  1 00:00:00 1970\nhello\n\n", "hello\n",
		  "From x Thu Jan  1 00:00:00 1970\nhello\n\n" },
		{ "From ", "", "From \n\n" },
	};
	struct pst_buf want[3] = {{0}}, file = {0};
	struct pst_err e = {0};
	struct pst_dest *d;
	size_t n;
	const char *mb;

	make_tmpdir();
	mb = at("mbox");
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		put_file(mb, cases[i].old, strlen(cases[i].old));
		d = pst_dest_open(PST_DEST_MBOX, mb, -1, "ex", &e);
		if (!T_OK(d != NULL))
			break;
		T_INTEQ(pst_dest_mbox_end(d), strlen(cases[i].old));
		/* An abort puts the file back as it was. */
		T_INTEQ(pst_dest_begin(d, &e), 0);
		pst_dest_abort(d);
		T_INTEQ(get_file(mb, &file), 0);
		T_MEMEQ(file.p, file.len, cases[i].old, strlen(cases[i].old));
		T_INTEQ(deliver(d, "new\r\n", 1, &e), 0);
		T_INTEQ(deliver(d, "more", 2, &e), 0);
		T_INTEQ(pst_dest_close(d, &e), 0);
		pst_buf_reset(&want[0]);
		pst_buf_reset(&want[1]);
		pst_buf_reset(&want[2]);
		pst_buf_adds(&want[0], cases[i].first);
		pst_buf_adds(&want[1], "new\n");
		pst_buf_adds(&want[2], "more\n");
		mbox_is(mb, want, 3, __LINE__);
		T_INTEQ(get_file(mb, &file), 0);
		n = strlen(cases[i].whole);
		T_OK(file.len > n);
		T_MEMEQ(file.p, n, cases[i].whole, n);
	}
	for (size_t i = 0; i < 3; i++)
		pst_buf_free(&want[i]);
	pst_buf_free(&file);
	remove_tree(tmpdir);
}

void test_deliver_mbox_refused(void)
{
	struct pst_buf file = {0};
	struct pst_err e = {0};
	struct pst_dest *d;

	make_tmpdir();
	put_file(at("text"), "hello\n", 6);
	d = pst_dest_open(PST_DEST_MBOX, at("text"), -1, "r", &e);
	T_OK(d == NULL);
	T_INTEQ(e.status, 65);
	T_INTEQ(access(at("text.lock"), F_OK), -1);
	T_INTEQ(get_file(at("text"), &file), 0);
	T_STREQ(pst_buf_str(&file), "hello\n");
	pst_err_clear(&e);
	put_file(at("short"), "Fro", 3);
	d = pst_dest_open(PST_DEST_MBOX, at("short"), -1, "r", &e);
	T_OK(d == NULL);
	T_INTEQ(e.status, 65);
	pst_err_clear(&e);
	/* An empty file is an empty mbox. */
	put_file(at("empty"), "", 0);
	d = pst_dest_open(PST_DEST_MBOX, at("empty"), -1, "r", &e);
	T_OK(d != NULL);
	T_INTEQ(pst_dest_close(d, &e), 0);
	/* Not a file; a missing directory. */
	d = pst_dest_open(PST_DEST_MBOX, tmpdir, -1, "r", &e);
	T_OK(d == NULL);
	T_INTEQ(e.status, 73);
	pst_err_clear(&e);
	d = pst_dest_open(PST_DEST_MBOX, at("no/such/mbox"), -1, "r", &e);
	T_OK(d == NULL);
	T_INTEQ(e.status, 73);
	pst_buf_free(&file);
	remove_tree(tmpdir);
}

void test_deliver_mbox_dotlock(void)
{
	struct pst_err e = {0};
	struct pst_dest *d;
	struct timespec old[2];
	const char *mb, *lock;

	make_tmpdir();
	mb = at("mbox");
	lock = at("mbox.lock");
	setenv("POSTA_LOCK_WAIT", "0", 1);
	/* A fresh dotlock of another: 75, the lock left alone. */
	put_file(lock, "1\n", 2);
	d = pst_dest_open(PST_DEST_MBOX, mb, -1, "dl", &e);
	T_OK(d == NULL);
	T_INTEQ(e.status, 75);
	T_OK(strstr(e.msg, "mbox.lock") != NULL);
	T_INTEQ(access(lock, F_OK), 0);
	pst_err_clear(&e);
	T_INTEQ(pst_mbox_cut(mb, 0, &e), -1);
	T_INTEQ(e.status, 75);
	pst_err_clear(&e);
	/* A stale one (over 5 minutes) is broken. */
	old[0].tv_sec = old[1].tv_sec = time(NULL) - 600;
	old[0].tv_nsec = old[1].tv_nsec = 0;
	T_INTEQ(utimensat(AT_FDCWD, lock, old, 0), 0);
	d = pst_dest_open(PST_DEST_MBOX, mb, -1, "dl", &e);
	T_OK(d != NULL);
	T_INTEQ(access(lock, F_OK), 0);
	T_INTEQ(deliver(d, "x\r\n", 1, &e), 0);
	T_INTEQ(pst_dest_sync(d, &e), 0);
	T_INTEQ(pst_dest_close(d, &e), 0);
	T_INTEQ(access(lock, F_OK), -1);
	T_INTEQ(e.status, 0);
	unsetenv("POSTA_LOCK_WAIT");
	remove_tree(tmpdir);
}

/* A child that holds the fcntl lock on path until it reads from go (or
 * for ms milliseconds, when go is -1); ready is written once it holds it. */
static pid_t
lock_holder(const char *path, int ready, int go, long ms)
{
	struct timespec ts;
	struct flock fl;
	pid_t pid;
	char c;
	int fd;

	if ((pid = fork()) != 0)
		return pid;
	fd = open(path, O_RDWR);
	memset(&fl, 0, sizeof fl);
	fl.l_type = F_WRLCK;
	fl.l_whence = SEEK_SET;
	if (fd < 0 || fcntl(fd, F_SETLK, &fl) < 0)
		_exit(1);
	if (write(ready, "r", 1) != 1)
		_exit(1);
	if (go >= 0) {
		if (read(go, &c, 1) < 0)
			_exit(1);
	} else {
		ts.tv_sec = ms / 1000;
		ts.tv_nsec = (ms % 1000) * 1000000L;
		nanosleep(&ts, NULL);
	}
	_exit(0);
}

void test_deliver_mbox_fcntl_lock(void)
{
	struct pst_err e = {0};
	struct pst_dest *d;
	int ready[2], go[2], status;
	pid_t pid;
	char c;
	const char *mb;

	make_tmpdir();
	mb = at("mbox");
	put_file(mb, "", 0);
	if (!T_INTEQ(pipe(ready), 0) || !T_INTEQ(pipe(go), 0))
		goto out;
	/* Held, and no waiting: 75. */
	setenv("POSTA_LOCK_WAIT", "0", 1);
	pid = lock_holder(mb, ready[1], go[0], 0);
	T_OK(pid > 0);
	T_INTEQ(read(ready[0], &c, 1), 1);
	d = pst_dest_open(PST_DEST_MBOX, mb, -1, "fl", &e);
	T_OK(d == NULL);
	T_INTEQ(e.status, 75);
	T_INTEQ(access(at("mbox.lock"), F_OK), -1);
	pst_err_clear(&e);
	T_INTEQ(write(go[1], "g", 1), 1);
	T_INTEQ(waitpid(pid, &status, 0), pid);
	T_INTEQ(status, 0);
	/* Held for a moment: it waits, then has it. */
	setenv("POSTA_LOCK_WAIT", "5", 1);
	pid = lock_holder(mb, ready[1], -1, 300);
	T_OK(pid > 0);
	T_INTEQ(read(ready[0], &c, 1), 1);
	d = pst_dest_open(PST_DEST_MBOX, mb, -1, "fl", &e);
	T_OK(d != NULL);
	T_INTEQ(pst_dest_close(d, &e), 0);
	T_INTEQ(waitpid(pid, &status, 0), pid);
	T_INTEQ(status, 0);
	T_INTEQ(e.status, 0);
	close(ready[0]);
	close(ready[1]);
	close(go[0]);
	close(go[1]);
out:
	unsetenv("POSTA_LOCK_WAIT");
	remove_tree(tmpdir);
}

void test_deliver_mbox_cut(void)
{
	struct pst_buf want[1] = {{0}};
	struct pst_err e = {0};
	struct pst_dest *d;
	struct stat st;
	off_t end1, end2;
	const char *mb;

	make_tmpdir();
	mb = at("mbox");
	T_INTEQ(pst_mbox_cut(mb, 0, &e), 0);	/* missing: nothing to cut */
	T_INTEQ(access(mb, F_OK), -1);
	d = pst_dest_open(PST_DEST_MBOX, mb, -1, "c", &e);
	if (!T_OK(d != NULL))
		goto out;
	T_INTEQ(deliver(d, "kept\r\n", 1, &e), 0);
	end1 = pst_dest_mbox_end(d);
	T_INTEQ(deliver(d, "cut\r\n", 2, &e), 0);
	end2 = pst_dest_mbox_end(d);
	T_OK(end2 > end1);
	T_INTEQ(pst_dest_close(d, &e), 0);
	/* Longer than recorded: cut back. */
	T_INTEQ(pst_mbox_cut(mb, end1, &e), 0);
	T_INTEQ(stat(mb, &st), 0);
	T_INTEQ(st.st_size, end1);
	pst_buf_adds(&want[0], "kept\n");
	mbox_is(mb, want, 1, __LINE__);
	/* Not longer: left alone. */
	T_INTEQ(pst_mbox_cut(mb, end2, &e), 0);
	T_INTEQ(stat(mb, &st), 0);
	T_INTEQ(st.st_size, end1);
	T_INTEQ(access(at("mbox.lock"), F_OK), -1);
	T_INTEQ(e.status, 0);
out:
	pst_buf_free(&want[0]);
	remove_tree(tmpdir);
}

/* ---- stream ------------------------------------------------------------- */

/* Every wire message cut at every pair of offsets through a stream into a
 * file, compared byte for byte and read back. */
void test_deliver_stream_splits(void)
{
	struct pst_buf file = {0}, body = {0}, want = {0};
	struct pst_err e = {0};
	struct pst_dest *d;
	size_t cut[2], pos, k, count;
	time_t t0, t1;
	int fd;

	make_tmpdir();
	for (size_t w = 0; w < NWIRES; w++) {
		fd = open(at("out"), O_WRONLY | O_CREAT | O_TRUNC, 0600);
		if (!T_OK(fd >= 0))
			break;
		d = pst_dest_open(PST_DEST_STREAM, NULL, fd, "s", &e);
		if (!T_OK(d != NULL))
			break;
		t0 = time(NULL);
		count = 0;
		for (size_t i = 0; i <= wires[w].n; i++) {
			for (size_t j = i; j <= wires[w].n; j++) {
				cut[0] = i;
				cut[1] = j;
				T_INTEQ(deliver_cut(d, &wires[w], cut, 2,
				    count++, &e), 0);
			}
		}
		T_INTEQ(pst_dest_sync(d, &e), 0);
		T_INTEQ(pst_dest_close(d, &e), 0);
		t1 = time(NULL);
		close(fd);
		T_INTEQ(get_file(at("out"), &file), 0);
		ref_mboxrd(wires[w].p, wires[w].n, &body);
		pos = 0;
		for (size_t m = 0; m < count; m++) {
			k = from_line_len(file.p + pos, file.len - pos, t0, t1);
			if (!T_OK(k > 0))
				break;
			pos += k;
			if (!T_OK(file.len - pos >= body.len))
				break;
			if (!T_MEMEQ(file.p + pos, body.len, body.p, body.len))
				break;
			pos += body.len;
		}
		T_INTEQ(pos, file.len);
		/* And what a reader makes of it: count times the message. */
		{
			struct pst_buf *all = calloc(count, sizeof *all);
			ref_read(wires[w].p, wires[w].n, &want);
			for (size_t m = 0; m < count; m++)
				pst_buf_add(&all[m], want.p, want.len);
			mbox_is(at("out"), all, count, __LINE__);
			for (size_t m = 0; m < count; m++)
				pst_buf_free(&all[m]);
			free(all);
		}
	}
	T_INTEQ(e.status, 0);
	pst_buf_free(&file);
	pst_buf_free(&body);
	pst_buf_free(&want);
	remove_tree(tmpdir);
}

void test_deliver_stream_held(void)
{
	struct pst_buf got = {0}, body = {0};
	struct pst_err e = {0};
	struct pst_dest *d;
	char chunk[4096];
	ssize_t k;
	int p[2];

	if (!T_INTEQ(pipe(p), 0))
		return;
	T_INTEQ(fcntl(p[0], F_SETFL, O_NONBLOCK), 0);
	d = pst_dest_open(PST_DEST_STREAM, NULL, p[1], "h", &e);
	if (!T_OK(d != NULL))
		goto out;
	T_INTEQ(pst_dest_begin(d, &e), 0);
	T_INTEQ(pst_dest_write(d, "Subject: a\r\n\r\nFrom b\r\n", 22, &e), 0);
	T_INTEQ(pst_dest_write(d, "c", 1, &e), 0);
	/* Nothing before the end... */
	T_INTEQ(read(p[0], chunk, sizeof chunk), -1);
	T_INTEQ(errno, EAGAIN);
	T_INTEQ(pst_dest_end(d, 1, &e), 0);
	/* ...then all of it. */
	while ((k = read(p[0], chunk, sizeof chunk)) > 0)
		pst_buf_add(&got, chunk, (size_t)k);
	ref_mboxrd("Subject: a\r\n\r\nFrom b\r\nc", 23, &body);
	T_OK(got.len > body.len && strncmp(got.p, "From MAILER-DAEMON ",
	    19) == 0);
	if (got.len > body.len)
		T_MEMEQ(got.p + got.len - body.len, body.len, body.p,
		    body.len);
	/* An abandoned message writes nothing at all. */
	T_INTEQ(pst_dest_begin(d, &e), 0);
	T_INTEQ(pst_dest_write(d, "x\r\ny\r\n", 6, &e), 0);
	pst_dest_abort(d);
	T_INTEQ(read(p[0], chunk, sizeof chunk), -1);
	T_INTEQ(errno, EAGAIN);
	/* Nor one open at the close. */
	T_INTEQ(pst_dest_begin(d, &e), 0);
	T_INTEQ(pst_dest_write(d, "z\r\n", 3, &e), 0);
	T_INTEQ(pst_dest_close(d, &e), 0);
	T_INTEQ(read(p[0], chunk, sizeof chunk), -1);
	T_INTEQ(errno, EAGAIN);
	T_INTEQ(e.status, 0);
out:
	close(p[0]);
	close(p[1]);
	pst_buf_free(&got);
	pst_buf_free(&body);
}

void test_deliver_stream_spill(void)
{
	struct pst_buf msg = {0}, want[3] = {{0}};
	struct pst_err e = {0};
	struct pst_dest *d;
	const char *saved = getenv("TMPDIR");
	char *saved_copy = saved != NULL ? strdup(saved) : NULL;
	struct stat st;
	size_t off, k;
	int fd;

	make_tmpdir();
	mkdir(at("spill"), 0700);
	setenv("TMPDIR", at("spill"), 1);
	/* 3 MiB and more, lines to quote among them. */
	for (int i = 0; msg.len < 3 * 1024 * 1024; i++)
		pst_buf_printf(&msg, "%sline %d of a long message\r\n",
		    i % 7 == 0 ? "From " : i % 11 == 0 ? ">From " : "", i);
	fd = open(at("out"), O_WRONLY | O_CREAT | O_TRUNC, 0600);
	d = pst_dest_open(PST_DEST_STREAM, NULL, fd, "sp", &e);
	if (!T_OK(fd >= 0 && d != NULL))
		goto out;
	for (int round = 0; round < 2; round++) {
		T_INTEQ(pst_dest_begin(d, &e), 0);
		for (off = 0; off < msg.len; off += k) {
			k = msg.len - off < 16381 ? msg.len - off : 16381;
			T_INTEQ(pst_dest_write(d, msg.p + off, k, &e), 0);
		}
		/* Held back, in an unlinked file. */
		T_INTEQ(fstat(fd, &st), 0);
		T_INTEQ(st.st_size, 0);
		T_INTEQ(count_dir(at("spill"), NULL, 0), 0);
		if (round == 0)
			pst_dest_abort(d);	/* the spill is emptied */
		else
			T_INTEQ(pst_dest_end(d, 1, &e), 0);
	}
	T_INTEQ(deliver(d, "small\r\n", 2, &e), 0);
	/* A spilled message, then the file used for a small one. */
	T_INTEQ(pst_dest_begin(d, &e), 0);
	T_INTEQ(pst_dest_write(d, msg.p, msg.len, &e), 0);
	T_INTEQ(pst_dest_end(d, 3, &e), 0);
	T_INTEQ(pst_dest_close(d, &e), 0);
	close(fd);
	ref_read(msg.p, msg.len, &want[0]);
	pst_buf_adds(&want[1], "small\n");
	ref_read(msg.p, msg.len, &want[2]);
	mbox_is(at("out"), want, 3, __LINE__);
	T_INTEQ(count_dir(at("spill"), NULL, 0), 0);
	T_INTEQ(e.status, 0);
out:
	if (saved_copy != NULL)
		setenv("TMPDIR", saved_copy, 1);
	else
		unsetenv("TMPDIR");
	free(saved_copy);
	pst_buf_free(&msg);
	for (int i = 0; i < 3; i++)
		pst_buf_free(&want[i]);
	remove_tree(tmpdir);
}

void test_deliver_stream_errors(void)
{
	struct sigaction ign, old;
	struct pst_err e = {0};
	struct pst_dest *d;
	int fd, p[2];

	/* /dev/full says ENOSPC: "disk full", 74. */
	fd = open("/dev/full", O_WRONLY);
	if (fd >= 0) {
		d = pst_dest_open(PST_DEST_STREAM, NULL, fd, "f", &e);
		T_OK(d != NULL);
		T_INTEQ(pst_dest_begin(d, &e), 0);
		T_INTEQ(pst_dest_write(d, "x\r\n", 3, &e), 0);
		T_INTEQ(pst_dest_end(d, 1, &e), -1);
		T_INTEQ(e.status, 74);
		T_OK(strstr(e.msg, "disk full") != NULL);
		/* The message is gone; the next one can be tried. */
		pst_err_clear(&e);
		T_INTEQ(pst_dest_write(d, "y", 1, &e), -1);
		pst_err_clear(&e);
		T_INTEQ(pst_dest_close(d, &e), 0);
		close(fd);
	}
	/* A reader gone, SIGPIPE ignored: "output closed", 74. */
	memset(&ign, 0, sizeof ign);
	ign.sa_handler = SIG_IGN;
	sigemptyset(&ign.sa_mask);
	if (!T_INTEQ(pipe(p), 0) || !T_INTEQ(sigaction(SIGPIPE, &ign, &old), 0))
		return;
	close(p[0]);
	pst_err_clear(&e);
	d = pst_dest_open(PST_DEST_STREAM, NULL, p[1], "p", &e);
	T_OK(d != NULL);
	T_INTEQ(deliver(d, "x\r\n", 1, &e), -1);
	T_INTEQ(e.status, 74);
	T_STREQ(e.msg, "output closed");
	pst_err_clear(&e);
	T_INTEQ(pst_dest_close(d, &e), 0);
	close(p[1]);
	sigaction(SIGPIPE, &old, NULL);
}

void test_deliver_misuse(void)
{
	struct pst_err e = {0};
	struct pst_dest *d;

	d = pst_dest_open(PST_DEST_STREAM, NULL, 1, "", &e);
	T_OK(d == NULL);
	T_OK(e.status != 0);
	pst_err_clear(&e);
	d = pst_dest_open(PST_DEST_STREAM, NULL, 1,
	    "abcdefghijabcdefghijabcdefghijabc", &e);	/* 33 */
	T_OK(d == NULL);
	pst_err_clear(&e);
	d = pst_dest_open(PST_DEST_STREAM, NULL, 1, "a/b", &e);
	T_OK(d == NULL);
	pst_err_clear(&e);
	d = pst_dest_open(PST_DEST_MAILDIR, NULL, -1, "ok", &e);
	T_OK(d == NULL);
	pst_err_clear(&e);
	d = pst_dest_open(PST_DEST_STREAM, NULL, 1,
	    "abcdefghijabcdefghijabcdefghijab", &e);	/* 32 */
	T_OK(d != NULL);
	T_INTEQ(pst_dest_write(d, "x", 1, &e), -1);
	pst_err_clear(&e);
	T_INTEQ(pst_dest_end(d, 1, &e), -1);
	pst_err_clear(&e);
	T_INTEQ(pst_dest_sync(d, &e), 0);
	T_INTEQ(pst_dest_mbox_end(d), -1);
	T_INTEQ(pst_dest_close(d, &e), 0);
	T_INTEQ(pst_dest_close(NULL, &e), 0);
}
