/* Unit tests of lib/source.c: files, Maildirs and mbox files named on a
 * command line. Each test works in its own directory under /tmp. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "source.h"
#include "t.h"

void test_source_file(void);
void test_source_empty_file(void);
void test_source_maildir(void);
void test_source_empty_maildir(void);
void test_source_not_maildir(void);
void test_source_missing(void);
void test_source_mbox(void);
void test_source_short_file(void);

static char tmpdir[64];

static void
make_tmpdir(void)
{
	snprintf(tmpdir, sizeof tmpdir, "/tmp/posta-test-source.XXXXXX");
	if (mkdtemp(tmpdir) == NULL) {
		perror("mkdtemp");
		exit(1);
	}
}

/* Write s to tmpdir/rel. */
static void
put(const char *rel, const char *s)
{
	char path[256];
	FILE *fp;

	snprintf(path, sizeof path, "%s/%s", tmpdir, rel);
	fp = fopen(path, "w");
	if (fp == NULL) {
		perror(path);
		exit(1);
	}
	fputs(s, fp);
	fclose(fp);
}

static void
mkdir_in(const char *rel)
{
	char path[256];

	snprintf(path, sizeof path, "%s/%s", tmpdir, rel);
	if (mkdir(path, 0700) < 0) {
		perror(path);
		exit(1);
	}
}

/* Remove tmpdir and what the tests put in it. */
static void
remove_tmpdir(void)
{
	static const char *const rel[] = {
		"cur/2-b:2,S", "cur/4-d:2,", "cur/.hidden", "new/1-a",
		"new/3-c", "new/.tmpfile", "cur", "new", "tmp", "sub",
		"msg.eml", "empty", "mbox", "short",
	};
	char path[256];

	for (size_t i = 0; i < sizeof rel / sizeof rel[0]; i++) {
		snprintf(path, sizeof path, "%s/%s", tmpdir, rel[i]);
		if (unlink(path) < 0)
			rmdir(path);
	}
	T_INTEQ(rmdir(tmpdir), 0);
}

static char *
path_of(const char *rel)
{
	static char path[256];

	snprintf(path, sizeof path, "%s/%s", tmpdir, rel);
	return path;
}

void test_source_file(void)
{
	struct pst_source s;
	struct pst_msg m;
	char err[512] = "";

	make_tmpdir();
	put("msg.eml", "Subject: hi\n\nbody\n");
	T_INTEQ(pst_source_open(&s, path_of("msg.eml"), err, sizeof err), 0);
	T_INTEQ(pst_source_many(&s), 0);
	T_INTEQ(pst_source_next(&s, &m, err, sizeof err), 1);
	T_MEMEQ(m.data, m.len, "Subject: hi\n\nbody\n", 18);
	T_STREQ(m.name, path_of("msg.eml"));
	T_INTEQ(pst_source_next(&s, &m, err, sizeof err), 0);
	T_INTEQ(pst_source_next(&s, &m, err, sizeof err), 0);
	pst_source_close(&s);

	/* A large file is mapped, not copied. */
	{
		struct pst_buf big = {0};
		pst_buf_adds(&big, "Subject: big\n\n");
		while (big.len < 4 * 1024 * 1024)
			pst_buf_adds(&big, "0123456789abcdef0123456789abcdef"
			    "0123456789abcdef0123456789abcde\n");
		put("msg.eml", big.p);
		T_INTEQ(pst_source_open(&s, path_of("msg.eml"), err,
		    sizeof err), 0);
		T_INTEQ(pst_source_next(&s, &m, err, sizeof err), 1);
		T_INTEQ(s.mapped, 1);
		T_MEMEQ(m.data, m.len, big.p, big.len);
		pst_source_close(&s);
		pst_buf_free(&big);
	}
	remove_tmpdir();
}

void test_source_empty_file(void)
{
	struct pst_source s;
	struct pst_msg m;
	char err[512] = "";

	make_tmpdir();
	put("empty", "");
	T_INTEQ(pst_source_open(&s, path_of("empty"), err, sizeof err), 0);
	T_INTEQ(pst_source_next(&s, &m, err, sizeof err), 1);
	T_INTEQ(m.len, 0);
	T_OK(m.data != NULL);
	T_INTEQ(pst_source_next(&s, &m, err, sizeof err), 0);
	pst_source_close(&s);
	remove_tmpdir();
}

void test_source_short_file(void)
{
	struct pst_source s;
	struct pst_msg m;
	char err[512] = "";

	/* Shorter than "From ": read as one message. */
	make_tmpdir();
	put("short", "Fro");
	T_INTEQ(pst_source_open(&s, path_of("short"), err, sizeof err), 0);
	T_INTEQ(pst_source_next(&s, &m, err, sizeof err), 1);
	T_MEMEQ(m.data, m.len, "Fro", 3);
	T_INTEQ(pst_source_next(&s, &m, err, sizeof err), 0);
	pst_source_close(&s);
	remove_tmpdir();
}

void test_source_maildir(void)
{
	struct pst_source s;
	struct pst_msg m;
	char err[512] = "";
	static const char *const want[] = {
		"new/1-a", "cur/2-b:2,S", "new/3-c", "cur/4-d:2,",
	};
	char path[256];
	size_t k = 0;
	int rc;

	make_tmpdir();
	mkdir_in("cur");
	mkdir_in("new");
	mkdir_in("tmp");
	put("new/1-a", "Subject: 1\n\n");
	put("cur/2-b:2,S", "Subject: 2\n\n");
	put("new/3-c", "Subject: 3\n\n");
	put("cur/4-d:2,", "");
	put("cur/.hidden", "Subject: hidden\n\n");
	put("new/.tmpfile", "Subject: hidden\n\n");
	T_INTEQ(pst_source_open(&s, tmpdir, err, sizeof err), 0);
	T_INTEQ(pst_source_many(&s), 1);
	while ((rc = pst_source_next(&s, &m, err, sizeof err)) == 1) {
		if (k < 4) {
			snprintf(path, sizeof path, "%s/%s", tmpdir, want[k]);
			T_STREQ(m.name, path);
			if (k < 3) {
				char subj[16];
				snprintf(subj, sizeof subj, "Subject: %zu\n\n",
				    k + 1);
				T_MEMEQ(m.data, m.len, subj, strlen(subj));
			} else {
				T_INTEQ(m.len, 0);
			}
		}
		k++;
	}
	T_INTEQ(rc, 0);
	T_INTEQ(k, 4);
	pst_source_close(&s);

	/* A file that vanished between the listing and the reading. */
	T_INTEQ(pst_source_open(&s, tmpdir, err, sizeof err), 0);
	unlink(path_of("cur/2-b:2,S"));
	T_INTEQ(pst_source_next(&s, &m, err, sizeof err), 1);
	err[0] = '\0';
	T_INTEQ(pst_source_next(&s, &m, err, sizeof err), -1);
	T_OK(strstr(err, "2-b:2,S: No such file or directory") != NULL);
	/* It goes on after the error. */
	T_INTEQ(pst_source_next(&s, &m, err, sizeof err), 1);
	T_OK(strstr(m.name, "3-c") != NULL);
	T_INTEQ(pst_source_next(&s, &m, err, sizeof err), 1);
	T_INTEQ(pst_source_next(&s, &m, err, sizeof err), 0);
	pst_source_close(&s);
	remove_tmpdir();
}

void test_source_empty_maildir(void)
{
	struct pst_source s;
	struct pst_msg m;
	char err[512] = "";

	make_tmpdir();
	mkdir_in("cur");
	mkdir_in("new");
	T_INTEQ(pst_source_open(&s, tmpdir, err, sizeof err), 0);
	T_INTEQ(pst_source_many(&s), 1);
	T_INTEQ(pst_source_next(&s, &m, err, sizeof err), 0);
	pst_source_close(&s);
	remove_tmpdir();
}

void test_source_not_maildir(void)
{
	struct pst_source s;
	char err[512] = "", want[512];

	make_tmpdir();
	mkdir_in("sub");
	errno = 0;
	T_INTEQ(pst_source_open(&s, tmpdir, err, sizeof err), -1);
	T_INTEQ(errno, EISDIR);
	snprintf(want, sizeof want, "%s: a directory, but not a Maildir "
	    "(no cur/ and new/)", tmpdir);
	T_STREQ(err, want);
	pst_source_close(&s);
	/* Half a Maildir is not one either. */
	mkdir_in("cur");
	T_INTEQ(pst_source_open(&s, tmpdir, err, sizeof err), -1);
	T_STREQ(err, want);
	pst_source_close(&s);
	remove_tmpdir();
}

void test_source_missing(void)
{
	struct pst_source s;
	char err[512] = "", want[512];

	make_tmpdir();
	errno = 0;
	T_INTEQ(pst_source_open(&s, path_of("nothing"), err, sizeof err), -1);
	T_INTEQ(errno, ENOENT);
	snprintf(want, sizeof want, "%s: No such file or directory",
	    path_of("nothing"));
	T_STREQ(err, want);
	pst_source_close(&s);
	/* A small error buffer is cut, not overrun. */
	{
		char small[8];
		T_INTEQ(pst_source_open(&s, path_of("nothing"), small,
		    sizeof small), -1);
		T_INTEQ(strlen(small), 7);
		pst_source_close(&s);
	}
	remove_tmpdir();
}

void test_source_mbox(void)
{
	struct pst_source s;
	struct pst_msg m;
	char err[512] = "", want[512];

	make_tmpdir();
	put("mbox", "From a Mon Jan  1 00:00:00 2024\n"
	    "Subject: one\n\n>From x\n\n"
	    "From b Mon Jan  1 00:00:01 2024\n"
	    "Subject: two\n\nbody\n");
	T_INTEQ(pst_source_open(&s, path_of("mbox"), err, sizeof err), 0);
	T_INTEQ(pst_source_many(&s), 1);
	T_INTEQ(pst_source_next(&s, &m, err, sizeof err), 1);
	T_MEMEQ(m.data, m.len, "Subject: one\n\nFrom x\n", 21);
	snprintf(want, sizeof want, "%s #1", path_of("mbox"));
	T_STREQ(m.name, want);
	T_INTEQ(pst_source_next(&s, &m, err, sizeof err), 1);
	T_MEMEQ(m.data, m.len, "Subject: two\n\nbody\n", 19);
	snprintf(want, sizeof want, "%s #2", path_of("mbox"));
	T_STREQ(m.name, want);
	T_INTEQ(pst_source_next(&s, &m, err, sizeof err), 0);
	pst_source_close(&s);
	remove_tmpdir();
}
