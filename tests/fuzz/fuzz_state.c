/* fuzz_state: the input read as a state file and as a run's plan (from a
 * file in a private directory: /dev/shm when there is one, where fsync
 * costs nothing, else $TMPDIR or /tmp). What parses is written back and
 * must read back the same: entries, head, tag, kind and dest; a rewritten
 * state file is the same bytes whichever way it was written. What does
 * not parse must say so as "path:line: why", status 65. The input up
 * to a NUL is also a key for pst_state_name. */
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "mem.h"
#include "state.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char dir[256];
static char in[300], out[300], fresh[300], plan[300], plan2[300];

static const char *const names[] = {
	in, out, fresh, plan, plan2,
};

static void
remove_all(void)
{
	char p[320];

	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		unlink(names[i]);
		snprintf(p, sizeof p, "%s.tmp", names[i]);
		unlink(p);
		snprintf(p, sizeof p, "%s.run", names[i]);
		unlink(p);
		snprintf(p, sizeof p, "%s.run.tmp", names[i]);
		unlink(p);
	}
}

static void
cleanup(void)
{
	remove_all();
	rmdir(dir);
}

static void
setup(void)
{
	struct stat st;
	const char *base = getenv("TMPDIR");

	if (stat("/dev/shm", &st) == 0 && S_ISDIR(st.st_mode) &&
	    access("/dev/shm", W_OK) == 0)
		base = "/dev/shm";
	else if (base == NULL || base[0] == '\0')
		base = "/tmp";
	snprintf(dir, sizeof dir, "%s/fuzz_state.XXXXXX", base);
	if (mkdtemp(dir) == NULL)
		abort();
	snprintf(in, sizeof in, "%s/in", dir);
	snprintf(out, sizeof out, "%s/out", dir);
	snprintf(fresh, sizeof fresh, "%s/fresh", dir);
	snprintf(plan, sizeof plan, "%s/p", dir);
	snprintf(plan2, sizeof plan2, "%s/q", dir);
	atexit(cleanup);
}

static void
put_file(const char *path, const uint8_t *data, size_t size)
{
	int fd = open(path, O_CREAT | O_TRUNC | O_WRONLY, 0600);

	if (fd < 0 || (size > 0 && write(fd, data, size) != (ssize_t)size) ||
	    close(fd) != 0)
		abort();
}

static char *
get_file(const char *path, size_t *n)
{
	struct pst_buf b = {0};
	int fd = open(path, O_RDONLY);

	if (fd < 0 || pst_buf_read_fd(&b, fd, 0, 0) != 0)
		abort();
	close(fd);
	*n = b.len;
	return pst_buf_take(&b);
}

/* The entries read: as text, to compare, and as copies, to write. */
struct coll {
	struct pst_buf text;
	struct pst_state_entry *en;
	size_t n, cap;
	unsigned long next;		/* a plan's next index */
	int odd;			/* keep: flips for each entry */
};

static void
coll_free(struct coll *c)
{
	for (size_t i = 0; i < c->n; i++) {
		free((char *)c->en[i].id);
		free((char *)c->en[i].msgid);
	}
	free(c->en);
	pst_buf_free(&c->text);
	memset(c, 0, sizeof *c);
}

/* An entry as read must be one the writer can write. */
static void
check_entry(const struct pst_state_entry *en)
{
	size_t n = strlen(en->id);

	if (n < 1 || n > 70)
		abort();
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)en->id[i] < 0x21 ||
		    (unsigned char)en->id[i] > 0x7e)
			abort();
	if (strpbrk(en->msgid, "\r\n") != NULL)
		abort();
}

static void
text_of(struct pst_buf *b, const struct pst_state_entry *en)
{
	pst_buf_printf(b, "%s %llu %zu:", en->id, en->size,
	    strlen(en->msgid));
	pst_buf_adds(b, en->msgid);
	pst_buf_addc(b, '\n');
}

static int
collect(void *ctx, const struct pst_state_entry *en)
{
	struct coll *c = ctx;

	check_entry(en);
	text_of(&c->text, en);
	if (c->n == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 16;
		c->en = pst_xreallocarray(c->en, c->cap, sizeof *c->en);
	}
	c->en[c->n].id = pst_xstrdup(en->id);
	c->en[c->n].size = en->size;
	c->en[c->n].msgid = pst_xstrdup(en->msgid);
	c->n++;
	return 0;
}

static int
collect_run(void *ctx, unsigned long i, const struct pst_state_entry *en)
{
	struct coll *c = ctx;

	if (i != c->next++)
		abort();
	return collect(ctx, en);
}

/* Keep every other entry, noting those kept. */
static int
keep_half(void *ctx, const struct pst_state_entry *en)
{
	struct coll *c = ctx;

	c->odd = !c->odd;
	if (c->odd)
		text_of(&c->text, en);
	return c->odd;
}

/* A failure to read must be a malformed file, "path:line: why". */
static void
check_failure(const char *path, const struct pst_err *e)
{
	size_t n = strlen(path);
	const char *p = e->msg + n;

	if (e->status != 65 || strncmp(e->msg, path, n) != 0 || *p != ':')
		abort();
	if (*++p < '1' || *p > '9')
		abort();
	while (*p >= '0' && *p <= '9')
		p++;
	if (p[0] != ':' || p[1] != ' ' || p[2] == '\0')
		abort();
}

static void
check_state(const uint8_t *data, size_t size)
{
	struct pst_state_head h, h2;
	struct pst_err e = {0};
	struct coll c = {0}, c2 = {0}, half = {0};
	char *a, *b;
	size_t an, bn;

	put_file(in, data, size);
	if (pst_state_read(in, &h, collect, &c, &e) != 0) {
		check_failure(in, &e);
		coll_free(&c);
		return;
	}
	if (h.mbox_end < -1)
		abort();

	/* Rewritten in place, keeping all. */
	put_file(out, data, size);
	if (pst_state_commit(out, &h, NULL, NULL, NULL, 0, &e) != 0)
		abort();
	if (pst_state_read(out, &h2, collect, &c2, &e) != 0)
		abort();
	if (h2.uidvalidity != h.uidvalidity || h2.mbox_end != h.mbox_end ||
	    c2.text.len != c.text.len ||
	    memcmp(pst_buf_str(&c2.text), pst_buf_str(&c.text),
	    c.text.len) != 0)
		abort();

	/* Written from nothing: the same bytes. */
	if (pst_state_commit(fresh, &h, NULL, NULL, c.en, c.n, &e) != 0)
		abort();
	a = get_file(out, &an);
	b = get_file(fresh, &bn);
	if (an != bn || memcmp(a, b, an) != 0)
		abort();
	free(a);
	free(b);

	/* Half kept: those and only those, in order. */
	if (pst_state_commit(out, &h, keep_half, &half, NULL, 0, &e) != 0)
		abort();
	coll_free(&c2);
	if (pst_state_read(out, &h2, collect, &c2, &e) != 0 ||
	    c2.text.len != half.text.len ||
	    memcmp(pst_buf_str(&c2.text), pst_buf_str(&half.text),
	    half.text.len) != 0)
		abort();
	coll_free(&c);
	coll_free(&c2);
	coll_free(&half);
}

static void
check_plan(const uint8_t *data, size_t size)
{
	char tag[33], kind[16], dest[4096], tag2[33], kind2[16], dest2[4096];
	char runpath[320];
	struct pst_err e = {0};
	struct coll c = {0}, c2 = {0};

	snprintf(runpath, sizeof runpath, "%s.run", plan);
	put_file(runpath, data, size);
	if (pst_run_read(plan, tag, kind, dest, sizeof dest, collect_run, &c,
	    &e) != 0) {
		check_failure(runpath, &e);
		coll_free(&c);
		return;
	}
	if (strlen(tag) < 1 || strlen(tag) > 32 || strlen(kind) < 1 ||
	    strlen(kind) > 15 || strpbrk(dest, "\r\n") != NULL)
		abort();
	if (pst_run_write(plan2, tag, kind, dest, c.en, c.n, &e) != 0)
		abort();
	if (!pst_run_exists(plan2))
		abort();
	if (pst_run_read(plan2, tag2, kind2, dest2, sizeof dest2, collect_run,
	    &c2, &e) != 0)
		abort();
	if (strcmp(tag, tag2) != 0 || strcmp(kind, kind2) != 0 ||
	    strcmp(dest, dest2) != 0 || c2.text.len != c.text.len ||
	    memcmp(pst_buf_str(&c2.text), pst_buf_str(&c.text),
	    c.text.len) != 0)
		abort();
	if (pst_run_remove(plan2, &e) != 0 || pst_run_exists(plan2))
		abort();
	coll_free(&c);
	coll_free(&c2);
}

static int
hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Decode name[0..n) (%XX escapes) into a new string. */
static char *
name_decode(const char *name, size_t n)
{
	char *s = pst_xmalloc(n + 1), *o = s;

	for (size_t i = 0; i < n; i++) {
		if (name[i] != '%') {
			*o++ = name[i];
			continue;
		}
		if (i + 2 >= n || hex_value(name[i + 1]) < 0 ||
		    hex_value(name[i + 2]) < 0)
			abort();
		*o++ = (char)(hex_value(name[i + 1]) * 16 +
		    hex_value(name[i + 2]));
		i += 2;
	}
	*o = '\0';
	return s;
}

/* The input up to a NUL as a key: its file name is safe, short, never
 * one of the names made beside a state file, and gives back the key (or
 * its start, when hashed). */
static void
check_name(const uint8_t *data, size_t size)
{
	char *key = pst_xstrndup((const char *)data, size), *back;
	char name[256], again[256];
	size_t n, klen = strlen(key);
	const char *plus;

	if (pst_state_name(key, name, sizeof name) != 0) {
		if (klen != 0)
			abort();
		free(key);
		return;
	}
	n = strlen(name);
	if (n == 0 || n > 217 || name[0] == '.' || (n >= 4 &&
	    (strcmp(name + n - 4, ".run") == 0 ||
	    strcmp(name + n - 4, ".tmp") == 0)))
		abort();
	if (strspn(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "0123456789._@-%+") != n)
		abort();
	if ((plus = strchr(name, '+')) == NULL) {
		back = name_decode(name, n);
		if (strcmp(back, key) != 0)
			abort();
	} else {
		if ((size_t)(plus - name) != n - 17 || n < 201 ||
		    strspn(plus + 1, "0123456789abcdef") != 16)
			abort();
		back = name_decode(name, n - 17);
		if (strncmp(back, key, strlen(back)) != 0)
			abort();
	}
	free(back);
	if (pst_state_name(key, again, n) != -1 ||
	    pst_state_name(key, again, n + 1) != 0 || strcmp(again, name) != 0)
		abort();
	free(key);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (dir[0] == '\0')
		setup();
	check_state(data, size);
	check_plan(data, size);
	check_name(data, size);
	remove_all();
	return 0;
}
