/* coll: a sink that keeps what it gets, for the engines' tests. */
#include "coll.h"

int
coll_begin(void *ctx, struct pst_err *e)
{
	struct coll *c = ctx;

	if (c->open)
		c->misuse++;
	if (c->fail_begin) {
		c->refused++;
		pst_err_set(e, 73, "begin refused");
		return -1;
	}
	c->begins++;
	c->open = 1;
	pst_buf_reset(&c->cur);
	return 0;
}

int
coll_data(void *ctx, const char *p, size_t n, struct pst_err *e)
{
	struct coll *c = ctx;

	if (!c->open)
		c->misuse++;
	if (c->fail_data) {
		pst_err_set(e, 74, "disk full");
		return -1;
	}
	pst_buf_add(&c->cur, p, n);
	return 0;
}

int
coll_end(void *ctx, unsigned long num, struct pst_err *e)
{
	struct coll *c = ctx;

	if (!c->open)
		c->misuse++;
	c->open = 0;
	c->ends++;
	if (c->fail_end) {
		pst_err_set(e, 74, "fsync failed");
		return -1;
	}
	pst_buf_printf(&c->got, "%lu:%zu:", num, c->cur.len);
	pst_buf_add(&c->got, pst_buf_str(&c->cur), c->cur.len);
	pst_buf_addc(&c->got, ';');
	return 0;
}

void
coll_abort(void *ctx)
{
	struct coll *c = ctx;

	if (!c->open)
		c->misuse++;
	c->open = 0;
	c->aborts++;
}

struct pst_sink
coll_sink(struct coll *c)
{
	struct pst_sink s = { coll_begin, coll_data, coll_end, coll_abort, c };

	return s;
}

void
coll_free(struct coll *c)
{
	pst_buf_free(&c->got);
	pst_buf_free(&c->cur);
}
