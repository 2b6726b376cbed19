/* submit: a message as smtp-send takes it: the header looked at, the
 * recipients found, Bcc removed, Date, Message-ID and From added. */
#ifndef PST_SUBMIT_H
#define PST_SUBMIT_H

#include <stddef.h>
#include <time.h>

#include "buf.h"

struct pst_submission {
	struct pst_buf msg;	/* the message to send, LF line ends kept */
	char **rcpt;		/* addresses, in order, no duplicates */
	size_t nrcpt;
	char *header_from;	/* the address of the From field, or NULL */
	int eightbit;		/* a byte >= 0x80 anywhere */
	int utf8_header;	/* one in the header (RFC 6532) */
};

/* Read the message in[0..len) into *sub (free with pst_submission_free):
 * refuse it when it is empty, has no header field, or has a line longer
 * than 998 octets; with take_header_rcpts, add the addresses of To, Cc
 * and Bcc to the recipients; remove every Bcc field; add Date and a
 * Message-ID (on sender's domain) when missing, and a From (display name
 * name when not NULL, address sender) when missing. Returns 0, or -1 with
 * one line in err[0..errsize) (the caller exits 65). */
int pst_submission_read(struct pst_submission *sub, const char *in,
    size_t len, int take_header_rcpts, const char *sender, const char *name,
    time_t now, char *err, size_t errsize);

/* Add rcpt (an address, or a list "a, B <b>") to the recipients, once
 * each. Returns 0, or -1 when an entry is not an address, with err set. */
int pst_submission_add_rcpt(struct pst_submission *sub, const char *rcpt,
    char *err, size_t errsize);

/* Release what sub holds. */
void pst_submission_free(struct pst_submission *sub);

#endif
