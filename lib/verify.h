/* verify: whether an address exists, asked of its domain's mail server
 * without sending mail (smtp-send --verify). */
#ifndef PST_VERIFY_H
#define PST_VERIFY_H

#include <stddef.h>

#include "buf.h"

/* One mail exchanger. */
struct pst_mx {
	int pref;
	char host[256];
};

/* Read the MX records of a DNS answer ans[0..len) into mx (at most max),
 * sorted by preference. Returns how many, or -1 when ans is not a DNS
 * answer. */
int pst_mx_parse(const unsigned char *ans, int len, struct pst_mx *mx,
    int max);

/* Look up the mail exchangers of domain (libresolv): its MX records, else
 * the domain itself (RFC 5321 5.1). Returns how many, 0 when the domain
 * does not exist or has a null MX (RFC 7505), -1 when DNS cannot answer. */
int pst_mx_lookup(const char *domain, struct pst_mx *mx, int max);

/* The verdict on one address. */
enum pst_verdict {
	PST_VERIFY_ACCEPTED,	/* the server takes mail for it */
	PST_VERIFY_REFUSED,	/* a 5xx to RCPT TO */
	PST_VERIFY_UNKNOWN,	/* greylisting (4xx), accept-all, a broken
				 * conversation */
	PST_VERIFY_NO_ANSWER,	/* the server could not be reached */
};

/* Ask the server at url (smtp://host:port, STARTTLS when offered) about
 * address: MAIL FROM:<>, RCPT TO:<address>, RCPT TO a made-up address of
 * the same domain (a server that accepts that accepts anything), VRFY when
 * offered, then RSET and QUIT. Appends a report for a person to out, one
 * "label: value" line each, and returns the verdict. timeout is in
 * seconds; verbose prints the transcript on stderr. */
enum pst_verdict pst_verify(const char *url, const char *address,
    long timeout, int verbose, struct pst_buf *out);

#endif
