/* fetch: one run over one mailbox, in the order that loses nothing. */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "config.h"
#include "fetch.h"
#include "mem.h"
#include "msgid.h"
#include "state.h"

#define COMMIT_EVERY	1000	/* messages, at most, between records */
#define COMMIT_SECS	1.0	/* seconds, at most, between records */
#define HEADER_MAX	(64 * 1024)	/* what is searched for a Message-ID */
#define NONE		UINT32_MAX

enum { NEW, KNOWN, PENDING, RECORDED, SKIPPED, IGNORED };

/* A message the server has. Kept small: there may be a great many. */
struct item {
	unsigned long long size;
	uint32_t num;		/* UID, or POP3 message number */
	uint32_t id;		/* its id in the arena */
	uint32_t msgid;		/* its listed Message-ID in the arena, or NONE */
	uint32_t plan;		/* its number in the plan, or NONE */
	unsigned char state;
	unsigned char was_known;
};

struct pst_fetch {
	struct pst_fetch_opts o;
	int lockfd;			/* holds the mailbox's lock */
	struct pst_state_head head;
	size_t nstate;			/* entries in the state file */
	struct pst_dest *dest;
	char tag[17];
	int planned;			/* a plan is beside the state */
	int listed;			/* the server was listed */
	int by_msgid;			/* UIDVALIDITY changed */

	struct item *items;
	size_t nitems, capitems;
	struct pst_buf arena;		/* ids and listed Message-IDs */
	uint32_t *byid;			/* items ordered by id (or msgid) */
	unsigned long *nums;		/* what to fetch, or to delete */
	size_t nnums;

	uint32_t *pending;		/* delivered, not yet recorded */
	size_t npending;
	struct pst_buf pending_ids;	/* their Message-IDs, found in the
					 * messages: offsets in pend_msgid */
	size_t *pend_msgid;
	double last_commit, last_progress, started;

	struct pst_buf hdr;		/* the start of the message in progress */
	int hdr_done;
	unsigned long long cur_bytes;
	struct pst_sink sink;
	struct pst_fetch_counts counts;
	size_t nplanned;
};

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static const char *
item_id(const struct pst_fetch *f, const struct item *it)
{
	return f->arena.p + it->id;
}

static const char *
item_msgid(const struct pst_fetch *f, const struct item *it)
{
	return it->msgid == NONE ? "" : f->arena.p + it->msgid;
}

/* ---- completing a killed run ------------------------------------------------- */

struct planned {
	char *id, *msgid;
	unsigned long long size;
	int found, recorded;
};

struct recovery {
	struct planned *v;
	size_t n;
	struct pst_err *e;
};

static int
keep_planned(void *ctx, unsigned long i, const struct pst_state_entry *en)
{
	struct recovery *r = ctx;

	if (i != r->n)
		return 0;
	r->v = pst_xreallocarray(r->v, r->n + 1, sizeof *r->v);
	r->v[r->n].id = pst_xstrdup(en->id);
	r->v[r->n].msgid = pst_xstrdup(en->msgid);
	r->v[r->n].size = en->size;
	r->v[r->n].found = r->v[r->n].recorded = 0;
	r->n++;
	return 0;
}

/* The Message-ID in the file at path, read from its first bytes. */
static char *
file_msgid(const char *path)
{
	struct pst_buf b = {0}, id = {0};
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd >= 0) {
		n = read(fd, pst_buf_room(&b, HEADER_MAX), HEADER_MAX);
		if (n > 0)
			pst_buf_extend(&b, (size_t)n);
		close(fd);
	}
	pst_msgid_find(pst_buf_str(&b), b.len, &id);
	pst_buf_free(&b);
	return pst_buf_take(&id);
}

static void
found_planned(void *ctx, unsigned long i, const char *path)
{
	struct recovery *r = ctx;

	if (i >= r->n || r->v[i].found)
		return;
	r->v[i].found = 1;
	if (r->v[i].msgid[0] == '\0') {
		free(r->v[i].msgid);
		r->v[i].msgid = file_msgid(path);
	}
}

static int
mark_recorded(void *ctx, const struct pst_state_entry *en)
{
	struct recovery *r = ctx;
	size_t i;

	/* Only after a crash, over one plan: a plain search will do. */
	for (i = 0; i < r->n; i++)
		if (r->v[i].found && strcmp(r->v[i].id, en->id) == 0)
			r->v[i].recorded = 1;
	return 0;
}

/* Record the messages of the plan found delivered, then drop the plan. */
static int
record_found(const struct pst_fetch_opts *o, struct recovery *r,
    struct pst_err *e)
{
	struct pst_state_head h;
	struct pst_state_entry *add = pst_xcalloc(r->n + 1, sizeof *add);
	size_t i, nadd = 0;
	int rc;

	rc = pst_state_read(o->state, &h, mark_recorded, r, e);
	for (i = 0; rc == 0 && i < r->n; i++)
		if (r->v[i].found && !r->v[i].recorded) {
			add[nadd].id = r->v[i].id;
			add[nadd].size = r->v[i].size;
			add[nadd++].msgid = r->v[i].msgid;
		}
	if (rc == 0 && nadd > 0)
		rc = pst_state_commit(o->state, &h, NULL, NULL, add, nadd, e);
	if (rc == 0 && !o->quiet)
		fprintf(stderr, "%s: %s: completed a run that was stopped: %zu "
		    "of its %zu messages were delivered\n", o->prog, o->label,
		    nadd, r->n);
	free(add);
	return rc;
}

static int
recover(const struct pst_fetch_opts *o, struct pst_err *e)
{
	struct recovery r = { NULL, 0, e };
	struct pst_state_head h;
	char tag[33], kind[16], dest[4096];
	size_t i;
	int rc;

	rc = pst_run_read(o->state, tag, kind, dest, sizeof dest, keep_planned,
	    &r, e);
	if (rc == 0 && strcmp(kind, "maildir") == 0)
		rc = pst_maildir_recover(dest, tag, found_planned, &r, e);
	else if (rc == 0 && strcmp(kind, "mbox") == 0) {
		/* What went into the mbox after the last record is cut off
		 * and fetched again. */
		rc = pst_state_read(o->state, &h, NULL, NULL, e);
		if (rc == 0 && h.mbox_end >= 0)
			rc = pst_mbox_cut(dest, (off_t)h.mbox_end, e);
	}
	if (rc == 0)
		rc = record_found(o, &r, e);
	if (rc == 0)
		rc = pst_run_remove(o->state, e);
	for (i = 0; i < r.n; i++) {
		free(r.v[i].id);
		free(r.v[i].msgid);
	}
	free(r.v);
	return rc != 0 ? -1 : 0;
}

/* ---- starting ---------------------------------------------------------------- */

static int
count_entry(void *ctx, const struct pst_state_entry *en)
{
	(void)en;
	++*(size_t *)ctx;
	return 0;
}

static int sink_begin(void *, struct pst_err *);
static int sink_data(void *, const char *, size_t, struct pst_err *);
static int sink_end(void *, unsigned long, struct pst_err *);
static void sink_abort(void *);

/* Take the lock of the mailbox's state (path.lock, fcntl, released when
 * the process ends however it ends), so that two runs never work on the
 * same state and plan at once. The fd, or -1 with *e set. */
static int
lock_state(const struct pst_fetch_opts *o, struct pst_err *e)
{
	struct pst_buf path = {0};
	struct flock fl;
	int fd;

	pst_buf_printf(&path, "%s.lock", o->state);
	fd = open(path.p, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	pst_buf_free(&path);
	if (fd < 0) {
		pst_err_set(e, EX_CANTCREAT, "%s.lock: %s", o->state,
		    strerror(errno));
		return -1;
	}
	memset(&fl, 0, sizeof fl);
	fl.l_type = F_WRLCK;
	fl.l_whence = SEEK_SET;
	if (fcntl(fd, F_SETLK, &fl) != 0) {
		pst_err_set(e, errno == EACCES || errno == EAGAIN ? EX_TEMPFAIL :
		    EX_IOERR, "another mfetch is fetching this mailbox now%s%s",
		    errno == EACCES || errno == EAGAIN ? "" : ": ",
		    errno == EACCES || errno == EAGAIN ? "" : strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

struct pst_fetch *
pst_fetch_new(const struct pst_fetch_opts *o, struct pst_err *e)
{
	struct pst_fetch *f = pst_xcalloc(1, sizeof *f);

	f->o = *o;
	if ((f->lockfd = lock_state(o, e)) < 0)
		goto fail;
	if (pst_run_exists(o->state) && recover(o, e) != 0)
		goto fail;
	if (pst_state_read(o->state, &f->head, count_entry, &f->nstate, e) != 0)
		goto fail;
	if (pst_random_word(f->tag, 16) != 0) {
		pst_err_set(e, EX_OSERR, "no random numbers to be had");
		goto fail;
	}
	f->dest = pst_dest_open(o->kind, o->dest, o->fd, f->tag, e);
	if (f->dest == NULL)
		goto fail;
	f->sink.begin = sink_begin;
	f->sink.data = sink_data;
	f->sink.end = sink_end;
	f->sink.abort = sink_abort;
	f->sink.ctx = f;
	f->started = f->last_commit = f->last_progress = now();
	return f;
fail:
	pst_fetch_free(f);
	return NULL;
}

unsigned long
pst_fetch_uidvalidity(const struct pst_fetch *f, int *any)
{
	*any = f->nstate > 0;
	return f->head.uidvalidity;
}

/* Add the string s and its NUL to the arena; its offset. */
static uint32_t
arena_add(struct pst_fetch *f, const char *s)
{
	size_t off = f->arena.len;

	if (off > UINT32_MAX - 4096)
		return NONE;	/* four gigabytes of ids: not a mailbox */
	pst_buf_add(&f->arena, s, strlen(s) + 1);
	return (uint32_t)off;
}

void
pst_fetch_add(struct pst_fetch *f, unsigned long num,
    unsigned long long size, const char *id, const char *msgid)
{
	struct item *it;

	if (f->nitems == f->capitems) {
		f->capitems = f->capitems ? f->capitems * 2 : 256;
		f->items = pst_xreallocarray(f->items, f->capitems,
		    sizeof *f->items);
	}
	it = &f->items[f->nitems++];
	it->num = (uint32_t)num;
	it->size = size;
	it->id = arena_add(f, id);
	it->msgid = msgid != NULL && *msgid != '\0' ? arena_add(f, msgid) :
	    NONE;
	it->plan = NONE;
	it->state = NEW;
	it->was_known = 0;
	f->listed = 1;
}

static int
cmp_ulong(const void *a, const void *b)
{
	unsigned long x = *(const unsigned long *)a, y = *(const unsigned long *)b;

	return x < y ? -1 : x > y;
}

void
pst_fetch_restrict(struct pst_fetch *f, unsigned long *nums, size_t n)
{
	size_t i;

	if (n > 1)
		qsort(nums, n, sizeof *nums, cmp_ulong);
	for (i = 0; i < f->nitems; i++) {
		unsigned long num = f->items[i].num;

		if (n == 0 ||
		    bsearch(&num, nums, n, sizeof *nums, cmp_ulong) == NULL)
			f->items[i].state = IGNORED;
	}
}

/* ---- what is new ------------------------------------------------------------- */

static struct pst_fetch *sorting;	/* qsort has no context argument */

static int
by_id(const void *a, const void *b)
{
	const struct item *x = &sorting->items[*(const uint32_t *)a],
	    *y = &sorting->items[*(const uint32_t *)b];

	return strcmp(item_id(sorting, x), item_id(sorting, y));
}

static int
by_msgid(const void *a, const void *b)
{
	const struct item *x = &sorting->items[*(const uint32_t *)a],
	    *y = &sorting->items[*(const uint32_t *)b];
	int c = strcmp(item_msgid(sorting, x), item_msgid(sorting, y));

	return c != 0 ? c : x->size < y->size ? -1 : x->size > y->size;
}

static int
by_num(const void *a, const void *b)
{
	const struct item *x = a, *y = b;

	return x->num < y->num ? -1 : x->num > y->num;
}

/* The item whose id (or, by Message-ID, whose Message-ID and size) is
 * en's, or NULL. */
static struct item *
find_entry(struct pst_fetch *f, const struct pst_state_entry *en)
{
	size_t lo = 0, hi = f->nitems;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		struct item *it = &f->items[f->byid[mid]];
		int c;

		if (f->by_msgid) {
			c = strcmp(en->msgid, item_msgid(f, it));
			if (c == 0)
				c = en->size < it->size ? -1 : en->size > it->size;
		} else
			c = strcmp(en->id, item_id(f, it));
		if (c == 0)
			return it;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

static int
mark_known(void *ctx, const struct pst_state_entry *en)
{
	struct pst_fetch *f = ctx;
	struct item *it;

	if (f->by_msgid && en->msgid[0] == '\0')
		return 0;
	if ((it = find_entry(f, en)) != NULL && (it->state == NEW ||
	    it->state == IGNORED)) {
		if (it->state == NEW)
			f->counts.known++;
		it->state = KNOWN;
		it->was_known = 1;
	}
	return 0;
}

static void
index_items(struct pst_fetch *f, int (*cmp)(const void *, const void *))
{
	size_t i;

	free(f->byid);
	f->byid = pst_xreallocarray(NULL, f->nitems + 1, sizeof *f->byid);
	for (i = 0; i < f->nitems; i++)
		f->byid[i] = (uint32_t)i;
	sorting = f;
	qsort(f->byid, f->nitems, sizeof *f->byid, cmp);
	sorting = NULL;
}

static int
drop_all(void *ctx, const struct pst_state_entry *en)
{
	(void)ctx;
	(void)en;
	return 0;
}

/* The UIDVALIDITY changed: record the messages found again by Message-ID
 * and size under their new UIDs, and drop the old entries. */
static int
rebase(struct pst_fetch *f, unsigned long uidvalidity, struct pst_err *e)
{
	struct pst_state_entry *add = pst_xcalloc(f->counts.known + 1,
	    sizeof *add);
	size_t i, n = 0;
	int rc;

	for (i = 0; i < f->nitems; i++)
		if (f->items[i].state == KNOWN) {
			add[n].id = item_id(f, &f->items[i]);
			add[n].size = f->items[i].size;
			add[n++].msgid = item_msgid(f, &f->items[i]);
		}
	f->head.uidvalidity = uidvalidity;
	rc = pst_state_commit(f->o.state, &f->head, drop_all, NULL, add, n, e);
	free(add);
	return rc;
}


/* Choose what to fetch: new messages (all with the option), not over the
 * size limit. */
static void
choose(struct pst_fetch *f)
{
	size_t i;
	char size[32];

	f->nums = pst_xreallocarray(NULL, f->nitems + 1, sizeof *f->nums);
	f->nnums = 0;
	for (i = 0; i < f->nitems; i++) {
		struct item *it = &f->items[i];

		if (it->state != NEW && !(f->o.all && it->state == KNOWN))
			continue;
		if (f->o.max_size > 0 && it->size > f->o.max_size) {
			if (!f->o.quiet) {
				pst_size_format(it->size, size, sizeof size);
				fprintf(stderr, "%s: %s: message %s%lu (%s) over "
				    "--max-size: skipped\n", f->o.prog,
				    f->o.label, f->o.uids ? "UID " : "",
				    (unsigned long)it->num, size);
			}
			it->state = it->state == KNOWN ? KNOWN : SKIPPED;
			f->counts.skipped++;
			continue;
		}
		it->plan = (uint32_t)f->nnums;
		f->nums[f->nnums++] = it->num;
	}
}

/* Write the plan beside the state file (not for a stream: nothing there
 * can be found again). For an mbox, record its size first: what a
 * recovery cuts back to. */
static int
write_plan(struct pst_fetch *f, struct pst_err *e)
{
	struct pst_state_entry *plan;
	size_t i;
	int rc;

	if (f->o.kind == PST_DEST_STREAM || f->nnums == 0)
		return 0;
	if (f->o.kind == PST_DEST_MBOX) {
		f->head.mbox_end = (long long)pst_dest_mbox_end(f->dest);
		if (pst_state_commit(f->o.state, &f->head, NULL, NULL, NULL, 0,
		    e) != 0)
			return -1;
	}
	plan = pst_xcalloc(f->nnums, sizeof *plan);
	for (i = 0; i < f->nitems; i++) {
		struct item *it = &f->items[i];

		if (it->plan != NONE) {
			plan[it->plan].id = item_id(f, it);
			plan[it->plan].size = it->size;
			plan[it->plan].msgid = item_msgid(f, it);
		}
	}
	rc = pst_run_write(f->o.state, f->tag, f->o.kind == PST_DEST_MBOX ?
	    "mbox" : "maildir", f->o.dest, plan, f->nnums, e);
	free(plan);
	if (rc == 0)
		f->planned = 1;
	return rc;
}

int
pst_fetch_plan(struct pst_fetch *f, unsigned long uidvalidity,
    const unsigned long **nums, size_t *n, struct pst_err *e)
{
	size_t i;

	for (i = 1; i < f->nitems; i++)
		if (f->items[i].num <= f->items[i - 1].num) {
			qsort(f->items, f->nitems, sizeof *f->items, by_num);
			break;
		}
	f->by_msgid = uidvalidity != 0 && f->head.uidvalidity != 0 &&
	    uidvalidity != f->head.uidvalidity;
	if (f->by_msgid && !f->o.quiet)
		fprintf(stderr, "%s: %s: UIDVALIDITY changed (was %lu, now %lu): "
		    "fetching the folder again, skipping messages already "
		    "delivered\n", f->o.prog, f->o.label, f->head.uidvalidity,
		    uidvalidity);
	index_items(f, f->by_msgid ? by_msgid : by_id);
	if (pst_state_read(f->o.state, &f->head, mark_known, f, e) != 0)
		return -1;
	if (f->by_msgid) {
		if (rebase(f, uidvalidity, e) != 0)
			return -1;
		f->by_msgid = 0;
		index_items(f, by_id);
	}
	if (uidvalidity != 0)
		f->head.uidvalidity = uidvalidity;
	choose(f);
	if (write_plan(f, e) != 0)
		return -1;
	f->nplanned = f->nnums;
	*nums = f->nums;
	*n = f->nnums;
	return 0;
}

/* ---- recording -------------------------------------------------------------------- */

/* Keep an old entry while the server still has the message, so the file
 * does not grow for ever; all of them when the server was not listed. */
static int
still_there(void *ctx, const struct pst_state_entry *en)
{
	struct pst_fetch *f = ctx;

	return !f->listed || find_entry(f, en) != NULL;
}

int
pst_fetch_commit(struct pst_fetch *f, struct pst_err *e)
{
	struct pst_state_entry *add;
	size_t i, n = 0;
	int rc;

	if (f->npending == 0)
		return 0;
	if (pst_dest_sync(f->dest, e) != 0)
		return -1;
	add = pst_xcalloc(f->npending, sizeof *add);
	for (i = 0; i < f->npending; i++) {
		struct item *it = &f->items[f->pending[i]];

		if (it->was_known)
			continue;	/* fetched again with --all */
		add[n].id = item_id(f, it);
		add[n].size = it->size;
		add[n++].msgid = it->msgid != NONE ? item_msgid(f, it) :
		    f->pending_ids.p + f->pend_msgid[i];
	}
	if (f->o.kind == PST_DEST_MBOX)
		f->head.mbox_end = (long long)pst_dest_mbox_end(f->dest);
	rc = pst_state_commit(f->o.state, &f->head, still_there, f, add, n, e);
	free(add);
	if (rc != 0)
		return -1;
	for (i = 0; i < f->npending; i++)
		f->items[f->pending[i]].state = RECORDED;
	f->npending = 0;
	pst_buf_reset(&f->pending_ids);
	f->last_commit = now();
	return 0;
}

void
pst_fetch_deletable(struct pst_fetch *f, const unsigned long **nums,
    size_t *n)
{
	size_t i;

	free(f->nums);
	f->nums = pst_xreallocarray(NULL, f->nitems + 1, sizeof *f->nums);
	f->nnums = 0;
	for (i = 0; i < f->nitems; i++)
		if (f->items[i].state == KNOWN || f->items[i].state == RECORDED)
			f->nums[f->nnums++] = f->items[i].num;
	*nums = f->nums;
	*n = f->nnums;
}

/* ---- the sink ------------------------------------------------------------------------ */

static void
progress(struct pst_fetch *f, int last)
{
	double t = now(), secs = t - f->started;
	char line[160], size[32];

	if (!f->o.progress || (!last && t - f->last_progress < 0.2))
		return;
	f->last_progress = t;
	pst_size_format(f->counts.bytes, size, sizeof size);
	snprintf(line, sizeof line, "%s: %s: %zu/%zu messages, %s, %.1f "
	    "MiB/s", f->o.prog, f->o.label, f->counts.fetched, f->nplanned,
	    size, secs > 0 ? (double)f->counts.bytes / (1024 * 1024) / secs :
	    0.0);
	fprintf(stderr, "\r%-79.79s%s", line, last ? "\r" : "");
	if (last)
		fprintf(stderr, "%79s\r", "");
}

static int
sink_begin(void *ctx, struct pst_err *e)
{
	struct pst_fetch *f = ctx;

	pst_buf_reset(&f->hdr);
	f->hdr_done = 0;
	f->cur_bytes = 0;
	return pst_dest_begin(f->dest, e);
}

/* Keep the start of the message until its header has ended. */
static void
watch_header(struct pst_fetch *f, const char *p, size_t n)
{
	size_t from = f->hdr.len > 3 ? f->hdr.len - 3 : 0;

	if (n > HEADER_MAX - f->hdr.len)
		n = HEADER_MAX - f->hdr.len;
	pst_buf_add(&f->hdr, p, n);
	if (f->hdr.len >= HEADER_MAX ||
	    strstr(f->hdr.p + from, "\r\n\r\n") != NULL ||
	    strstr(f->hdr.p + from, "\n\n") != NULL)
		f->hdr_done = 1;
}

static int
sink_data(void *ctx, const char *p, size_t n, struct pst_err *e)
{
	struct pst_fetch *f = ctx;

	if (!f->hdr_done)
		watch_header(f, p, n);
	f->cur_bytes += n;
	return pst_dest_write(f->dest, p, n, e);
}

static struct item *
find_num(struct pst_fetch *f, unsigned long num)
{
	struct item key;

	key.num = (uint32_t)num;
	if (f->nitems == 0)
		return NULL;
	return bsearch(&key, f->items, f->nitems, sizeof key, by_num);
}

/* Keep the Message-ID of the message just delivered for its record. */
static void
keep_msgid(struct pst_fetch *f, const struct item *it)
{
	struct pst_buf id = {0};

	f->pend_msgid = pst_xreallocarray(f->pend_msgid, f->npending + 1,
	    sizeof *f->pend_msgid);
	f->pend_msgid[f->npending] = f->pending_ids.len;
	if (it->msgid == NONE)
		pst_msgid_find(pst_buf_str(&f->hdr), f->hdr.len, &id);
	pst_buf_add(&f->pending_ids, pst_buf_str(&id), id.len + 1);
	pst_buf_free(&id);
}

static int
sink_end(void *ctx, unsigned long num, struct pst_err *e)
{
	struct pst_fetch *f = ctx;
	struct item *it = find_num(f, num);

	if (it == NULL || it->plan == NONE || it->state == PENDING ||
	    (it->state == RECORDED)) {
		pst_dest_abort(f->dest);
		pst_err_set(e, EX_PROTOCOL, "%s: the server sent message %lu, "
		    "which was not asked for", f->o.label, num);
		return -1;
	}
	if (pst_dest_end(f->dest, it->plan, e) != 0)
		return -1;
	f->pending = pst_xreallocarray(f->pending, f->npending + 1,
	    sizeof *f->pending);
	keep_msgid(f, it);
	f->pending[f->npending++] = (uint32_t)(it - f->items);
	it->state = PENDING;
	f->counts.fetched++;
	f->counts.bytes += f->cur_bytes;
	progress(f, 0);
	if (f->npending >= COMMIT_EVERY || now() - f->last_commit >= COMMIT_SECS)
		return pst_fetch_commit(f, e);
	return 0;
}

static void
sink_abort(void *ctx)
{
	struct pst_fetch *f = ctx;

	pst_dest_abort(f->dest);
}

const struct pst_sink *
pst_fetch_sink(struct pst_fetch *f)
{
	return &f->sink;
}

/* ---- ending ------------------------------------------------------------------------------ */

int
pst_fetch_finish(struct pst_fetch *f, struct pst_err *e)
{
	struct pst_dest *d = f->dest;

	progress(f, 1);
	if (pst_fetch_commit(f, e) != 0)
		return -1;
	if (f->planned && pst_run_remove(f->o.state, e) != 0)
		return -1;
	f->planned = 0;
	f->dest = NULL;
	return pst_dest_close(d, e);
}

void
pst_fetch_counts(const struct pst_fetch *f, struct pst_fetch_counts *c)
{
	*c = f->counts;
	c->secs = now() - f->started;
}

void
pst_fetch_free(struct pst_fetch *f)
{
	struct pst_err ignored = { 0, "" };

	if (f == NULL)
		return;
	(void)pst_dest_close(f->dest, &ignored);
	if (f->lockfd >= 0)
		close(f->lockfd);
	free(f->items);
	pst_buf_free(&f->arena);
	free(f->byid);
	free(f->nums);
	free(f->pending);
	free(f->pend_msgid);
	pst_buf_free(&f->pending_ids);
	pst_buf_free(&f->hdr);
	free(f);
}
