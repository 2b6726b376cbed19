/* fuzz_mime: parse a message, then render it every way mshow does; the
 * structure must stay inside the input and what is rendered for a terminal
 * must hold nothing that can act on one. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "charset.h"
#include "mime.h"
#include "render.h"
#include "sanitize.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Abort unless p[0..n) is valid UTF-8 without control characters other
 * than LF (and TAB when tabs is set), bidi overrides or C1 controls. */
static void
check_safe(const char *p, size_t n, int tabs)
{
	unsigned long cp;
	size_t i = 0, k;

	while (i < n) {
		k = pst_utf8_decode(p + i, n - i, &cp);
		if (k == 0)
			abort();
		if ((cp < 0x20 && cp != '\n' && !(tabs && cp == '\t')) ||
		    cp == 0x7F || (cp >= 0x80 && cp <= 0x9F) ||
		    (cp >= 0x202A && cp <= 0x202E) ||
		    (cp >= 0x2066 && cp <= 0x2069))
			abort();
		i += k;
	}
}

static void
check_part(const struct pst_mime *m, const struct pst_part *p,
    const char *msg, size_t size)
{
	if (p->raw < msg || p->raw + p->rawlen > msg + size ||
	    p->body < p->raw || p->body + p->bodylen != p->raw + p->rawlen)
		abort();
	if (p->depth > PST_MIME_MAX_DEPTH + 1 || p->ctype.token == NULL ||
	    strchr(p->ctype.token, '/') == NULL)
		abort();
	if (p->parent != NULL && p->depth != p->parent->depth + 1)
		abort();
	if (pst_mime_part(m, p->num) != p)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *msg = (const char *)data;
	struct pst_render_opts opts = {0};
	struct pst_buf out = {0}, prob = {0};
	struct pst_mime m;
	char name[256];
	int n;

	if (size > 256 * 1024)
		return 0;
	pst_mime_parse(msg, size, &m);
	if (m.root == NULL || m.nparts < 1 || m.nparts > PST_MIME_MAX_PARTS ||
	    m.root != m.parts[0])
		abort();

	n = pst_render_message(&m, &opts, &out, &prob);
	check_safe(out.p, out.len, 1);
	check_safe(prob.p, prob.len, 0);
	if (n < 0 || (n == 0) != (prob.len == 0))
		abort();

	pst_buf_reset(&out);
	opts.prefer = "text/html:text/*";
	opts.all_headers = 1;
	opts.width = 40;
	pst_render_message(&m, &opts, &out, &prob);
	check_safe(out.p, out.len, 1);

	pst_buf_reset(&out);
	pst_render_tree(&m, &out);
	check_safe(out.p, out.len, 0);

	for (size_t i = 0; i < m.nparts; i++) {
		const struct pst_part *p = m.parts[i];
		check_part(&m, p, msg, size);
		(void)pst_part_decoded_size(p);
		pst_buf_reset(&out);
		(void)pst_part_text(p, &out);
		if (!pst_utf8_valid(pst_buf_str(&out), out.len))
			abort();
		pst_safe_filename(p->filename, "part.bin", name, sizeof name);
		check_safe(name, strlen(name), 0);
		if (name[0] == '\0' || name[0] == '.' || strchr(name, '/') ||
		    strlen(name) > 200)
			abort();
	}
	pst_buf_free(&out);
	pst_buf_free(&prob);
	pst_mime_free(&m);
	return 0;
}
