/* Unit tests of lib/config.c: the configuration file, its errors, account
 * and default resolution, loading from disk, the path, sizes. The load
 * tests work in their own directory under /tmp. */
#include <errno.h>
#include <limits.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "config.h"
#include "t.h"

void test_config_example(void);
void test_config_syntax(void);
void test_config_quotes(void);
void test_config_errors(void);
void test_config_error_buffer(void);
void test_config_resolution(void);
void test_config_inheritance(void);
void test_config_load(void);
void test_config_load_modes(void);
void test_config_load_env(void);
void test_config_path(void);
void test_size_parse(void);
void test_size_format(void);

/* Parse the C string text as file "t". */
static int
parse(const char *text, struct pst_config *cfg, char *err, size_t errsize)
{
	return pst_config_parse("t", text, strlen(text), cfg, err, errsize);
}

/* text[0..len) must fail with exactly want, leaving cfg empty. */
static void
want_err_n(const char *text, size_t len, const char *want)
{
	struct pst_config cfg;
	char err[256];

	memset(err, 'x', sizeof err);
	T_INTEQ(pst_config_parse("t", text, len, &cfg, err, sizeof err), -1);
	T_STREQ(err, want);
	T_OK(cfg.n == 0 && cfg.acct == NULL && cfg.path == NULL &&
	    cfg.dflt == NULL && cfg.defaults.n == 0);
	pst_config_free(&cfg);
}

static void
want_err(const char *text, const char *want)
{
	want_err_n(text, strlen(text), want);
}

/* text must parse, its one "from" taken as it stands: a value that is
 * not a single quoted string. */
static void
want_literal(const char *text, const char *want)
{
	struct pst_config cfg;
	char err[256];

	T_INTEQ(parse(text, &cfg, err, sizeof err), 0);
	T_STREQ(pst_account_get(&cfg.defaults, "from"), want);
	pst_config_free(&cfg);
}

void test_config_example(void)
{
	static const char text[] =
	    "# posta\n"
	    "account work\n"
	    "  from          Alice Example <alice@example.com>\n"
	    "  smtp          smtp://smtp.example.com:587\n"
	    "  imap          imaps://imap.example.com\n"
	    "  user          alice@example.com\n"
	    "  passwordeval  pass show mail/work\n"
	    "default work\n";
	struct pst_config cfg;
	const struct pst_account *a;
	const struct pst_setting *s;
	char err[256] = "";

	T_INTEQ(parse(text, &cfg, err, sizeof err), 0);
	T_STREQ(err, "");
	T_STREQ(cfg.path, "t");
	T_INTEQ(cfg.n, 1);
	T_STREQ(cfg.dflt, "work");
	T_INTEQ(cfg.dflt_line, 8);
	T_INTEQ(cfg.defaults.n, 0);
	a = pst_config_account(&cfg, NULL);
	T_OK(a == &cfg.acct[0]);
	T_OK(pst_config_account(&cfg, "work") == a);
	T_STREQ(a->name, "work");
	T_INTEQ(a->line, 2);
	T_INTEQ(a->n, 5);
	T_STREQ(pst_account_get(a, "from"),
	    "Alice Example <alice@example.com>");
	T_STREQ(pst_account_get(a, "smtp"), "smtp://smtp.example.com:587");
	T_STREQ(pst_account_get(a, "imap"), "imaps://imap.example.com");
	T_STREQ(pst_account_get(a, "user"), "alice@example.com");
	T_STREQ(pst_account_get(a, "passwordeval"), "pass show mail/work");
	T_STREQ(pst_account_get(a, "password"), NULL);
	s = pst_account_find(a, "passwordeval");
	T_OK(s != NULL && s->line == 7);
	pst_config_free(&cfg);
	T_OK(cfg.n == 0 && cfg.acct == NULL && cfg.path == NULL);
	pst_config_free(&cfg);		/* twice is harmless */

	/* Nothing at all is a valid, empty config. */
	T_INTEQ(pst_config_parse(NULL, "", 0, &cfg, err, sizeof err), 0);
	T_OK(cfg.n == 0 && cfg.path == NULL && cfg.dflt == NULL);
	T_OK(pst_config_account(&cfg, NULL) == NULL);
	pst_config_free(&cfg);
	T_OK(pst_config_account(NULL, NULL) == NULL);
}

void test_config_syntax(void)
{
	struct pst_config cfg;
	const struct pst_account *a;
	char err[256] = "";

	/* CRLF, tabs, indented comments, '#' inside a value, blank lines,
	 * trailing blanks, a byte order mark, no final newline. */
	T_INTEQ(parse("\xEF\xBB\xBF" "from\tMe <me@example.org> \t\r\n"
	    "\r\n"
	    "   \t\n"
	    "\t# account x\n"
	    "account\ta\r\n"
	    "\t password   ab#cd  \r\n"
	    "  # user nobody\n"
	    "\tuser  u s e r\r\n"
	    "max_attachment 512KiB", &cfg, err, sizeof err), 0);
	T_STREQ(err, "");
	T_INTEQ(cfg.defaults.n, 1);
	T_STREQ(pst_account_get(&cfg.defaults, "from"), "Me <me@example.org>");
	T_INTEQ(cfg.n, 1);
	a = &cfg.acct[0];
	T_STREQ(a->name, "a");
	T_INTEQ(a->line, 5);
	T_INTEQ(a->n, 3);
	T_STREQ(pst_account_get(a, "password"), "ab#cd");
	T_STREQ(pst_account_get(a, "user"), "u s e r");
	T_STREQ(pst_account_get(a, "max_attachment"), "512KiB");
	T_INTEQ(pst_account_find(a, "max_attachment")->line, 9);
	T_STREQ(pst_account_get(a, "from"), "Me <me@example.org>");
	pst_config_free(&cfg);

	/* A lone CR at the very end is a line end too; UTF-8 is text. */
	T_INTEQ(parse("from J\xC3\xBCrgen \xE2\x9C\x89 <j@example.de>\r",
	    &cfg, err, sizeof err), 0);
	T_STREQ(pst_account_get(&cfg.defaults, "from"),
	    "J\xC3\xBCrgen \xE2\x9C\x89 <j@example.de>");
	pst_config_free(&cfg);

	/* Every known key is accepted. */
	T_INTEQ(parse("account k\nfrom a\nsmtp b\nimap c\npop3 d\nuser e\n"
	    "password f\npasswordeval g\nauth h\ncacert i\ntls off\n"
	    "maildir k\nmbox l\nmax_attachment 2M\nprovider n\n", &cfg, err,
	    sizeof err), 0);
	T_STREQ(err, "");
	T_INTEQ(cfg.acct[0].n, 14);
	T_STREQ(pst_account_get(&cfg.acct[0], "provider"), "n");
	T_STREQ(pst_account_get(&cfg.acct[0], "tls"), "off");
	pst_config_free(&cfg);
}

void test_config_quotes(void)
{
	struct pst_config cfg;
	const struct pst_account *a;
	char err[256] = "";

	T_INTEQ(parse("account q\n"
	    "password \"a \\\"b\\\" \\\\ c  \"  \n"
	    "from Alice \"Al\" Example <a@example.com>\n"
	    "user \"#not a comment\"\n"
	    "smtp \"\\\\\"\n"
	    "account \"r\"\n", &cfg, err, sizeof err), 0);
	T_STREQ(err, "");
	T_INTEQ(cfg.n, 2);
	a = pst_config_account(&cfg, "q");
	T_OK(a != NULL);
	T_STREQ(pst_account_get(a, "password"), "a \"b\" \\ c  ");
	/* Only a value that starts with a quote is a quoted string. */
	T_STREQ(pst_account_get(a, "from"),
	    "Alice \"Al\" Example <a@example.com>");
	T_STREQ(pst_account_get(a, "user"), "#not a comment");
	T_STREQ(pst_account_get(a, "smtp"), "\\");
	T_STREQ(cfg.acct[1].name, "r");
	pst_config_free(&cfg);
}

void test_config_errors(void)
{
	want_err("colour red\n", "t:1: colour: unknown key");
	want_err("account a\n  from x\n\n# c\n  bogus y\n",
	    "t:5: bogus: unknown key");
	want_err("From x\n", "t:1: From: unknown key");
	want_err("defaults\n", "t:1: defaults: unknown key");
	want_err("colour\n", "t:1: colour: unknown key");
	want_err("from\n", "t:1: from: needs a value");
	want_err("\n\nfrom  \t \r\n", "t:3: from: needs a value");
	want_err("from \"\"\n", "t:1: from: needs a value");
	want_err("account work\nuser a\naccount work\n",
	    "t:3: account work: defined twice at line 1");
	want_err("account a\naccount b\naccount a\n",
	    "t:3: account a: defined twice at line 1");
	want_err("account\n", "t:1: account: needs a name");
	want_err("  account  \t\n", "t:1: account: needs a name");
	want_err("account \"\"\n", "t:1: account: needs a name");
	want_err("account my work\n",
	    "t:1: account my work: a name has no blanks");
	want_err("account \"my\twork\"\n",
	    "t:1: account my\twork: a name has no blanks");
	want_err("default nope\naccount a\n",
	    "t:1: default nope: no such account");
	want_err("account a\n\ndefault b\n",
	    "t:3: default b: no such account");
	want_err("default a # the first\naccount a\n",
	    "t:1: default a # the first: no such account");
	want_err("default\n", "t:1: default: needs an account name");
	want_err("account a\ndefault a\ndefault a\n",
	    "t:3: default: given twice, first at line 2");
	want_err("account work\nuser a\nuser b\n",
	    "t:3: user: given twice in account work");
	want_err("account work\nuser a\naccount x\nuser b\nuser b\n",
	    "t:5: user: given twice in account x");
	want_err("user a\n\nuser a\naccount b\n",
	    "t:3: user: given twice before the first account");
	want_err("max_attachment lots\n",
	    "t:1: max_attachment: not a size (say 2M, 512K or 100000)");
	want_err("account a\nmax_attachment -1\n",
	    "t:2: max_attachment: not a size (say 2M, 512K or 100000)");

	/* Quotes. */
	want_err("from \"abc\n", "t:1: from: the quote does not close");
	want_err("from \"abc\\\"\n", "t:1: from: the quote does not close");
	want_err("from \"\n", "t:1: from: the quote does not close");
	want_literal("from \"Doe, John\" <a@example.com>\n",
	    "\"Doe, John\" <a@example.com>");
	want_literal("from \"a\"\"\n", "\"a\"\"");
	want_err("from \"a\\nb\"\n",
	    "t:1: from: in quotes a backslash must be \\\" or \\\\");
	want_err("from \"a\\\n",
	    "t:1: from: in quotes a backslash must be \\\" or \\\\");
	want_err("account \"a\n", "t:1: account: the quote does not close");

	/* Lines that are not text. */
	want_err_n("from a\0b\n", 9, "t:1: a NUL byte");
	want_err_n("# \0\n", 4, "t:1: a NUL byte");
	want_err("# ok\nfrom \xFF\n", "t:2: invalid UTF-8");
	want_err("from \xC0\x80\n", "t:1: invalid UTF-8");
	want_err("from \xED\xA0\x80\n", "t:1: invalid UTF-8");
	want_err("from \xE2\x82\n", "t:1: invalid UTF-8");
	want_err("# \xE2\x82", "t:1: invalid UTF-8");
	want_err("from a\x1B[31m\n", "t:1: a control character (U+001B)");
	want_err("from a\rb\n", "t:1: a control character (U+000D)");
	want_err("from a\r\r\n", "t:1: a control character (U+000D)");
	want_err("from a\x7F\n", "t:1: a control character (U+007F)");
	want_err("from \xC2\x9B" "1m\n", "t:1: a control character (U+009B)");
	want_err("\xEF\xBB\xBF\xEF\xBB\xBF" "from a\n",
	    "t:1: \xEF\xBB\xBF" "from: unknown key");

	/* The first error is the one reported. */
	want_err("bogus 1\nfrom\n", "t:1: bogus: unknown key");
}

void test_config_error_buffer(void)
{
	struct pst_config cfg;
	char err[8];

	/* A short buffer gets what fits; none at all is fine. */
	T_INTEQ(pst_config_parse("/long/path/name", "colour red\n", 11, &cfg,
	    err, sizeof err), -1);
	T_STREQ(err, "/long/p");
	T_INTEQ(pst_config_parse("/p", "x\n", 2, &cfg, NULL, 0), -1);
	T_INTEQ(pst_config_parse(NULL, "x\n", 2, &cfg, err, sizeof err), -1);
	T_STREQ(err, "config:");
}

void test_config_resolution(void)
{
	struct pst_config cfg;
	char err[256] = "";

	/* One account and no default: that one. */
	T_INTEQ(parse("account only\nfrom o\n", &cfg, err, sizeof err), 0);
	T_OK(pst_config_account(&cfg, NULL) == &cfg.acct[0]);
	T_OK(pst_config_account(&cfg, "only") == &cfg.acct[0]);
	T_OK(pst_config_account(&cfg, "other") == NULL);
	T_OK(pst_config_account(&cfg, "") == NULL);
	pst_config_free(&cfg);

	/* Several and no default: none, unless asked by name. */
	T_INTEQ(parse("account a\naccount b\n", &cfg, err, sizeof err), 0);
	T_OK(pst_config_account(&cfg, NULL) == NULL);
	T_OK(pst_config_account(&cfg, "a") == &cfg.acct[0]);
	T_OK(pst_config_account(&cfg, "b") == &cfg.acct[1]);
	T_OK(pst_config_account(&cfg, "A") == NULL);
	pst_config_free(&cfg);

	/* The default may come before or after its account. */
	T_INTEQ(parse("default b\naccount a\naccount b\naccount c\n", &cfg, err,
	    sizeof err), 0);
	T_OK(pst_config_account(&cfg, NULL) == &cfg.acct[1]);
	T_INTEQ(cfg.dflt_line, 1);
	pst_config_free(&cfg);
	T_INTEQ(parse("account a\naccount b\n  default a\naccount c\n", &cfg,
	    err, sizeof err), 0);
	T_OK(pst_config_account(&cfg, NULL) == &cfg.acct[0]);
	/* "default" is not a setting of the account it appears in. */
	T_INTEQ(cfg.acct[1].n, 0);
	pst_config_free(&cfg);

	/* Defaults only, no account: no account to be had. */
	T_INTEQ(parse("from x\n", &cfg, err, sizeof err), 0);
	T_OK(pst_config_account(&cfg, NULL) == NULL);
	T_STREQ(pst_account_get(&cfg.defaults, "from"), "x");
	pst_config_free(&cfg);
}

void test_config_inheritance(void)
{
	struct pst_config cfg;
	const struct pst_account *a, *b;
	const struct pst_setting *s;
	char err[256] = "";

	T_INTEQ(parse("from D <d@example.org>\n"
	    "user du\n"
	    "tls off\n"
	    "account a\n"
	    "user au\n"
	    "tls on\n"
	    "account b\n"
	    "smtp smtps://b.example.org\n", &cfg, err, sizeof err), 0);
	a = pst_config_account(&cfg, "a");
	b = pst_config_account(&cfg, "b");
	T_OK(a != NULL && b != NULL);
	T_OK(a->defaults == &cfg.defaults && b->defaults == &cfg.defaults);
	T_OK(cfg.defaults.defaults == NULL && cfg.defaults.name == NULL);
	/* Inherited. */
	T_STREQ(pst_account_get(a, "from"), "D <d@example.org>");
	T_STREQ(pst_account_get(b, "from"), "D <d@example.org>");
	T_STREQ(pst_account_get(b, "user"), "du");
	T_STREQ(pst_account_get(b, "tls"), "off");
	s = pst_account_find(b, "user");
	T_OK(s != NULL && s->line == 2);
	/* Its own wins. */
	T_STREQ(pst_account_get(a, "user"), "au");
	T_STREQ(pst_account_get(a, "tls"), "on");
	s = pst_account_find(a, "user");
	T_OK(s != NULL && s->line == 5);
	T_STREQ(pst_account_get(b, "smtp"), "smtps://b.example.org");
	T_STREQ(pst_account_get(a, "smtp"), NULL);
	T_STREQ(pst_account_get(NULL, "user"), NULL);
	T_OK(pst_account_find(NULL, "user") == NULL);
	pst_config_free(&cfg);
}

static char tmpdir[64];

static void
make_tmpdir(void)
{
	snprintf(tmpdir, sizeof tmpdir, "/tmp/posta-test-config.XXXXXX");
	if (mkdtemp(tmpdir) == NULL) {
		perror("mkdtemp");
		exit(1);
	}
}

static char *
path_of(const char *rel)
{
	static char path[256];

	snprintf(path, sizeof path, "%s/%s", tmpdir, rel);
	return path;
}

/* Write s[0..n) to tmpdir/rel with the given mode. */
static void
put_n(const char *rel, const char *s, size_t n, mode_t mode)
{
	FILE *fp;

	fp = fopen(path_of(rel), "w");
	if (fp == NULL || fwrite(s, 1, n, fp) != n || fclose(fp) != 0) {
		perror(path_of(rel));
		exit(1);
	}
	T_INTEQ(chmod(path_of(rel), mode), 0);
}

static void
put(const char *rel, const char *s, mode_t mode)
{
	put_n(rel, s, strlen(s), mode);
}

static void
remove_tmpdir(void)
{
	static const char *const rel[] = {
		"ok", "open", "secret", "big", "max", "fifo", "bad", "dir",
	};

	for (size_t i = 0; i < sizeof rel / sizeof rel[0]; i++)
		if (unlink(path_of(rel[i])) < 0)
			rmdir(path_of(rel[i]));
	T_INTEQ(rmdir(tmpdir), 0);
}

void test_config_load(void)
{
	struct pst_config cfg;
	struct pst_buf b = {0};
	char err[1024] = "", want[1024];

	make_tmpdir();

	/* A missing file: 1 and an empty config. */
	T_INTEQ(pst_config_load(path_of("missing"), &cfg, err, sizeof err), 1);
	T_STREQ(err, "");
	T_STREQ(cfg.path, path_of("missing"));
	T_OK(cfg.n == 0 && cfg.defaults.n == 0 && cfg.dflt == NULL);
	T_OK(pst_config_account(&cfg, NULL) == NULL);
	pst_config_free(&cfg);

	/* A file read and parsed. */
	put("ok", "account a\nfrom A <a@example.org>\n", 0644);
	T_INTEQ(pst_config_load(path_of("ok"), &cfg, err, sizeof err), 0);
	T_STREQ(cfg.path, path_of("ok"));
	T_STREQ(pst_account_get(pst_config_account(&cfg, NULL), "from"),
	    "A <a@example.org>");
	pst_config_free(&cfg);

	/* Parse errors name the file. */
	put("bad", "account a\n\ncolour red\n", 0600);
	T_INTEQ(pst_config_load(path_of("bad"), &cfg, err, sizeof err), -1);
	snprintf(want, sizeof want, "%s:3: colour: unknown key",
	    path_of("bad"));
	T_STREQ(err, want);
	T_OK(cfg.n == 0 && cfg.path == NULL);

	/* A directory, a FIFO (must not hang), a path through a file. */
	T_INTEQ(mkdir(path_of("dir"), 0700), 0);
	T_INTEQ(pst_config_load(path_of("dir"), &cfg, err, sizeof err), -1);
	snprintf(want, sizeof want, "%s: not a regular file", path_of("dir"));
	T_STREQ(err, want);
	T_OK(cfg.path == NULL);
	T_INTEQ(mkfifo(path_of("fifo"), 0600), 0);
	T_INTEQ(pst_config_load(path_of("fifo"), &cfg, err, sizeof err), -1);
	snprintf(want, sizeof want, "%s: not a regular file", path_of("fifo"));
	T_STREQ(err, want);
	T_INTEQ(pst_config_load(path_of("ok/x"), &cfg, err, sizeof err), -1);
	snprintf(want, sizeof want, "%s: %s", path_of("ok/x"),
	    strerror(ENOTDIR));
	T_STREQ(err, want);
	T_OK(cfg.path == NULL);

	/* 1 MiB is the most. */
	while (b.len < 1024 * 1024)
		pst_buf_adds(&b, "# 0123456789abcdef0123456789abcdef\n");
	put_n("max", b.p, 1024 * 1024, 0600);
	T_INTEQ(pst_config_load(path_of("max"), &cfg, err, sizeof err), 0);
	pst_config_free(&cfg);
	put_n("big", b.p, 1024 * 1024 + 1, 0600);
	T_INTEQ(pst_config_load(path_of("big"), &cfg, err, sizeof err), -1);
	snprintf(want, sizeof want, "%s: over 1 MiB, not a configuration file",
	    path_of("big"));
	T_STREQ(err, want);
	pst_buf_free(&b);

	remove_tmpdir();
}

void test_config_load_modes(void)
{
	struct pst_config cfg;
	char err[1024] = "", want[1024];

	make_tmpdir();
	snprintf(want, sizeof want, "%s: holds a password but others can "
	    "read it (chmod 600 %s)", path_of("secret"), path_of("secret"));

	put("secret", "account a\npassword hunter2\n", 0644);
	T_INTEQ(pst_config_load(path_of("secret"), &cfg, err, sizeof err), -1);
	T_STREQ(err, want);
	T_OK(cfg.n == 0 && cfg.path == NULL);

	/* In the defaults, and any bit for group or others. */
	put("secret", "password hunter2\naccount a\n", 0640);
	T_INTEQ(pst_config_load(path_of("secret"), &cfg, err, sizeof err), -1);
	T_STREQ(err, want);
	put("secret", "password hunter2\naccount a\n", 0601);
	T_INTEQ(pst_config_load(path_of("secret"), &cfg, err, sizeof err), -1);
	T_STREQ(err, want);

	put("secret", "account a\npassword hunter2\n", 0600);
	T_INTEQ(pst_config_load(path_of("secret"), &cfg, err, sizeof err), 0);
	T_STREQ(pst_account_get(&cfg.acct[0], "password"), "hunter2");
	pst_config_free(&cfg);
	put("secret", "account a\npassword hunter2\n", 0400);
	T_INTEQ(pst_config_load(path_of("secret"), &cfg, err, sizeof err), 0);
	pst_config_free(&cfg);

	/* A passwordeval is no secret. */
	put("open", "account a\npasswordeval pass show a\n", 0644);
	T_INTEQ(pst_config_load(path_of("open"), &cfg, err, sizeof err), 0);
	pst_config_free(&cfg);

	/* The pure parser knows nothing of modes. */
	T_INTEQ(parse("password x\n", &cfg, err, sizeof err), 0);
	pst_config_free(&cfg);

	remove_tmpdir();
}

/* Save, and later put back, the variables the path depends on. */
struct env {
	char *posta, *xdg, *home;
};

static char *
dup_env(const char *name)
{
	const char *v = getenv(name);

	return v ? strdup(v) : NULL;
}

static void
save_env(struct env *e)
{
	e->posta = dup_env("POSTA_CONFIG");
	e->xdg = dup_env("XDG_CONFIG_HOME");
	e->home = dup_env("HOME");
}

static void
put_env(const char *name, const char *v)
{
	if (v)
		setenv(name, v, 1);
	else
		unsetenv(name);
}

static void
restore_env(struct env *e)
{
	put_env("POSTA_CONFIG", e->posta);
	put_env("XDG_CONFIG_HOME", e->xdg);
	put_env("HOME", e->home);
	free(e->posta);
	free(e->xdg);
	free(e->home);
}

void test_config_load_env(void)
{
	struct pst_config cfg;
	struct env e;
	char err[512] = "";

	/* With no path, $POSTA_CONFIG's file. */
	save_env(&e);
	make_tmpdir();
	put("ok", "account env\n", 0600);
	setenv("POSTA_CONFIG", path_of("ok"), 1);
	T_INTEQ(pst_config_load(NULL, &cfg, err, sizeof err), 0);
	T_STREQ(cfg.path, path_of("ok"));
	T_STREQ(cfg.acct[0].name, "env");
	pst_config_free(&cfg);
	/* A file $POSTA_CONFIG names must be there; the default path need
	 * not be. */
	setenv("POSTA_CONFIG", path_of("missing"), 1);
	T_INTEQ(pst_config_load(NULL, &cfg, err, sizeof err), -1);
	T_OK(strstr(err, "missing: no such file (named by $POSTA_CONFIG)"));
	T_OK(cfg.path == NULL);
	pst_config_free(&cfg);
	unsetenv("POSTA_CONFIG");
	setenv("XDG_CONFIG_HOME", path_of("nowhere"), 1);
	T_INTEQ(pst_config_load(NULL, &cfg, err, sizeof err), 1);
	pst_config_free(&cfg);
	remove_tmpdir();
	restore_env(&e);
}

void test_config_path(void)
{
	struct env e;
	struct passwd *pw;
	char *p, want[512];

	save_env(&e);
	setenv("POSTA_CONFIG", "/etc/posta.conf", 1);
	setenv("XDG_CONFIG_HOME", "/x", 1);
	setenv("HOME", "/h", 1);
	T_STREQ(p = pst_config_path(), "/etc/posta.conf");
	free(p);
	setenv("POSTA_CONFIG", "", 1);
	T_STREQ(p = pst_config_path(), "/x/posta/config");
	free(p);
	unsetenv("POSTA_CONFIG");
	T_STREQ(p = pst_config_path(), "/x/posta/config");
	free(p);
	/* Empty or relative XDG_CONFIG_HOME is ignored (the XDG spec). */
	setenv("XDG_CONFIG_HOME", "", 1);
	T_STREQ(p = pst_config_path(), "/h/.config/posta/config");
	free(p);
	setenv("XDG_CONFIG_HOME", "rel", 1);
	T_STREQ(p = pst_config_path(), "/h/.config/posta/config");
	free(p);
	unsetenv("XDG_CONFIG_HOME");
	T_STREQ(p = pst_config_path(), "/h/.config/posta/config");
	free(p);
	/* No HOME: the password database's. */
	unsetenv("HOME");
	p = pst_config_path();
	pw = getpwuid(getuid());
	if (pw != NULL && pw->pw_dir != NULL && pw->pw_dir[0] != '\0') {
		snprintf(want, sizeof want, "%s/.config/posta/config",
		    pw->pw_dir);
		T_STREQ(p, want);
	} else {
		T_STREQ(p, NULL);
	}
	free(p);
	restore_env(&e);
}

void test_size_parse(void)
{
	static const struct {
		const char *s;
		unsigned long long v;
	} good[] = {
		{ "0", 0 },
		{ "1", 1 },
		{ "007", 7 },
		{ "2097152", 2097152 },
		{ "10B", 10 },
		{ "2M", 2097152 },
		{ "2m", 2097152 },
		{ "2MB", 2097152 },
		{ "2MiB", 2097152 },
		{ "2mib", 2097152 },
		{ "512K", 524288 },
		{ "512k", 524288 },
		{ "512KiB", 524288 },
		{ "512kB", 524288 },
		{ "1G", 1073741824ULL },
		{ "3GiB", 3221225472ULL },
		{ "0K", 0 },
		{ "18446744073709551615", 18446744073709551615ULL },
		{ "17179869183G", 18446744072635809792ULL },
		{ "18014398509481983K", 18446744073709550592ULL },
	};
	static const char *const bad[] = {
		"", "K", "M", "B", "KiB", "-1", "+1", " 1", "1 ", "1 K", "1K ",
		"1Ki", "1iB", "1KBB", "1KiBB", "1X", "1T", "1.5M", "0x10",
		"1KK", "1,000", "18446744073709551616", "99999999999999999999",
		"17179869184G", "18014398509481984K", "1\tM",
	};
	unsigned long long v;

	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
		v = 12345;
		if (!T_INTEQ(pst_size_parse(good[i].s, &v), 0) ||
		    !T_OK(v == good[i].v))
			fprintf(stderr, "  size \"%s\"\n", good[i].s);
	}
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		v = 12345;
		if (!T_INTEQ(pst_size_parse(bad[i], &v), -1) ||
		    !T_OK(v == 12345))
			fprintf(stderr, "  size \"%s\"\n", bad[i]);
	}
	T_INTEQ(pst_size_parse(NULL, &v), -1);
}

void test_size_format(void)
{
	static const struct {
		unsigned long long n;
		const char *want;
	} cases[] = {
		{ 0, "0 bytes" }, { 999, "999 bytes" }, { 1023, "1023 bytes" },
		{ 1024, "1 KiB" }, { 1536, "1.5 KiB" }, { 512 * 1024, "512 KiB" },
		{ 1024 * 1024, "1 MiB" }, { 3 * 1024 * 1024 + 1, "3.0 MiB" },
		{ 2936012, "2.8 MiB" },
	};
	char out[32], tiny[4];
	size_t i;

	for (i = 0; i < sizeof cases / sizeof *cases; i++) {
		pst_size_format(cases[i].n, out, sizeof out);
		T_STREQ(out, cases[i].want);
	}
	pst_size_format(1536, tiny, sizeof tiny);
	T_STREQ(tiny, "?");
}
