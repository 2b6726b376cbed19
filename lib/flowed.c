/* flowed: text/plain; format=flowed (RFC 3676).
 *
 * Lines are read one at a time. Soft-broken lines of one quote depth
 * collect into a paragraph, which is written wrapped when it ends; a fixed
 * line that ends no flowed run is written as it is. */
#include <stddef.h>
#include <string.h>

#include "buf.h"
#include "flowed.h"
#include "width.h"

#define MAX_QUOTES	32	/* quote markers written at most */

struct para {
	struct pst_buf text;	/* the joined lines */
	size_t depth;		/* quote depth */
	int open;		/* flowed lines are being collected */
	int flowed;		/* some line of it was soft-broken */
};

/* The quote prefix for depth: "> " per level, without its trailing space
 * when nothing follows on the line. */
static void
put_prefix(struct pst_buf *out, size_t depth, int empty)
{
	size_t i;

	if (depth > MAX_QUOTES)
		depth = MAX_QUOTES;
	for (i = 0; i < depth; i++) {
		pst_buf_addc(out, '>');
		if (i + 1 < depth || !empty)
			pst_buf_addc(out, ' ');
	}
}

static size_t
prefix_cols(size_t depth)
{
	return 2 * (depth > MAX_QUOTES ? MAX_QUOTES : depth);
}

/* Write s[0..n) as lines of at most width columns, breaking at spaces
 * (the spaces at a break are dropped, a word longer than the line stands
 * alone), each with the quote prefix. Indentation at the start is kept. */
static void
put_wrapped(struct pst_buf *out, size_t depth, const char *s, size_t n,
    size_t width)
{
	size_t i = 0, col = 0;
	int line_open = 0, first = 1;

	while (n > 0 && s[n - 1] == ' ')
		n--;
	if (n == 0) {
		put_prefix(out, depth, 1);
		pst_buf_addc(out, '\n');
		return;
	}
	while (i < n) {
		size_t sp = i, w, wc;

		while (i < n && s[i] == ' ')
			i++;
		w = i;
		while (i < n && s[i] != ' ')
			i++;
		wc = pst_width(s + w, i - w);
		if (line_open && width > 0 && col + (w - sp) + wc > width) {
			pst_buf_addc(out, '\n');
			line_open = 0;
		}
		if (!line_open) {
			put_prefix(out, depth, 0);
			col = prefix_cols(depth);
			line_open = 1;
			if (first) {
				pst_buf_add(out, s + sp, w - sp);
				col += w - sp;
			}
		} else {
			pst_buf_add(out, s + sp, w - sp);
			col += w - sp;
		}
		pst_buf_add(out, s + w, i - w);
		col += wc;
		first = 0;
	}
	pst_buf_addc(out, '\n');
}

/* Write the paragraph collected so far: a fixed line alone as it is, a
 * flowed one wrapped. */
static void
para_end(struct para *p, size_t width, struct pst_buf *out)
{
	if (!p->open)
		return;
	if (p->flowed)
		put_wrapped(out, p->depth, p->text.p, p->text.len, width);
	else {
		put_prefix(out, p->depth, p->text.len == 0);
		pst_buf_add(out, p->text.p, p->text.len);
		pst_buf_addc(out, '\n');
	}
	pst_buf_reset(&p->text);
	p->open = 0;
	p->flowed = 0;
}

/* One line s[0..n), without its line end. */
static void
one_line(struct para *p, const char *s, size_t n, int delsp, size_t width,
    struct pst_buf *out)
{
	size_t depth = 0;
	int sig, soft;

	while (depth < n && s[depth] == '>')
		depth++;
	s += depth;
	n -= depth;
	if (n > 0 && s[0] == ' ') {	/* space-stuffing */
		s++;
		n--;
	}
	sig = n == 3 && memcmp(s, "-- ", 3) == 0;
	soft = !sig && n > 0 && s[n - 1] == ' ';
	/* A paragraph ends where the quote depth changes, and before a
	 * signature separator, flowed or not. */
	if (p->open && (depth != p->depth || sig))
		para_end(p, width, out);
	if (!p->open) {
		p->open = 1;
		p->depth = depth;
	}
	if (soft) {
		p->flowed = 1;
		if (delsp)
			n--;
	}
	pst_buf_add(&p->text, s, n);
	if (!soft)
		para_end(p, width, out);
}

void
pst_flowed_reflow(const char *in, size_t len, int delsp, int width,
    struct pst_buf *out)
{
	struct para p;
	size_t i = 0, w = width > 0 ? (size_t)width : 0;

	memset(&p, 0, sizeof p);
	while (i < len) {
		const char *nl = memchr(in + i, '\n', len - i);
		size_t end = nl ? (size_t)(nl - in) : len, n = end - i;

		if (n > 0 && in[end - 1] == '\r')
			n--;
		one_line(&p, in + i, n, delsp, w, out);
		i = nl ? end + 1 : len;
	}
	para_end(&p, w, out);
	pst_buf_free(&p.text);
}
