/* mkmsg: compose one MIME message and write it to stdout. */
#include <errno.h>
#include <getopt.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "compose.h"
#include "config.h"
#include "filetype.h"
#include "mem.h"
#include "sanitize.h"

#define DEFAULT_MAX_SIZE	(2ULL * 1024 * 1024)

/* What the options said, in the order they came. */
static struct {
	struct pst_hfield *f;	/* -f -t -c -b -s and -H */
	size_t nf;
	char **att;		/* -a */
	size_t natt;
	int draft;		/* -d */
	const char *max_size;	/* --max-size */
} opt;

static void
usage(void)
{
	fputs("usage: mkmsg [-f from] [-t to] [-c cc] [-b bcc] [-s subject] "
	    "[-H 'Name: value']\n"
	    "             [-a file[:type/subtype]] [--max-size size] < body\n"
	    "       mkmsg -d [options] < draft\n", stderr);
	exit(EX_USAGE);
}

/* Print "mkmsg: msg" (sanitised: it may hold file names) and exit. */
static void
die(int status, const char *msg)
{
	struct pst_buf clean = {0};

	pst_sanitize(msg, strlen(msg), 0, &clean);
	fprintf(stderr, "mkmsg: %s\n", pst_buf_str(&clean));
	pst_buf_free(&clean);
	exit(status);
}

static void
add_option_field(const char *name, const char *value)
{
	opt.f = pst_xreallocarray(opt.f, opt.nf + 1, sizeof *opt.f);
	opt.f[opt.nf].name = pst_xstrdup(name);
	opt.f[opt.nf].value = pst_xstrdup(value);
	opt.nf++;
}

/* -H 'Name: value' */
static void
add_header_option(const char *arg)
{
	const char *colon = strchr(arg, ':');
	char *name;
	char msg[256];

	if (colon == NULL || colon == arg) {
		snprintf(msg, sizeof msg, "-H %s: not 'Name: value'", arg);
		die(EX_USAGE, msg);
	}
	name = pst_xstrndup(arg, (size_t)(colon - arg));
	if (pst_msg_reserved(name)) {
		snprintf(msg, sizeof msg, "-H %s: mkmsg writes this field itself",
		    name);
		die(EX_USAGE, msg);
	}
	colon++;
	while (*colon == ' ' || *colon == '\t')
		colon++;
	add_option_field(name, colon);
	free(name);
}

static void
parse_options(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "max-size", required_argument, NULL, 'M' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	while ((c = getopt_long(argc, argv, "a:b:c:df:hH:s:t:", longopts,
	    NULL)) != -1) {
		switch (c) {
		case 'a':
			opt.att = pst_xreallocarray(opt.att, opt.natt + 1,
			    sizeof *opt.att);
			opt.att[opt.natt++] = pst_xstrdup(optarg);
			break;
		case 'b': add_option_field("Bcc", optarg); break;
		case 'c': add_option_field("Cc", optarg); break;
		case 'd': opt.draft = 1; break;
		case 'f': add_option_field("From", optarg); break;
		case 'H': add_header_option(optarg); break;
		case 'M': opt.max_size = optarg; break;
		case 's': add_option_field("Subject", optarg); break;
		case 't': add_option_field("To", optarg); break;
		default: usage();
		}
	}
	if (optind != argc)
		usage();
}

/* All of stdin. */
static void
read_stdin(struct pst_buf *in)
{
	char msg[256];

	if (pst_buf_read_fd(in, STDIN_FILENO, 0, 0) < 0) {
		snprintf(msg, sizeof msg, "stdin: %s", strerror(errno));
		die(EX_IOERR, msg);
	}
}

/* user@host, the sender of last resort. */
static char *
user_at_host(void)
{
	struct passwd *pw = getpwuid(getuid());
	const char *user = pw ? pw->pw_name : getenv("USER");
	char host[256];
	struct pst_buf b = {0};

	if (gethostname(host, sizeof host) != 0)
		snprintf(host, sizeof host, "localhost");
	host[sizeof host - 1] = '\0';
	pst_buf_printf(&b, "%s@%s", user ? user : "nobody", host);
	return pst_buf_take(&b);
}

/* The configuration: From and the attachment limit may come from it. A
 * broken one is an error even when neither is taken from it. */
static void
load_config(struct pst_config *cfg, const struct pst_account **acct)
{
	char err[512];

	if (pst_config_load(NULL, cfg, err, sizeof err) < 0)
		die(EX_CONFIG, err);
	/* Settings given before any account count with no account. */
	if ((*acct = pst_config_account(cfg, NULL)) == NULL)
		*acct = &cfg->defaults;
}

/* The attachment limit: --max-size, else the config's max_attachment,
 * else 2 MiB. */
static unsigned long long
max_size(const struct pst_config *cfg, const struct pst_account *acct)
{
	const struct pst_setting *s = pst_account_find(acct, "max_attachment");
	unsigned long long n;
	char msg[512];

	if (opt.max_size != NULL) {
		if (pst_size_parse(opt.max_size, &n) != 0) {
			snprintf(msg, sizeof msg, "--max-size %s: not a size "
			    "(bytes, or with K, M or G)", opt.max_size);
			die(EX_USAGE, msg);
		}
		return n;
	}
	if (s == NULL)
		return DEFAULT_MAX_SIZE;
	if (pst_size_parse(s->value, &n) != 0) {
		snprintf(msg, sizeof msg, "%s:%u: max_attachment: \"%s\" is not "
		    "a size", cfg->path, s->line, s->value);
		die(EX_CONFIG, msg);
	}
	return n;
}

/* "~/x" in a draft's Attach: is $HOME/x, as a shell would make it. */
static char *
expand_home(const char *path)
{
	const char *home = getenv("HOME");
	struct pst_buf b = {0};

	if (path[0] != '~' || path[1] != '/' || home == NULL)
		return pst_xstrdup(path);
	pst_buf_printf(&b, "%s%s", home, path + 1);
	return pst_buf_take(&b);
}

static void
read_attachments(struct pst_message *m, char **specs, size_t n,
    unsigned long long max)
{
	struct pst_filetype *ft = NULL;
	char err[1024];
	size_t i;
	int rc;

	m->att = pst_xcalloc(n ? n : 1, sizeof *m->att);
	for (i = 0; i < n; i++) {
		rc = pst_attach_read(&m->att[i], specs[i], max, &ft, err,
		    sizeof err);
		if (rc != 0)
			die(rc, err);
		m->natt++;
	}
	pst_filetype_close(ft);
}

int
main(int argc, char **argv)
{
	struct pst_message m = {0};
	struct pst_config cfg = {0};
	const struct pst_account *acct = NULL;
	struct pst_msgout out;
	struct pst_buf in = {0};
	char **specs = NULL, err[1024];
	size_t nspecs = 0, i;
	const char *from;
	char *fallback = NULL;

	parse_options(argc, argv);
	read_stdin(&in);
	if (opt.draft) {
		if (pst_msg_from_draft(&m, pst_buf_str(&in), in.len, &specs,
		    &nspecs, err, sizeof err) != 0)
			die(EX_DATAERR, err);
		for (i = 0; i < nspecs; i++) {
			char *p = expand_home(specs[i]);

			free(specs[i]);
			specs[i] = p;
		}
	} else {
		m.body = pst_buf_str(&in);
		m.bodylen = in.len;
	}
	for (i = 0; i < opt.nf; i++)
		pst_msg_set(&m, opt.f[i].name, opt.f[i].value);
	for (i = 0; i < opt.natt; i++) {
		specs = pst_xreallocarray(specs, nspecs + 1, sizeof *specs);
		specs[nspecs++] = pst_xstrdup(opt.att[i]);
	}

	load_config(&cfg, &acct);
	if (pst_msg_get(&m, "from") == NULL) {
		from = pst_account_get(acct, "from");
		if (from == NULL)
			from = getenv("EMAIL");
		if (from == NULL || from[0] == '\0')
			from = fallback = user_at_host();
		pst_msg_set(&m, "From", from);
	}
	if (pst_msg_check_fields(&m, err, sizeof err) != 0 ||
	    pst_msg_check_body(&m, err, sizeof err) != 0)
		die(EX_DATAERR, err);
	read_attachments(&m, specs, nspecs, max_size(&cfg, acct));

	/* Whole before the first byte goes out: a failure writes nothing. */
	if (pst_msg_build(&m, time(NULL), &out, err, sizeof err) != 0)
		die(EX_DATAERR, err);
	if (pst_msgout_write(&out, STDOUT_FILENO) != 0) {
		snprintf(err, sizeof err, "stdout: %s", strerror(errno));
		die(EX_IOERR, err);
	}

	pst_msgout_free(&out);
	pst_msg_free(&m);
	pst_config_free(&cfg);
	pst_buf_free(&in);
	for (i = 0; i < nspecs; i++)
		free(specs[i]);
	free(specs);
	for (i = 0; i < opt.nf; i++) {
		free(opt.f[i].name);
		free(opt.f[i].value);
	}
	for (i = 0; i < opt.natt; i++)
		free(opt.att[i]);
	free(opt.f);
	free(opt.att);
	free(fallback);
	return 0;
}
