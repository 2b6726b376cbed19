/* deliver: fetched messages put into a Maildir, an mbox or an mboxrd
 * stream, durably, and never visible half-written. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "deliver.h"
#include "io.h"
#include "mem.h"
#include "syncq.h"

#define FILE_BUF	(64 * 1024)	/* Maildir and mbox write buffer */
#define STREAM_HOLD	(1024 * 1024)	/* a stream message held in memory */
#define TAG_MAX		32
#define HOST_MAX	128	/* the escaped host name, so that a file name
				   stays well under NAME_MAX (255) */
#define NAME_SIZE	256
#define LOCK_WAIT	10	/* seconds to wait for a lock */
#define LOCK_WAIT_MAX	3600
#define LOCK_STALE	(5 * 60)	/* a dotlock this old is broken */
#define LOCK_TOUCH	60	/* our dotlock's time is renewed this often */
#define LOCK_NAP_NS	(100L * 1000 * 1000)
/* Maildir messages being made durable at once, and waiting to be: enough
 * for the disk to batch their syncs, few enough to cost little memory. */
#define SYNC_THREADS	8
#define SYNC_DEPTH	64

static const char from_[] = "From ";

/* The two locks an mbox is held with. */
struct mbox_lock {
	char *lockpath;		/* path.lock */
	int lockfd;		/* our dotlock, -1 while not held */
	time_t touched;		/* when its time was last renewed */
};

struct pst_dest {
	enum pst_dest_kind kind;
	int quote;		/* mboxrd quoting: mbox and stream */
	char tag[TAG_MAX + 1];
	char *path;		/* the Maildir or the mbox; NULL for a stream */

	/* The message being written. */
	int open;		/* a message is begun */
	int cr;			/* a CR ended the last piece: CRLF or lone? */
	int bol;		/* quoting: at a line start, only '>'s so far */
	int held;		/* bytes of "From " matched there, not yet out */
	char last;		/* the last byte that left buf */
	char *buf;		/* what is not written yet */
	size_t len, cap;
	time_t secs;		/* when the message began */

	/* Maildir */
	int tmpdir, newdir;	/* tmp/ and new/ */
	int msgfd;		/* the message's file in tmp/, or -1 */
	char host[HOST_MAX + 1];
	char tmpname[NAME_SIZE];	/* "" while there is none */
	unsigned long counter;
	struct pst_syncq *syncq;	/* ended messages, finishing */

	/* mbox */
	int fd;
	struct mbox_lock lk;
	off_t off;		/* the file's size, as written */
	off_t start;		/* where the open message began */
	off_t end;		/* the size after the last message ended */
	int fix;		/* LFs the file lacks before a separator */
	int broken;		/* a cut back failed: the size is unknown */

	/* stream */
	int out;
	int spill;		/* unlinked temporary file, -1 until needed */
	int spilled;		/* the message went past STREAM_HOLD */

	/* The last separator line made, kept for the next in the same second. */
	time_t from_secs;
	char from_line[64];
	size_t from_len;
};

/* ---- small helpers ------------------------------------------------------ */

/* Read exactly n bytes at offset off. Returns 0, or -1 with errno set (EIO
 * when the file is shorter). */
static int
read_at(int fd, char *p, size_t n, off_t off)
{
	ssize_t k;

	while (n > 0) {
		k = pread(fd, p, n, off);
		if (k < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (k == 0) {
			errno = EIO;
			return -1;
		}
		p += k;
		n -= (size_t)k;
		off += k;
	}
	return 0;
}

/* Whether tag is 1 to 32 ASCII letters and digits: safe in a file name,
 * and told from a longer tag by the "I<digits>." that follows it there. */
static int
valid_tag(const char *tag)
{
	size_t n = 0;

	if (tag == NULL)
		return 0;
	for (; tag[n] != '\0'; n++) {
		char c = tag[n];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9')) || n >= TAG_MAX)
			return 0;
	}
	return n > 0;
}

/* The directory holding path (malloc'd): "." for a bare name, "/" for one
 * at the root. */
static char *
parent_of(const char *path)
{
	size_t n = strlen(path);

	while (n > 1 && path[n - 1] == '/')
		n--;
	while (n > 0 && path[n - 1] != '/')
		n--;
	if (n == 0)
		return pst_xstrdup(".");
	while (n > 1 && path[n - 1] == '/')
		n--;
	return pst_xstrndup(path, n);
}

/* fsync the directory dir, so that an entry made in it lasts. A file
 * system that cannot sync a directory (EINVAL) is let be. */
static int
sync_dir(const char *dir, struct pst_err *e)
{
	int fd, rc = 0;

	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0) {
		pst_err_io(e, errno, "%s", dir);
		return -1;
	}
	if (fsync(fd) < 0 && errno != EINVAL) {
		pst_err_io(e, errno, "%s: fsync", dir);
		rc = -1;
	}
	(void)close(fd);	/* read-only: nothing to lose */
	return rc;
}

static int
sync_parent(const char *path, struct pst_err *e)
{
	char *dir = parent_of(path);
	int rc = sync_dir(dir, e);

	free(dir);
	return rc;
}

/* Make the directory path (0700) and its missing parents; each one made is
 * synced into its parent, so that a crash cannot take it back. */
static int
make_dir(const char *path, struct pst_err *e)
{
	struct stat st;
	char *parent;
	int rc, err;

	if (mkdir(path, 0700) == 0)
		return sync_parent(path, e);
	err = errno;
	if (err == ENOENT) {
		/* A parent is missing: make it, then try again. */
		parent = parent_of(path);
		rc = strcmp(parent, path) != 0 && strcmp(parent, ".") != 0 ?
		    make_dir(parent, e) : 1;
		free(parent);
		if (rc < 0)
			return -1;
		if (rc == 0) {
			if (mkdir(path, 0700) == 0)
				return sync_parent(path, e);
			err = errno;
		}
	}
	if (err == EEXIST) {
		if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
			return 0;
		pst_err_set(e, 73, "%s: not a directory", path);
		return -1;
	}
	pst_err_set(e, 73, "%s: cannot create: %s", path, strerror(err));
	return -1;
}

/* ---- locking an mbox ------------------------------------------------------ */

/* How long to wait for a lock: 10 s, or $POSTA_LOCK_WAIT seconds (0 to
 * 3600; for the tests). */
static int
lock_wait(void)
{
	const char *s = getenv("POSTA_LOCK_WAIT");
	char *end;
	long v;

	if (s == NULL || *s == '\0')
		return LOCK_WAIT;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || *end != '\0' || v < 0 || v > LOCK_WAIT_MAX)
		return LOCK_WAIT;
	return (int)v;
}

/* Whether the monotonic clock has reached deadline. */
static int
past(const struct timespec *deadline)
{
	struct timespec now;

	if (clock_gettime(CLOCK_MONOTONIC, &now) < 0)
		return 1;
	return now.tv_sec > deadline->tv_sec ||
	    (now.tv_sec == deadline->tv_sec &&
	    now.tv_nsec >= deadline->tv_nsec);
}

static void
nap(void)
{
	struct timespec ts = { 0, LOCK_NAP_NS };

	(void)nanosleep(&ts, NULL);	/* woken early: we just try sooner */
}

/* Take a write lock on the whole of fd, trying until deadline. */
static int
lock_fcntl(int fd, const char *path, const struct timespec *deadline,
    struct pst_err *e)
{
	struct flock fl;

	for (;;) {
		memset(&fl, 0, sizeof fl);
		fl.l_type = F_WRLCK;
		fl.l_whence = SEEK_SET;
		fl.l_start = 0;
		fl.l_len = 0;
		if (fcntl(fd, F_SETLK, &fl) == 0)
			return 0;
		if (errno == EINTR)
			continue;
		if (errno != EAGAIN && errno != EACCES) {
			pst_err_set(e, 74, "%s: cannot lock: %s", path,
			    strerror(errno));
			return -1;
		}
		if (past(deadline)) {
			pst_err_set(e, 75, "%s: locked by another process",
			    path);
			return -1;
		}
		nap();
	}
}

/* Whether the dotlock names a process of this machine that is gone: one
 * killed while it held the lock (its fcntl lock, taken first, went with
 * it; the dotlock file stayed). */
static int
dotlock_orphan(const char *lockpath)
{
	char text[32];
	ssize_t n;
	long pid;
	char *end;
	int fd = open(lockpath, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);

	if (fd < 0)
		return 0;
	n = read(fd, text, sizeof text - 1);
	(void)close(fd);
	if (n <= 0)
		return 0;
	text[n] = '\0';
	pid = strtol(text, &end, 10);
	if (pid <= 0 || end == text || (*end != '\n' && *end != '\0'))
		return 0;
	return kill((pid_t)pid, 0) != 0 && errno == ESRCH;
}

/* Whether the dotlock at lockpath is a dead one's: its process is gone,
 * it is old, or it is empty and not new; -1 when it is gone already. */
static int
dotlock_stale(const char *lockpath)
{
	struct stat st;

	if (stat(lockpath, &st) < 0)
		return errno == ENOENT ? -1 : 0;
	/* An empty one: its maker died between making it and writing its
	 * pid, unless that is happening right now. */
	if (st.st_size == 0)
		return time(NULL) - st.st_mtime > 2;
	return time(NULL) - st.st_mtime > LOCK_STALE ||
	    dotlock_orphan(lockpath);
}

/* Make the dotlock lk->lockpath with O_EXCL, breaking a stale one, trying
 * until deadline. */
static int
lock_dot(struct mbox_lock *lk, const struct timespec *deadline,
    struct pst_err *e)
{
	char pid[32];
	int fd, n, saved;

	for (;;) {
		fd = open(lk->lockpath, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
		    0600);
		if (fd >= 0)
			break;
		if (errno == EINTR)
			continue;
		if (errno != EEXIST) {
			pst_err_set(e, 73, "%s: cannot create: %s",
			    lk->lockpath, strerror(errno));
			return -1;
		}
		switch (dotlock_stale(lk->lockpath)) {
		case -1:
			continue;	/* gone meanwhile: try again now */
		case 1:
			if (unlink(lk->lockpath) == 0 || errno == ENOENT)
				continue;
			break;
		}
		if (past(deadline)) {
			pst_err_set(e, 75, "%s: locked by another process",
			    lk->lockpath);
			return -1;
		}
		nap();
	}
	/* The pid is for a person looking; the lock is the file itself. */
	n = snprintf(pid, sizeof pid, "%ld\n", (long)getpid());
	if (n < 0 || (size_t)n >= sizeof pid ||
	    pst_write_all(fd, pid, (size_t)n) < 0) {
		saved = n < 0 ? EIO : errno;
		(void)close(fd);
		(void)unlink(lk->lockpath);
		pst_err_io(e, saved, "%s", lk->lockpath);
		return -1;
	}
	lk->lockfd = fd;
	lk->touched = time(NULL);
	return 0;
}

/* Remove our dotlock, if we hold one and it is still ours (broken as stale
 * and taken by another, it is theirs now). */
static void
unlock_dot(struct mbox_lock *lk)
{
	struct stat mine, there;

	if (lk->lockfd < 0)
		return;
	if (fstat(lk->lockfd, &mine) == 0 && stat(lk->lockpath, &there) == 0 &&
	    mine.st_dev == there.st_dev && mine.st_ino == there.st_ino)
		(void)unlink(lk->lockpath);	/* else: nothing to undo */
	(void)close(lk->lockfd);
	lk->lockfd = -1;
}

/* Lock the mbox at path, open as fd: fcntl, then the dotlock, waiting up
 * to lock_wait() seconds in all. The fcntl lock goes with fd's close. */
static int
take_locks(int fd, const char *path, struct mbox_lock *lk,
    struct pst_err *e)
{
	struct pst_buf b = {0};
	struct timespec deadline;

	pst_buf_printf(&b, "%s.lock", path);
	lk->lockpath = pst_buf_take(&b);
	lk->lockfd = -1;
	if (clock_gettime(CLOCK_MONOTONIC, &deadline) < 0) {
		pst_err_io(e, errno, "clock");
		return -1;
	}
	deadline.tv_sec += lock_wait();
	if (lock_fcntl(fd, path, &deadline, e) < 0)
		return -1;
	return lock_dot(lk, &deadline, e);
}

static void
release_locks(struct mbox_lock *lk)
{
	unlock_dot(lk);
	free(lk->lockpath);
	lk->lockpath = NULL;
}

/* ---- where the bytes go -------------------------------------------------- */

/* Create the stream's spill file in $TMPDIR (else /tmp), unlinked at once. */
static int
spill_open(struct pst_dest *d, struct pst_err *e)
{
	const char *dir = getenv("TMPDIR");
	struct pst_buf t = {0};
	int fd, saved;

	if (dir == NULL || *dir == '\0')
		dir = "/tmp";
	pst_buf_printf(&t, "%s/posta.XXXXXX", dir);
	fd = mkstemp(t.p);
	if (fd < 0) {
		pst_err_io(e, errno, "%s: a temporary file", dir);
		pst_buf_free(&t);
		return -1;
	}
	if (unlink(t.p) < 0 || fcntl(fd, F_SETFD, FD_CLOEXEC) < 0) {
		saved = errno;
		(void)unlink(t.p);
		(void)close(fd);
		pst_err_io(e, saved, "%s", t.p);
		pst_buf_free(&t);
		return -1;
	}
	pst_buf_free(&t);
	d->spill = fd;
	return 0;
}

/* Empty the spill file for the next message. */
static int
spill_reset(struct pst_dest *d, struct pst_err *e)
{
	if (lseek(d->spill, 0, SEEK_SET) < 0 || ftruncate(d->spill, 0) < 0) {
		pst_err_io(e, errno, "temporary file");
		return -1;
	}
	d->spilled = 0;
	return 0;
}

/* Write p[0..n) past the buffer to where the kind keeps a message. */
static int
sink(struct pst_dest *d, const char *p, size_t n, struct pst_err *e)
{
	if (n == 0)
		return 0;
	switch (d->kind) {
	case PST_DEST_MAILDIR:
		if (pst_write_all(d->msgfd, p, n) < 0) {
			pst_err_io(e, errno, "%s/tmp/%s", d->path, d->tmpname);
			return -1;
		}
		break;
	case PST_DEST_MBOX:
		if (pst_write_all(d->fd, p, n) < 0) {
			pst_err_io(e, errno, "%s", d->path);
			return -1;
		}
		d->off += (off_t)n;
		break;
	case PST_DEST_STREAM:
		if (d->spill < 0 && spill_open(d, e) < 0)
			return -1;
		d->spilled = 1;	/* even a failed write leaves bytes to clear */
		if (pst_write_all(d->spill, p, n) < 0) {
			pst_err_io(e, errno, "temporary file");
			return -1;
		}
		break;
	}
	d->last = p[n - 1];
	return 0;
}

static int
drain(struct pst_dest *d, struct pst_err *e)
{
	size_t n = d->len;

	d->len = 0;
	return sink(d, d->buf, n, e);
}

/* emit's way when p[0..n) does not fit: fill the buffer, write it, and
 * write what is still as large as the buffer straight through. */
static int
emit_slow(struct pst_dest *d, const char *p, size_t n, struct pst_err *e)
{
	size_t room = d->cap - d->len;

	memcpy(d->buf + d->len, p, room);
	d->len += room;
	p += room;
	n -= room;
	if (drain(d, e) < 0)
		return -1;
	if (n >= d->cap)
		return sink(d, p, n, e);
	memcpy(d->buf, p, n);
	d->len = n;
	return 0;
}

/* Put p[0..n) out through the buffer. */
static int
emit(struct pst_dest *d, const char *p, size_t n, struct pst_err *e)
{
	if (n <= d->cap - d->len) {
		memcpy(d->buf + d->len, p, n);
		d->len += n;
		return 0;
	}
	return emit_slow(d, p, n, e);
}

/* ---- the text of a message --------------------------------------------- */

/* At a line start (quoting): pass the '>'s, hold "From " back while it
 * matches, and put one more '>' before a whole "From " (all '>'s being
 * alike, one more after the run is one more before it). Returns where the
 * rest of the line begins, end when the piece ran out first (the state
 * carries over to the next piece), NULL on a write error. */
static const char *
line_start(struct pst_dest *d, const char *p, const char *end,
    struct pst_err *e)
{
	const char *q;

	while (p < end) {
		if (d->held == 0) {
			for (q = p; q < end && *q == '>'; q++)
				;
			if (q > p) {
				if (emit(d, p, (size_t)(q - p), e) < 0)
					return NULL;
				p = q;
				continue;
			}
		}
		if (*p != from_[d->held]) {
			d->bol = 0;
			if (emit(d, from_, (size_t)d->held, e) < 0)
				return NULL;
			d->held = 0;
			return p;
		}
		p++;
		if (++d->held == 5) {
			d->bol = 0;
			d->held = 0;
			if (emit(d, ">From ", 6, e) < 0)
				return NULL;
			return p;
		}
	}
	return p;
}

/* Convert and put out one piece: whole lines by memchr, CRLF to LF, a CR
 * at the piece's end kept back until the next byte tells. */
static int
put_text(struct pst_dest *d, const char *p, size_t n, struct pst_err *e)
{
	const char *end = p + n, *nl;
	size_t k;

	if (d->cr) {
		d->cr = 0;
		if (*p != '\n' && emit(d, "\r", 1, e) < 0)	/* a lone CR */
			return -1;
	}
	while (p < end) {
		if (d->bol) {
			if ((p = line_start(d, p, end, e)) == NULL)
				return -1;
			if (p == end)
				break;
		}
		nl = memchr(p, '\n', (size_t)(end - p));
		if (nl == NULL) {
			k = (size_t)(end - p);
			if (end[-1] == '\r') {
				d->cr = 1;
				k--;
			}
			return emit(d, p, k, e);
		}
		k = (size_t)(nl - p);
		if (k > 0 && nl[-1] == '\r') {
			if (emit(d, p, k - 1, e) < 0 || emit(d, "\n", 1, e) < 0)
				return -1;
		} else if (emit(d, p, k + 1, e) < 0)
			return -1;
		p = nl + 1;
		d->bol = d->quote;
	}
	return 0;
}

/* Put out what the pieces left pending; for mbox and stream, end with a
 * LF and the blank line that ends an mbox message. */
static int
finish_text(struct pst_dest *d, struct pst_err *e)
{
	char last;

	if (d->held > 0 && emit(d, from_, (size_t)d->held, e) < 0)
		return -1;
	d->held = 0;
	d->bol = 0;
	if (d->cr) {
		d->cr = 0;
		if (emit(d, "\r", 1, e) < 0)
			return -1;
	}
	if (!d->quote)
		return 0;
	last = d->len > 0 ? d->buf[d->len - 1] : d->last;
	if (last != '\n' && emit(d, "\n", 1, e) < 0)
		return -1;
	return emit(d, "\n", 1, e);
}

/* Put the separator, "From MAILER-DAEMON " and asctime's form of d->secs
 * in UTC, built by hand so that no locale changes it. */
static int
put_from_line(struct pst_dest *d, struct pst_err *e)
{
	static const char days[] = "SunMonTueWedThuFriSat";
	static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
	struct tm tm;
	int n;

	if (d->from_len == 0 || d->from_secs != d->secs) {
		if (gmtime_r(&d->secs, &tm) == NULL) {
			memset(&tm, 0, sizeof tm);	/* the epoch */
			tm.tm_mday = 1;
			tm.tm_year = 70;
			tm.tm_wday = 4;
		}
		n = snprintf(d->from_line, sizeof d->from_line,
		    "From MAILER-DAEMON %.3s %.3s %2d %02d:%02d:%02d %d\n",
		    days + 3 * tm.tm_wday, months + 3 * tm.tm_mon, tm.tm_mday,
		    tm.tm_hour, tm.tm_min, tm.tm_sec, tm.tm_year + 1900);
		if (n < 0 || (size_t)n >= sizeof d->from_line) {
			pst_err_set(e, 74, "the date of a separator line");
			return -1;
		}
		d->from_len = (size_t)n;
		d->from_secs = d->secs;
	}
	return emit(d, d->from_line, d->from_len, e);
}

/* ---- opening ---------------------------------------------------------- */

/* The host name for file names, '/' and ':' written \057 and \072, cut to
 * fit out[0..size). */
static void
get_host(char *out, size_t size)
{
	char hn[256];
	const char *rep;
	size_t o = 0, k;

	if (gethostname(hn, sizeof hn) < 0)
		hn[0] = '\0';
	hn[sizeof hn - 1] = '\0';
	if (hn[0] == '\0')
		(void)snprintf(hn, sizeof hn, "localhost");
	for (const char *s = hn; *s != '\0'; s++) {
		rep = *s == '/' ? "\\057" : *s == ':' ? "\\072" : NULL;
		k = rep != NULL ? 4 : 1;
		if (o + k >= size)
			break;
		if (rep != NULL)
			memcpy(out + o, rep, k);
		else
			out[o] = *s;
		o += k;
	}
	out[o] = '\0';
}

static int
open_subdir(const char *path, const char *sub, struct pst_err *e)
{
	struct pst_buf b = {0};
	int fd;

	pst_buf_printf(&b, "%s/%s", path, sub);
	fd = open(b.p, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		pst_err_set(e, 73, "%s: %s", b.p, strerror(errno));
	pst_buf_free(&b);
	return fd;
}

static int
open_maildir(struct pst_dest *d, struct pst_err *e)
{
	static const char *const subs[] = { "new", "cur", "tmp" };
	struct pst_buf b = {0};
	int rc = 0;

	if (make_dir(d->path, e) < 0)
		return -1;
	for (size_t i = 0; i < sizeof subs / sizeof subs[0] && rc == 0; i++) {
		pst_buf_reset(&b);
		pst_buf_printf(&b, "%s/%s", d->path, subs[i]);
		rc = make_dir(b.p, e);
	}
	pst_buf_free(&b);
	if (rc < 0)
		return -1;
	if ((d->tmpdir = open_subdir(d->path, "tmp", e)) < 0 ||
	    (d->newdir = open_subdir(d->path, "new", e)) < 0)
		return -1;
	get_host(d->host, sizeof d->host);
	d->syncq = pst_syncq_new(d->tmpdir, d->newdir, d->path, SYNC_THREADS,
	    SYNC_DEPTH, e);
	return d->syncq != NULL ? 0 : -1;
}

/* Open the mbox at d->path, creating it when missing. */
static int
open_mbox_file(struct pst_dest *d, struct pst_err *e)
{
	for (;;) {
		d->fd = open(d->path, O_RDWR | O_APPEND | O_CLOEXEC);
		if (d->fd >= 0)
			return 0;
		if (errno == EINTR)
			continue;
		if (errno != ENOENT) {
			pst_err_set(e, 73, "%s: cannot open: %s", d->path,
			    strerror(errno));
			return -1;
		}
		d->fd = open(d->path, O_RDWR | O_APPEND | O_CREAT | O_EXCL |
		    O_CLOEXEC, 0600);
		if (d->fd >= 0)
			return sync_parent(d->path, e);	/* the new name lasts */
		if (errno != EEXIST && errno != EINTR) {
			pst_err_set(e, 73, "%s: cannot create: %s", d->path,
			    strerror(errno));
			return -1;
		}
	}
}

static int
open_mbox(struct pst_dest *d, struct pst_err *e)
{
	struct stat st;
	char head[5], tail[2];

	if (open_mbox_file(d, e) < 0 ||
	    take_locks(d->fd, d->path, &d->lk, e) < 0)
		return -1;
	/* Looked at only once locked: a writer may have been at it. */
	if (fstat(d->fd, &st) < 0) {
		pst_err_io(e, errno, "%s", d->path);
		return -1;
	}
	if (!S_ISREG(st.st_mode)) {
		pst_err_set(e, 73, "%s: not a regular file", d->path);
		return -1;
	}
	if (st.st_size > 0) {
		if (st.st_size >= 5 && (read_at(d->fd, head, 5, 0) < 0 ||
		    read_at(d->fd, tail, 2, st.st_size - 2) < 0)) {
			pst_err_io(e, errno, "%s", d->path);
			return -1;
		}
		if (st.st_size < 5 || memcmp(head, from_, 5) != 0) {
			pst_err_set(e, 65, "%s: not an mbox (it does not "
			    "begin with \"From \")", d->path);
			return -1;
		}
		/* Our separator must start a line, after a blank one. */
		d->fix = tail[1] != '\n' ? 2 : tail[0] != '\n' ? 1 : 0;
	}
	d->off = d->end = st.st_size;
	return 0;
}

struct pst_dest *
pst_dest_open(enum pst_dest_kind kind, const char *path, int fd,
    const char *tag, struct pst_err *e)
{
	struct pst_dest *d;
	int rc;

	if (!valid_tag(tag)) {
		pst_err_set(e, 70, "invalid run tag");
		return NULL;
	}
	if ((kind == PST_DEST_STREAM && fd < 0) ||
	    (kind != PST_DEST_STREAM && (path == NULL || *path == '\0')) ||
	    (kind != PST_DEST_MAILDIR && kind != PST_DEST_MBOX &&
	    kind != PST_DEST_STREAM)) {
		pst_err_set(e, 70, "invalid destination");
		return NULL;
	}
	d = pst_xcalloc(1, sizeof *d);
	d->kind = kind;
	d->quote = kind != PST_DEST_MAILDIR;
	memcpy(d->tag, tag, strlen(tag) + 1);
	d->tmpdir = d->newdir = d->msgfd = d->fd = d->out = d->spill = -1;
	d->lk.lockfd = -1;
	d->end = -1;
	d->cap = kind == PST_DEST_STREAM ? STREAM_HOLD : FILE_BUF;
	d->buf = pst_xmalloc(d->cap);
	switch (kind) {
	case PST_DEST_MAILDIR:
		d->path = pst_xstrdup(path);
		rc = open_maildir(d, e);
		break;
	case PST_DEST_MBOX:
		d->path = pst_xstrdup(path);
		rc = open_mbox(d, e);
		break;
	default:
		d->out = fd;
		rc = 0;
		break;
	}
	if (rc < 0) {
		(void)pst_dest_close(d, e);	/* e holds the cause */
		return NULL;
	}
	return d;
}

/* ---- messages ---------------------------------------------------------- */

static int
maildir_begin(struct pst_dest *d, struct pst_err *e)
{
	int n;

	d->counter++;
	n = snprintf(d->tmpname, sizeof d->tmpname, "%lld.R%sT%lu.%s",
	    (long long)d->secs, d->tag, d->counter, d->host);
	if (n < 0 || (size_t)n >= sizeof d->tmpname) {
		d->tmpname[0] = '\0';
		pst_err_set(e, 73, "%s/tmp: a file name too long", d->path);
		return -1;
	}
	for (;;) {
		d->msgfd = openat(d->tmpdir, d->tmpname, O_WRONLY | O_CREAT |
		    O_EXCL | O_CLOEXEC, 0600);
		if (d->msgfd >= 0)
			return 0;
		if (errno != EINTR)
			break;
	}
	if (errno == EEXIST)
		pst_err_set(e, 73, "%s/tmp/%s: exists already (a name "
		    "clash)", d->path, d->tmpname);
	else if (errno == ENOSPC
#ifdef EDQUOT
	    || errno == EDQUOT
#endif
	    )
		pst_err_io(e, errno, "%s/tmp/%s", d->path, d->tmpname);
	else
		pst_err_set(e, 73, "%s/tmp/%s: cannot create: %s", d->path,
		    d->tmpname, strerror(errno));
	d->tmpname[0] = '\0';
	return -1;
}

int
pst_dest_begin(struct pst_dest *d, struct pst_err *e)
{
	pst_dest_abort(d);	/* one open at a time; never half of one */
	d->len = 0;
	d->cr = 0;
	d->held = 0;
	d->bol = d->quote;
	d->last = '\n';		/* nothing yet: no LF is lacking */
	d->secs = time(NULL);
	switch (d->kind) {
	case PST_DEST_MAILDIR:
		if (maildir_begin(d, e) < 0)
			return -1;
		break;
	case PST_DEST_MBOX:
		if (d->broken) {
			pst_err_set(e, 74, "%s: could not be cut back after a "
			    "failure", d->path);
			return -1;
		}
		d->start = d->off;
		if (emit(d, "\n\n", (size_t)d->fix, e) < 0 ||
		    put_from_line(d, e) < 0)
			return -1;
		break;
	case PST_DEST_STREAM:
		if (d->spilled && spill_reset(d, e) < 0)
			return -1;
		if (put_from_line(d, e) < 0)
			return -1;
		break;
	}
	d->open = 1;
	return 0;
}

int
pst_dest_write(struct pst_dest *d, const char *p, size_t n,
    struct pst_err *e)
{
	if (!d->open) {
		pst_err_set(e, 70, "a message written before it was begun");
		return -1;
	}
	if (n == 0)
		return 0;
	if (put_text(d, p, n, e) < 0) {
		pst_dest_abort(d);
		return -1;
	}
	return 0;
}

/* Hand the tmp/ file to the queue that makes it durable and moves it
 * into new/ under its final name. */
static int
maildir_end(struct pst_dest *d, unsigned long id, struct pst_err *e)
{
	char name[NAME_SIZE];
	int n, fd;

	if (drain(d, e) < 0)
		return -1;
	n = snprintf(name, sizeof name, "%lld.R%sI%lu.%s", (long long)d->secs,
	    d->tag, id, d->host);
	if (n < 0 || (size_t)n >= sizeof name) {
		pst_err_set(e, 73, "%s/new: a file name too long", d->path);
		return -1;
	}
	fd = d->msgfd;
	d->msgfd = -1;
	n = pst_syncq_put(d->syncq, fd, d->tmpname, name, e);
	d->tmpname[0] = '\0';	/* the queue's now, even on failure */
	return n;
}

/* Write the held message to the stream's fd. */
static int
out_write(struct pst_dest *d, const char *p, size_t n, struct pst_err *e)
{
	if (pst_write_all(d->out, p, n) == 0)
		return 0;
	if (errno == EPIPE)
		pst_err_set(e, 74, "output closed");
	else
		pst_err_io(e, errno, "output");
	return -1;
}

static int
stream_end(struct pst_dest *d, struct pst_err *e)
{
	ssize_t k;

	if (!d->spilled) {
		if (out_write(d, d->buf, d->len, e) < 0)
			return -1;
		d->len = 0;
		return 0;
	}
	if (drain(d, e) < 0)
		return -1;
	if (lseek(d->spill, 0, SEEK_SET) < 0) {
		pst_err_io(e, errno, "temporary file");
		return -1;
	}
	for (;;) {
		k = read(d->spill, d->buf, d->cap);
		if (k < 0) {
			if (errno == EINTR)
				continue;
			pst_err_io(e, errno, "temporary file");
			return -1;
		}
		if (k == 0)
			break;
		if (out_write(d, d->buf, (size_t)k, e) < 0)
			return -1;
	}
	d->len = 0;
	return spill_reset(d, e);
}

int
pst_dest_end(struct pst_dest *d, unsigned long id, struct pst_err *e)
{
	int rc = -1;

	if (!d->open) {
		pst_err_set(e, 70, "a message ended before it was begun");
		return -1;
	}
	if (finish_text(d, e) < 0)
		goto fail;
	switch (d->kind) {
	case PST_DEST_MAILDIR:
		rc = maildir_end(d, id, e);
		break;
	case PST_DEST_MBOX:
		rc = drain(d, e);
		break;
	case PST_DEST_STREAM:
		rc = stream_end(d, e);
		break;
	}
	if (rc < 0)
		goto fail;
	if (d->kind == PST_DEST_MBOX) {
		d->end = d->off;
		d->fix = 0;
	}
	d->open = 0;
	return 0;
fail:
	pst_dest_abort(d);
	return -1;
}

void
pst_dest_abort(struct pst_dest *d)
{
	struct pst_err ignored = { 0, "" };

	if (d == NULL || !d->open)
		return;
	d->open = 0;
	d->len = 0;
	d->cr = 0;
	d->held = 0;
	d->bol = 0;
	switch (d->kind) {
	case PST_DEST_MAILDIR:
		if (d->msgfd >= 0)
			(void)close(d->msgfd);	/* the file goes anyway */
		d->msgfd = -1;
		/* A file left behind is removed by pst_maildir_recover. */
		if (d->tmpname[0] != '\0')
			(void)unlinkat(d->tmpdir, d->tmpname, 0);
		d->tmpname[0] = '\0';
		break;
	case PST_DEST_MBOX:
		/* Always: a failed write may have put part of its bytes. */
		while (ftruncate(d->fd, d->start) < 0) {
			if (errno != EINTR) {
				d->broken = 1;	/* refuse more */
				break;
			}
		}
		d->off = d->start;
		break;
	case PST_DEST_STREAM:
		/* Nothing was written; a failed reset is retried at begin. */
		if (d->spilled)
			(void)spill_reset(d, &ignored);
		break;
	}
}

int
pst_dest_sync(struct pst_dest *d, struct pst_err *e)
{
	time_t now;

	switch (d->kind) {
	case PST_DEST_MAILDIR:
		if (pst_syncq_wait(d->syncq, e) < 0)
			return -1;
		if (fsync(d->newdir) < 0 && errno != EINVAL) {
			pst_err_io(e, errno, "%s/new: fsync", d->path);
			return -1;
		}
		break;
	case PST_DEST_MBOX:
		/* Nothing to flush: each message was written at its end. */
		if (fsync(d->fd) < 0) {
			pst_err_io(e, errno, "%s: fsync", d->path);
			return -1;
		}
		/* A long run keeps its dotlock from looking stale. */
		now = time(NULL);
		if (now - d->lk.touched >= LOCK_TOUCH &&
		    futimens(d->lk.lockfd, NULL) == 0)
			d->lk.touched = now;
		break;
	case PST_DEST_STREAM:
		break;		/* each message went out whole at its end */
	}
	return 0;
}

off_t
pst_dest_mbox_end(const struct pst_dest *d)
{
	return d->kind == PST_DEST_MBOX ? d->end : -1;
}

int
pst_dest_close(struct pst_dest *d, struct pst_err *e)
{
	int rc = 0;

	if (d == NULL)
		return 0;
	pst_dest_abort(d);
	pst_syncq_free(d->syncq);	/* before the directories it uses */
	if (d->tmpdir >= 0)
		(void)close(d->tmpdir);
	if (d->newdir >= 0)
		(void)close(d->newdir);
	if (d->spill >= 0)
		(void)close(d->spill);
	/* The dotlock first: the locks go in the reverse of their order. */
	release_locks(&d->lk);
	if (d->fd >= 0 && close(d->fd) < 0 && errno != EINTR) {
		pst_err_io(e, errno, "%s: close", d->path);
		rc = -1;
	}
	free(d->path);
	free(d->buf);
	free(d);
	return rc;
}

/* ---- recovery ------------------------------------------------------------ */

/* Whether name carries ".R<tag><letter><digits>.", the digits a number
 * that fits; the number into *id. */
static int
tagged(const char *name, const char *tag, char letter, unsigned long *id)
{
	size_t taglen = strlen(tag);
	const char *s, *q;
	unsigned long v;
	int fits;

	for (s = name; (s = strstr(s, ".R")) != NULL; s++) {
		q = s + 2;
		if (strncmp(q, tag, taglen) != 0 || q[taglen] != letter)
			continue;
		q += taglen + 1;
		if (*q < '0' || *q > '9')
			continue;
		v = 0;
		fits = 1;
		for (; *q >= '0' && *q <= '9'; q++) {
			if (v > (ULONG_MAX - (unsigned long)(*q - '0')) / 10)
				fits = 0;
			else
				v = v * 10 + (unsigned long)(*q - '0');
		}
		if (fits && *q == '.') {
			*id = v;
			return 1;
		}
	}
	return 0;
}

/* Go through path/sub: each file of the run tagged tag with letter is
 * removed (remove), or else passed to found when there is one. */
static int
scan(const char *path, const char *sub, const char *tag, char letter,
    int remove, void (*found)(void *, unsigned long, const char *),
    void *ctx, struct pst_err *e)
{
	struct pst_buf dir = {0}, file = {0};
	struct dirent *de;
	unsigned long id;
	DIR *dp;
	int rc = 0;

	pst_buf_printf(&dir, "%s/%s", path, sub);
	if ((dp = opendir(dir.p)) == NULL) {
		if (errno != ENOENT) {
			pst_err_io(e, errno, "%s", dir.p);
			rc = -1;
		}
		pst_buf_free(&dir);
		return rc;
	}
	for (;;) {
		errno = 0;
		if ((de = readdir(dp)) == NULL) {
			if (errno != 0) {
				pst_err_io(e, errno, "%s", dir.p);
				rc = -1;
			}
			break;
		}
		if (!tagged(de->d_name, tag, letter, &id))
			continue;
		pst_buf_reset(&file);
		pst_buf_printf(&file, "%s/%s", dir.p, de->d_name);
		if (!remove) {
			if (found != NULL)
				found(ctx, id, file.p);
		} else if (unlink(file.p) < 0 && errno != ENOENT) {
			pst_err_io(e, errno, "%s", file.p);
			rc = -1;
			break;
		}
	}
	(void)closedir(dp);	/* read only */
	pst_buf_free(&dir);
	pst_buf_free(&file);
	return rc;
}

int
pst_maildir_recover(const char *path, const char *tag,
    void (*found)(void *ctx, unsigned long id, const char *path), void *ctx,
    struct pst_err *e)
{
	if (!valid_tag(tag)) {
		pst_err_set(e, 70, "invalid run tag");
		return -1;
	}
	if (scan(path, "new", tag, 'I', 0, found, ctx, e) < 0 ||
	    scan(path, "cur", tag, 'I', 0, found, ctx, e) < 0 ||
	    scan(path, "tmp", tag, 'T', 1, NULL, NULL, e) < 0)
		return -1;
	return 0;
}

int
pst_mbox_cut(const char *path, off_t size, struct pst_err *e)
{
	struct mbox_lock lk = { NULL, -1, 0 };
	struct stat st;
	int fd, rc = -1;

	if (size < 0) {
		pst_err_set(e, 70, "%s: cut to a negative size", path);
		return -1;
	}
	while ((fd = open(path, O_RDWR | O_CLOEXEC)) < 0 && errno == EINTR)
		;
	if (fd < 0) {
		if (errno == ENOENT)
			return 0;	/* nothing was appended */
		pst_err_io(e, errno, "%s", path);
		return -1;
	}
	if (take_locks(fd, path, &lk, e) < 0)
		goto out;
	if (fstat(fd, &st) < 0) {
		pst_err_io(e, errno, "%s", path);
		goto out;
	}
	if (st.st_size > size) {
		if (ftruncate(fd, size) < 0) {
			pst_err_io(e, errno, "%s: truncate", path);
			goto out;
		}
		if (fsync(fd) < 0) {
			pst_err_io(e, errno, "%s: fsync", path);
			goto out;
		}
	}
	rc = 0;
out:
	release_locks(&lk);
	(void)close(fd);	/* synced already, or failed already */
	return rc;
}
