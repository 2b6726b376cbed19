/* mshow: render messages for a person reading in a terminal; list,
 * extract or dump their parts. */
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/ioctl.h>
#include <sysexits.h>
#include <unistd.h>

#include "buf.h"
#include "extract.h"
#include "mime.h"
#include "render.h"
#include "sanitize.h"
#include "source.h"

enum mode { VIEW, TREE, EXTRACT, DUMP_PART, RAW };

static struct {
	enum mode mode;
	struct pst_render_opts render;
	const char *part;	/* -O */
	const char *dir;	/* -d */
	long only;		/* -n: the only message shown, or 0 */
	char **parts;		/* -x: the parts named, or none: all attachments */
	int nparts;
	int tty;		/* stdout is a terminal */
} opt;

static FILE *out;		/* stdout or the pager */
static FILE *pager;
static int status;		/* the exit status so far */
static int out_broken;		/* the reader went away: stop quietly */
static long msgno;		/* messages seen, for -n */
static int dirfd_x = AT_FDCWD;

static void
usage(void)
{
	fputs("usage: mshow [-H] [-h headers] [-A types] [-n N] [message ...]\n"
	    "       mshow -t [-n N] [message ...]\n"
	    "       mshow -x [-d dir] [-n N] [message [part ...]]\n"
	    "       mshow -O part [-n N] [message ...]\n"
	    "       mshow -r [-n N] [message ...]\n", stderr);
	exit(EX_USAGE);
}

/* Report "mshow: what: why" (or "mshow: what" when why is NULL),
 * sanitised, and remember the first status. */
static void
fail(int code, const char *what, const char *why)
{
	struct pst_buf line = {0}, clean = {0};

	pst_buf_adds(&line, what);
	if (why != NULL)
		pst_buf_printf(&line, ": %s", why);
	pst_sanitize(pst_buf_str(&line), line.len, 0, &clean);
	fprintf(stderr, "mshow: %s\n", pst_buf_str(&clean));
	pst_buf_free(&line);
	pst_buf_free(&clean);
	if (status == 0)
		status = code;
}

/* Report a problem with part `part` (a number or a name) of message name. */
static void
fail_part(int code, const char *name, const char *part, const char *why)
{
	struct pst_buf what = {0};

	pst_buf_printf(&what, "%s: part %s", name, part);
	fail(code, pst_buf_str(&what), why);
	pst_buf_free(&what);
}

/* The pager, started before the first byte of a view (when stdout is a
 * terminal and $PAGER is not empty or "cat"). */
static void
start_pager(void)
{
	const char *cmd = getenv("PAGER");

	if (out != NULL)
		return;
	out = stdout;
	if (!opt.tty || opt.mode == EXTRACT || opt.mode == DUMP_PART ||
	    opt.mode == RAW)
		return;
	if (cmd == NULL)
		cmd = "less -R";
	if (cmd[0] == '\0' || strcmp(cmd, "cat") == 0)
		return;
	/* Like git: quit at once when it fits, keep the screen. */
	if (setenv("LESS", getenv("LESS") ? getenv("LESS") : "FRX", 1) < 0)
		return;
	fflush(stdout);
	if ((pager = popen(cmd, "w")) != NULL)
		out = pager;
}

static void
emit(const char *p, size_t n)
{
	if (out_broken || n == 0)
		return;
	start_pager();
	if (fwrite(p, 1, n, out) != n) {
		if (errno != EPIPE)
			fail(EX_IOERR, "output", strerror(errno));
		out_broken = 1;
	}
}

static void
emit_buf(const struct pst_buf *b)
{
	emit(pst_buf_str(b), b->len);
}

/* Bytes meant for a program: raw to a pipe or file, sanitised to a
 * terminal. */
static void
emit_product(const char *p, size_t n)
{
	struct pst_buf clean = {0};

	if (!opt.tty) {
		emit(p, n);
		return;
	}
	pst_sanitize(p, n, PST_SAN_NEWLINES, &clean);
	emit_buf(&clean);
	pst_buf_free(&clean);
}

/* Report the problems render found, one line each. */
static void
report_problems(const char *name, const struct pst_buf *problems)
{
	const char *s = pst_buf_str(problems), *nl;
	char line[1024];

	for (; (nl = strchr(s, '\n')) != NULL; s = nl + 1) {
		if (snprintf(line, sizeof line, "%.*s", (int)(nl - s), s) < 0)
			continue;
		fail(EX_DATAERR, name, line);
	}
}

/* The part called spec (a number, or a file name or pattern), or NULL. */
static struct pst_part *
find_part(const struct pst_mime *m, const char *spec)
{
	char *end;
	long num = strtol(spec, &end, 10);

	if (end != spec && *end == '\0')
		return pst_mime_part(m, (int)num);
	for (size_t i = 0; i < m->nparts; i++)
		if (m->parts[i]->filename != NULL &&
		    fnmatch(spec, m->parts[i]->filename, 0) == 0)
			return m->parts[i];
	return NULL;
}

static void
extract_one(const char *name, const struct pst_part *p)
{
	char num[16], fallback[32], saved[512];
	struct pst_buf line = {0};

	if (snprintf(num, sizeof num, "%d", p->num) < 0 ||
	    snprintf(fallback, sizeof fallback, "part-%d", p->num) < 0)
		return;
	if (pst_extract_part(p, dirfd_x, fallback, saved, sizeof saved) < 0) {
		fail_part(EX_CANTCREAT, name, num, strerror(errno));
		return;
	}
	if (opt.dir != NULL)
		pst_buf_printf(&line, "%s/", opt.dir);
	pst_buf_adds(&line, saved);
	pst_buf_addc(&line, '\n');
	emit_product(pst_buf_str(&line), line.len);
	pst_buf_free(&line);
}

/* Whether p is an attachment that -x saves when no part is named. */
static int
is_attachment(const struct pst_part *p)
{
	if (p->child != NULL || pst_part_is(p, "multipart/"))
		return 0;
	return p->filename != NULL ||
	    strcasecmp(p->disp.token, "attachment") == 0;
}

static void
extract(const char *name, const struct pst_mime *m)
{
	struct pst_part *p;

	if (opt.nparts == 0) {
		for (size_t i = 0; i < m->nparts; i++)
			if (is_attachment(m->parts[i]))
				extract_one(name, m->parts[i]);
		return;
	}
	for (int i = 0; i < opt.nparts; i++) {
		if ((p = find_part(m, opt.parts[i])) == NULL) {
			fail_part(EX_DATAERR, name, opt.parts[i], "no such part");
			continue;
		}
		extract_one(name, p);
	}
}

static int
product_sink(void *ctx, const char *p, size_t n)
{
	(void)ctx;
	emit(p, n);
	return out_broken ? -1 : 0;
}

static void
dump_part(const char *name, const struct pst_mime *m)
{
	struct pst_part *p = find_part(m, opt.part);
	struct pst_buf b = {0};

	if (p == NULL) {
		fail_part(EX_DATAERR, name, opt.part, "no such part");
		return;
	}
	if (opt.tty) {
		pst_decode(p->child ? PST_CTE_7BIT : p->cte, p->body,
		    p->bodylen, &b);
		emit_product(pst_buf_str(&b), b.len);
		pst_buf_free(&b);
		return;
	}
	start_pager();
	fflush(out);
	/* Straight to stdout, in pieces: a large part costs no memory. */
	pst_decode_stream(p->child ? PST_CTE_7BIT : p->cte, p->body,
	    p->bodylen, product_sink, NULL);
}

static void
show(const struct pst_msg *msg, int many, int first)
{
	struct pst_mime m;
	struct pst_buf b = {0}, problems = {0};

	if (opt.mode == RAW) {
		emit_product(msg->data, msg->len);
		return;
	}
	pst_mime_parse(msg->data, msg->len, &m);
	switch (opt.mode) {
	case EXTRACT:
		extract(msg->name, &m);
		break;
	case DUMP_PART:
		dump_part(msg->name, &m);
		break;
	case TREE:
		pst_sanitize(msg->name, strlen(msg->name), 0, &b);
		pst_buf_addc(&b, '\n');
		pst_render_tree(&m, &b);
		break;
	default:
		if (many) {
			pst_buf_adds(&b, first ? "==> " : "\n==> ");
			pst_sanitize(msg->name, strlen(msg->name), 0, &b);
			pst_buf_adds(&b, " <==\n");
		}
		if (msg->len == 0)
			pst_buf_adds(&problems, "empty message\n");
		pst_render_message(&m, &opt.render, &b, &problems);
		break;
	}
	emit_buf(&b);
	report_problems(msg->name, &problems);
	pst_buf_free(&b);
	pst_buf_free(&problems);
	pst_mime_free(&m);
}

/* Show the messages named by arg. */
static void
show_source(const char *arg, int nargs)
{
	struct pst_source s;
	struct pst_msg msg;
	char err[4200];
	int rc, many;

	if (pst_source_open(&s, arg, err, sizeof err) < 0) {
		fail(EX_NOINPUT, err, NULL);
		return;
	}
	many = nargs > 1 || pst_source_many(&s);
	while (!out_broken && (rc = pst_source_next(&s, &msg, err,
	    sizeof err)) != 0) {
		if (rc < 0) {
			fail(EX_NOINPUT, err, NULL);
			continue;
		}
		msgno++;
		if (opt.only && msgno != opt.only)
			continue;
		show(&msg, many && !opt.only, msgno == 1);
		if (opt.only)
			break;
	}
	pst_source_close(&s);
}

static int
terminal_width(void)
{
	const char *c = getenv("COLUMNS");
	int w = c ? atoi(c) : 0;
#ifdef TIOCGWINSZ
	struct winsize ws;

	if (w <= 0 && opt.tty && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0)
		w = ws.ws_col;
#endif
	if (w <= 0 || w > 80)
		w = 80;
	return w < 20 ? 20 : w;
}

int
main(int argc, char **argv)
{
	char *end;
	int c, i;

	while ((c = getopt(argc, argv, "A:d:h:Hn:O:rtx")) != -1) {
		switch (c) {
		case 'A': opt.render.prefer = optarg; break;
		case 'd': opt.dir = optarg; break;
		case 'h': opt.render.headers = optarg; break;
		case 'H': opt.render.all_headers = 1; break;
		case 'n':
			errno = 0;
			opt.only = strtol(optarg, &end, 10);
			if (errno || end == optarg || *end || opt.only < 1) {
				fprintf(stderr, "mshow: -n %s: not a message "
				    "number (1, 2, ...)\n", optarg);
				return EX_USAGE;
			}
			break;
		case 'O': opt.mode = DUMP_PART; opt.part = optarg; break;
		case 'r': opt.mode = RAW; break;
		case 't': opt.mode = TREE; break;
		case 'x': opt.mode = EXTRACT; break;
		default: usage();
		}
	}
	argc -= optind;
	argv += optind;
	opt.tty = isatty(STDOUT_FILENO);
	opt.render.width = terminal_width();
	signal(SIGPIPE, SIG_IGN);

	if (opt.mode == EXTRACT) {
		if (opt.dir != NULL &&
		    (dirfd_x = open(opt.dir, O_RDONLY | O_DIRECTORY)) < 0) {
			fail(EX_CANTCREAT, opt.dir, strerror(errno));
			return status;
		}
		opt.parts = argc > 1 ? argv + 1 : NULL;
		opt.nparts = argc > 1 ? argc - 1 : 0;
		show_source(argc > 0 ? argv[0] : "-", 1);
	} else if (argc == 0) {
		show_source("-", 1);
	} else {
		for (i = 0; i < argc && !out_broken; i++)
			show_source(argv[i], argc);
	}
	if (opt.only && msgno < opt.only)
		fail(EX_NOINPUT, "-n", "no such message in the input");
	if (out != NULL && fflush(out) != 0 && errno != EPIPE && !out_broken)
		fail(EX_IOERR, "output", strerror(errno));
	if (pager != NULL)
		pclose(pager);
	return status;
}
