/* state: mfetch's state files and run plans (see state.h).
 *
 * Both are text, LF line ends, one record per line, read as a stream (a
 * line longer than 64 KiB is refused) and written whole through a
 * temporary file beside them (path.tmp; fsync, rename, fsync of the
 * directory), so a reader sees the old file or the new one, never a mix.
 *
 * A state file:
 *
 *	posta-mfetch-state 1
 *	uidvalidity N		only when nonzero
 *	mbox-end N		only when >= 0
 *	d ID SIZE MSGID		one per message delivered, in order
 *
 * A run's plan, path.run beside the state file at path:
 *
 *	posta-mfetch-run 1
 *	tag TAG			1 to 32 letters and digits
 *	kind KIND		1 to 15 bytes of 0x21-0x7E ("maildir", "mbox")
 *	dest PATH		the rest of the line
 *	p ID SIZE MSGID		entry i is the i-th p line, from 0
 *
 * ID is 1 to 70 bytes of 0x21-0x7E, SIZE is decimal. MSGID is the rest of
 * the line after the one space that follows SIZE, kept byte for byte
 * (spaces and UTF-8 included); an empty one is written as no space at
 * all, and read either way. The head lines come before the entries, each
 * at most once, in any order.
 *
 * A Message-ID may hold any byte but CR, LF and NUL. One given with a CR
 * or LF (a caller's bug) is cut at the first of them rather than refused:
 * the message is on disk by then, and failing to record it would fetch it
 * again; for the same reason one so long that its line would pass 64 KiB
 * is cut to fit. An id that is not one is refused (status 70, a caller's
 * bug): it would make a file nobody could read back.
 *
 * On reading, a CR ending a line is ignored (a file that went through an
 * editor); a CR elsewhere, a NUL anywhere, or any line outside this
 * grammar makes the file malformed (65, "path:line: why"): a damaged
 * state file is reported, never guessed at, since a guess could fetch a
 * mailbox twice or skip a message. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "io.h"
#include "mem.h"
#include "state.h"

#define STATE_MAGIC	"posta-mfetch-state 1"
#define RUN_MAGIC	"posta-mfetch-run 1"
/* The bytes of a line, its LF not counted; the reader holds a whole line,
 * one more read, and a NUL. */
#define MAX_LINE	(64 * 1024)
#define READ_CAP	(2 * MAX_LINE + 2)
#define WRITE_CHUNK	(64 * 1024)
#define ID_MAX		70
#define TAG_MAX		32
#define KIND_MAX	15
#define NAME_CUT	200	/* a state file name's bytes before "+hash" */

/* ---- reading lines ------------------------------------------------------ */

/* A file read one line at a time through one buffer: memory is bounded by
 * the longest line allowed, whatever the file's size. */
struct reader {
	const char *path;
	int fd;
	char *buf;			/* READ_CAP bytes */
	size_t start, end;		/* bytes read, not yet returned */
	int eof;
	unsigned long lineno;		/* of the line last returned */
};

/* Open path: 1 open; 0 missing (only when missing_ok); -1 with *e set. */
static int
reader_open(struct reader *r, const char *path, int missing_ok,
    struct pst_err *e)
{
	memset(r, 0, sizeof *r);
	r->path = path;
	r->fd = open(path, O_RDONLY | O_CLOEXEC);
	if (r->fd < 0) {
		if (errno == ENOENT && missing_ok)
			return 0;
		pst_err_set(e, 74, "%s: %s", path, strerror(errno));
		return -1;
	}
	r->buf = pst_xmalloc(READ_CAP);
	return 1;
}

static void
reader_close(struct reader *r)
{
	if (r->fd >= 0)
		(void)close(r->fd);
	free(r->buf);
	r->fd = -1;
	r->buf = NULL;
}

/* Read more after the bytes not yet returned, which hold no LF. Returns 0,
 * or -1 with *e set (a line too long, a read error). */
static int
reader_fill(struct reader *r, struct pst_err *e)
{
	size_t n = r->end - r->start;
	ssize_t got;

	if (n > MAX_LINE) {
		pst_err_set(e, 65, "%s:%lu: line too long", r->path,
		    r->lineno + 1);
		return -1;
	}
	if (r->start > 0) {
		memmove(r->buf, r->buf + r->start, n);
		r->start = 0;
		r->end = n;
	}
	/* end <= MAX_LINE here, so this asks for at least MAX_LINE + 1
	 * bytes and leaves room for the NUL after a last line. */
	do
		got = read(r->fd, r->buf + r->end, READ_CAP - 1 - r->end);
	while (got < 0 && errno == EINTR);
	if (got < 0) {
		pst_err_set(e, 74, "%s: %s", r->path, strerror(errno));
		return -1;
	}
	if (got == 0)
		r->eof = 1;
	r->end += (size_t)got;
	return 0;
}

/* Check the line p[0..n) just cut out (p[n] is writable) and hand it out
 * NUL-terminated, a final CR taken off. Returns 1, or -1 with *e set. */
static int
reader_check(struct reader *r, char *p, size_t n, char **line,
    struct pst_err *e)
{
	r->lineno++;
	if (n > MAX_LINE) {
		pst_err_set(e, 65, "%s:%lu: line too long", r->path,
		    r->lineno);
		return -1;
	}
	if (n > 0 && p[n - 1] == '\r')
		n--;
	p[n] = '\0';
	if (memchr(p, '\0', n) != NULL) {
		pst_err_set(e, 65, "%s:%lu: NUL byte", r->path, r->lineno);
		return -1;
	}
	if (memchr(p, '\r', n) != NULL) {
		pst_err_set(e, 65, "%s:%lu: CR inside a line", r->path,
		    r->lineno);
		return -1;
	}
	*line = p;
	return 1;
}

/* The next line into *line (NUL-terminated, in the reader's buffer until
 * the next call, its LF and a final CR taken off): 1; 0 at the end of the
 * file; -1 with *e set. A last line without LF counts as a line. */
static int
reader_next(struct reader *r, char **line, struct pst_err *e)
{
	char *p, *nl;
	size_t n;

	for (;;) {
		p = r->buf + r->start;
		n = r->end - r->start;
		nl = memchr(p, '\n', n);
		if (nl != NULL) {
			n = (size_t)(nl - p);
			r->start += n + 1;
			return reader_check(r, p, n, line, e);
		}
		if (r->eof) {
			if (n == 0)
				return 0;
			r->start = r->end;
			return reader_check(r, p, n, line, e);
		}
		if (reader_fill(r, e) < 0)
			return -1;
	}
}

/* ---- parsing ------------------------------------------------------------ */

/* Whether s is a message id: 1 to 70 bytes of 0x21-0x7E. */
static int
id_valid(const char *s)
{
	size_t n;

	for (n = 0; s[n] != '\0'; n++)
		if (n >= ID_MAX || (unsigned char)s[n] < 0x21 ||
		    (unsigned char)s[n] > 0x7e)
			return 0;
	return n > 0;
}

/* Whether s is a run's tag: 1 to 32 ASCII letters and digits. */
static int
tag_valid(const char *s)
{
	size_t n;

	for (n = 0; s[n] != '\0'; n++)
		if (n >= TAG_MAX || !((s[n] >= 'a' && s[n] <= 'z') ||
		    (s[n] >= 'A' && s[n] <= 'Z') ||
		    (s[n] >= '0' && s[n] <= '9')))
			return 0;
	return n > 0;
}

/* Whether s is a destination kind: 1 to 15 bytes of 0x21-0x7E. */
static int
kind_valid(const char *s)
{
	size_t n;

	for (n = 0; s[n] != '\0'; n++)
		if (n >= KIND_MAX || (unsigned char)s[n] < 0x21 ||
		    (unsigned char)s[n] > 0x7e)
			return 0;
	return n > 0;
}

/* Decimal digits only, at most max: 0 with *v, or -1. */
static int
parse_num(const char *s, unsigned long long max, unsigned long long *v)
{
	unsigned long long n = 0;
	unsigned d;

	if (*s == '\0')
		return -1;
	for (; *s != '\0'; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		d = (unsigned)(*s - '0');
		if (n > (max - d) / 10)
			return -1;
		n = n * 10 + d;
	}
	*v = n;
	return 0;
}

/* When line is "key" or "key REST": 1 with *rest at REST (maybe ""), else
 * 0. */
static int
keyword(char *line, const char *key, char **rest)
{
	size_t n = strlen(key);

	if (strncmp(line, key, n) != 0 || (line[n] != ' ' && line[n] != '\0'))
		return 0;
	*rest = line[n] == ' ' ? line + n + 1 : line + n;
	return 1;
}

/* Parse "ID SIZE[ MSGID]" at s (cut in place) into *en. Returns NULL, or
 * what is wrong. */
static const char *
parse_entry(char *s, struct pst_state_entry *en)
{
	char *sp;

	if ((sp = strchr(s, ' ')) == NULL)
		return "an entry without a size";
	*sp = '\0';
	if (!id_valid(s))
		return "bad message id";
	en->id = s;
	s = sp + 1;
	if ((sp = strchr(s, ' ')) != NULL) {
		*sp = '\0';
		en->msgid = sp + 1;
	} else {
		en->msgid = "";
	}
	if (parse_num(s, ULLONG_MAX, &en->size) < 0)
		return "bad size";
	return NULL;
}

/* ---- writing ------------------------------------------------------------ */

/* A file written through a buffer; the first error sticks. */
struct writer {
	int fd;
	int err;			/* errno of the first failure, or 0 */
	struct pst_buf b;
};

static void
writer_flush(struct writer *w)
{
	if (w->err == 0 && pst_write_all(w->fd, w->b.p, w->b.len) != 0)
		w->err = errno;
	pst_buf_reset(&w->b);
}

static void
writer_add(struct writer *w, const char *p, size_t n)
{
	pst_buf_add(&w->b, p, n);
	if (w->b.len >= WRITE_CHUNK)
		writer_flush(w);
}

static void
writer_adds(struct writer *w, const char *s)
{
	writer_add(w, s, strlen(s));
}

/* v in decimal, ending at d + 24; returns where it begins. */
static char *
decimal(char d[24], unsigned long long v)
{
	char *p = d + 24;

	do
		*--p = (char)('0' + v % 10);
	while ((v /= 10) != 0);
	return p;
}

static void
writer_num(struct writer *w, unsigned long long v)
{
	char d[24], *p = decimal(d, v);

	writer_add(w, p, (size_t)(d + sizeof d - p));
}

/* "c ID SIZE[ MSGID]\n", the id a valid one. The Message-ID is cut at a
 * CR or LF, and where the line would grow too long to be read back (only
 * a hostile Message-ID is that long). */
static void
writer_entry(struct writer *w, char c, const struct pst_state_entry *en)
{
	const char *m = en->msgid ? en->msgid : "";
	char d[24], *num = decimal(d, en->size);
	char lead[2] = { c, ' ' };
	size_t idlen = strlen(en->id), nlen = (size_t)(d + sizeof d - num);
	size_t mlen = strcspn(m, "\r\n");

	/* idlen <= 70 and nlen <= 20: there is room. */
	if (mlen > MAX_LINE - (idlen + nlen + 4))
		mlen = MAX_LINE - (idlen + nlen + 4);
	writer_add(w, lead, 2);
	writer_add(w, en->id, idlen);
	writer_add(w, " ", 1);
	writer_add(w, num, nlen);
	if (mlen > 0) {
		writer_add(w, " ", 1);
		writer_add(w, m, mlen);
	}
	writer_add(w, "\n", 1);
}

/* "key VALUE\n" for a number. */
static void
writer_head(struct writer *w, const char *key, unsigned long long v)
{
	writer_adds(w, key);
	writer_add(w, " ", 1);
	writer_num(w, v);
	writer_add(w, "\n", 1);
}

static char *
suffixed(const char *path, const char *suffix)
{
	size_t a = strlen(path), b = strlen(suffix);
	char *s = pst_xmalloc(a + b + 1);

	memcpy(s, path, a);
	memcpy(s + a, suffix, b + 1);
	return s;
}

/* fsync the directory that holds path. Returns 0, or -1 with *e set. */
static int
sync_dir(const char *path, struct pst_err *e)
{
	const char *slash = strrchr(path, '/');
	char *dir;
	int fd, rc = 0;

	if (slash == NULL)
		dir = pst_xstrdup(".");
	else if (slash == path)
		dir = pst_xstrdup("/");
	else
		dir = pst_xstrndup(path, (size_t)(slash - path));
	if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0) {
		pst_err_io(e, errno, "%s", dir);
		free(dir);
		return -1;
	}
	/* EINVAL: a file system that cannot sync a directory; there is
	 * nothing more to do there. */
	if (fsync(fd) < 0 && errno != EINVAL) {
		pst_err_io(e, errno, "%s", dir);
		rc = -1;
	}
	(void)close(fd);
	free(dir);
	return rc;
}

/* A file replaced whole: written at path.tmp, then renamed over path. */
struct replace {
	const char *path;
	char *tmp;
	struct writer w;
};

static int
replace_open(struct replace *r, const char *path, struct pst_err *e)
{
	memset(r, 0, sizeof *r);
	r->path = path;
	r->tmp = suffixed(path, ".tmp");
	r->w.fd = open(r->tmp, O_CREAT | O_TRUNC | O_WRONLY | O_CLOEXEC, 0600);
	if (r->w.fd < 0) {
		pst_err_io(e, errno, "%s", r->tmp);
		free(r->tmp);
		r->tmp = NULL;
		return -1;
	}
	return 0;
}

/* Give up: the temporary file goes, path stays as it was. */
static void
replace_abandon(struct replace *r)
{
	if (r->w.fd >= 0)
		(void)close(r->w.fd);
	if (r->tmp != NULL)
		(void)unlink(r->tmp);
	free(r->tmp);
	pst_buf_free(&r->w.b);
	r->w.fd = -1;
	r->tmp = NULL;
}

/* Flush, fsync, close, rename over path, fsync the directory. Returns 0,
 * or -1 with *e set (path as it was unless only the last fsync failed). */
static int
replace_finish(struct replace *r, struct pst_err *e)
{
	int fd;

	writer_flush(&r->w);
	if (r->w.err != 0) {
		pst_err_io(e, r->w.err, "%s", r->tmp);
		replace_abandon(r);
		return -1;
	}
	if (fsync(r->w.fd) < 0) {
		pst_err_io(e, errno, "%s", r->tmp);
		replace_abandon(r);
		return -1;
	}
	fd = r->w.fd;
	r->w.fd = -1;
	if (close(fd) < 0) {
		pst_err_io(e, errno, "%s", r->tmp);
		replace_abandon(r);
		return -1;
	}
	if (rename(r->tmp, r->path) < 0) {
		pst_err_io(e, errno, "%s", r->path);
		replace_abandon(r);
		return -1;
	}
	free(r->tmp);
	r->tmp = NULL;
	pst_buf_free(&r->w.b);
	return sync_dir(r->path, e);
}

/* ---- the state directory and names --------------------------------------- */

/* mkdir dir (0700) unless it is a directory already. */
static int
make_dir(const char *dir, struct pst_err *e)
{
	struct stat st;
	int err;

	if (mkdir(dir, 0700) == 0)
		return 0;
	err = errno;
	if (stat(dir, &st) == 0) {
		if (S_ISDIR(st.st_mode))
			return 0;
		err = ENOTDIR;
	}
	pst_err_set(e, 73, "%s: %s", dir, strerror(err));
	return -1;
}

/* mkdir -p path (absolute), each directory made 0700. */
static int
make_dirs(char *path, struct pst_err *e)
{
	for (char *p = path + 1; *p != '\0'; p++) {
		if (*p != '/' || p[-1] == '/')
			continue;
		*p = '\0';
		if (make_dir(path, e) < 0) {
			*p = '/';
			return -1;
		}
		*p = '/';
	}
	return make_dir(path, e);
}

int
pst_state_dir(char *out, size_t size, struct pst_err *e)
{
	const char *base = getenv("XDG_STATE_HOME"), *sub = "/posta/mfetch";
	size_t len;
	int n;

	/* The XDG spec: a relative path in the variable is to be ignored. */
	if (base == NULL || base[0] != '/') {
		base = getenv("HOME");
		if (base == NULL || base[0] == '\0') {
			pst_err_set(e, 78, "HOME is not set");
			return -1;
		}
		if (base[0] != '/') {
			pst_err_set(e, 78, "HOME is not an absolute path: %s",
			    base);
			return -1;
		}
		sub = "/.local/state/posta/mfetch";
	}
	len = strlen(base);
	while (len > 0 && base[len - 1] == '/')
		len--;
	if (len > INT_MAX ||
	    (n = snprintf(out, size, "%.*s%s", (int)len, base, sub)) < 0 ||
	    (size_t)n >= size) {
		pst_err_set(e, 78, "%s: state directory path too long", base);
		return -1;
	}
	return make_dirs(out, e);
}

static unsigned long long
fnv1a64(const char *s)
{
	unsigned long long h = 0xcbf29ce484222325ULL;

	for (; *s != '\0'; s++) {
		h ^= (unsigned char)*s;
		h *= 0x100000001b3ULL;
	}
	return h;
}

static int
name_safe(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_' ||
	    c == '@';
}

/* Whether the name enc[0..n) ends like the files made beside a state file
 * (".tmp", ".run"): its last '.' is then written %2E, so that the state
 * file of folder "INBOX.run" is not the plan of folder "INBOX". */
static int
name_clashes(const char *enc, size_t n)
{
	return n >= 4 && (memcmp(enc + n - 4, ".tmp", 4) == 0 ||
	    memcmp(enc + n - 4, ".run", 4) == 0);
}

int
pst_state_name(const char *key, char *out, size_t size)
{
	static const char hex[] = "0123456789ABCDEF";
	char enc[NAME_CUT + 3], piece[3];
	size_t n = 0, plen, i;
	int longer = 0, w;
	unsigned char c;

	if (key[0] == '\0')
		return -1;
	for (i = 0; key[i] != '\0'; i++) {
		c = (unsigned char)key[i];
		if (name_safe(c) && !(i == 0 && c == '.')) {
			piece[0] = (char)c;
			plen = 1;
		} else {
			piece[0] = '%';
			piece[1] = hex[c >> 4];
			piece[2] = hex[c & 15];
			plen = 3;
		}
		if (n + plen > NAME_CUT) {
			longer = 1;
			break;
		}
		memcpy(enc + n, piece, plen);
		n += plen;
	}
	if (!longer && name_clashes(enc, n)) {
		if (n + 2 > NAME_CUT) {
			longer = 1;	/* the hashed form ends in hex */
		} else {
			/* ".run" becomes "%2Erun". */
			memmove(enc + n - 1, enc + n - 3, 3);
			memcpy(enc + n - 4, "%2E", 3);
			n += 2;
		}
	}
	if (!longer) {
		if (n + 1 > size)
			return -1;
		memcpy(out, enc, n);
		out[n] = '\0';
		return 0;
	}
	w = snprintf(out, size, "%.*s+%016llx", (int)n, enc, fnv1a64(key));
	if (w < 0 || (size_t)w >= size)
		return -1;
	return 0;
}

/* ---- state files -------------------------------------------------------- */

/* One line of a state file after the first. Returns 0 or each's value,
 * or -1 with *why set. */
static int
state_line(char *line, struct pst_state_head *h, int *seen,
    int (*each)(void *, const struct pst_state_entry *), void *ctx,
    const char **why)
{
	struct pst_state_entry en;
	unsigned long long v;
	char *rest;

	if (keyword(line, "d", &rest)) {
		seen[2] = 1;
		if ((*why = parse_entry(rest, &en)) != NULL)
			return -1;
		return each != NULL ? each(ctx, &en) : 0;
	}
	if (keyword(line, "uidvalidity", &rest)) {
		if (seen[0] || seen[2]) {
			*why = seen[2] ? "uidvalidity after the entries" :
			    "uidvalidity twice";
			return -1;
		}
		if (parse_num(rest, ULONG_MAX, &v) < 0) {
			*why = "bad uidvalidity";
			return -1;
		}
		h->uidvalidity = (unsigned long)v;
		seen[0] = 1;
		return 0;
	}
	if (keyword(line, "mbox-end", &rest)) {
		if (seen[1] || seen[2]) {
			*why = seen[2] ? "mbox-end after the entries" :
			    "mbox-end twice";
			return -1;
		}
		if (parse_num(rest, LLONG_MAX, &v) < 0) {
			*why = "bad mbox-end";
			return -1;
		}
		h->mbox_end = (long long)v;
		seen[1] = 1;
		return 0;
	}
	*why = "unknown line";
	return -1;
}

int
pst_state_read(const char *path, struct pst_state_head *h,
    int (*each)(void *ctx, const struct pst_state_entry *), void *ctx,
    struct pst_err *e)
{
	struct reader r;
	const char *why = NULL;
	char *line;
	int rc, seen[3] = { 0, 0, 0 };	/* uidvalidity, mbox-end, an entry */

	h->uidvalidity = 0;
	h->mbox_end = -1;
	if ((rc = reader_open(&r, path, 1, e)) <= 0)
		return rc;
	if ((rc = reader_next(&r, &line, e)) >= 0 &&
	    (rc == 0 || strcmp(line, STATE_MAGIC) != 0)) {
		pst_err_set(e, 65, "%s:1: not a posta-mfetch state file", path);
		rc = -1;
	}
	while (rc > 0 && (rc = reader_next(&r, &line, e)) > 0) {
		rc = state_line(line, h, seen, each, ctx, &why);
		if (rc == 0)
			rc = 1;
		else if (rc == -1 && why != NULL)
			pst_err_set(e, 65, "%s:%lu: %s", path, r.lineno, why);
		else
			break;	/* each's value, returned as it is */
	}
	reader_close(&r);
	return rc;
}

/* What pst_state_commit hands pst_state_read: the entries kept go to w. */
struct copy {
	struct writer *w;
	int (*keep)(void *, const struct pst_state_entry *);
	void *ctx;
};

static int
copy_entry(void *arg, const struct pst_state_entry *en)
{
	struct copy *c = arg;

	if (c->keep == NULL || c->keep(c->ctx, en))
		writer_entry(c->w, 'd', en);
	return c->w->err != 0;	/* a write failed: no use going on */
}

/* Whether every entry of add[0..n) has a valid id; if not, *e set (70). */
static int
ids_valid(const struct pst_state_entry *add, size_t n, const char *path,
    struct pst_err *e)
{
	for (size_t i = 0; i < n; i++)
		if (add[i].id == NULL || !id_valid(add[i].id)) {
			pst_err_set(e, 70, "%s: cannot record entry %zu: "
			    "its id is not 1 to 70 printable ASCII "
			    "characters", path, i);
			return 0;
		}
	return 1;
}

int
pst_state_commit(const char *path, const struct pst_state_head *h,
    int (*keep)(void *ctx, const struct pst_state_entry *), void *ctx,
    const struct pst_state_entry *add, size_t nadd, struct pst_err *e)
{
	struct pst_state_head old;
	struct replace rp;
	struct copy c;
	int rc;

	if (!ids_valid(add, nadd, path, e))
		return -1;
	if (replace_open(&rp, path, e) < 0)
		return -1;
	writer_adds(&rp.w, STATE_MAGIC "\n");
	if (h->uidvalidity != 0)
		writer_head(&rp.w, "uidvalidity", h->uidvalidity);
	if (h->mbox_end >= 0)
		writer_head(&rp.w, "mbox-end", (unsigned long long)h->mbox_end);
	c.w = &rp.w;
	c.keep = keep;
	c.ctx = ctx;
	rc = pst_state_read(path, &old, copy_entry, &c, e);
	if (rc < 0) {
		replace_abandon(&rp);
		return -1;
	}
	/* rc > 0: a write failed, replace_finish reports it. */
	for (size_t i = 0; i < nadd && rp.w.err == 0; i++)
		writer_entry(&rp.w, 'd', &add[i]);
	return replace_finish(&rp, e);
}

/* ---- run plans ---------------------------------------------------------- */

int
pst_run_write(const char *path, const char *tag, const char *kind,
    const char *dest, const struct pst_state_entry *plan, size_t n,
    struct pst_err *e)
{
	struct replace rp;
	char *run;
	int rc;

	if (!tag_valid(tag)) {
		pst_err_set(e, 70, "%s: bad run tag", path);
		return -1;
	}
	if (!kind_valid(kind)) {
		pst_err_set(e, 70, "%s: bad destination kind", path);
		return -1;
	}
	if (strpbrk(dest, "\r\n") != NULL || strlen(dest) > MAX_LINE - 5) {
		pst_err_set(e, 64, "%s: a destination path with a line break "
		    "or over %d bytes cannot be recorded", path, MAX_LINE - 5);
		return -1;
	}
	if (!ids_valid(plan, n, path, e))
		return -1;
	run = suffixed(path, ".run");
	if (replace_open(&rp, run, e) < 0) {
		free(run);
		return -1;
	}
	writer_adds(&rp.w, RUN_MAGIC "\ntag ");
	writer_adds(&rp.w, tag);
	writer_adds(&rp.w, "\nkind ");
	writer_adds(&rp.w, kind);
	writer_adds(&rp.w, "\ndest ");
	writer_adds(&rp.w, dest);
	writer_add(&rp.w, "\n", 1);
	for (size_t i = 0; i < n && rp.w.err == 0; i++)
		writer_entry(&rp.w, 'p', &plan[i]);
	rc = replace_finish(&rp, e);
	free(run);
	return rc;
}

int
pst_run_exists(const char *path)
{
	struct stat st;
	char *run = suffixed(path, ".run");
	int rc;

	/* When it cannot be told (EACCES...), say yes: reading it will
	 * report why, where a no would forget a killed run. */
	rc = stat(run, &st) == 0 || (errno != ENOENT && errno != ENOTDIR);
	free(run);
	return rc;
}

/* What a plan's head holds; the out buffers are the caller's. */
struct plan_head {
	char *tag, *kind, *dest;
	size_t destsize;
	int seen[3];			/* tag, kind, dest */
};

/* One head line of a plan: 1 taken, 0 not a head line, -1 with *why. */
static int
plan_head_line(char *line, struct plan_head *ph, const char **why)
{
	char *rest;

	if (keyword(line, "tag", &rest)) {
		if (ph->seen[0]++ || !tag_valid(rest)) {
			*why = ph->seen[0] > 1 ? "tag twice" : "bad tag";
			return -1;
		}
		memcpy(ph->tag, rest, strlen(rest) + 1);
		return 1;
	}
	if (keyword(line, "kind", &rest)) {
		if (ph->seen[1]++ || !kind_valid(rest)) {
			*why = ph->seen[1] > 1 ? "kind twice" : "bad kind";
			return -1;
		}
		memcpy(ph->kind, rest, strlen(rest) + 1);
		return 1;
	}
	if (keyword(line, "dest", &rest)) {
		if (ph->seen[2]++ || strlen(rest) >= ph->destsize) {
			*why = ph->seen[2] > 1 ? "dest twice" :
			    "destination path too long";
			return -1;
		}
		memcpy(ph->dest, rest, strlen(rest) + 1);
		return 1;
	}
	return 0;
}

/* One line of a plan after the first. Returns 0 or each's value, or -1
 * with *why set. */
static int
plan_line(char *line, struct plan_head *ph, unsigned long *i,
    int (*each)(void *, unsigned long, const struct pst_state_entry *),
    void *ctx, const char **why)
{
	struct pst_state_entry en;
	char *rest;
	int rc;

	if (keyword(line, "p", &rest)) {
		if (!ph->seen[0] || !ph->seen[1] || !ph->seen[2]) {
			*why = "an entry before the tag, kind and dest";
			return -1;
		}
		if ((*why = parse_entry(rest, &en)) != NULL)
			return -1;
		(*i)++;
		return each != NULL ? each(ctx, *i - 1, &en) : 0;
	}
	if (*i == 0 && (rc = plan_head_line(line, ph, why)) != 0)
		return rc > 0 ? 0 : -1;
	*why = *i > 0 ? "not an entry, after the entries" : "unknown line";
	return -1;
}

int
pst_run_read(const char *path, char *tag, char *kind, char *dest,
    size_t destsize,
    int (*each)(void *ctx, unsigned long i, const struct pst_state_entry *),
    void *ctx, struct pst_err *e)
{
	struct plan_head ph;
	struct reader r;
	const char *why = NULL;
	unsigned long i = 0;
	char *run, *line;
	int rc;

	memset(&ph, 0, sizeof ph);
	ph.tag = tag;
	ph.kind = kind;
	ph.dest = dest;
	ph.destsize = destsize;
	tag[0] = kind[0] = '\0';
	if (destsize > 0)
		dest[0] = '\0';
	run = suffixed(path, ".run");
	if (reader_open(&r, run, 0, e) < 0) {
		free(run);
		return -1;
	}
	if ((rc = reader_next(&r, &line, e)) >= 0 &&
	    (rc == 0 || strcmp(line, RUN_MAGIC) != 0)) {
		pst_err_set(e, 65, "%s:1: not a posta-mfetch plan", run);
		rc = -1;
	}
	while (rc > 0 && (rc = reader_next(&r, &line, e)) > 0) {
		rc = plan_line(line, &ph, &i, each, ctx, &why);
		if (rc == 0)
			rc = 1;
		else if (rc == -1 && why != NULL)
			pst_err_set(e, 65, "%s:%lu: %s", run, r.lineno, why);
		else
			break;
	}
	if (rc == 0 && (!ph.seen[0] || !ph.seen[1] || !ph.seen[2])) {
		pst_err_set(e, 65, "%s:%lu: a plan without its tag, kind or "
		    "dest", run, r.lineno);
		rc = -1;
	}
	reader_close(&r);
	free(run);
	return rc;
}

int
pst_run_remove(const char *path, struct pst_err *e)
{
	char *run = suffixed(path, ".run");
	int rc = 0;

	if (unlink(run) < 0) {
		if (errno != ENOENT) {
			pst_err_io(e, errno, "%s", run);
			rc = -1;
		}
	} else {
		rc = sync_dir(run, e);
	}
	free(run);
	return rc;
}
