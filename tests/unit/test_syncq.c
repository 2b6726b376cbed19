/* Unit tests of lib/syncq.c: files finished from tmp/ into new/ by
 * threads, every one of them, and the first failure kept. */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "err.h"
#include "syncq.h"
#include "t.h"

void test_syncq_all_arrive(void);
void test_syncq_clash(void);
void test_syncq_fsync_fails(void);
void test_syncq_free_finishes(void);

/* A scratch Maildir's tmp/ and new/, open. */
struct md {
	char root[64], tmp[80], new[80];
	int tmpfd, newfd;
};

static int
md_make(struct md *m)
{
	snprintf(m->root, sizeof m->root, "/tmp/posta-test-syncq.XXXXXX");
	if (mkdtemp(m->root) == NULL)
		return -1;
	snprintf(m->tmp, sizeof m->tmp, "%s/tmp", m->root);
	snprintf(m->new, sizeof m->new, "%s/new", m->root);
	if (mkdir(m->tmp, 0700) < 0 || mkdir(m->new, 0700) < 0)
		return -1;
	m->tmpfd = open(m->tmp, O_RDONLY | O_DIRECTORY);
	m->newfd = open(m->new, O_RDONLY | O_DIRECTORY);
	return m->tmpfd >= 0 && m->newfd >= 0 ? 0 : -1;
}

/* Empty both directories and remove the Maildir. */
static void
md_remove(struct md *m)
{
	const char *dirs[] = { m->tmp, m->new };
	char path[400];
	struct dirent *de;
	DIR *dir;

	for (int i = 0; i < 2; i++) {
		if ((dir = opendir(dirs[i])) == NULL)
			continue;
		while ((de = readdir(dir)) != NULL) {
			if (de->d_name[0] == '.')
				continue;
			snprintf(path, sizeof path, "%s/%s", dirs[i], de->d_name);
			unlink(path);
		}
		closedir(dir);
		rmdir(dirs[i]);
	}
	close(m->tmpfd);
	close(m->newfd);
	rmdir(m->root);
}

static int
count(const char *dir)
{
	struct dirent *de;
	DIR *d = opendir(dir);
	int n = 0;

	if (d == NULL)
		return -1;
	while ((de = readdir(d)) != NULL)
		n += de->d_name[0] != '.';
	closedir(d);
	return n;
}

/* A file tmp/t<i> holding "message <i>\n", open for writing. */
static int
tmp_file(struct md *m, int i, char *name, size_t size)
{
	char text[32];
	int fd, n;

	snprintf(name, size, "t%d", i);
	fd = openat(m->tmpfd, name, O_WRONLY | O_CREAT | O_EXCL, 0600);
	n = snprintf(text, sizeof text, "message %d\n", i);
	if (fd < 0 || write(fd, text, (size_t)n) != n)
		return -1;
	return fd;
}

/* Whether new/n<i> holds what tmp_file wrote for i. */
static int
arrived(struct md *m, int i)
{
	char path[200], want[32], got[32];
	ssize_t n;
	int fd;

	snprintf(path, sizeof path, "%s/n%d", m->new, i);
	snprintf(want, sizeof want, "message %d\n", i);
	if ((fd = open(path, O_RDONLY)) < 0)
		return 0;
	n = read(fd, got, sizeof got);
	close(fd);
	return n == (ssize_t)strlen(want) && memcmp(got, want, (size_t)n) == 0;
}

static int
put(struct pst_syncq *q, struct md *m, int i, struct pst_err *e)
{
	char tname[16], nname[16];
	int fd = tmp_file(m, i, tname, sizeof tname);

	snprintf(nname, sizeof nname, "n%d", i);
	return fd < 0 ? -1 : pst_syncq_put(q, fd, tname, nname, e);
}

void test_syncq_all_arrive(void)
{
	struct pst_err e = {0};
	struct pst_syncq *q;
	struct md m;
	int i, ok = 1;

	if (!T_INTEQ(md_make(&m), 0))
		return;
	/* Fewer slots than jobs: put waits for room. */
	q = pst_syncq_new(m.tmpfd, m.newfd, m.root, 3, 4, &e);
	if (!T_OK(q != NULL))
		goto out;
	for (i = 0; i < 300; i++)
		if (put(q, &m, i, &e) != 0)
			ok = 0;
	T_OK(ok);
	T_INTEQ(pst_syncq_wait(q, &e), 0);
	T_INTEQ(count(m.new), 300);
	T_INTEQ(count(m.tmp), 0);
	for (i = 0, ok = 1; i < 300; i++)
		ok &= arrived(&m, i);
	T_OK(ok);
	/* Used again after a wait. */
	T_INTEQ(put(q, &m, 300, &e), 0);
	T_INTEQ(pst_syncq_wait(q, &e), 0);
	T_OK(arrived(&m, 300));
	T_INTEQ(e.status, 0);
	pst_syncq_free(q);
out:
	md_remove(&m);
}

void test_syncq_clash(void)
{
	struct pst_err e = {0};
	struct pst_syncq *q;
	char path[200];
	struct md m;
	int fd;

	if (!T_INTEQ(md_make(&m), 0))
		return;
	/* new/n1 is there already: never replaced, a 73. */
	snprintf(path, sizeof path, "%s/n1", m.new);
	fd = open(path, O_WRONLY | O_CREAT, 0600);
	T_OK(fd >= 0 && write(fd, "mine\n", 5) == 5);
	close(fd);
	q = pst_syncq_new(m.tmpfd, m.newfd, m.root, 2, 8, &e);
	if (!T_OK(q != NULL))
		goto out;
	T_INTEQ(put(q, &m, 1, &e), 0);
	T_INTEQ(pst_syncq_wait(q, &e), -1);
	T_INTEQ(e.status, 73);
	T_OK(strstr(e.msg, "/new/n1: exists already") != NULL);
	T_OK(!arrived(&m, 1));
	/* Its tmp/ file is gone; so is that of any job after the failure. */
	pst_err_clear(&e);
	T_INTEQ(put(q, &m, 2, &e), -1);
	T_INTEQ(e.status, 73);
	T_INTEQ(count(m.tmp), 0);
	T_INTEQ(count(m.new), 1);
	pst_syncq_free(q);
out:
	md_remove(&m);
}

void test_syncq_fsync_fails(void)
{
	struct pst_err e = {0};
	struct pst_syncq *q;
	char name[16];
	struct md m;
	int p[2];

	if (!T_INTEQ(md_make(&m), 0))
		return;
	q = pst_syncq_new(m.tmpfd, m.newfd, m.root, 1, 8, &e);
	if (!T_OK(q != NULL) || !T_INTEQ(pipe(p), 0))
		goto out;
	/* A pipe cannot be synced (EINVAL): a 74, the tmp/ file removed. */
	close(tmp_file(&m, 7, name, sizeof name));
	close(p[0]);
	T_INTEQ(pst_syncq_put(q, p[1], name, "n7", &e), 0);
	T_INTEQ(pst_syncq_wait(q, &e), -1);
	T_INTEQ(e.status, 74);
	T_OK(strstr(e.msg, "/tmp/t7: fsync") != NULL);
	T_INTEQ(count(m.tmp), 0);
	T_INTEQ(count(m.new), 0);
	pst_syncq_free(q);
out:
	md_remove(&m);
}

void test_syncq_free_finishes(void)
{
	struct pst_err e = {0};
	struct pst_syncq *q;
	struct md m;
	int i, ok = 1;

	if (!T_INTEQ(md_make(&m), 0))
		return;
	q = pst_syncq_new(m.tmpfd, m.newfd, m.root, 16, 64, &e);
	if (!T_OK(q != NULL))
		goto out;
	for (i = 0; i < 50; i++)
		ok &= put(q, &m, i, &e) == 0;
	pst_syncq_free(q);	/* no wait first */
	T_OK(ok);
	T_INTEQ(count(m.new), 50);
	T_INTEQ(count(m.tmp), 0);
	pst_syncq_free(NULL);
out:
	md_remove(&m);
}
