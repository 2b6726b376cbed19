/* Unit tests of lib/state.c: state files and plans in a directory under
 * /tmp, file names, the state directory. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "err.h"
#include "mem.h"
#include "state.h"
#include "t.h"

void test_state_roundtrip(void);
void test_state_keep(void);
void test_state_missing(void);
void test_state_each_stops(void);
void test_state_liberal(void);
void test_state_malformed(void);
void test_state_long_lines(void);
void test_state_commit_fails(void);
void test_state_msgid_cut(void);
void test_run_roundtrip(void);
void test_run_malformed(void);
void test_run_write_refuses(void);
void test_state_name(void);
void test_state_name_long(void);
void test_state_dir(void);

static char tmpdir[64];

static void
setup(void)
{
	snprintf(tmpdir, sizeof tmpdir, "/tmp/posta-test-state.XXXXXX");
	if (mkdtemp(tmpdir) == NULL) {
		perror(tmpdir);
		exit(1);
	}
}

/* rm -r path. */
static void
remove_tree(const char *path)
{
	struct dirent *de;
	struct stat st;
	char sub[4096];
	DIR *d;

	if (lstat(path, &st) < 0)
		return;
	if (!S_ISDIR(st.st_mode)) {
		unlink(path);
		return;
	}
	chmod(path, 0700);
	if ((d = opendir(path)) != NULL) {
		while ((de = readdir(d)) != NULL) {
			if (strcmp(de->d_name, ".") == 0 ||
			    strcmp(de->d_name, "..") == 0)
				continue;
			snprintf(sub, sizeof sub, "%s/%s", path, de->d_name);
			remove_tree(sub);
		}
		closedir(d);
	}
	T_INTEQ(rmdir(path), 0);
}

static void
teardown(void)
{
	remove_tree(tmpdir);
}

/* tmpdir/name, in one of a few static buffers. */
static const char *
path_of(const char *name)
{
	static char bufs[4][512];
	static int next;
	char *p = bufs[next++ % 4];

	snprintf(p, sizeof bufs[0], "%s/%s", tmpdir, name);
	return p;
}

static void
write_file(const char *name, const char *p, size_t n)
{
	FILE *fp = fopen(path_of(name), "w");

	if (fp == NULL || fwrite(p, 1, n, fp) != n || fclose(fp) != 0) {
		perror(name);
		exit(1);
	}
}

#define WRITE(name, lit)	write_file((name), (lit), sizeof(lit) - 1)

/* The file tmpdir/name, whole (empty when missing). */
static char *
slurp(const char *name)
{
	struct pst_buf b = {0};
	int fd = open(path_of(name), O_RDONLY);

	if (fd >= 0) {
		(void)pst_buf_read_fd(&b, fd, 0, 0);
		close(fd);
	}
	return pst_buf_take(&b);
}

static int
exists(const char *name)
{
	struct stat st;

	return lstat(path_of(name), &st) == 0;
}

/* Each entry as "id|size|msgid\n" into a buffer. */
static int
collect(void *ctx, const struct pst_state_entry *en)
{
	pst_buf_printf(ctx, "%s|%llu|%s\n", en->id, en->size, en->msgid);
	return 0;
}

static int
collect_run(void *ctx, unsigned long i, const struct pst_state_entry *en)
{
	pst_buf_printf(ctx, "%lu:%s|%llu|%s\n", i, en->id, en->size,
	    en->msgid);
	return 0;
}

/* Read tmpdir/name; its entries as collect writes them; *h its head. */
static char *
read_entries(const char *name, struct pst_state_head *h, int *rc)
{
	struct pst_buf b = {0};
	struct pst_err e = {0};

	*rc = pst_state_read(path_of(name), h, collect, &b, &e);
	if (*rc != 0)
		fprintf(stderr, "  (%d %s)\n", e.status, e.msg);
	return pst_buf_take(&b);
}

static const struct pst_state_entry entries[] = {
	{ "1", 10, "<a@b>" },
	{ "2", 0, "" },
	{ "uidl-XYZ~!", 18446744073709551615ULL, " <spaced> msg id " },
	{ "4", 5, "<caf\xc3\xa9@ex\xc3\xa4mple.org>" },
	{ "5", 6, NULL },
};
#define NENTRIES	(sizeof entries / sizeof entries[0])

#define ENTRIES_FILE \
	"d 1 10 <a@b>\n" \
	"d 2 0\n" \
	"d uidl-XYZ~! 18446744073709551615  <spaced> msg id \n" \
	"d 4 5 <caf\xc3\xa9@ex\xc3\xa4mple.org>\n" \
	"d 5 6\n"

#define ENTRIES_READ \
	"1|10|<a@b>\n" \
	"2|0|\n" \
	"uidl-XYZ~!|18446744073709551615| <spaced> msg id \n" \
	"4|5|<caf\xc3\xa9@ex\xc3\xa4mple.org>\n" \
	"5|6|\n"

void test_state_roundtrip(void)
{
	struct pst_state_head h = { 5, 1234 }, got;
	struct pst_err e = {0};
	char *s;
	int rc;

	setup();
	T_INTEQ(pst_state_commit(path_of("s"), &h, NULL, NULL, entries,
	    NENTRIES, &e), 0);
	s = slurp("s");
	T_STREQ(s, "posta-mfetch-state 1\nuidvalidity 5\nmbox-end 1234\n"
	    ENTRIES_FILE);
	free(s);
	s = read_entries("s", &got, &rc);
	T_INTEQ(rc, 0);
	T_INTEQ(got.uidvalidity, 5);
	T_INTEQ(got.mbox_end, 1234);
	T_STREQ(s, ENTRIES_READ);
	free(s);
	T_OK(!exists("s.tmp"));

	/* No head fields: no head lines; the entries copied as they were. */
	h.uidvalidity = 0;
	h.mbox_end = -1;
	T_INTEQ(pst_state_commit(path_of("s"), &h, NULL, NULL, NULL, 0, &e),
	    0);
	s = slurp("s");
	T_STREQ(s, "posta-mfetch-state 1\n" ENTRIES_FILE);
	free(s);
	s = read_entries("s", &got, &rc);
	T_INTEQ(rc, 0);
	T_INTEQ(got.uidvalidity, 0);
	T_INTEQ(got.mbox_end, -1);
	T_STREQ(s, ENTRIES_READ);
	free(s);

	/* The largest values, and an mbox of 0 bytes. */
	h.uidvalidity = 4294967295UL;
	h.mbox_end = 0;
	T_INTEQ(pst_state_commit(path_of("s"), &h, NULL, NULL, NULL, 0, &e),
	    0);
	s = read_entries("s", &got, &rc);
	T_INTEQ(got.uidvalidity, 4294967295UL);
	T_INTEQ(got.mbox_end, 0);
	T_STREQ(s, ENTRIES_READ);
	free(s);
	T_INTEQ(e.status, 0);
	teardown();
}

/* Keep the entries whose id is not in the ctx string. */
static int
keep_not(void *ctx, const struct pst_state_entry *en)
{
	return strstr(ctx, en->id) == NULL;
}

void test_state_keep(void)
{
	static const struct pst_state_entry more[] = {
		{ "9", 90, "<n@x>" }, { "10", 100, "" },
	};
	struct pst_state_head h = { 7, -1 }, got;
	struct pst_err e = {0};
	char *s;
	int rc;

	setup();
	T_INTEQ(pst_state_commit(path_of("s"), &h, NULL, NULL, entries,
	    NENTRIES, &e), 0);
	T_INTEQ(pst_state_commit(path_of("s"), &h, keep_not, "|2|uidl-XYZ~!|",
	    more, 2, &e), 0);
	s = read_entries("s", &got, &rc);
	T_INTEQ(rc, 0);
	T_STREQ(s, "1|10|<a@b>\n"
	    "4|5|<caf\xc3\xa9@ex\xc3\xa4mple.org>\n"
	    "5|6|\n"
	    "9|90|<n@x>\n"
	    "10|100|\n");
	free(s);
	/* Keep none. */
	T_INTEQ(pst_state_commit(path_of("s"), &h, keep_not, "|1|4|5|9|10|",
	    NULL, 0, &e), 0);
	s = slurp("s");
	T_STREQ(s, "posta-mfetch-state 1\nuidvalidity 7\n");
	free(s);
	T_INTEQ(e.status, 0);
	teardown();
}

static int
never(void *ctx, const struct pst_state_entry *en)
{
	(void)en;
	(*(int *)ctx)++;
	return 1;
}

void test_state_missing(void)
{
	struct pst_state_head h = { 99, 99 };
	struct pst_err e = {0};
	int calls = 0;
	char *s;

	setup();
	T_INTEQ(pst_state_read(path_of("none"), &h, never, &calls, &e), 0);
	T_INTEQ(h.uidvalidity, 0);
	T_INTEQ(h.mbox_end, -1);
	T_INTEQ(calls, 0);
	T_INTEQ(e.status, 0);
	/* A commit of a missing file: the keep function is not called. */
	h.uidvalidity = 3;
	T_INTEQ(pst_state_commit(path_of("new"), &h, never, &calls,
	    entries, 1, &e), 0);
	T_INTEQ(calls, 0);
	s = slurp("new");
	T_STREQ(s, "posta-mfetch-state 1\nuidvalidity 3\nd 1 10 <a@b>\n");
	free(s);
	/* A directory that is not there is an error, for both. */
	T_INTEQ(pst_state_commit(path_of("no/such"), &h, NULL, NULL, NULL, 0,
	    &e), -1);
	T_INTEQ(e.status, 74);
	pst_err_clear(&e);
	T_INTEQ(pst_state_read(path_of("new/x"), &h, NULL, NULL, &e), -1);
	T_INTEQ(e.status, 74);
	teardown();
}

static int
stop_at_two(void *ctx, const struct pst_state_entry *en)
{
	(void)en;
	return ++*(int *)ctx == 2 ? 7 : 0;
}

void test_state_each_stops(void)
{
	struct pst_state_head h = { 0, -1 };
	struct pst_err e = {0};
	int calls = 0;

	setup();
	T_INTEQ(pst_state_commit(path_of("s"), &h, NULL, NULL, entries,
	    NENTRIES, &e), 0);
	T_INTEQ(pst_state_read(path_of("s"), &h, stop_at_two, &calls, &e), 7);
	T_INTEQ(calls, 2);
	T_INTEQ(e.status, 0);
	/* No callback: the file is read and checked. */
	T_INTEQ(pst_state_read(path_of("s"), &h, NULL, NULL, &e), 0);
	teardown();
}

void test_state_liberal(void)
{
	struct pst_state_head h;
	char *s;
	int rc;

	setup();
	/* CRLF lines, head lines in any order, a space before an empty
	 * Message-ID, leading zeros, no LF at the end. */
	WRITE("s", "posta-mfetch-state 1\r\nmbox-end 12\r\n"
	    "uidvalidity 0\r\nd a 007 \r\nd b 1 <x>\r\nd c 2");
	s = read_entries("s", &h, &rc);
	T_INTEQ(rc, 0);
	T_INTEQ(h.uidvalidity, 0);
	T_INTEQ(h.mbox_end, 12);
	T_STREQ(s, "a|7|\nb|1|<x>\nc|2|\n");
	free(s);
	/* Only a header. */
	WRITE("s", "posta-mfetch-state 1\n");
	s = read_entries("s", &h, &rc);
	T_INTEQ(rc, 0);
	T_STREQ(s, "");
	free(s);
	teardown();
}

/* Reading tmpdir/s holding content[0..n) fails with 65 and "PATH:why". */
static void
malformed(const char *content, size_t n, const char *why, int line)
{
	struct pst_state_head h;
	struct pst_err e = {0};
	struct pst_buf want = {0}, got = {0};
	int rc;

	write_file("s", content, n);
	rc = pst_state_read(path_of("s"), &h, collect, &got, &e);
	t_inteq(rc, -1, __FILE__, line, "pst_state_read");
	t_inteq(e.status, 65, __FILE__, line, "e.status");
	pst_buf_printf(&want, "%s:%s", path_of("s"), why);
	t_streq(e.msg, want.p, __FILE__, line, "e.msg");
	pst_buf_free(&want);
	pst_buf_free(&got);
}

#define MALFORMED(lit, why) \
	malformed((lit), sizeof(lit) - 1, (why), __LINE__)
#define HDR	"posta-mfetch-state 1\n"

void test_state_malformed(void)
{
	setup();
	MALFORMED("", "1: not a posta-mfetch state file");
	MALFORMED("posta-mfetch-state 2\n", "1: not a posta-mfetch state file");
	MALFORMED("posta-mfetch-state 1 \n",
	    "1: not a posta-mfetch state file");
	MALFORMED("From alice\n", "1: not a posta-mfetch state file");
	MALFORMED("\n" HDR, "1: not a posta-mfetch state file");
	MALFORMED(HDR "d  5\n", "2: bad message id");
	MALFORMED(HDR "d 1 5\nd \x7f 5\n", "3: bad message id");
	MALFORMED(HDR "d \xc3\xa9 5\n", "2: bad message id");
	MALFORMED(HDR "d 12345678901234567890123456789012345678901234567890"
	    "123456789012345678901 5\n", "2: bad message id");
	MALFORMED(HDR "d 1\n", "2: an entry without a size");
	MALFORMED(HDR "d\n", "2: an entry without a size");
	MALFORMED(HDR "d 1 x\n", "2: bad size");
	MALFORMED(HDR "d 1 -1\n", "2: bad size");
	MALFORMED(HDR "d 1 +1\n", "2: bad size");
	MALFORMED(HDR "d 1 \n", "2: bad size");
	MALFORMED(HDR "d 1  <x>\n", "2: bad size");
	MALFORMED(HDR "d 1 18446744073709551616\n", "2: bad size");
	MALFORMED(HDR "d\t1 2\n", "2: unknown line");
	MALFORMED(HDR "\n", "2: unknown line");
	MALFORMED(HDR "uidvalidity 1\nx 1 2\n", "3: unknown line");
	MALFORMED(HDR "uidvalidity\n", "2: bad uidvalidity");
	MALFORMED(HDR "uidvalidity 99999999999999999999\n",
	    "2: bad uidvalidity");
	MALFORMED(HDR "uidvalidity 1\nuidvalidity 1\n",
	    "3: uidvalidity twice");
	MALFORMED(HDR "d 1 2\nuidvalidity 3\n",
	    "3: uidvalidity after the entries");
	MALFORMED(HDR "mbox-end -1\n", "2: bad mbox-end");
	MALFORMED(HDR "mbox-end 9223372036854775808\n", "2: bad mbox-end");
	MALFORMED(HDR "mbox-end 1\nmbox-end 1\n", "3: mbox-end twice");
	MALFORMED(HDR "d 1 2\nmbox-end 3\n", "3: mbox-end after the entries");
	MALFORMED(HDR "d 1 2 <a\0b>\n", "2: NUL byte");
	MALFORMED(HDR "d 1 2 <a\rb>\n", "2: CR inside a line");
	MALFORMED(HDR "d 1 2 <a>\r\r\n", "2: CR inside a line");
	teardown();
}

void test_state_long_lines(void)
{
	struct pst_state_head h;
	struct pst_buf b = {0};
	size_t pre = sizeof HDR - 1;
	char *s;
	int rc;

	setup();
	/* A line of exactly 64 KiB is fine, its CR not counted either. */
	pst_buf_adds(&b, HDR "d 1 2 ");
	while (b.len < pre + 65536)
		pst_buf_addc(&b, 'x');
	pst_buf_adds(&b, "\nd 2 3\n");
	write_file("s", b.p, b.len);
	s = read_entries("s", &h, &rc);
	T_INTEQ(rc, 0);
	T_INTEQ(strlen(s), 4 + 65536 - 6 + 1 + strlen("2|3|\n"));
	free(s);
	/* One byte more is too long, with or without its LF. */
	pst_buf_reset(&b);
	pst_buf_adds(&b, HDR "d 1 2 ");
	while (b.len < pre + 65537)
		pst_buf_addc(&b, 'x');
	write_file("s", b.p, b.len);
	malformed(b.p, b.len, "2: line too long", __LINE__);
	pst_buf_addc(&b, '\n');
	write_file("s", b.p, b.len);
	malformed(b.p, b.len, "2: line too long", __LINE__);
	/* A megabyte with no line end, far into the file. */
	pst_buf_reset(&b);
	pst_buf_adds(&b, HDR);
	for (int i = 0; i < 5000; i++)
		pst_buf_printf(&b, "d %d %d\n", i, i);
	while (b.len < (1 << 20))
		pst_buf_addc(&b, 'y');
	malformed(b.p, b.len, "5002: line too long", __LINE__);
	pst_buf_free(&b);
	teardown();
}

void test_state_commit_fails(void)
{
	static const struct pst_state_entry bad[] = {
		{ "1", 1, "" }, { "a b", 2, "" },
	};
	struct pst_state_head h = { 1, -1 };
	struct pst_err e = {0};
	char *before, *after;

	setup();
	T_INTEQ(pst_state_commit(path_of("s"), &h, NULL, NULL, entries, 2,
	    &e), 0);
	before = slurp("s");

	/* path.tmp cannot be made: a directory is in the way. */
	T_INTEQ(mkdir(path_of("s.tmp"), 0700), 0);
	T_INTEQ(pst_state_commit(path_of("s"), &h, NULL, NULL, entries,
	    NENTRIES, &e), -1);
	T_INTEQ(e.status, 74);
	T_OK(strstr(e.msg, "s.tmp: ") != NULL);
	after = slurp("s");
	T_STREQ(after, before);
	free(after);
	T_INTEQ(rmdir(path_of("s.tmp")), 0);

	/* The disk is full: path.tmp goes, path stays. */
	pst_err_clear(&e);
	T_INTEQ(symlink("/dev/full", path_of("s.tmp")), 0);
	T_INTEQ(pst_state_commit(path_of("s"), &h, NULL, NULL, entries,
	    NENTRIES, &e), -1);
	T_INTEQ(e.status, 74);
	T_OK(strstr(e.msg, "disk full") != NULL);
	T_OK(!exists("s.tmp"));
	after = slurp("s");
	T_STREQ(after, before);
	free(after);

	/* An id that cannot be written: nothing is. */
	pst_err_clear(&e);
	T_INTEQ(pst_state_commit(path_of("s"), &h, NULL, NULL, bad, 2, &e),
	    -1);
	T_INTEQ(e.status, 70);
	T_OK(!exists("s.tmp"));
	after = slurp("s");
	T_STREQ(after, before);
	free(after);

	/* A current file that is not a state file is not overwritten. */
	pst_err_clear(&e);
	WRITE("m", "posta-mfetch-state 1\nd 1 2\ngarbage\n");
	T_INTEQ(pst_state_commit(path_of("m"), &h, NULL, NULL, entries, 1,
	    &e), -1);
	T_INTEQ(e.status, 65);
	T_OK(strstr(e.msg, "/m:3: unknown line") != NULL);
	T_OK(!exists("m.tmp"));
	after = slurp("m");
	T_STREQ(after, "posta-mfetch-state 1\nd 1 2\ngarbage\n");
	free(after);

	/* A directory that cannot be written (root writes anyway). */
	if (geteuid() != 0) {
		pst_err_clear(&e);
		T_INTEQ(chmod(tmpdir, 0500), 0);
		T_INTEQ(pst_state_commit(path_of("s"), &h, NULL, NULL,
		    entries, NENTRIES, &e), -1);
		T_INTEQ(e.status, 74);
		T_INTEQ(chmod(tmpdir, 0700), 0);
		T_OK(!exists("s.tmp"));
		after = slurp("s");
		T_STREQ(after, before);
		free(after);
	}
	free(before);
	teardown();
}

void test_state_msgid_cut(void)
{
	static const struct pst_state_entry odd[] = {
		{ "1", 1, "<a@b>\r\nBcc: eve@example.org" },
		{ "2", 2, "\n<x@y>" },
		{ "3", 3, "<c@d>\r" },
	};
	struct pst_state_head h = { 0, -1 };
	struct pst_state_entry big = { "1234567", 12345, NULL };
	struct pst_err e = {0};
	char *s, *m;
	int rc;

	setup();
	T_INTEQ(pst_state_commit(path_of("s"), &h, NULL, NULL, odd, 3, &e), 0);
	s = slurp("s");
	T_STREQ(s, "posta-mfetch-state 1\nd 1 1 <a@b>\nd 2 2\nd 3 3 <c@d>\n");
	free(s);
	s = read_entries("s", &h, &rc);
	T_INTEQ(rc, 0);
	T_STREQ(s, "1|1|<a@b>\n2|2|\n3|3|<c@d>\n");
	free(s);

	/* One too long to read back is cut to a line of 64 KiB. */
	m = pst_xmalloc(100001);
	memset(m, 'm', 100000);
	m[100000] = '\0';
	big.msgid = m;
	T_INTEQ(pst_state_commit(path_of("big"), &h, NULL, NULL, &big, 1, &e),
	    0);
	s = read_entries("big", &h, &rc);
	T_INTEQ(rc, 0);
	T_INTEQ(strlen(s), strlen("1234567|12345|") + 65536 -
	    strlen("d 1234567 12345 ") + 1);
	free(s);
	free(m);
	teardown();
}

static int
run_stop(void *ctx, unsigned long i, const struct pst_state_entry *en)
{
	(void)ctx;
	(void)en;
	return i == 1 ? 5 : 0;
}

void test_run_roundtrip(void)
{
	struct pst_err e = {0};
	struct pst_buf b = {0};
	char tag[33], kind[16], dest[64], *s;

	setup();
	T_INTEQ(pst_run_exists(path_of("s")), 0);
	T_INTEQ(pst_run_write(path_of("s"), "Abc123", "maildir",
	    "/home/a b/Mail/in box", entries, NENTRIES, &e), 0);
	T_INTEQ(pst_run_exists(path_of("s")), 1);
	T_OK(!exists("s"));
	T_OK(!exists("s.run.tmp"));
	s = slurp("s.run");
	T_STREQ(s, "posta-mfetch-run 1\ntag Abc123\nkind maildir\n"
	    "dest /home/a b/Mail/in box\n"
	    "p 1 10 <a@b>\n"
	    "p 2 0\n"
	    "p uidl-XYZ~! 18446744073709551615  <spaced> msg id \n"
	    "p 4 5 <caf\xc3\xa9@ex\xc3\xa4mple.org>\n"
	    "p 5 6\n");
	free(s);
	T_INTEQ(pst_run_read(path_of("s"), tag, kind, dest, sizeof dest,
	    collect_run, &b, &e), 0);
	T_STREQ(tag, "Abc123");
	T_STREQ(kind, "maildir");
	T_STREQ(dest, "/home/a b/Mail/in box");
	T_STREQ(pst_buf_str(&b), "0:1|10|<a@b>\n"
	    "1:2|0|\n"
	    "2:uidl-XYZ~!|18446744073709551615| <spaced> msg id \n"
	    "3:4|5|<caf\xc3\xa9@ex\xc3\xa4mple.org>\n"
	    "4:5|6|\n");
	T_INTEQ(pst_run_read(path_of("s"), tag, kind, dest, sizeof dest,
	    run_stop, NULL, &e), 5);
	/* Exactly the room it needs. */
	T_INTEQ(pst_run_read(path_of("s"), tag, kind, dest,
	    strlen("/home/a b/Mail/in box") + 1, NULL, NULL, &e), 0);

	/* Written anew: an mbox, no entries, an empty path. */
	pst_buf_reset(&b);
	T_INTEQ(pst_run_write(path_of("s"), "T0", "mbox", "", NULL, 0, &e), 0);
	T_INTEQ(pst_run_read(path_of("s"), tag, kind, dest, sizeof dest,
	    collect_run, &b, &e), 0);
	T_STREQ(tag, "T0");
	T_STREQ(kind, "mbox");
	T_STREQ(dest, "");
	T_STREQ(pst_buf_str(&b), "");

	T_INTEQ(pst_run_remove(path_of("s"), &e), 0);
	T_INTEQ(pst_run_exists(path_of("s")), 0);
	T_OK(!exists("s.run"));
	T_INTEQ(pst_run_remove(path_of("s"), &e), 0);
	T_INTEQ(e.status, 0);
	pst_buf_free(&b);
	teardown();
}

/* Reading the plan tmpdir/p.run fails with 65 and "PATH.run:why". */
static void
run_malformed(const char *content, size_t n, const char *why, int line)
{
	struct pst_err e = {0};
	struct pst_buf want = {0};
	char tag[33], kind[16], dest[16];
	int rc;

	write_file("p.run", content, n);
	rc = pst_run_read(path_of("p"), tag, kind, dest, sizeof dest,
	    NULL, NULL, &e);
	t_inteq(rc, -1, __FILE__, line, "pst_run_read");
	t_inteq(e.status, 65, __FILE__, line, "e.status");
	pst_buf_printf(&want, "%s:%s", path_of("p.run"), why);
	t_streq(e.msg, want.p, __FILE__, line, "e.msg");
	pst_buf_free(&want);
}

#define RUN_MALFORMED(lit, why) \
	run_malformed((lit), sizeof(lit) - 1, (why), __LINE__)
#define RHDR	"posta-mfetch-run 1\n"
#define RHEAD	RHDR "tag t1\nkind mbox\ndest /m\n"

void test_run_malformed(void)
{
	struct pst_err e = {0};
	char tag[33], kind[16], dest[16];

	setup();
	T_INTEQ(pst_run_read(path_of("none"), tag, kind, dest, sizeof dest,
	    NULL, NULL, &e), -1);
	T_INTEQ(e.status, 74);
	RUN_MALFORMED("", "1: not a posta-mfetch plan");
	RUN_MALFORMED("posta-mfetch-state 1\n", "1: not a posta-mfetch plan");
	RUN_MALFORMED(RHDR, "1: a plan without its tag, kind or dest");
	RUN_MALFORMED(RHDR "tag t\nkind mbox\n",
	    "3: a plan without its tag, kind or dest");
	RUN_MALFORMED(RHDR "tag t\nkind mbox\np 1 2\n",
	    "4: an entry before the tag, kind and dest");
	RUN_MALFORMED(RHDR "tag t-1\n", "2: bad tag");
	RUN_MALFORMED(RHDR "tag \n", "2: bad tag");
	RUN_MALFORMED(RHDR "tag 123456789012345678901234567890123\n",
	    "2: bad tag");
	RUN_MALFORMED(RHDR "tag t\ntag t\n", "3: tag twice");
	RUN_MALFORMED(RHDR "kind \n", "2: bad kind");
	RUN_MALFORMED(RHDR "kind 1234567890123456\n", "2: bad kind");
	RUN_MALFORMED(RHDR "dest 1234567890123456\n",
	    "2: destination path too long");
	RUN_MALFORMED(RHDR "dest a\ndest a\n", "3: dest twice");
	RUN_MALFORMED(RHEAD "p 1 2\ntag t2\n",
	    "6: not an entry, after the entries");
	RUN_MALFORMED(RHEAD "p 1\n", "5: an entry without a size");
	RUN_MALFORMED(RHEAD "d 1 2\n", "5: unknown line");
	RUN_MALFORMED(RHEAD "p 1 2\np \x01 2\n", "6: bad message id");
	RUN_MALFORMED(RHDR "dest a\0b\n", "2: NUL byte");
	/* The longest dest that fits. */
	WRITE("p.run", RHDR "dest 123456789012345\ntag t\nkind k\n");
	T_INTEQ(pst_run_read(path_of("p"), tag, kind, dest, sizeof dest,
	    NULL, NULL, &e), 0);
	T_STREQ(dest, "123456789012345");
	teardown();
}

void test_run_write_refuses(void)
{
	static const struct pst_state_entry bad[] = { { "", 1, "" } };
	struct pst_err e = {0};

	setup();
	T_INTEQ(pst_run_write(path_of("s"), "a-b", "mbox", "/m", NULL, 0, &e),
	    -1);
	T_INTEQ(e.status, 70);
	pst_err_clear(&e);
	T_INTEQ(pst_run_write(path_of("s"), "t", "", "/m", NULL, 0, &e), -1);
	T_INTEQ(e.status, 70);
	pst_err_clear(&e);
	T_INTEQ(pst_run_write(path_of("s"), "t", "mbox", "/m\nx", NULL, 0,
	    &e), -1);
	T_INTEQ(e.status, 64);
	pst_err_clear(&e);
	T_INTEQ(pst_run_write(path_of("s"), "t", "mbox", "/m", bad, 1, &e),
	    -1);
	T_INTEQ(e.status, 70);
	T_INTEQ(pst_run_exists(path_of("s")), 0);
	T_OK(!exists("s.run.tmp"));
	/* path.run.tmp in the way. */
	pst_err_clear(&e);
	T_INTEQ(mkdir(path_of("s.run.tmp"), 0700), 0);
	T_INTEQ(pst_run_write(path_of("s"), "t", "mbox", "/m", NULL, 0, &e),
	    -1);
	T_INTEQ(e.status, 74);
	T_INTEQ(pst_run_exists(path_of("s")), 0);
	teardown();
}

/* pst_state_name(key) into a buffer of 256, or "-1". */
static const char *
name_of(const char *key)
{
	static char out[256];

	if (pst_state_name(key, out, sizeof out) < 0)
		return "-1";
	return out;
}

void test_state_name(void)
{
	char out[8];

	T_STREQ(name_of("imaps://alice@mail.example.org:993/INBOX"),
	    "imaps%3A%2F%2Falice@mail.example.org%3A993%2FINBOX");
	T_STREQ(name_of("pop3://b_c-d@h/x y+z%"),
	    "pop3%3A%2F%2Fb_c-d@h%2Fx%20y%2Bz%25");
	T_STREQ(name_of(".hidden"), "%2Ehidden");
	T_STREQ(name_of(".."), "%2E.");
	T_STREQ(name_of("a.b"), "a.b");
	T_STREQ(name_of("caf\xc3\xa9\x01\x7f"), "caf%C3%A9%01%7F");
	/* Never the name of a file made beside a state file. */
	T_STREQ(name_of("imap://u@h/INBOX.run"),
	    "imap%3A%2F%2Fu@h%2FINBOX%2Erun");
	T_STREQ(name_of("x.tmp"), "x%2Etmp");
	T_STREQ(name_of("x.run.tmp"), "x.run%2Etmp");
	T_STREQ(name_of(".run"), "%2Erun");
	T_STREQ(name_of("x.runs"), "x.runs");
	T_STREQ(name_of("x.RUN"), "x.RUN");
	T_STREQ(name_of(""), "-1");
	/* The buffer's size. */
	T_INTEQ(pst_state_name("abcdefg", out, sizeof out), 0);
	T_STREQ(out, "abcdefg");
	T_INTEQ(pst_state_name("abcdefgh", out, sizeof out), -1);
	T_INTEQ(pst_state_name("abcdef/", out, sizeof out), -1);
}

void test_state_name_long(void)
{
	char key[512], a[256], b[256];
	size_t n;

	/* 200 bytes: as it is. */
	memset(key, 'a', 200);
	key[200] = '\0';
	T_STREQ(name_of(key), key);
	/* 201: cut, the hash of the whole key after a '+'. */
	memset(key, 'a', 201);
	key[201] = '\0';
	memset(a, 'a', 200);
	strcpy(a + 200, "+9a253eda0ce95884");
	T_STREQ(name_of(key), a);
	key[200] = 'b';
	strcpy(a + 200, "+9a2541da0ce95d9d");
	T_STREQ(name_of(key), a);
	T_INTEQ(pst_state_name(key, b, 218), 0);
	T_INTEQ(pst_state_name(key, b, 217), -1);

	/* Escapes are not cut in the middle. */
	memset(key, '/', 300);
	key[300] = '\0';
	T_INTEQ(pst_state_name(key, a, sizeof a), 0);
	n = strlen(a);
	T_INTEQ(n, 66 * 3 + 17);
	T_INTEQ(a[66 * 3], '+');
	T_INTEQ(strncmp(a + 195, "%2F+", 4), 0);

	/* Keys alike but at their end: names apart. */
	memset(key, 'k', 400);
	strcpy(key + 400, "/INBOX");
	T_INTEQ(pst_state_name(key, a, sizeof a), 0);
	strcpy(key + 400, "/INBOY");
	T_INTEQ(pst_state_name(key, b, sizeof b), 0);
	T_OK(strcmp(a, b) != 0);
	T_OK(strlen(a) <= 217 && strlen(b) <= 217);

	/* 196 bytes and ".run": the escape would make it 202, so it is
	 * hashed instead. */
	memset(key, 'a', 196);
	strcpy(key + 196, ".run");
	T_INTEQ(pst_state_name(key, a, sizeof a), 0);
	T_INTEQ(strlen(a), 217);
	T_INTEQ(strncmp(a + 196, ".run+", 5), 0);
	memset(key, 'a', 194);
	strcpy(key + 194, ".run");
	T_INTEQ(pst_state_name(key, a, sizeof a), 0);
	T_INTEQ(strlen(a), 200);
	T_STREQ(a + 194, "%2Erun");
}

/* Set or unset (v NULL) an environment variable. */
static void
set_env(const char *name, const char *v)
{
	if (v != NULL)
		setenv(name, v, 1);
	else
		unsetenv(name);
}

static int
mode_of(const char *path)
{
	struct stat st;

	if (stat(path, &st) < 0 || !S_ISDIR(st.st_mode))
		return -1;
	return (int)(st.st_mode & 07777);
}

void test_state_dir(void)
{
	char *home, *xdg, out[512], want[512];
	struct pst_err e = {0};
	mode_t mask;

	home = getenv("HOME") ? pst_xstrdup(getenv("HOME")) : NULL;
	xdg = getenv("XDG_STATE_HOME") ?
	    pst_xstrdup(getenv("XDG_STATE_HOME")) : NULL;
	mask = umask(022);
	setup();

	/* XDG_STATE_HOME, absolute: every directory made, 0700. */
	snprintf(want, sizeof want, "%s/xdg/", tmpdir);
	set_env("XDG_STATE_HOME", want);
	set_env("HOME", "/nonexistent");
	T_INTEQ(pst_state_dir(out, sizeof out, &e), 0);
	snprintf(want, sizeof want, "%s/xdg/posta/mfetch", tmpdir);
	T_STREQ(out, want);
	T_INTEQ(mode_of(want), 0700);
	T_INTEQ(mode_of(path_of("xdg/posta")), 0700);
	T_INTEQ(mode_of(path_of("xdg")), 0700);
	/* Again: there already. */
	T_INTEQ(pst_state_dir(out, sizeof out, &e), 0);
	T_STREQ(out, want);

	/* Relative: ignored, as the XDG spec says; HOME then. */
	set_env("XDG_STATE_HOME", "rel/state");
	set_env("HOME", path_of("home"));
	T_INTEQ(pst_state_dir(out, sizeof out, &e), 0);
	snprintf(want, sizeof want, "%s/home/.local/state/posta/mfetch",
	    tmpdir);
	T_STREQ(out, want);
	T_INTEQ(mode_of(want), 0700);
	T_INTEQ(mode_of(path_of("home/.local")), 0700);
	T_OK(!exists("rel"));
	/* Unset or empty: HOME too. */
	set_env("XDG_STATE_HOME", NULL);
	T_INTEQ(pst_state_dir(out, sizeof out, &e), 0);
	T_STREQ(out, want);
	set_env("XDG_STATE_HOME", "");
	T_INTEQ(pst_state_dir(out, sizeof out, &e), 0);
	T_STREQ(out, want);
	T_INTEQ(e.status, 0);

	/* No HOME, a relative HOME. */
	set_env("HOME", NULL);
	T_INTEQ(pst_state_dir(out, sizeof out, &e), -1);
	T_INTEQ(e.status, 78);
	pst_err_clear(&e);
	set_env("HOME", "home");
	T_INTEQ(pst_state_dir(out, sizeof out, &e), -1);
	T_INTEQ(e.status, 78);
	pst_err_clear(&e);

	/* Too long for the buffer. */
	set_env("HOME", path_of("home"));
	T_INTEQ(pst_state_dir(out, strlen(want), &e), -1);
	T_INTEQ(e.status, 78);
	pst_err_clear(&e);
	T_INTEQ(pst_state_dir(out, strlen(want) + 1, &e), 0);

	/* A file in the way. */
	WRITE("file", "x");
	set_env("XDG_STATE_HOME", path_of("file"));
	T_INTEQ(pst_state_dir(out, sizeof out, &e), -1);
	T_INTEQ(e.status, 73);
	T_OK(strstr(e.msg, "/file: ") != NULL);

	teardown();
	umask(mask);
	set_env("HOME", home);
	set_env("XDG_STATE_HOME", xdg);
	free(home);
	free(xdg);
}
