/* verify: whether an address exists, asked of its domain's mail server
 * without sending mail. */
#define _DEFAULT_SOURCE		/* libresolv's types and ns_* parsers */
#include <sys/types.h>
#include <netinet/in.h>
#include <arpa/nameser.h>
#include <netdb.h>
#include <resolv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "msgid.h"
#include "smtp.h"
#include "verify.h"

static int
by_pref(const void *a, const void *b)
{
	const struct pst_mx *x = a, *y = b;

	return (x->pref > y->pref) - (x->pref < y->pref);
}

int
pst_mx_parse(const unsigned char *ans, int len, struct pst_mx *mx, int max)
{
	ns_msg msg;
	ns_rr rr;
	int i, n = 0, count;

	if (ns_initparse(ans, len, &msg) != 0)
		return -1;
	count = ns_msg_count(msg, ns_s_an);
	for (i = 0; i < count && n < max; i++) {
		if (ns_parserr(&msg, ns_s_an, i, &rr) != 0)
			return -1;
		if (ns_rr_type(rr) != ns_t_mx || ns_rr_rdlen(rr) < 3)
			continue;
		mx[n].pref = ns_get16(ns_rr_rdata(rr));
		if (ns_name_uncompress(ns_msg_base(msg), ns_msg_end(msg),
		    ns_rr_rdata(rr) + 2, mx[n].host, sizeof mx[n].host) < 0)
			return -1;
		n++;
	}
	qsort(mx, (size_t)n, sizeof *mx, by_pref);
	return n;
}

int
pst_mx_lookup(const char *domain, struct pst_mx *mx, int max)
{
	unsigned char ans[8192];
	int len, n;

	if (max < 1)
		return 0;
	len = res_query(domain, ns_c_in, ns_t_mx, ans, sizeof ans);
	if (len < 0) {
		/* No such domain, or no MX: then the domain is its own. */
		if (h_errno == HOST_NOT_FOUND)
			return 0;
		if (h_errno != NO_DATA)
			return -1;
		n = 0;
	} else if ((n = pst_mx_parse(ans, len, mx, max)) < 0)
		return -1;
	if (n == 1 && (mx[0].host[0] == '\0' || strcmp(mx[0].host, ".") == 0))
		return 0;	/* RFC 7505: "no mail here" */
	if (n == 0) {
		mx[0].pref = 0;
		snprintf(mx[0].host, sizeof mx[0].host, "%s", domain);
		n = 1;
	}
	return n;
}

/* Append "label: value" for the report. */
static void
line(struct pst_buf *out, const char *label, const char *fmt, const char *a,
    int code, const char *text)
{
	pst_buf_printf(out, "%-13s", label);
	pst_buf_printf(out, fmt, a, code, text);
	pst_buf_addc(out, '\n');
}

enum pst_verdict
pst_verify(const char *url, const char *address, long timeout, int verbose,
    struct pst_buf *out)
{
	struct pst_smtp_opts o = {0};
	struct pst_smtp_err e = {0};
	struct pst_smtp *s;
	struct pst_buf cmd = {0};
	const char *at = strrchr(address, '@');
	char text[1024], word[17];
	int code, other;
	enum pst_verdict v = PST_VERIFY_UNKNOWN;

	o.url = url;
	o.tls = 2;
	o.timeout = timeout;
	o.verbose = verbose;
	pst_buf_printf(out, "%-13s%s\n", "server:", url);
	if ((s = pst_smtp_open(&o, &e)) == NULL) {
		pst_buf_printf(out, "%-13s%s\n", "no answer:",
		    pst_buf_str(&e.msg));
		v = PST_VERIFY_NO_ANSWER;
		goto done;
	}
	if (pst_smtp_ask(s, "MAIL FROM:<>", &code, text, sizeof text, &e) != 0)
		goto broken;
	if (code / 100 != 2) {
		line(out, "MAIL FROM:", "<%s> %d %s", "", code, text);
		goto quit;
	}
	pst_buf_printf(&cmd, "RCPT TO:<%s>", address);
	if (pst_smtp_ask(s, pst_buf_str(&cmd), &code, text, sizeof text,
	    &e) != 0)
		goto broken;
	line(out, "RCPT TO:", "<%s> %d %s", address, code, text);
	v = code / 100 == 2 ? PST_VERIFY_ACCEPTED : code / 100 == 5 ?
	    PST_VERIFY_REFUSED : PST_VERIFY_UNKNOWN;

	/* A server that takes a made-up address takes any: its yes means
	 * nothing. */
	if (v == PST_VERIFY_ACCEPTED && at != NULL &&
	    pst_random_word(word, 16) == 0) {
		pst_buf_reset(&cmd);
		pst_buf_printf(&cmd, "RCPT TO:<posta-verify-%s%s>", word, at);
		if (pst_smtp_ask(s, pst_buf_str(&cmd), &other, text,
		    sizeof text, &e) != 0)
			goto broken;
		if (other / 100 == 2) {
			pst_buf_printf(out, "%-13s%s\n", "accept-all:",
			    "the server also takes a made-up address at the "
			    "domain, so its yes says nothing");
			v = PST_VERIFY_UNKNOWN;
		}
	}
	if (pst_smtp_has(s, "VRFY", NULL)) {
		pst_buf_reset(&cmd);
		pst_buf_printf(&cmd, "VRFY %s", address);
		if (pst_smtp_ask(s, pst_buf_str(&cmd), &code, text,
		    sizeof text, &e) != 0)
			goto broken;
		line(out, "VRFY:", "%s%d %s", "", code, text);
	}
quit:
	(void)pst_smtp_ask(s, "RSET", &code, text, sizeof text, &e);
	pst_smtp_close(s);
	goto done;
broken:
	pst_buf_printf(out, "%-13s%s\n", "broken:", pst_buf_str(&e.msg));
	v = PST_VERIFY_UNKNOWN;
	pst_smtp_close(s);
done:
	pst_smtp_err_free(&e);
	pst_buf_free(&cmd);
	return v;
}
