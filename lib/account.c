/* account: the settings a network tool acts on (posta(5)).
 *
 * pst_acct_resolve picks one account of the configuration, fills in the
 * servers of its provider, and checks what the network tools act on:
 * URL schemes, "tls", "provider", "auth".  A mistake there is reported
 * with the file and line before anything connects.  The password comes
 * from a command (passwordeval), the file, or the terminal; buffers that
 * held one are overwritten before they are freed. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include "account.h"
#include "addr.h"
#include "buf.h"
#include "mem.h"

#define EVAL_MAX	(64 * 1024)	/* most a passwordeval may write */
#define PROMPT_MAX	1024		/* longest password typed */

static const struct pst_provider providers[] = {
	{ "gmail", "smtps://smtp.gmail.com:465", "imaps://imap.gmail.com:993",
	    "pop3s://pop.gmail.com:995" },
	{ "outlook", "smtp://smtp.office365.com:587",
	    "imaps://outlook.office365.com:993",
	    "pop3s://outlook.office365.com:995" },
	{ "yahoo", "smtps://smtp.mail.yahoo.com:465",
	    "imaps://imap.mail.yahoo.com:993",
	    "pop3s://pop.mail.yahoo.com:995" },
	{ "yandex", "smtps://smtp.yandex.com:465",
	    "imaps://imap.yandex.com:993", "pop3s://pop.yandex.com:995" },
	{ "gmx", "smtp://mail.gmx.net:587", "imaps://imap.gmx.net:993",
	    "pop3s://pop.gmx.net:995" },
	{ "fastmail", "smtps://smtp.fastmail.com:465",
	    "imaps://imap.fastmail.com:993", "pop3s://pop.fastmail.com:995" },
	{ "icloud", "smtp://smtp.mail.me.com:587",
	    "imaps://imap.mail.me.com:993", NULL },
	{ NULL, NULL, NULL, NULL },
};

/* The SASL mechanisms "auth" may name, as libcurl's CURLOPT_LOGIN_OPTIONS
 * spells them; a resolved account points at these upper-case strings. */
static const char *const mechanisms[] = {
	"PLAIN", "LOGIN", "CRAM-MD5", "DIGEST-MD5", "NTLM", "XOAUTH2",
	"OAUTHBEARER", "SCRAM-SHA-1", "SCRAM-SHA-256", "EXTERNAL",
};
#define NMECH	(sizeof mechanisms / sizeof mechanisms[0])

/* The server keys, each with the schemes it takes: plain (STARTTLS) and
 * TLS from the start, and how its error names them. */
struct server_key {
	const char *key;
	const char *plain, *tls;	/* "smtp://", "smtps://" */
	const char *what;		/* "an smtp:// or smtps:// URL" */
};

static const struct server_key server_keys[] = {
	{ "smtp", "smtp://", "smtps://", "an smtp:// or smtps:// URL" },
	{ "imap", "imap://", "imaps://", "an imap:// or imaps:// URL" },
	{ "pop3", "pop3://", "pop3s://", "a pop3:// or pop3s:// URL" },
};
#define NSERVER	(sizeof server_keys / sizeof server_keys[0])

/* Write the formatted message to err[0..errsize), after "path:line: "
 * when line is not 0 (path "config" when cfg has none). Cut when too
 * long; nothing when there is no buffer. */
static void
fail(char *err, size_t errsize, const struct pst_config *cfg, unsigned line,
    const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static void
fail(char *err, size_t errsize, const struct pst_config *cfg, unsigned line,
    const char *fmt, ...)
{
	const char *path = cfg && cfg->path ? cfg->path : "config";
	va_list ap;
	int n = 0;

	if (err == NULL || errsize == 0)
		return;
	if (line)
		n = snprintf(err, errsize, "%s:%u: ", path, line);
	if (n < 0) {
		err[0] = '\0';
		return;
	}
	if ((size_t)n >= errsize)
		return;		/* cut short already */
	va_start(ap, fmt);
	if (vsnprintf(err + n, errsize - (size_t)n, fmt, ap) < 0)
		err[n] = '\0';
	va_end(ap);
}

/* ASCII-only case folding: addresses and names here are compared the
 * same whatever the locale. */
static int
lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

static int
same_nocase(const char *a, const char *b)
{
	for (; *a != '\0' && lower((unsigned char)*a) ==
	    lower((unsigned char)*b); a++, b++)
		continue;
	return *a == '\0' && *b == '\0';
}

const struct pst_provider *
pst_provider_find(const char *name)
{
	if (name == NULL)
		return NULL;
	for (const struct pst_provider *p = providers; p->name; p++)
		if (same_nocase(p->name, name))
			return p;
	return NULL;
}

const struct pst_provider *
pst_providers(void)
{
	return providers;
}

/* The setting key of layer a itself, not inherited, or NULL. */
static const struct pst_setting *
own_setting(const struct pst_account *a, const char *key)
{
	for (size_t i = 0; i < a->n; i++)
		if (strcmp(a->set[i].key, key) == 0)
			return &a->set[i];
	return NULL;
}

/* The first account, in the order of the file, whose "from" has the
 * address of sender; NULL when none has. */
static const struct pst_account *
account_of_sender(const struct pst_config *cfg, const char *sender)
{
	const struct pst_account *found = NULL;
	const char *from;
	char *want, *have;

	if ((want = pst_addr_first(sender)) == NULL)
		return NULL;
	for (size_t i = 0; i < cfg->n && found == NULL; i++) {
		if ((from = pst_account_get(&cfg->acct[i], "from")) == NULL)
			continue;
		if ((have = pst_addr_first(from)) == NULL)
			continue;
		if (same_nocase(have, want))
			found = &cfg->acct[i];
		free(have);
	}
	free(want);
	return found;
}

static int
is_host_char(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '-' || c == '.';
}

static int
is_v6_char(int c)
{
	return (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') ||
	    (c >= '0' && c <= '9') || c == ':' || c == '.';
}

/* The end of the host at s: a name of letters, digits, '-' and '.', or
 * an IPv6 address in brackets; s itself when there is none. */
static const char *
host_end(const char *s)
{
	const char *p = s;

	if (*p == '[') {
		for (p++; is_v6_char((unsigned char)*p); p++)
			continue;
		return *p == ']' && p > s + 1 ? p + 1 : s;
	}
	while (is_host_char((unsigned char)*p))
		p++;
	return p;
}

/* The end of the port at s, just after the ':': 1 to 65535 in decimal.
 * NULL when it is not. */
static const char *
port_end(const char *s)
{
	unsigned long port = 0;
	const char *p = s;

	for (; *p >= '0' && *p <= '9'; p++) {
		port = port * 10 + (unsigned long)(*p - '0');
		if (port > 65535)
			return NULL;
	}
	return p > s && port > 0 ? p : NULL;
}

/* Why url is not the URL of a server for k, or NULL when it is: the
 * scheme, a host, an optional port, an optional "/", nothing more. A user
 * or password has its own keys: one in the URL is refused, so a secret
 * cannot hide there. */
static const char *
url_problem(const struct server_key *k, const char *url)
{
	size_t lp = strlen(k->plain), lt = strlen(k->tls);
	const char *host, *p;

	if (strncmp(url, k->plain, lp) == 0)
		host = url + lp;
	else if (strncmp(url, k->tls, lt) == 0)
		host = url + lt;
	else
		return "is not";
	p = host_end(host);
	if (*p == '@' || (*p == ':' && strchr(p, '@') != NULL))
		return "has a user in it (give it with \"user\")";
	if (p == host)
		return "has no host";
	if (*p == ':' && (p = port_end(p + 1)) == NULL)
		return "has a port that is not 1 to 65535";
	if (*p == '/')
		p++;
	if (*p != '\0')
		return "has more than a host and a port";
	return NULL;
}

/* Whether url starts with k's TLS scheme. */
static int
is_tls_url(const struct server_key *k, const char *url)
{
	return strncmp(url, k->tls, strlen(k->tls)) == 0;
}

/* The account's value for server key, and *set the setting it comes
 * from (NULL when it comes from the provider or nowhere). Each layer, the
 * account and then the settings before the first account, gives its own
 * value; the layer naming the provider (prov_layer) gives the provider's
 * when it has none, and ends the search: a provider named in an account
 * stands for all its servers, so none is inherited past it. */
static const char *
server_value(const struct pst_account *acct, const char *key,
    const struct pst_provider *prov, const struct pst_account *prov_layer,
    const struct pst_setting **set)
{
	const struct pst_setting *s;

	*set = NULL;
	for (const struct pst_account *l = acct; l != NULL; l = l->defaults) {
		if ((s = own_setting(l, key)) != NULL) {
			*set = s;
			return s->value;
		}
		if (l == prov_layer) {
			if (strcmp(key, "smtp") == 0)
				return prov->smtp;
			if (strcmp(key, "imap") == 0)
				return prov->imap;
			return prov->pop3;
		}
	}
	return NULL;
}

/* "provider": the nearest layer naming one, each name checked. */
static int
find_provider(const struct pst_account *acct, const struct pst_config *cfg,
    const struct pst_provider **prov, const struct pst_account **layer,
    char *err, size_t errsize)
{
	const struct pst_setting *s;
	const struct pst_provider *p;
	struct pst_buf known = {0};

	*prov = NULL;
	*layer = NULL;
	for (const struct pst_account *l = acct; l != NULL; l = l->defaults) {
		if ((s = own_setting(l, "provider")) == NULL)
			continue;
		if ((p = pst_provider_find(s->value)) == NULL) {
			for (p = providers; p->name; p++)
				pst_buf_printf(&known, "%s%s",
				    p == providers ? "" : ", ", p->name);
			fail(err, errsize, cfg, s->line, "provider: \"%s\" is "
			    "not known (%s)", s->value, pst_buf_str(&known));
			pst_buf_free(&known);
			return -1;
		}
		if (*prov == NULL) {
			*prov = p;
			*layer = l;
		}
	}
	return 0;
}

/* smtp, imap and pop3 into a, each checked. */
static int
resolve_servers(const struct pst_account *acct, const struct pst_config *cfg,
    struct pst_acct *a, char *err, size_t errsize)
{
	const struct pst_provider *prov;
	const struct pst_account *layer;
	const struct pst_setting *s;
	const char *v, *why, **slot[NSERVER];

	slot[0] = &a->smtp;
	slot[1] = &a->imap;
	slot[2] = &a->pop3;
	if (find_provider(acct, cfg, &prov, &layer, err, errsize) < 0)
		return -1;
	for (size_t i = 0; i < NSERVER; i++) {
		const struct server_key *k = &server_keys[i];

		v = server_value(acct, k->key, prov, layer, &s);
		if (s != NULL && (why = url_problem(k, v)) != NULL) {
			if (strcmp(why, "is not") == 0)
				fail(err, errsize, cfg, s->line, "%s: \"%s\" "
				    "is not %s", k->key, v, k->what);
			else
				fail(err, errsize, cfg, s->line, "%s: \"%s\" "
				    "%s", k->key, v, why);
			return -1;
		}
		*slot[i] = v;
	}
	return 0;
}

/* "tls": on or off, and off not with a URL that is TLS from the start. */
static int
resolve_tls(const struct pst_account *acct, const struct pst_config *cfg,
    struct pst_acct *a, char *err, size_t errsize)
{
	const struct pst_setting *s = pst_account_find(acct, "tls");
	const char *urls[NSERVER];

	a->tls = 1;
	if (s == NULL)
		return 0;
	if (same_nocase(s->value, "on"))
		return 0;
	if (!same_nocase(s->value, "off")) {
		fail(err, errsize, cfg, s->line, "tls: \"%s\" is not on or off",
		    s->value);
		return -1;
	}
	urls[0] = a->smtp;
	urls[1] = a->imap;
	urls[2] = a->pop3;
	for (size_t i = 0; i < NSERVER; i++) {
		if (urls[i] == NULL || !is_tls_url(&server_keys[i], urls[i]))
			continue;
		fail(err, errsize, cfg, s->line, "tls: \"%s\" contradicts %s "
		    "\"%s\"", s->value, server_keys[i].key, urls[i]);
		return -1;
	}
	a->tls = 0;
	return 0;
}

/* "auth": a known mechanism, any case; a->auth its upper-case name. */
static int
resolve_auth(const struct pst_account *acct, const struct pst_config *cfg,
    struct pst_acct *a, char *err, size_t errsize)
{
	const struct pst_setting *s = pst_account_find(acct, "auth");
	struct pst_buf known = {0};

	a->auth = NULL;
	if (s == NULL)
		return 0;
	for (size_t i = 0; i < NMECH; i++) {
		if (same_nocase(s->value, mechanisms[i])) {
			a->auth = mechanisms[i];
			return 0;
		}
	}
	for (size_t i = 0; i < NMECH; i++)
		pst_buf_printf(&known, "%s%s", i ? ", " : "", mechanisms[i]);
	fail(err, errsize, cfg, s->line, "auth: \"%s\" is not a known "
	    "mechanism (%s)", s->value, pst_buf_str(&known));
	pst_buf_free(&known);
	return -1;
}

/* The account the rules of pst_acct_resolve choose; NULL with err set
 * when name names none. */
static const struct pst_account *
choose(const struct pst_config *cfg, const char *name, const char *sender,
    char *err, size_t errsize)
{
	const struct pst_account *acct;

	if (name != NULL) {
		if ((acct = pst_config_account(cfg, name)) == NULL)
			fail(err, errsize, cfg, 0, "no account called %s",
			    name);
		return acct;
	}
	if (sender != NULL && (acct = account_of_sender(cfg, sender)) != NULL)
		return acct;
	if ((acct = pst_config_account(cfg, NULL)) != NULL)
		return acct;
	return &cfg->defaults;
}

int
pst_acct_resolve(const struct pst_config *cfg, const char *name,
    const char *sender, struct pst_acct *a, char *err, size_t errsize)
{
	static const struct pst_config empty;
	const struct pst_account *acct;

	memset(a, 0, sizeof *a);
	a->tls = 1;
	if (err != NULL && errsize > 0)
		err[0] = '\0';
	if (cfg == NULL)
		cfg = &empty;
	if ((acct = choose(cfg, name, sender, err, errsize)) == NULL)
		return -1;
	a->cfg = cfg;
	a->name = acct->name;
	if (resolve_servers(acct, cfg, a, err, errsize) < 0 ||
	    resolve_tls(acct, cfg, a, err, errsize) < 0 ||
	    resolve_auth(acct, cfg, a, err, errsize) < 0) {
		memset(a, 0, sizeof *a);
		a->tls = 1;
		return -1;
	}
	a->from = pst_account_get(acct, "from");
	a->user = pst_account_get(acct, "user");
	a->password = pst_account_get(acct, "password");
	a->passwordeval = pst_account_get(acct, "passwordeval");
	a->cacert = pst_account_get(acct, "cacert");
	a->maildir = pst_account_get(acct, "maildir");
	a->mbox = pst_account_get(acct, "mbox");
	a->max_attachment = pst_account_get(acct, "max_attachment");
	return 0;
}

int
pst_acct_has_login(const struct pst_acct *a)
{
	return a != NULL && a->user != NULL;
}

/* The line of the setting key of a resolved account, for messages; 0
 * when it cannot be found (an account not made by pst_acct_resolve). */
static unsigned
line_of(const struct pst_acct *a, const char *key)
{
	const struct pst_account *acct;
	const struct pst_setting *s;

	if (a->cfg == NULL)
		return 0;
	acct = a->name ? pst_config_account(a->cfg, a->name) :
	    &a->cfg->defaults;
	if (acct == NULL || (s = pst_account_find(acct, key)) == NULL)
		return 0;
	return s->line;
}

void
pst_secret_free(char *s)
{
	volatile char *p = s;

	if (s == NULL)
		return;
	while (*p != '\0')
		*p++ = '\0';
	free(s);
}

/* Overwrite n bytes at s in a way the compiler keeps. */
static void
wipe(void *s, size_t n)
{
	volatile unsigned char *p = s;

	while (n-- > 0)
		*p++ = 0;
}

/* The child of run_eval: stdin from /dev/null, stdout to fd, the shell
 * running cmd. SIGPIPE back to its default, should the caller ignore it,
 * so a command behaves as it would in a terminal. Never returns. */
static void
eval_child(const char *cmd, int fd)
{
	int null;

	signal(SIGPIPE, SIG_DFL);
	if ((null = open("/dev/null", O_RDONLY)) < 0 ||
	    dup2(null, STDIN_FILENO) < 0 || dup2(fd, STDOUT_FILENO) < 0)
		_exit(127);
	if (null != STDIN_FILENO)
		close(null);
	if (fd != STDOUT_FILENO)
		close(fd);
	execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
	_exit(127);
}

/* Read fd to its end into buf[0..max), *len the bytes kept. Returns 0;
 * 1 when there is more than max (the rest is left unread); -1 on a read
 * error. */
static int
read_all(int fd, char *buf, size_t max, size_t *len)
{
	char extra;
	ssize_t n;

	*len = 0;
	for (;;) {
		if (*len == max)
			n = read(fd, &extra, 1);
		else
			n = read(fd, buf + *len, max - *len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		if (n == 0)
			return 0;
		if (*len == max) {
			wipe(&extra, 1);
			return 1;
		}
		*len += (size_t)n;
	}
}

/* Wait for pid; its status in *status. */
static int
reap(pid_t pid, int *status)
{
	while (waitpid(pid, status, 0) < 0)
		if (errno != EINTR)
			return -1;
	return 0;
}

/* Run a's passwordeval and take the first line it writes into *pw. The
 * output is read to its end and closed before waiting, so a command
 * writing more than EVAL_MAX gets SIGPIPE rather than hanging. */
static int
run_eval(const struct pst_acct *a, char **pw, char *err, size_t errsize)
{
	const struct pst_config *cfg = a->cfg;
	unsigned line = line_of(a, "passwordeval");
	struct sigaction dfl, old;
	char *buf, *nl;
	size_t len = 0, n;
	int fds[2], status = 0, rc, saved;
	pid_t pid;

	/* With SIGCHLD ignored the child would be reaped unseen. */
	memset(&dfl, 0, sizeof dfl);
	dfl.sa_handler = SIG_DFL;
	sigemptyset(&dfl.sa_mask);
	if (sigaction(SIGCHLD, &dfl, &old) < 0) {
		fail(err, errsize, cfg, line, "passwordeval: sigaction: %s",
		    strerror(errno));
		return -1;
	}
	if (pipe(fds) < 0) {
		saved = errno;
		sigaction(SIGCHLD, &old, NULL);
		fail(err, errsize, cfg, line, "passwordeval: pipe: %s",
		    strerror(saved));
		return -1;
	}
	if ((pid = fork()) < 0) {
		saved = errno;
		close(fds[0]);
		close(fds[1]);
		sigaction(SIGCHLD, &old, NULL);
		fail(err, errsize, cfg, line, "passwordeval: fork: %s",
		    strerror(saved));
		return -1;
	}
	if (pid == 0) {
		close(fds[0]);
		eval_child(a->passwordeval, fds[1]);
	}
	close(fds[1]);
	buf = pst_xmalloc(EVAL_MAX + 1);
	rc = read_all(fds[0], buf, EVAL_MAX, &len);
	saved = errno;
	close(fds[0]);
	if (reap(pid, &status) < 0 && rc == 0) {
		saved = errno;
		rc = -2;
	}
	sigaction(SIGCHLD, &old, NULL);
	buf[len] = '\0';

	if (rc == -1)
		fail(err, errsize, cfg, line, "passwordeval: reading the "
		    "command's output: %s", strerror(saved));
	else if (rc == -2)
		fail(err, errsize, cfg, line, "passwordeval: waitpid: %s",
		    strerror(saved));
	else if (rc == 1)
		fail(err, errsize, cfg, line, "passwordeval: the command "
		    "wrote over 64 KiB; a password is one line");
	else if (WIFSIGNALED(status))
		fail(err, errsize, cfg, line, "passwordeval: the command "
		    "failed (killed by signal %d)", WTERMSIG(status));
	else if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		fail(err, errsize, cfg, line, "passwordeval: the command "
		    "failed (exit %d)", WIFEXITED(status) ?
		    WEXITSTATUS(status) : -1);
	if (rc != 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
		goto bad;

	nl = memchr(buf, '\n', len);
	n = nl ? (size_t)(nl - buf) : len;
	if (n > 0 && buf[n - 1] == '\r')
		n--;
	if (len == 0) {
		fail(err, errsize, cfg, line, "passwordeval: the command "
		    "wrote nothing");
		goto bad;
	}
	if (n == 0) {
		fail(err, errsize, cfg, line, "passwordeval: the first line "
		    "the command wrote is empty");
		goto bad;
	}
	if (memchr(buf, '\0', n) != NULL) {
		fail(err, errsize, cfg, line, "passwordeval: the first line "
		    "the command wrote holds a NUL byte");
		goto bad;
	}
	*pw = pst_xstrndup(buf, n);
	wipe(buf, EVAL_MAX + 1);
	free(buf);
	return 0;
bad:
	wipe(buf, EVAL_MAX + 1);
	free(buf);
	return -1;
}

int
pst_acct_password(const struct pst_acct *a, char **pw, char *err,
    size_t errsize)
{
	*pw = NULL;
	if (err != NULL && errsize > 0)
		err[0] = '\0';
	if (a->passwordeval != NULL)
		return run_eval(a, pw, err, errsize);
	if (a->password != NULL)
		*pw = pst_xstrdup(a->password);
	return 0;
}

/* The prompt's signal handling: a signal that would kill the process
 * while echo is off is caught, the terminal restored, and the signal
 * raised again. */
static volatile sig_atomic_t prompt_signal;

static void
on_prompt_signal(int sig)
{
	prompt_signal = sig;
}

static const int prompt_signals[] = { SIGHUP, SIGINT, SIGQUIT, SIGTERM };
#define NPSIG	(sizeof prompt_signals / sizeof prompt_signals[0])

/* Catch prompt_signals, saving the old actions in old; one ignored stays
 * ignored. No SA_RESTART: the read is interrupted. */
static void
catch_signals(struct sigaction *old)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_prompt_signal;
	sigemptyset(&sa.sa_mask);
	prompt_signal = 0;
	for (size_t i = 0; i < NPSIG; i++) {
		if (sigaction(prompt_signals[i], NULL, &old[i]) < 0 ||
		    old[i].sa_handler == SIG_IGN)
			continue;
		sigaction(prompt_signals[i], &sa, NULL);
	}
}

static void
restore_signals(const struct sigaction *old)
{
	for (size_t i = 0; i < NPSIG; i++)
		sigaction(prompt_signals[i], &old[i], NULL);
}

/* Write s to fd whole; errors are ignored: the prompt is a courtesy. */
static void
put(int fd, const char *s)
{
	size_t n = strlen(s);
	ssize_t w;

	while (n > 0) {
		w = write(fd, s, n);
		if (w < 0 && errno == EINTR && prompt_signal == 0)
			continue;
		if (w <= 0)
			return;
		s += w;
		n -= (size_t)w;
	}
}

/* Read one line from fd into buf[0..size), NUL-terminated, without its
 * line end. Returns 0; -1 on a read error, a signal, end of input before
 * anything was typed, or a line that does not fit. */
static int
read_line(int fd, char *buf, size_t size)
{
	size_t len = 0;
	int toolong = 0;
	ssize_t n;
	char c;

	for (;;) {
		n = read(fd, &c, 1);
		if (n < 0 && errno == EINTR && prompt_signal == 0)
			continue;
		if (n < 0 || prompt_signal != 0)
			return -1;
		if (n == 0 && len == 0 && !toolong)
			return -1;
		if (n == 0 || c == '\n')
			break;
		if (len + 1 < size)
			buf[len++] = c;
		else
			toolong = 1;
	}
	wipe(&c, 1);
	if (len > 0 && buf[len - 1] == '\r')
		len--;
	buf[len] = '\0';
	return toolong ? -1 : 0;
}

int
pst_password_prompt(const char *prompt, char **pw)
{
	struct sigaction old[NPSIG];
	struct termios saved, quiet;
	char buf[PROMPT_MAX];
	int fd, rc, sig;

	*pw = NULL;
	fd = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	if (tcgetattr(fd, &saved) < 0) {
		close(fd);
		return -1;
	}
	catch_signals(old);
	quiet = saved;
	quiet.c_lflag &= ~(tcflag_t)(ECHO | ECHOE | ECHOK | ECHONL);
	quiet.c_lflag |= ICANON;
	put(fd, prompt ? prompt : "Password: ");
	rc = -1;
	if (tcsetattr(fd, TCSAFLUSH, &quiet) == 0) {
		rc = read_line(fd, buf, sizeof buf);
		while (tcsetattr(fd, TCSAFLUSH, &saved) < 0 && errno == EINTR)
			continue;
		put(fd, "\n");	/* the Enter typed was not echoed */
	}
	close(fd);
	sig = prompt_signal;
	restore_signals(old);
	if (rc == 0 && sig == 0)
		*pw = pst_xstrdup(buf);
	wipe(buf, sizeof buf);
	if (sig != 0) {
		raise(sig);	/* dies now, unless the old action was not */
		return -1;
	}
	return *pw ? 0 : -1;
}

/* Whether ~/.netrc is there for libcurl to read. */
static int
have_netrc(void)
{
	const char *home = getenv("HOME");
	struct pst_buf p = {0};
	struct stat st;
	int rc;

	if (home == NULL)
		return 0;
	pst_buf_printf(&p, "%s/.netrc", home);
	rc = stat(pst_buf_str(&p), &st) == 0;
	pst_buf_free(&p);
	return rc;
}

int
pst_acct_login_password(const struct pst_acct *a, const char *url,
    char **pw, char *err, size_t errsize)
{
	char prompt[300];

	if (pst_acct_password(a, pw, err, errsize) != 0)
		return -1;
	if (*pw != NULL || have_netrc())
		return 0;
	snprintf(prompt, sizeof prompt, "password for %s at %s: ", a->user,
	    url);
	if (pst_password_prompt(prompt, pw) != 0) {
		snprintf(err, errsize, "%s: no password for %s (set "
		    "passwordeval, see posta(5))", url, a->user);
		return -1;
	}
	return 0;
}
