/* mfetch: fetch an account's new messages over IMAP or POP3 into a
 * Maildir, an mbox, or stdout as mboxrd. */
#define _XOPEN_SOURCE 700	/* strptime */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>

#include "account.h"
#include "buf.h"
#include "config.h"
#include "fetch.h"
#include "imap.h"
#include "mem.h"
#include "pop3.h"
#include "sanitize.h"
#include "state.h"

#define TIMEOUT	60	/* seconds to wait for the server, each time */

static struct {
	int imap, pop3;		/* --imap, --pop3 */
	const char *account;	/* -a */
	const char *maildir;	/* --maildir */
	const char *mbox;	/* --mbox */
	int to_stdout;		/* -o - */
	const char **folders;	/* --folder, repeated */
	size_t nfolders;
	int all;		/* --all */
	int delete;		/* --delete */
	const char *since;	/* --since YYYY-MM-DD */
	unsigned long long max_size;	/* --max-size */
	int list_folders;	/* --list-folders */
	long timeout;		/* --timeout */
	int verbose, quiet;	/* -v, -q */
} opt;

static void
usage(void)
{
	fputs("usage: mfetch [--imap | --pop3] [-a account] "
	    "[--maildir dir | --mbox file | -o -]\n"
	    "              [--folder name]... [--all] [--delete] "
	    "[--since yyyy-mm-dd]\n"
	    "              [--max-size size] [--timeout seconds] [-v | -q]\n"
	    "       mfetch --list-folders [-a account]\n", stderr);
	exit(EX_USAGE);
}

/* Print "mfetch: msg", safe for a terminal. */
static void
say(const char *msg)
{
	struct pst_buf clean = {0};

	pst_sanitize(msg, strlen(msg), 0, &clean);
	fprintf(stderr, "mfetch: %s\n", pst_buf_str(&clean));
	pst_buf_free(&clean);
}

static void
die(int status, const char *msg)
{
	say(msg);
	exit(status);
}

/* The value of an option that takes one: "--opt=v", or the next
 * argument. */
static const char *
value(int argc, char **argv, int *i, const char *name)
{
	const char *a = argv[*i];
	size_t n = strlen(name);

	if (a[n] == '=')
		return a + n + 1;
	if (*i + 1 >= argc) {
		fprintf(stderr, "mfetch: %s needs a value\n", name);
		usage();
	}
	return argv[++*i];
}

/* Whether argv[i] is the option name, alone or as "name=value". */
static int
is(const char *a, const char *name)
{
	size_t n = strlen(name);

	return strncmp(a, name, n) == 0 && (a[n] == '\0' || a[n] == '=');
}

static void
parse_options(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (strcmp(a, "--imap") == 0)
			opt.imap = 1;
		else if (strcmp(a, "--pop3") == 0)
			opt.pop3 = 1;
		else if (strcmp(a, "-a") == 0 || is(a, "--account"))
			opt.account = value(argc, argv, &i, a[1] == 'a' ? "-a" :
			    "--account");
		else if (is(a, "--maildir"))
			opt.maildir = value(argc, argv, &i, "--maildir");
		else if (is(a, "--mbox"))
			opt.mbox = value(argc, argv, &i, "--mbox");
		else if (strcmp(a, "-o") == 0) {
			if (strcmp(value(argc, argv, &i, "-o"), "-") != 0)
				die(EX_USAGE, "-o takes only - (stdout); use "
				    "--maildir or --mbox for files");
			opt.to_stdout = 1;
		} else if (is(a, "--folder")) {
			opt.folders = pst_xreallocarray(opt.folders,
			    opt.nfolders + 1, sizeof *opt.folders);
			opt.folders[opt.nfolders++] = value(argc, argv, &i,
			    "--folder");
		} else if (strcmp(a, "--all") == 0)
			opt.all = 1;
		else if (strcmp(a, "--delete") == 0)
			opt.delete = 1;
		else if (is(a, "--since"))
			opt.since = value(argc, argv, &i, "--since");
		else if (is(a, "--max-size")) {
			if (pst_size_parse(value(argc, argv, &i, "--max-size"),
			    &opt.max_size) != 0 || opt.max_size == 0)
				die(EX_USAGE, "--max-size: not a size (try 10M)");
		} else if (strcmp(a, "--list-folders") == 0)
			opt.list_folders = 1;
		else if (is(a, "--timeout")) {
			char *end;

			opt.timeout = strtol(value(argc, argv, &i, "--timeout"),
			    &end, 10);
			if (*end != '\0' || opt.timeout <= 0 || opt.timeout > 3600)
				die(EX_USAGE, "--timeout: seconds, 1 to 3600");
		} else if (strcmp(a, "-v") == 0)
			opt.verbose = 1;
		else if (strcmp(a, "-q") == 0)
			opt.quiet = 1;
		else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0)
			usage();
		else {
			fprintf(stderr, "mfetch: %s: unknown option\n", a);
			usage();
		}
	}
	if (opt.imap + opt.pop3 > 1 || opt.verbose + opt.quiet > 1 ||
	    (opt.maildir != NULL) + (opt.mbox != NULL) + opt.to_stdout > 1)
		usage();
	if (opt.pop3 && (opt.nfolders > 0 || opt.since || opt.list_folders))
		die(EX_USAGE, "--folder, --since and --list-folders are for "
		    "IMAP; POP3 has one mailbox");
	if (opt.delete && opt.to_stdout)
		die(EX_USAGE, "--delete with -o -: refused, nothing durable "
		    "would hold the messages");
}

/* --since's yyyy-mm-dd as IMAP's "d-Mon-yyyy" into out. */
static void
imap_date(const char *s, char *out, size_t size)
{
	static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
	struct tm tm;
	char *end;

	memset(&tm, 0, sizeof tm);
	end = strptime(s, "%Y-%m-%d", &tm);
	if (end == NULL || *end != '\0' || tm.tm_mon < 0 || tm.tm_mon > 11)
		die(EX_USAGE, "--since: not a date (yyyy-mm-dd)");
	snprintf(out, size, "%d-%.3s-%d", tm.tm_mday, months + 3 * tm.tm_mon,
	    tm.tm_year + 1900);
}

/* A path from the config with a leading "~/" made $HOME's. */
static char *
expand_home(const char *path)
{
	struct pst_buf b = {0};
	const char *home = getenv("HOME");

	if (strncmp(path, "~/", 2) == 0 && home != NULL)
		pst_buf_printf(&b, "%s%s", home, path + 1);
	else
		pst_buf_adds(&b, path);
	return pst_buf_take(&b);
}

/* ---- one mailbox --------------------------------------------------------- */

struct session {
	const struct pst_acct *acct;
	const char *url;
	struct pst_imap *imap;
	struct pst_pop3 *pop3;
	enum pst_dest_kind kind;
	char *dest;
	char statedir[4096];
};

/* The state file of the mailbox label at the session's server. */
static void
state_path(const struct session *s, const char *label, char *out,
    size_t size)
{
	struct pst_buf key = {0};
	char name[300];

	pst_buf_printf(&key, "%s %s %s", s->url, s->acct->user ?
	    s->acct->user : "", label);
	if (pst_state_name(pst_buf_str(&key), name, sizeof name) != 0 ||
	    snprintf(out, size, "%s/%s", s->statedir, name) >= (int)size)
		die(EX_SOFTWARE, "a state file name too long");
	pst_buf_free(&key);
}

/* The UIDs a search gave. */
struct lister {
	unsigned long *uids;
	size_t n;
};

static int
add_imap(void *ctx, unsigned long uid, unsigned long long size,
    const char *msgid)
{
	char id[24];

	snprintf(id, sizeof id, "%lu", uid);
	pst_fetch_add(ctx, uid, size, id, msgid);
	return 0;
}

static int
add_pop3(void *ctx, unsigned long num, unsigned long long size,
    const char *uidl)
{
	pst_fetch_add(ctx, num, size, uidl, NULL);
	return 0;
}

static int
keep_uid(void *ctx, unsigned long uid)
{
	struct lister *l = ctx;

	l->uids = pst_xreallocarray(l->uids, l->n + 1, sizeof *l->uids);
	l->uids[l->n++] = uid;
	return 0;
}

/* IMAP: open the folder and list it into f. */
static int
list_imap(struct session *s, struct pst_fetch *f, const char *folder,
    unsigned long *uidvalidity, struct pst_err *e)
{
	struct lister l = { NULL, 0 };
	unsigned long exists, known;
	char date[32];
	int any;

	if (pst_imap_select(s->imap, folder, opt.delete, uidvalidity, &exists,
	    e) != 0)
		return -1;
	if (exists == 0)
		return 0;
	known = pst_fetch_uidvalidity(f, &any);
	if (pst_imap_list(s->imap, any && known != *uidvalidity, add_imap, f,
	    e) != 0)
		return -1;
	if (opt.since != NULL) {
		imap_date(opt.since, date, sizeof date);
		if (pst_imap_since(s->imap, date, keep_uid, &l, e) != 0) {
			free(l.uids);
			return -1;
		}
		pst_fetch_restrict(f, l.uids, l.n);
		free(l.uids);
	}
	return 0;
}

static void
summary(const char *label, struct pst_fetch *f, size_t deleted)
{
	struct pst_fetch_counts c;
	char line[512], size[32];

	if (opt.quiet)
		return;
	pst_fetch_counts(f, &c);
	pst_size_format(c.bytes, size, sizeof size);
	snprintf(line, sizeof line, "%s: %zu fetched (%s), %zu skipped, "
	    "%zu deleted, %.1f s", label, c.fetched, size, c.skipped, deleted,
	    c.secs);
	say(line);
}

/* Delete on the server what is recorded as delivered. */
static int
delete_recorded(struct session *s, struct pst_fetch *f, size_t *deleted,
    struct pst_err *e)
{
	const unsigned long *nums;
	size_t n;

	pst_fetch_deletable(f, &nums, &n);
	if (s->imap != NULL && pst_imap_delete(s->imap, nums, n, e) != 0)
		return -1;
	if (s->pop3 != NULL && (pst_pop3_dele(s->pop3, nums, n, e) != 0 ||
	    pst_pop3_quit(s->pop3, e) != 0))
		return -1;
	*deleted = n;
	return 0;
}

/* Fetch one mailbox: IMAP's folder, or POP3's maildrop. */
static int
fetch_mailbox(struct session *s, const char *label)
{
	struct pst_fetch_opts fo = {0};
	struct pst_fetch *f;
	struct pst_err e = { 0, "" }, e2 = { 0, "" };
	char state[4500];
	const unsigned long *nums;
	unsigned long uidvalidity = 0;
	size_t n, deleted = 0;
	int rc;

	state_path(s, label, state, sizeof state);
	fo.label = label;
	fo.state = state;
	fo.kind = s->kind;
	fo.dest = s->dest;
	fo.fd = STDOUT_FILENO;
	fo.all = opt.all;
	fo.max_size = opt.max_size;
	fo.quiet = opt.quiet;
	fo.progress = !opt.quiet && !opt.verbose && isatty(STDERR_FILENO);
	fo.prog = "mfetch";
	fo.uids = s->imap != NULL;
	if ((f = pst_fetch_new(&fo, &e)) == NULL)
		goto fail;
	rc = s->imap != NULL ? list_imap(s, f, label, &uidvalidity, &e) :
	    pst_pop3_list(s->pop3, add_pop3, f, &e);
	if (rc != 0 || pst_fetch_plan(f, uidvalidity, &nums, &n, &e) != 0)
		goto fail;
	if (n > 0)
		rc = s->imap != NULL ?
		    pst_imap_fetch(s->imap, nums, n, pst_fetch_sink(f), &e) :
		    pst_pop3_fetch(s->pop3, nums, n, pst_fetch_sink(f), &e);
	/* What arrived whole is recorded, even when the rest did not. */
	if (pst_fetch_commit(f, &e2) != 0 || rc != 0)
		goto fail;
	if (opt.delete && delete_recorded(s, f, &deleted, &e) != 0)
		goto fail;
	if (pst_fetch_finish(f, &e) != 0)
		goto fail;
	summary(label, f, deleted);
	pst_fetch_free(f);
	return 0;
fail:
	if (f != NULL && e2.status == 0)
		(void)pst_fetch_finish(f, &e2);
	if (e.status == 0)
		e = e2;
	{
		char line[1200];

		snprintf(line, sizeof line, "%s: %s", label, e.msg);
		say(line);
	}
	if (f != NULL)
		summary(label, f, deleted);
	pst_fetch_free(f);
	return e.status;
}

/* ---- the session -------------------------------------------------------- */

static int
print_folder(void *ctx, const char *name)
{
	struct pst_buf clean = {0};

	(void)ctx;
	pst_sanitize(name, strlen(name), 0, &clean);
	printf("%s\n", pst_buf_str(&clean));
	pst_buf_free(&clean);
	return 0;
}

/* Where the messages go: the options, else the account, else stdout. */
static void
destination(const struct pst_acct *acct, struct session *s)
{
	if (opt.maildir != NULL || (!opt.mbox && !opt.to_stdout &&
	    acct->maildir != NULL)) {
		s->kind = PST_DEST_MAILDIR;
		s->dest = expand_home(opt.maildir ? opt.maildir : acct->maildir);
	} else if (opt.mbox != NULL || (!opt.to_stdout && acct->mbox != NULL)) {
		s->kind = PST_DEST_MBOX;
		s->dest = expand_home(opt.mbox ? opt.mbox : acct->mbox);
	} else {
		s->kind = PST_DEST_STREAM;
		s->dest = NULL;
		if (opt.delete)
			die(EX_USAGE, "--delete with stdout as the destination: "
			    "refused, nothing durable would hold the messages");
	}
}

static void
open_session(const struct pst_acct *acct, struct session *s, char **pw)
{
	struct pst_conn_opts co = {0};
	struct pst_err e = { 0, "" };
	char err[1024];

	if (acct->user != NULL && !acct->tls)
		die(EX_CONFIG, "refusing to send a password without TLS "
		    "(\"tls off\" with a user)");
	*pw = NULL;
	if (acct->user != NULL && pst_acct_login_password(acct, s->url, pw,
	    err, sizeof err) != 0)
		die(EX_CONFIG, err);
	co.url = s->url;
	co.protocols = s->url == acct->imap ? "imap,imaps" : "pop3,pop3s";
	co.user = acct->user;
	co.password = *pw;
	co.auth = acct->auth;
	co.cacert = acct->cacert;
	co.tls = acct->tls;
	co.verbose = opt.verbose;
	co.prog = "mfetch";
	co.timeout = opt.timeout ? opt.timeout : TIMEOUT;
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		die(EX_SOFTWARE, "libcurl cannot start");
	if (s->url == acct->imap)
		s->imap = pst_imap_open(&co, &e);
	else
		s->pop3 = pst_pop3_open(&co, &e);
	if (s->imap == NULL && s->pop3 == NULL)
		die(e.status, e.msg);
}

int
main(int argc, char **argv)
{
	struct pst_config cfg = {0};
	struct pst_acct acct;
	struct session s;
	struct pst_err e = { 0, "" };
	char err[1024], *pw = NULL;
	size_t i;
	int rc = 0, r;
	static const char *inbox[] = { "INBOX" };

	parse_options(argc, argv);
	/* A reader that goes away is an error to report, not a signal. */
	signal(SIGPIPE, SIG_IGN);
	if (pst_config_load(NULL, &cfg, err, sizeof err) < 0)
		die(EX_CONFIG, err);
	if (pst_acct_resolve(&cfg, opt.account, NULL, &acct, err,
	    sizeof err) != 0)
		die(EX_CONFIG, err);
	memset(&s, 0, sizeof s);
	s.acct = &acct;
	s.url = opt.pop3 ? acct.pop3 : opt.imap ? acct.imap :
	    acct.imap != NULL ? acct.imap : acct.pop3;
	if (s.url == NULL)
		die(EX_CONFIG, opt.pop3 ? "no POP3 server: set pop3 in the "
		    "account, see posta(5)" : opt.imap ? "no IMAP server: set "
		    "imap in the account, see posta(5)" : "no IMAP or POP3 "
		    "server: set imap or pop3 in the account, see posta(5)");
	if (s.url == acct.pop3 && acct.pop3 != acct.imap &&
	    (opt.nfolders > 0 || opt.since || opt.list_folders))
		die(EX_USAGE, "--folder, --since and --list-folders are for "
		    "IMAP; POP3 has one mailbox");
	if (!opt.list_folders) {
		destination(&acct, &s);
		if (pst_state_dir(s.statedir, sizeof s.statedir, &e) != 0)
			die(e.status, e.msg);
	}
	open_session(&acct, &s, &pw);
	if (opt.list_folders) {
		if (pst_imap_folders(s.imap, print_folder, NULL, &e) != 0)
			die(e.status, e.msg);
		if (fflush(stdout) != 0)
			die(EX_IOERR, "writing the list failed");
	} else if (s.imap != NULL) {
		const char **folders = opt.nfolders ? opt.folders : inbox;
		size_t n = opt.nfolders ? opt.nfolders : 1;

		for (i = 0; i < n; i++) {
			if ((r = fetch_mailbox(&s, folders[i])) != 0 && rc == 0)
				rc = r;
			/* After anything but a missing folder, replies may
			 * still be on their way: the session is out of step. */
			if (r != 0 && r != EX_NOINPUT)
				break;
		}
	} else
		rc = fetch_mailbox(&s, s.url);
	/* POP3 with --delete said its QUIT already; IMAP's LOGOUT is
	 * courtesy, its failure changes nothing. */
	if (s.imap != NULL)
		(void)pst_imap_logout(s.imap, &e);
	else if (!opt.delete || rc != 0)
		(void)pst_pop3_quit(s.pop3, &e);
	pst_imap_close(s.imap);
	pst_pop3_close(s.pop3);
	pst_secret_free(pw);
	free(s.dest);
	free(opt.folders);
	pst_config_free(&cfg);
	curl_global_cleanup();
	return rc;
}
