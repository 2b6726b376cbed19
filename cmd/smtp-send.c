/* smtp-send: submit the message on stdin over SMTP, a drop-in sendmail. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>

#include "account.h"
#include "addr.h"
#include "buf.h"
#include "config.h"
#include "hdr.h"
#include "mem.h"
#include "sanitize.h"
#include "smtp.h"
#include "submit.h"
#include "verify.h"

#define TIMEOUT	60	/* seconds to wait for the server, each time */

static struct {
	const char *account;	/* -a */
	const char *from;	/* -f, -r */
	const char *name;	/* -F */
	const char *notify;	/* -N */
	const char *ret;	/* -R */
	long timeout;		/* --timeout */
	int probe;		/* --probe */
	const char *verify;	/* --verify ADDRESS */
	const char *mx;		/* --mx HOST[:PORT] */
	const char *probe_url;	/* --probe URL */
	int take_header;	/* -t */
	int verbose;		/* -v */
	char **rcpt;		/* the arguments */
	int nrcpt;
} opt;

static void
usage(void)
{
	fputs("usage: smtp-send [-tv] [-a account] [-f sender] [-F name] "
	    "[-N dsn] [-R ret]\n"
	    "                 [--timeout seconds]\n"
	    "                 [sendmail options] [--] [recipient ...] "
	    "< message\n"
	    "       smtp-send --probe [account | URL]\n"
	    "       smtp-send --verify address [--mx host[:port]]\n", stderr);
	exit(EX_USAGE);
}

/* Print each line of msg as "smtp-send: line", sanitised. */
static void
report(const char *msg)
{
	struct pst_buf clean = {0};
	const char *nl;

	while (*msg != '\0') {
		nl = strchr(msg, '\n');
		pst_buf_reset(&clean);
		pst_sanitize(msg, nl ? (size_t)(nl - msg) : strlen(msg), 0,
		    &clean);
		fprintf(stderr, "smtp-send: %s\n", pst_buf_str(&clean));
		if (nl == NULL)
			break;
		msg = nl + 1;
	}
	pst_buf_free(&clean);
}

static void
die(int status, const char *msg)
{
	report(msg);
	exit(status);
}

/* The value of an option: the rest of the argument ("-fme@x") or the
 * next one ("-f me@x"). */
static const char *
value(char **argv, int *i, const char *rest)
{
	if (rest[0] != '\0')
		return rest;
	if (argv[*i + 1] == NULL)
		usage();
	return argv[++*i];
}

/* sendmail's options, as mutt, git, PHP and cron pass them. */
static void
parse_options(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc && argv[i][0] == '-' && argv[i][1] != '\0';
	    i++) {
		const char *a = argv[i];

		if (strcmp(a, "--") == 0) {
			i++;
			break;
		}
		if (strcmp(a, "--help") == 0)
			usage();
		if (strcmp(a, "--probe") == 0) {
			opt.probe = 1;
			/* An optional argument: an account or a URL. */
			if (argv[i + 1] != NULL && argv[i + 1][0] != '-') {
				i++;
				if (strstr(argv[i], "://") != NULL)
					opt.probe_url = argv[i];
				else
					opt.account = argv[i];
			}
			continue;
		}
		if (strcmp(a, "--verify") == 0) {
			opt.verify = value(argv, &i, "");
			continue;
		}
		if (strcmp(a, "--mx") == 0) {
			opt.mx = value(argv, &i, "");
			continue;
		}
		if (strncmp(a, "--timeout", 9) == 0) {
			char *end;
			const char *v = a[9] == '=' ? a + 10 :
			    a[9] == '\0' ? value(argv, &i, "") : NULL;

			if (v == NULL)
				usage();
			opt.timeout = strtol(v, &end, 10);
			if (*v == '\0' || *end != '\0' || opt.timeout <= 0 ||
			    opt.timeout > 3600)
				die(EX_USAGE, "--timeout takes seconds, 1 to "
				    "3600");
			continue;
		}
		switch (a[1]) {
		case 'a': opt.account = value(argv, &i, a + 2); break;
		case 'f':
		case 'r': opt.from = value(argv, &i, a + 2); break;
		case 'F': opt.name = value(argv, &i, a + 2); break;
		case 'N': opt.notify = value(argv, &i, a + 2); break;
		case 'R': opt.ret = value(argv, &i, a + 2); break;
		case 'L':			/* syslog label */
		case 'h':			/* hop count */
		case 'V':			/* envelope id */
		case 'X':			/* log file */
			(void)value(argv, &i, a + 2);
			break;
		case 'o':	/* -oi -oem -odi ...: sendmail's queue options */
		case 'B':	/* -B8BITMIME: the body is looked at instead */
			break;
		case 'b':
			if (strcmp(a, "-bm") != 0) {
				fprintf(stderr, "smtp-send: %s: only -bm (send "
				    "a message) is supported\n", a);
				exit(EX_USAGE);
			}
			break;
		case 'i':
		case 't':
		case 'v':
			/* Clustered flags, "-ti" as PHP may pass them. */
			for (const char *c = a + 1; *c != '\0'; c++) {
				if (*c == 't')
					opt.take_header = 1;
				else if (*c == 'v')
					opt.verbose = 1;
				else if (*c != 'i')
					usage();
			}
			break;
		default:
			usage();
		}
	}
	opt.rcpt = argv + i;
	opt.nrcpt = argc - i;
}

/* A DSN keyword list as SMTP wants it: "failure,delay" is FAILURE,DELAY.
 * NULL stays NULL. */
static char *
upper(const char *s)
{
	char *u, *p;

	if (s == NULL)
		return NULL;
	u = pst_xstrdup(s);
	for (p = u; *p != '\0'; p++)
		if (*p >= 'a' && *p <= 'z')
			*p = (char)(*p - 'a' + 'A');
		else if (*p <= ' ' || *p == '=' || *p > '~')
			die(EX_USAGE, "-N and -R take words such as "
			    "failure,delay and hdrs");
	return u;
}

static void
read_stdin(struct pst_buf *in)
{
	char msg[256];

	if (pst_buf_read_fd(in, STDIN_FILENO, 0, 0) < 0) {
		snprintf(msg, sizeof msg, "stdin: %s", strerror(errno));
		die(EX_IOERR, msg);
	}
}

/* The address in the message's From field, or NULL. */
static char *
header_from(const struct pst_buf *in)
{
	struct pst_header h = {0};
	char *from, *a;

	pst_hdr_parse(pst_buf_str(in), in->len, &h);
	from = pst_hdr_get(&h, "From");
	a = pst_addr_first(from);
	free(from);
	pst_hdr_free(&h);
	return a;
}

/* The password: passwordeval, the config, ~/.netrc (libcurl's), or a
 * prompt on the terminal. */
static char *
password(const struct pst_acct *acct)
{
	char err[512], *pw = NULL;

	if (pst_acct_login_password(acct, acct->smtp, &pw, err,
	    sizeof err) != 0)
		die(EX_CONFIG, err);
	return pw;
}

/* Fill so from the account, the password asked for when a user is set. */
static void
session_options(const struct pst_acct *acct, char **pw,
    struct pst_smtp_opts *so)
{
	if (acct->smtp == NULL)
		die(EX_CONFIG, "no SMTP server: set smtp (or provider) in the "
		    "account, see posta(5)");
	if (acct->user != NULL && !acct->tls)
		die(EX_CONFIG, "refusing to send a password without TLS "
		    "(\"tls off\" with a user)");
	*pw = acct->user != NULL ? password(acct) : NULL;
	so->url = acct->smtp;
	so->user = acct->user;
	so->password = *pw;
	so->auth = acct->auth;
	so->cacert = acct->cacert;
	so->tls = acct->tls;
	so->verbose = opt.verbose;
	so->timeout = opt.timeout ? opt.timeout : TIMEOUT;
}

/* Print the report, safe for a terminal. */
static int
print_report(const struct pst_buf *out)
{
	struct pst_buf clean = {0};
	int rc = 0;

	pst_sanitize(pst_buf_str(out), out->len, PST_SAN_NEWLINES, &clean);
	if (fwrite(pst_buf_str(&clean), 1, clean.len, stdout) != clean.len ||
	    fflush(stdout) != 0)
		rc = -1;
	pst_buf_free(&clean);
	return rc;
}

/* --probe: the server of an account, or a URL, looked at. */
static int
probe(const struct pst_config *cfg)
{
	struct pst_acct acct;
	struct pst_smtp_opts so = {0};
	struct pst_smtp_err e = {0};
	struct pst_buf out = {0};
	char err[1024], *pw = NULL;
	int rc = EX_OK;

	if (pst_acct_resolve(cfg, opt.account, NULL, &acct, err,
	    sizeof err) != 0)
		die(EX_CONFIG, err);
	if (opt.probe_url != NULL) {
		/* Another server: TLS as its URL says, the account's CA
		 * file, no login. */
		const char *cacert = acct.cacert;

		memset(&acct, 0, sizeof acct);
		acct.smtp = opt.probe_url;
		acct.cacert = cacert;
		acct.tls = 1;
	}
	session_options(&acct, &pw, &so);
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		die(EX_SOFTWARE, "libcurl cannot start");
	if (pst_smtp_probe(&so, &out, &e) != 0)
		rc = e.status;
	if (print_report(&out) != 0)
		rc = EX_IOERR;
	if (e.msg.len > 0)
		report(pst_buf_str(&e.msg));
	pst_secret_free(pw);
	pst_smtp_err_free(&e);
	pst_buf_free(&out);
	curl_global_cleanup();
	return rc;
}

/* --verify: ask the domain's mail servers, in order of preference, until
 * one answers. */
static int
verify(void)
{
	struct pst_mx mx[8];
	struct pst_buf out = {0}, url = {0};
	enum pst_verdict v = PST_VERIFY_NO_ANSWER;
	const char *at = strrchr(opt.verify, '@');
	int n, i, rc;

	if (!pst_addr_valid(opt.verify) || at == NULL)
		die(EX_USAGE, "--verify: not an address");
	if (opt.mx != NULL) {
		n = 1;
		snprintf(mx[0].host, sizeof mx[0].host, "%s", opt.mx);
	} else if ((n = pst_mx_lookup(at + 1, mx, 8)) == 0) {
		fprintf(stderr, "smtp-send: %s: the domain takes no mail (no "
		    "such domain, or a null MX)\n", at + 1);
		return EX_NOHOST;
	} else if (n < 0) {
		fprintf(stderr, "smtp-send: %s: DNS gives no answer\n", at + 1);
		return EX_TEMPFAIL;
	}
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		die(EX_SOFTWARE, "libcurl cannot start");
	for (i = 0; i < n && v == PST_VERIFY_NO_ANSWER; i++) {
		pst_buf_reset(&url);
		/* Port 25 unless --mx gives one. */
		pst_buf_printf(&url, "smtp://%s%s", mx[i].host,
		    strchr(mx[i].host, ':') ? "" : ":25");
		v = pst_verify(pst_buf_str(&url), opt.verify, opt.timeout ?
		    opt.timeout : TIMEOUT, opt.verbose, &out);
	}
	pst_buf_printf(&out, "%-13s%s\n", "verdict:",
	    v == PST_VERIFY_ACCEPTED ? "accepted" :
	    v == PST_VERIFY_REFUSED ? "refused" :
	    v == PST_VERIFY_UNKNOWN ? "unknown" : "no server answered");
	rc = v == PST_VERIFY_ACCEPTED ? EX_OK : v == PST_VERIFY_REFUSED ?
	    EX_NOUSER : v == PST_VERIFY_UNKNOWN ? EX_TEMPFAIL : EX_UNAVAILABLE;
	if (print_report(&out) != 0)
		rc = EX_IOERR;
	pst_buf_free(&out);
	pst_buf_free(&url);
	curl_global_cleanup();
	return rc;
}

int
main(int argc, char **argv)
{
	struct pst_config cfg = {0};
	struct pst_acct acct;
	struct pst_submission sub = {0};
	struct pst_smtp_err e = {0};
	struct pst_smtp_opts so = {0};
	struct pst_envelope env = {0};
	struct pst_smtp *s;
	struct pst_buf in = {0};
	char err[1024], *hfrom, *sender = NULL, *pw = NULL, *notify, *ret;
	int i, rc;

	parse_options(argc, argv);
	notify = upper(opt.notify);
	ret = upper(opt.ret);
	if (pst_config_load(NULL, &cfg, err, sizeof err) < 0)
		die(EX_CONFIG, err);
	if (opt.verify != NULL) {
		pst_config_free(&cfg);
		free(notify);
		free(ret);
		return verify();
	}
	if (opt.probe) {
		rc = probe(&cfg);
		pst_config_free(&cfg);
		return rc;
	}
	read_stdin(&in);
	hfrom = header_from(&in);
	if (pst_acct_resolve(&cfg, opt.account, opt.from ? opt.from : hfrom,
	    &acct, err, sizeof err) != 0)
		die(EX_CONFIG, err);

	/* The envelope sender: -f, the account's from, the From field; -f
	 * '<>' is the null sender of bounces. */
	if (opt.from != NULL && (strcmp(opt.from, "<>") == 0 ||
	    opt.from[0] == '\0'))
		sender = pst_xstrdup("");
	else if (opt.from != NULL && ((sender = pst_addr_first(opt.from)) ==
	    NULL || !pst_addr_valid(sender)))
		die(EX_USAGE, "-f: not an address");
	else if (opt.from == NULL)
		sender = pst_addr_first(acct.from);
	if (sender == NULL && hfrom != NULL)
		sender = pst_xstrdup(hfrom);
	for (i = 0; i < opt.nrcpt; i++)
		if (pst_submission_add_rcpt(&sub, opt.rcpt[i], err,
		    sizeof err) != 0)
			die(EX_USAGE, err);
	if (pst_submission_read(&sub, pst_buf_str(&in), in.len,
	    opt.take_header || opt.nrcpt == 0, sender, opt.name, time(NULL),
	    err, sizeof err) != 0)
		die(EX_DATAERR, err);
	if (sub.nrcpt == 0)
		die(EX_USAGE, "no recipients: give them as arguments, or in "
		    "To, Cc or Bcc");
	if (sender == NULL)
		die(EX_USAGE, "no sender: give -f, a from in the account, or "
		    "a From field");
	session_options(&acct, &pw, &so);
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		die(EX_SOFTWARE, "libcurl cannot start");
	env.from = sender;
	env.rcpt = (const char *const *)sub.rcpt;
	env.nrcpt = sub.nrcpt;
	env.eightbit = sub.eightbit;
	env.utf8 = sub.utf8_header;
	env.notify = notify;
	env.ret = ret;

	rc = EX_OK;
	if ((s = pst_smtp_open(&so, &e)) == NULL ||
	    pst_smtp_send(s, &env, sub.msg.p, sub.msg.len, &e) != 0) {
		report(pst_buf_str(&e.msg));
		rc = e.status;
	}
	pst_smtp_close(s);
	pst_secret_free(pw);
	curl_global_cleanup();
	pst_smtp_err_free(&e);
	pst_submission_free(&sub);
	pst_config_free(&cfg);
	pst_buf_free(&in);
	free(hfrom);
	free(sender);
	free(notify);
	free(ret);
	return rc;
}
