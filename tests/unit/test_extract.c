/* Unit tests of lib/extract.c: parts saved to files under /tmp. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "extract.h"
#include "mime.h"
#include "t.h"

void test_extract_decoded(void);
void test_extract_numbered(void);
void test_extract_symlink(void);
void test_extract_names(void);
void test_extract_bad_dir(void);
void test_write_part(void);

#define MSG \
	"Content-Type: multipart/mixed; boundary=x\n" \
	"\n" \
	"--x\n" \
	"Content-Type: application/pdf\n" \
	"Content-Disposition: attachment; filename=\"report.pdf\"\n" \
	"Content-Transfer-Encoding: base64\n" \
	"\n" \
	"JVBERi0xLjQK\n" \
	"AAEC/w==\n" \
	"--x\n" \
	"Content-Type: text/plain; name=\"../../evil.txt\"\n" \
	"Content-Transfer-Encoding: quoted-printable\n" \
	"\n" \
	"caf=C3=A9 =\n" \
	"au lait  \n" \
	"--x\n" \
	"Content-Type: application/octet-stream\n" \
	"\n" \
	"raw\n" \
	"--x\n" \
	"Content-Type: text/plain; name=README\n" \
	"\n" \
	"r\n" \
	"--x\n" \
	"Content-Type: message/rfc822\n" \
	"Content-Disposition: attachment; filename=.hidden.eml\n" \
	"\n" \
	"Subject: inner\n" \
	"\n" \
	"inner body\n" \
	"--x--\n"

static char tmpdir[64];
static int dirfd_ = -1;
static struct pst_mime mime;

static void
setup(void)
{
	snprintf(tmpdir, sizeof tmpdir, "/tmp/posta-test-extract.XXXXXX");
	if (mkdtemp(tmpdir) == NULL ||
	    (dirfd_ = open(tmpdir, O_RDONLY | O_DIRECTORY)) < 0) {
		perror(tmpdir);
		exit(1);
	}
	pst_mime_parse(MSG, sizeof MSG - 1, &mime);
}

/* Remove every file in tmpdir, then tmpdir. */
static void
teardown(void)
{
	static const char *const names[] = {
		"report.pdf", "report-1.pdf", "report-2.pdf", "evil.txt",
		"evil-1.txt", "part.bin", "part-1.bin", "README", "README-1",
		"hidden.eml", "link.txt", "link-1.txt", "target", "x",
	};
	char path[256];

	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		snprintf(path, sizeof path, "%s/%s", tmpdir, names[i]);
		unlink(path);
	}
	close(dirfd_);
	T_INTEQ(rmdir(tmpdir), 0);
	pst_mime_free(&mime);
}

/* Check the file tmpdir/name holds want[0..n). */
static void
file_is(const char *name, const char *want, size_t n, int line)
{
	char path[256], got[4096];
	ssize_t k;
	int fd;

	snprintf(path, sizeof path, "%s/%s", tmpdir, name);
	fd = open(path, O_RDONLY);
	if (!t_check(fd >= 0, __FILE__, line, name))
		return;
	k = read(fd, got, sizeof got);
	close(fd);
	t_memeq(got, k < 0 ? 0 : (size_t)k, want, n, __FILE__, line, name);
}

static int
exists(const char *name)
{
	struct stat st;

	return fstatat(dirfd_, name, &st, AT_SYMLINK_NOFOLLOW) == 0;
}

void test_extract_decoded(void)
{
	char saved[256];

	setup();
	T_INTEQ(mime.nparts, 7);
	T_INTEQ(pst_extract_part(mime.parts[1], dirfd_, "part.bin", saved,
	    sizeof saved), 0);
	T_STREQ(saved, "report.pdf");
	file_is("report.pdf", "%PDF-1.4\n\x00\x01\x02\xff", 13, __LINE__);
	T_INTEQ(pst_extract_part(mime.parts[2], dirfd_, "part.bin", saved,
	    sizeof saved), 0);
	T_STREQ(saved, "evil.txt");
	file_is("evil.txt", "caf\xc3\xa9 au lait", 13, __LINE__);
	teardown();
}

void test_extract_numbered(void)
{
	char saved[256];

	setup();
	for (int i = 0; i < 3; i++)
		T_INTEQ(pst_extract_part(mime.parts[1], dirfd_, "part.bin",
		    saved, sizeof saved), 0);
	T_STREQ(saved, "report-2.pdf");
	T_OK(exists("report.pdf"));
	T_OK(exists("report-1.pdf"));
	file_is("report-1.pdf", "%PDF-1.4\n\x00\x01\x02\xff", 13, __LINE__);
	file_is("report-2.pdf", "%PDF-1.4\n\x00\x01\x02\xff", 13, __LINE__);
	/* A name without an extension gets the number at its end. */
	T_INTEQ(pst_extract_part(mime.parts[4], dirfd_, "part.bin", saved,
	    sizeof saved), 0);
	T_STREQ(saved, "README");
	T_INTEQ(pst_extract_part(mime.parts[4], dirfd_, "part.bin", saved,
	    sizeof saved), 0);
	T_STREQ(saved, "README-1");
	file_is("README-1", "r", 1, __LINE__);
	teardown();
}

void test_extract_symlink(void)
{
	char saved[256], target[256];
	struct stat st;

	setup();
	/* A symlink (dangling, then not) where the file would go. */
	snprintf(target, sizeof target, "%s/target", tmpdir);
	T_INTEQ(symlinkat(target, dirfd_, "evil.txt"), 0);
	T_INTEQ(pst_extract_part(mime.parts[2], dirfd_, "part.bin", saved,
	    sizeof saved), 0);
	T_STREQ(saved, "evil-1.txt");
	T_OK(!exists("target"));
	T_OK(fstatat(dirfd_, "evil.txt", &st, AT_SYMLINK_NOFOLLOW) == 0 &&
	    S_ISLNK(st.st_mode));
	file_is("evil-1.txt", "caf\xc3\xa9 au lait", 13, __LINE__);

	unlinkat(dirfd_, "evil-1.txt", 0);
	T_INTEQ(symlinkat("target", dirfd_, "report.pdf"), 0);
	{
		int fd = openat(dirfd_, "target", O_WRONLY | O_CREAT, 0600);
		T_OK(fd >= 0);
		close(fd);
	}
	T_INTEQ(pst_extract_part(mime.parts[1], dirfd_, "part.bin", saved,
	    sizeof saved), 0);
	T_STREQ(saved, "report-1.pdf");
	T_OK(fstatat(dirfd_, "target", &st, 0) == 0 && st.st_size == 0);
	teardown();
}

void test_extract_names(void)
{
	char saved[256];

	setup();
	/* No file name: the fallback. */
	T_INTEQ(pst_extract_part(mime.parts[3], dirfd_, "part.bin", saved,
	    sizeof saved), 0);
	T_STREQ(saved, "part.bin");
	file_is("part.bin", "raw", 3, __LINE__);
	T_INTEQ(pst_extract_part(mime.parts[3], dirfd_, "part.bin", saved,
	    sizeof saved), 0);
	T_STREQ(saved, "part-1.bin");
	/* A leading dot is dropped; an embedded message as it stands. */
	T_INTEQ(pst_extract_part(mime.parts[5], dirfd_, "part.bin", saved,
	    sizeof saved), 0);
	T_STREQ(saved, "hidden.eml");
	file_is("hidden.eml", "Subject: inner\n\ninner body", 26, __LINE__);
	/* A small saved buffer is cut, the file is still there. */
	{
		char small[4];
		T_INTEQ(pst_extract_part(mime.parts[4], dirfd_, "part.bin",
		    small, sizeof small), 0);
		T_STREQ(small, "REA");
		T_OK(exists("README"));
	}
	teardown();
}

void test_extract_bad_dir(void)
{
	char saved[256] = "unchanged";
	int fd;

	setup();
	/* A directory fd that is not open. */
	fd = dup(dirfd_);
	close(fd);
	errno = 0;
	T_INTEQ(pst_extract_part(mime.parts[1], fd, "part.bin", saved,
	    sizeof saved), -1);
	T_INTEQ(errno, EBADF);
	T_STREQ(saved, "unchanged");
	/* A read-only directory. */
	if (geteuid() != 0) {
		T_INTEQ(fchmod(dirfd_, 0500), 0);
		errno = 0;
		T_INTEQ(pst_extract_part(mime.parts[1], dirfd_, "part.bin",
		    saved, sizeof saved), -1);
		T_INTEQ(errno, EACCES);
		T_INTEQ(fchmod(dirfd_, 0700), 0);
	}
	T_OK(!exists("report.pdf"));
	teardown();
}

void test_write_part(void)
{
	char path[256];
	int fd;

	setup();
	snprintf(path, sizeof path, "%s/x", tmpdir);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	T_OK(fd >= 0);
	T_INTEQ(pst_write_part(mime.parts[1], fd), 0);
	T_INTEQ(pst_write_part(mime.parts[2], fd), 0);
	/* A multipart: its body as it stands. */
	T_INTEQ(pst_write_part(mime.parts[0], fd), 0);
	close(fd);
	{
		struct pst_buf want = {0};
		pst_buf_add(&want, "%PDF-1.4\n\x00\x01\x02\xff", 13);
		pst_buf_adds(&want, "caf\xc3\xa9 au lait");
		pst_buf_add(&want, mime.root->body, mime.root->bodylen);
		file_is("x", want.p, want.len, __LINE__);
		pst_buf_free(&want);
	}
	/* A closed fd: an error. */
	errno = 0;
	T_INTEQ(pst_write_part(mime.parts[1], fd), -1);
	T_INTEQ(errno, EBADF);
	teardown();
}
