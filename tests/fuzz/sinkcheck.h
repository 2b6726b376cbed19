/* sinkcheck: a sink for the protocol engines' fuzz targets that aborts
 * when it is called out of turn (every begin gets exactly one end or
 * abort; data only in between), when it gets more bytes than the input
 * held, or a message number it was not to get; and that fails now and
 * then on purpose, as a full disk would, so the error paths run too. */
#ifndef SINKCHECK_H
#define SINKCHECK_H

#include <stdlib.h>

#include "err.h"
#include "sink.h"

struct checker {
	int open;
	unsigned long begins, ends;
	size_t bytes, limit;		/* limit: the input's size */
	const unsigned long *nums;	/* the numbers asked for, in order;
					 * NULL: any UID */
};

static int
k_begin(void *ctx, struct pst_err *e)
{
	struct checker *k = ctx;

	if (k->open)
		abort();
	/* Refuse every seventh, as a full disk would. */
	if (++k->begins % 7 == 0) {
		pst_err_set(e, 73, "begin refused");
		return -1;
	}
	k->open = 1;
	return 0;
}

static int
k_data(void *ctx, const char *p, size_t n, struct pst_err *e)
{
	struct checker *k = ctx;

	if (!k->open || n == 0 || p == NULL)
		abort();
	k->bytes += n;
	if (k->bytes > k->limit)
		abort();	/* more than the server said */
	if (p[0] == '!') {
		pst_err_set(e, 74, "disk full");
		return -1;
	}
	return 0;
}

static int
k_end(void *ctx, unsigned long num, struct pst_err *e)
{
	struct checker *k = ctx;

	if (!k->open)
		abort();
	if (k->nums != NULL ? num != k->nums[k->ends] :
	    num == 0 || num > 0xffffffffUL)
		abort();
	k->ends++;
	k->open = 0;
	if (num == 4) {
		pst_err_set(e, 74, "fsync failed");
		return -1;
	}
	return 0;
}

static void
k_abort(void *ctx)
{
	struct checker *k = ctx;

	if (!k->open)
		abort();
	k->open = 0;
}

#endif
