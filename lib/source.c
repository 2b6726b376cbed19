/* source: the messages named by a command-line argument. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mem.h"
#include "source.h"

enum { SRC_FILE, SRC_MAILDIR, SRC_MBOX, SRC_DONE };

/* Set err to "what: why" from errno. */
static void
set_err(char *err, size_t size, const char *what)
{
	int saved = errno;

	if (snprintf(err, size, "%s: %s", what, strerror(saved)) < 0 && size)
		err[0] = '\0';
	errno = saved;
}

#define MAP_THRESHOLD	(256 * 1024)	/* smaller files are read: cheaper */

/* Read the file open at fd into s, or map it when it is large. */
static int
load_file(struct pst_source *s, int fd, const struct stat *st)
{
	void *p;

	s->map = NULL;
	s->maplen = 0;
	s->mapped = 0;
	if (S_ISREG(st->st_mode) && st->st_size > MAP_THRESHOLD) {
		p = mmap(NULL, (size_t)st->st_size, PROT_READ, MAP_PRIVATE, fd, 0);
		if (p != MAP_FAILED) {
			s->map = p;
			s->maplen = (size_t)st->st_size;
			s->mapped = 1;
			return 0;
		}
	}
	pst_buf_reset(&s->msgbuf);
	if (pst_buf_read_fd(&s->msgbuf, fd, 0, S_ISREG(st->st_mode) ?
	    (size_t)st->st_size : 0) < 0)
		return -1;
	s->map = s->msgbuf.p ? s->msgbuf.p : (char *)"";
	s->maplen = s->msgbuf.len;
	return 0;
}

static void
unload_file(struct pst_source *s)
{
	if (s->mapped)
		munmap(s->map, s->maplen);
	s->map = NULL;
	s->maplen = 0;
	s->mapped = 0;
}

static int
by_basename(const void *a, const void *b)
{
	const char *x = *(char *const *)a, *y = *(char *const *)b;
	const char *bx = strrchr(x, '/'), *by = strrchr(y, '/');

	return strcmp(bx ? bx + 1 : x, by ? by + 1 : y);
}

/* Add the message files of dir/sub to s->files. */
static int
list_maildir(struct pst_source *s, const char *dir, const char *sub,
    size_t *cap)
{
	char path[4096];
	struct dirent *e;
	DIR *d;
	int n;

	n = snprintf(path, sizeof path, "%s/%s", dir, sub);
	if (n < 0 || (size_t)n >= sizeof path) {
		errno = ENAMETOOLONG;
		return -1;
	}
	if ((d = opendir(path)) == NULL)
		return -1;
	while ((errno = 0, e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		if (s->nfiles == *cap) {
			*cap = *cap ? *cap * 2 : 256;
			s->files = pst_xreallocarray(s->files, *cap,
			    sizeof *s->files);
		}
		size_t len = strlen(path) + strlen(e->d_name) + 2;
		s->files[s->nfiles] = pst_xmalloc(len);
		n = snprintf(s->files[s->nfiles], len, "%s/%s", path,
		    e->d_name);
		if (n < 0 || (size_t)n >= len)
			abort();	/* sized above */
		s->nfiles++;
	}
	n = errno;
	closedir(d);
	errno = n;
	return n ? -1 : 0;
}

static int
open_maildir(struct pst_source *s, const char *dir, char *err, size_t size)
{
	size_t cap = 0;

	if (list_maildir(s, dir, "cur", &cap) < 0 ||
	    list_maildir(s, dir, "new", &cap) < 0) {
		if (errno == ENOENT) {
			if (snprintf(err, size, "%s: a directory, but not a "
			    "Maildir (no cur/ and new/)", dir) < 0 && size)
				err[0] = '\0';
			errno = EISDIR;
		} else {
			set_err(err, size, dir);
		}
		return -1;
	}
	if (s->nfiles > 1)	/* qsort wants a non-NULL base, even for 0 */
		qsort(s->files, s->nfiles, sizeof *s->files, by_basename);
	s->kind = SRC_MAILDIR;
	return 0;
}

/* Open the stream fp (named name) as an mbox or one message, looking at its
 * first line. */
static int
open_stream(struct pst_source *s, FILE *fp, const char *name, char *err,
    size_t size)
{
	int rc;

	s->fp = fp;
	pst_mbox_init(&s->mb, fp);
	if ((rc = pst_mbox_sniff(&s->mb)) < 0) {
		set_err(err, size, name);
		return -1;
	}
	if (rc == 1) {
		s->kind = SRC_MBOX;
		return 0;
	}
	pst_buf_reset(&s->msgbuf);
	if (pst_mbox_rest(&s->mb, &s->msgbuf) < 0) {
		set_err(err, size, name);
		return -1;
	}
	s->map = s->msgbuf.p ? s->msgbuf.p : (char *)"";
	s->maplen = s->msgbuf.len;
	/* Nothing at all is a stream of no messages: what `mfetch | mshow`
	 * reads when nothing is new. */
	s->kind = s->maplen == 0 ? SRC_DONE : SRC_FILE;
	return 0;
}

static int
open_source(struct pst_source *s, const char *arg, char *err,
    size_t errsize)
{
	struct stat st;
	char head[5];
	ssize_t n;
	int fd;

	if (strcmp(arg, "-") == 0) {
		/* Unbuffered reads of the first line would be slow; stdio
		 * is fine since the rest goes through the same FILE. */
		if (snprintf(s->name, sizeof s->name, "stdin") < 0)
			return -1;
		s->baselen = strlen(s->name);
		return open_stream(s, stdin, "stdin", err, errsize);
	}
	if (snprintf(s->name, sizeof s->name - 32, "%s", arg) < 0)
		return -1;
	s->baselen = strlen(s->name);
	if ((fd = open(arg, O_RDONLY | O_CLOEXEC)) < 0 || fstat(fd, &st) < 0) {
		set_err(err, errsize, arg);
		if (fd >= 0)
			close(fd);
		return -1;
	}
	if (S_ISDIR(st.st_mode)) {
		close(fd);
		return open_maildir(s, arg, err, errsize);
	}
	n = pread(fd, head, sizeof head, 0);
	if (n == (ssize_t)sizeof head && pst_mbox_looks(head, sizeof head)) {
		FILE *fp = fdopen(fd, "r");
		if (fp == NULL) {
			set_err(err, errsize, arg);
			close(fd);
			return -1;
		}
		s->fp = fp;
		pst_mbox_init(&s->mb, fp);
		s->kind = SRC_MBOX;
		return 0;
	}
	if (n < 0 || load_file(s, fd, &st) < 0) {
		set_err(err, errsize, arg);
		close(fd);
		return -1;
	}
	close(fd);
	s->kind = SRC_FILE;
	return 0;
}

int
pst_source_open(struct pst_source *s, const char *arg, char *err,
    size_t errsize)
{
	int saved;

	memset(s, 0, sizeof *s);
	if (open_source(s, arg, err, errsize) == 0)
		return 0;
	saved = errno;
	pst_source_close(s);
	errno = saved;
	return -1;
}

/* The next file of a Maildir. */
static int
next_maildir(struct pst_source *s, struct pst_msg *m, char *err,
    size_t errsize)
{
	const char *path;
	struct stat st;
	int fd, rc;

	unload_file(s);
	if (s->next >= s->nfiles)
		return 0;
	path = s->files[s->next++];
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
		set_err(err, errsize, path);
		return -1;
	}
	rc = fstat(fd, &st) < 0 ? -1 : load_file(s, fd, &st);
	if (rc < 0)
		set_err(err, errsize, path);
	close(fd);
	if (rc < 0)
		return -1;
	m->data = s->map;
	m->len = s->maplen;
	m->name = path;
	return 1;
}

int
pst_source_next(struct pst_source *s, struct pst_msg *m, char *err,
    size_t errsize)
{
	int rc;

	switch (s->kind) {
	case SRC_FILE:
		s->kind = SRC_DONE;
		m->data = s->map;
		m->len = s->maplen;
		m->name = s->name;
		return 1;
	case SRC_MAILDIR:
		return next_maildir(s, m, err, errsize);
	case SRC_MBOX:
		rc = pst_mbox_next(&s->mb, &s->msgbuf);
		if (rc < 0) {
			set_err(err, errsize, s->name);
			s->kind = SRC_DONE;
			return -1;
		}
		if (rc == 0)
			return 0;
		s->count++;
		if (snprintf(s->name + s->baselen, sizeof s->name - s->baselen,
		    " #%lld", s->count) < 0)
			return -1;
		m->data = pst_buf_str(&s->msgbuf);
		m->len = s->msgbuf.len;
		m->name = s->name;
		return 1;
	default:
		return 0;
	}
}

int
pst_source_many(const struct pst_source *s)
{
	return s->kind == SRC_MAILDIR || s->kind == SRC_MBOX;
}

void
pst_source_close(struct pst_source *s)
{
	unload_file(s);
	if (s->fp != NULL && s->fp != stdin)
		fclose(s->fp);
	pst_mbox_free(&s->mb);
	pst_buf_free(&s->msgbuf);
	for (size_t i = 0; i < s->nfiles; i++)
		free(s->files[i]);
	free(s->files);
	memset(s, 0, sizeof *s);
}
