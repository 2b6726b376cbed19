/* coll: a sink for the protocol engines' tests that keeps what it gets
 * and counts how it is called. */
#ifndef COLL_H
#define COLL_H

#include "buf.h"
#include "err.h"
#include "sink.h"

struct coll {
	struct pst_buf got;	/* "NUM:LEN:bytes;" for each message ended */
	struct pst_buf cur;
	int open, begins, ends, aborts, refused, misuse;
	int fail_begin, fail_data, fail_end;
};

/* The sink's calls: begin, data and end refuse (73, 74, 74) when told to
 * by fail_begin, fail_data, fail_end; a call out of turn counts in
 * misuse. */
int coll_begin(void *ctx, struct pst_err *e);
int coll_data(void *ctx, const char *p, size_t n, struct pst_err *e);
int coll_end(void *ctx, unsigned long num, struct pst_err *e);
void coll_abort(void *ctx);

/* The sink that hands what it gets to c. */
struct pst_sink coll_sink(struct coll *c);

/* Release what c holds. */
void coll_free(struct coll *c);

#endif
