/* addr: RFC 5322 address lists. */
#ifndef PST_ADDR_H
#define PST_ADDR_H

#include <stddef.h>

#include "buf.h"

/* One mailbox of an address list. Strings are malloc'd UTF-8. */
struct pst_addr {
	char *name;	/* display name, decoded (RFC 2047, quotes, escapes), or NULL */
	char *mailbox;	/* "local@domain" as written (quotes kept), or "" if none */
	char *group;	/* name of the group it belongs to, or NULL */
};

/* Parse the unfolded header value in[0..len) as an address list: display
 * names, angle addresses, bare addresses, quoted strings, comments (a comment
 * after a bare address becomes its name when it has none), groups
 * ("team: a@x, b@y;"), obsolete routes, stray commas. Never fails: what cannot
 * be read as an address becomes an entry with that text as mailbox. Returns
 * the number of entries and sets *list (free with pst_addr_free). */
size_t pst_addr_parse(const char *in, size_t len, struct pst_addr **list);

/* Free a list returned by pst_addr_parse. */
void pst_addr_free(struct pst_addr *list, size_t n);

/* Append the list for a person to read: "Name <mailbox>, other@x", groups
 * as "group: a, b;". Names that need it are quoted. */
void pst_addr_format(const struct pst_addr *list, size_t n,
    struct pst_buf *out);

/* Append the list for a header field (From, To, Cc, ...), ready for
 * pst_hdr_write: "name <mailbox>" with the name through
 * pst_rfc2047_encode_phrase, a bare mailbox alone, the mailbox never
 * encoded; groups as "name: a, b;"; entries joined by ", ". */
void pst_addr_encode(const struct pst_addr *list, size_t n,
    struct pst_buf *out);

/* The first mailbox of the address list s ("Name <a@x>, b@y" gives
 * "a@x"), malloc'd; NULL when s is NULL or holds none. */
char *pst_addr_first(const char *s);

/* Whether mailbox is an address mail can be sent to: "local@domain", both
 * parts non-empty, no blank, control character or special outside a quoted
 * local part, the domain dot-atoms or a [literal]. UTF-8 (RFC 6531) is
 * allowed. */
int pst_addr_valid(const char *mailbox);

#endif
