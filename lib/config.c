/* config: the one configuration file every tool reads (posta(5)).
 *
 * The file is msmtp's kind: "key value" lines, '#' comment lines,
 * "account NAME" opening an account's settings, "default NAME" naming the
 * account used when none is asked for.  Settings before the first
 * "account" are defaults every account shares.  Parsing is strict: an
 * unknown key, a repeated key, a missing value or a default naming no
 * account is an error with its line, since a quietly ignored typo in a
 * mail setup sends mail the wrong way. */
#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "charset.h"
#include "config.h"
#include "mem.h"

#define CONFIG_MAX	(1024 * 1024)	/* larger files are not configs */
#define ACCOUNTS_MAX	1000		/* bounds the duplicate search */

/* The keys a setting may have; "account" and "default" are structure. */
static const char *const known_keys[] = {
	"from", "smtp", "imap", "pop3", "user", "password", "passwordeval",
	"auth", "cacert", "tls", "maildir", "mbox", "max_attachment",
	"provider",
};
#define NKEYS	(sizeof known_keys / sizeof known_keys[0])

struct parser {
	const char *path;		/* for messages */
	char *err;
	size_t errsize;
	struct pst_config *cfg;
	struct pst_account *cur;	/* where settings go */
	size_t acap;			/* room in cfg->acct */
};

/* Put "path:line: " and the formatted why into the error buffer; line 0
 * leaves the line out. A message too long for the buffer is cut. */
static void
fail(struct parser *ps, unsigned line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
fail(struct parser *ps, unsigned line, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (ps->err == NULL || ps->errsize == 0)
		return;
	if (line)
		n = snprintf(ps->err, ps->errsize, "%s:%u: ", ps->path, line);
	else
		n = snprintf(ps->err, ps->errsize, "%s: ", ps->path);
	if (n < 0) {
		ps->err[0] = '\0';
		return;
	}
	if ((size_t)n >= ps->errsize)
		return;		/* cut short already */
	va_start(ap, fmt);
	if (vsnprintf(ps->err + n, ps->errsize - (size_t)n, fmt, ap) < 0)
		ps->err[n] = '\0';
	va_end(ap);
}

static int
is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static int
known_key(const char *key)
{
	for (size_t i = 0; i < NKEYS; i++)
		if (strcmp(key, known_keys[i]) == 0)
			return 1;
	return 0;
}

/* Check that s[0..n) is text: valid UTF-8 without NUL or other control
 * characters but the tab. Values end up in headers and on terminals, so
 * a stray ESC or CR is refused here rather than carried along. */
static int
check_text(struct parser *ps, const char *s, size_t n, unsigned line)
{
	unsigned long cp;
	size_t i = 0, k;

	while (i < n) {
		k = pst_utf8_decode(s + i, n - i, &cp);
		if (k == 0) {
			fail(ps, line, "invalid UTF-8");
			return -1;
		}
		if (cp == 0) {
			fail(ps, line, "a NUL byte");
			return -1;
		}
		if ((cp < 0x20 && cp != '\t') || (cp >= 0x7F && cp <= 0x9F)) {
			fail(ps, line, "a control character (U+%04lX)", cp);
			return -1;
		}
		i += k;
	}
	return 0;
}

/* Read the quoted string v[0..n) (v[0] is the opening quote, trailing
 * blanks already gone) into out, undoing \" and \\. Returns 0; 1 when
 * text follows the closing quote, so the value is not one quoted string
 * (from "Doe, John" <john@example.org>); -1 with why set. */
static int
unquote(const char *v, size_t n, struct pst_buf *out, const char **why)
{
	size_t i = 1;

	for (;;) {
		if (i == n) {
			*why = "the quote does not close";
			return -1;
		}
		if (v[i] == '"')
			break;
		if (v[i] == '\\') {
			if (i + 1 == n || (v[i + 1] != '"' && v[i + 1] != '\\')) {
				*why = "in quotes a backslash must be "
				    "\\\" or \\\\";
				return -1;
			}
			i++;
		}
		pst_buf_addc(out, v[i]);
		i++;
	}
	return i + 1 == n ? 0 : 1;
}

/* The value v[0..n) (no blanks around it) as a malloc'd string, quotes
 * undone; NULL with why set when it is malformed. Empty is not an error
 * here. */
static char *
value_of(const char *v, size_t n, const char **why)
{
	struct pst_buf b = {0};
	int rc;

	if (n == 0 || v[0] != '"')
		return pst_xstrndup(v, n);
	if ((rc = unquote(v, n, &b, why)) != 0) {
		pst_buf_free(&b);
		return rc < 0 ? NULL : pst_xstrndup(v, n);
	}
	return pst_buf_take(&b);
}

static struct pst_account *
find_account(const struct pst_config *cfg, const char *name)
{
	for (size_t i = 0; i < cfg->n; i++)
		if (strcmp(cfg->acct[i].name, name) == 0)
			return &cfg->acct[i];
	return NULL;
}

/* "account NAME": open a new account; later settings go to it. Takes
 * name. */
static int
start_account(struct parser *ps, char *name, unsigned line)
{
	struct pst_config *cfg = ps->cfg;
	const struct pst_account *old;

	if (name[0] == '\0') {
		fail(ps, line, "account: needs a name");
		goto bad;
	}
	if (strpbrk(name, " \t") != NULL) {
		fail(ps, line, "account %s: a name has no blanks", name);
		goto bad;
	}
	if ((old = find_account(cfg, name)) != NULL) {
		fail(ps, line, "account %s: defined twice at line %u", name,
		    old->line);
		goto bad;
	}
	if (cfg->n == ACCOUNTS_MAX) {
		fail(ps, line, "account %s: too many accounts (%d at most)",
		    name, ACCOUNTS_MAX);
		goto bad;
	}
	if (cfg->n == ps->acap) {
		ps->acap = ps->acap ? ps->acap * 2 : 8;
		cfg->acct = pst_xreallocarray(cfg->acct, ps->acap,
		    sizeof *cfg->acct);
	}
	ps->cur = &cfg->acct[cfg->n++];
	memset(ps->cur, 0, sizeof *ps->cur);
	ps->cur->name = name;
	ps->cur->line = line;
	ps->cur->defaults = &cfg->defaults;
	return 0;
bad:
	free(name);
	return -1;
}

/* "default NAME": remember it; whether it names an account is known only
 * at the end. Takes name. */
static int
set_default(struct parser *ps, char *name, unsigned line)
{
	struct pst_config *cfg = ps->cfg;

	if (name[0] == '\0') {
		fail(ps, line, "default: needs an account name");
		free(name);
		return -1;
	}
	if (cfg->dflt != NULL) {
		fail(ps, line, "default: given twice, first at line %u",
		    cfg->dflt_line);
		free(name);
		return -1;
	}
	cfg->dflt = name;
	cfg->dflt_line = line;
	return 0;
}

/* A "key value" line for the current account or the defaults. Takes key
 * and value. Each account holds each key once, so NKEYS settings at most:
 * the array is that size from the start. */
static int
add_setting(struct parser *ps, char *key, char *value, unsigned line)
{
	struct pst_account *a = ps->cur;
	unsigned long long size;

	if (value[0] == '\0') {
		fail(ps, line, "%s: needs a value", key);
		goto bad;
	}
	for (size_t i = 0; i < a->n; i++) {
		if (strcmp(a->set[i].key, key) != 0)
			continue;
		if (a->name)
			fail(ps, line, "%s: given twice in account %s", key,
			    a->name);
		else
			fail(ps, line, "%s: given twice before the first "
			    "account", key);
		goto bad;
	}
	if (strcmp(key, "max_attachment") == 0 &&
	    pst_size_parse(value, &size) < 0) {
		fail(ps, line, "%s: not a size (say 2M, 512K or 100000)", key);
		goto bad;
	}
	if (a->set == NULL)
		a->set = pst_xcalloc(NKEYS, sizeof *a->set);
	if (a->n == NKEYS)
		abort();	/* a key not known or given twice got here */
	a->set[a->n].key = key;
	a->set[a->n].value = value;
	a->set[a->n].line = line;
	a->n++;
	return 0;
bad:
	free(key);
	free(value);
	return -1;
}

/* One line, s[0..n) without its line end. */
static int
parse_line(struct parser *ps, const char *s, size_t n, unsigned line)
{
	const char *why = NULL;
	char *key, *value;
	size_t i = 0, k, v;

	if (check_text(ps, s, n, line) < 0)
		return -1;
	while (i < n && is_blank(s[i]))
		i++;
	if (i == n || s[i] == '#')
		return 0;
	for (k = i; k < n && !is_blank(s[k]); k++)
		continue;
	for (v = k; v < n && is_blank(s[v]); v++)
		continue;
	while (n > v && is_blank(s[n - 1]))
		n--;
	key = pst_xstrndup(s + i, k - i);
	if (strcmp(key, "account") != 0 && strcmp(key, "default") != 0 &&
	    !known_key(key)) {
		fail(ps, line, "%s: unknown key", key);
		free(key);
		return -1;
	}
	if ((value = value_of(s + v, n - v, &why)) == NULL) {
		fail(ps, line, "%s: %s", key, why);
		free(key);
		return -1;
	}
	if (strcmp(key, "account") == 0) {
		free(key);
		return start_account(ps, value, line);
	}
	if (strcmp(key, "default") == 0) {
		free(key);
		return set_default(ps, value, line);
	}
	return add_setting(ps, key, value, line);
}

/* Split text[0..len) into lines, LF or CRLF ended, and parse each. */
static int
parse_lines(struct parser *ps, const char *text, size_t len)
{
	const char *p = text, *end = text + len, *nl;
	unsigned line = 0;
	size_t n;

	/* Some editors start a UTF-8 file with a byte order mark. */
	if (len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
		p += 3;
	while (p < end) {
		if (line == 0xFFFFFFFFu) {
			fail(ps, line, "too many lines");
			return -1;
		}
		line++;
		nl = memchr(p, '\n', (size_t)(end - p));
		n = (size_t)((nl ? nl : end) - p);
		if (n > 0 && p[n - 1] == '\r')
			n--;
		if (parse_line(ps, p, n, line) < 0)
			return -1;
		p = nl ? nl + 1 : end;
	}
	return 0;
}

int
pst_config_parse(const char *path, const char *text, size_t len,
    struct pst_config *cfg, char *err, size_t errsize)
{
	struct parser ps;

	memset(cfg, 0, sizeof *cfg);
	memset(&ps, 0, sizeof ps);
	ps.path = path ? path : "config";
	ps.err = err;
	ps.errsize = errsize;
	ps.cfg = cfg;
	ps.cur = &cfg->defaults;
	if (errsize)
		err[0] = '\0';
	if (parse_lines(&ps, text, len) < 0)
		goto bad;
	if (cfg->dflt && find_account(cfg, cfg->dflt) == NULL) {
		fail(&ps, cfg->dflt_line, "default %s: no such account",
		    cfg->dflt);
		goto bad;
	}
	if (path)
		cfg->path = pst_xstrdup(path);
	return 0;
bad:
	pst_config_free(cfg);
	return -1;
}

static int
has_password(const struct pst_config *cfg)
{
	if (pst_account_find(&cfg->defaults, "password"))
		return 1;
	for (size_t i = 0; i < cfg->n; i++)
		if (pst_account_find(&cfg->acct[i], "password"))
			return 1;
	return 0;
}

/* Open and read path into b; 1 when it does not exist. Errors are
 * "path: why". */
static int
read_config(struct parser *ps, const char *path, struct pst_buf *b,
    struct stat *st)
{
	int fd, rc;

	/* O_NONBLOCK: a FIFO put there must not hang the open; a regular
	 * file reads the same with it. */
	fd = open(path, O_RDONLY | O_NOCTTY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0) {
		if (errno == ENOENT)
			return 1;
		fail(ps, 0, "%s", strerror(errno));
		return -1;
	}
	if (fstat(fd, st) < 0) {
		fail(ps, 0, "%s", strerror(errno));
		close(fd);
		return -1;
	}
	if (!S_ISREG(st->st_mode)) {
		fail(ps, 0, "not a regular file");
		close(fd);
		return -1;
	}
	if (st->st_size > CONFIG_MAX) {
		fail(ps, 0, "over 1 MiB, not a configuration file");
		close(fd);
		return -1;
	}
	rc = pst_buf_read_fd(b, fd, CONFIG_MAX, (size_t)st->st_size);
	if (rc < 0)
		fail(ps, 0, "%s", strerror(errno));
	else if (rc > 0)
		fail(ps, 0, "over 1 MiB, not a configuration file");
	close(fd);
	return rc == 0 ? 0 : -1;
}

int
pst_config_load(const char *path, struct pst_config *cfg, char *err,
    size_t errsize)
{
	struct pst_buf b = {0};
	struct parser ps;
	struct stat st;
	char *own = NULL;
	int rc;

	memset(cfg, 0, sizeof *cfg);
	if (errsize)
		err[0] = '\0';
	if (path == NULL && (path = own = pst_config_path()) == NULL)
		return 1;	/* nowhere to look: no config */
	memset(&ps, 0, sizeof ps);
	ps.path = path;
	ps.err = err;
	ps.errsize = errsize;
	rc = read_config(&ps, path, &b, &st);
	if (rc == 1 && own != NULL && getenv("POSTA_CONFIG") != NULL &&
	    getenv("POSTA_CONFIG")[0] != '\0') {
		/* Named on purpose, so its absence is a mistake. */
		fail(&ps, 0, "no such file (named by $POSTA_CONFIG)");
		rc = -1;
	}
	if (rc == 1)
		cfg->path = own ? own : pst_xstrdup(path);
	if (rc != 0) {
		if (rc < 0)
			free(own);
		pst_buf_free(&b);
		return rc;
	}
	rc = pst_config_parse(path, pst_buf_str(&b), b.len, cfg, err,
	    errsize);
	pst_buf_free(&b);
	if (rc == 0 && (st.st_mode & 077) && has_password(cfg)) {
		fail(&ps, 0, "holds a password but others can read it "
		    "(chmod 600 %s)", path);
		pst_config_free(cfg);
		rc = -1;
	}
	free(own);
	return rc;
}

/* The user's home directory: $HOME, else the password database's. */
static const char *
home_dir(void)
{
	const char *h = getenv("HOME");
	struct passwd *pw;

	if (h != NULL && h[0] != '\0')
		return h;
	if ((pw = getpwuid(getuid())) == NULL || pw->pw_dir == NULL ||
	    pw->pw_dir[0] == '\0')
		return NULL;
	return pw->pw_dir;
}

char *
pst_config_path(void)
{
	struct pst_buf b = {0};
	const char *e;

	if ((e = getenv("POSTA_CONFIG")) != NULL && e[0] != '\0')
		return pst_xstrdup(e);
	/* The XDG spec says to ignore a relative path there. */
	if ((e = getenv("XDG_CONFIG_HOME")) != NULL && e[0] == '/') {
		pst_buf_printf(&b, "%s/posta/config", e);
		return pst_buf_take(&b);
	}
	if ((e = home_dir()) == NULL)
		return NULL;
	pst_buf_printf(&b, "%s/.config/posta/config", e);
	return pst_buf_take(&b);
}

static void
free_account(struct pst_account *a)
{
	for (size_t i = 0; i < a->n; i++) {
		free(a->set[i].key);
		free(a->set[i].value);
	}
	free(a->set);
	free(a->name);
}

void
pst_config_free(struct pst_config *cfg)
{
	free_account(&cfg->defaults);
	for (size_t i = 0; i < cfg->n; i++)
		free_account(&cfg->acct[i]);
	free(cfg->acct);
	free(cfg->dflt);
	free(cfg->path);
	memset(cfg, 0, sizeof *cfg);
}

const struct pst_account *
pst_config_account(const struct pst_config *cfg, const char *name)
{
	if (cfg == NULL)
		return NULL;
	if (name != NULL)
		return find_account(cfg, name);
	if (cfg->dflt != NULL)
		return find_account(cfg, cfg->dflt);
	return cfg->n == 1 ? &cfg->acct[0] : NULL;
}

const struct pst_setting *
pst_account_find(const struct pst_account *a, const char *key)
{
	for (; a != NULL; a = a->defaults)
		for (size_t i = 0; i < a->n; i++)
			if (strcmp(a->set[i].key, key) == 0)
				return &a->set[i];
	return NULL;
}

const char *
pst_account_get(const struct pst_account *a, const char *key)
{
	const struct pst_setting *s = pst_account_find(a, key);

	return s ? s->value : NULL;
}

/* The multiplier of a size suffix letter, or 0. */
static unsigned long long
size_unit(char c)
{
	switch (c) {
	case 'k': case 'K':
		return 1024ULL;
	case 'm': case 'M':
		return 1024ULL * 1024;
	case 'g': case 'G':
		return 1024ULL * 1024 * 1024;
	}
	return 0;
}

int
pst_size_parse(const char *s, unsigned long long *out)
{
	unsigned long long n = 0, unit = 1;
	unsigned d;

	if (s == NULL || *s < '0' || *s > '9')
		return -1;
	for (; *s >= '0' && *s <= '9'; s++) {
		d = (unsigned)(*s - '0');
		if (n > (~0ULL - d) / 10)
			return -1;
		n = n * 10 + d;
	}
	if (size_unit(*s)) {
		unit = size_unit(*s++);
		if (*s == 'i' || *s == 'I') {
			s++;
			if (*s != 'b' && *s != 'B')
				return -1;
		}
	}
	if (*s == 'b' || *s == 'B')
		s++;
	if (*s != '\0' || n > ~0ULL / unit)
		return -1;
	*out = n * unit;
	return 0;
}

void
pst_size_format(unsigned long long n, char *out, size_t size)
{
	int r;

	if (n >= 1024 * 1024 && n % (1024 * 1024) == 0)
		r = snprintf(out, size, "%llu MiB", n / (1024 * 1024));
	else if (n >= 1024 * 1024)
		r = snprintf(out, size, "%.1f MiB", (double)n / (1024 * 1024));
	else if (n >= 1024 && n % 1024 == 0)
		r = snprintf(out, size, "%llu KiB", n / 1024);
	else if (n >= 1024)
		r = snprintf(out, size, "%.1f KiB", (double)n / 1024);
	else
		r = snprintf(out, size, "%llu bytes", n);
	if (r < 0 || (size_t)r >= size)
		snprintf(out, size, "?");
}
