/* sink: where a protocol engine hands the messages it fetches, piece by
 * piece as they come off the wire, so that none is held whole. */
#ifndef PST_SINK_H
#define PST_SINK_H

#include <stddef.h>

#include "err.h"

/* A message's wire text (CRLF, unstuffed) goes begin, data..., then end
 * with the message's number (IMAP: its UID; POP3: its message number),
 * or abort when it cannot be completed. A nonzero return, with *e set,
 * stops the fetch. */
struct pst_sink {
	int (*begin)(void *ctx, struct pst_err *e);
	int (*data)(void *ctx, const char *p, size_t n, struct pst_err *e);
	int (*end)(void *ctx, unsigned long num, struct pst_err *e);
	void (*abort)(void *ctx);
	void *ctx;
};

#endif
