/* render: messages shown as text for a person. */
#ifndef PST_RENDER_H
#define PST_RENDER_H

#include <stddef.h>

#include "buf.h"
#include "mime.h"

#define PST_RENDER_HEADERS	"from:to:cc:date:subject"
#define PST_RENDER_ALTERNATIVES	"text/plain:text/html"

struct pst_render_opts {
	const char *headers;	/* colon-separated names to show, or NULL */
	int all_headers;	/* show every header field, decoded */
	const char *prefer;	/* alternatives preferred, colon-separated, or NULL */
	int width;		/* columns for HTML and flowed text (0: no wrap) */
};

/* Append message m for a terminal: the chosen header fields, decoded, then
 * the body: text parts decoded and converted to UTF-8, HTML rendered as
 * text, format=flowed reflowed, one alternative of multipart/alternative
 * (the first type of opts->prefer present; the others listed), embedded
 * messages framed with "| ", every other part listed as one line. All of
 * it sanitised. Each problem met (an unknown charset, a broken structure)
 * is appended to problems as a line "part N: what"; returns their number. */
int pst_render_message(const struct pst_mime *m,
    const struct pst_render_opts *opts, struct pst_buf *out,
    struct pst_buf *problems);

/* Append "Name: value" and a line end for field f, decoded and sanitised. */
void pst_render_field(const struct pst_field *f, struct pst_buf *out);

/* Append the MIME tree of m, one line per part, indented by depth:
 * "  N: type charset=X size=BYTES name="FILE"" (size decoded). Sanitised. */
void pst_render_tree(const struct pst_mime *m, struct pst_buf *out);

/* Append the decoded, UTF-8 text of part p (converted from its charset,
 * or an HTML part's own <meta> charset). Returns 0, or -1 when the charset
 * is unknown (the text is then there, repaired as UTF-8). Not sanitised. */
int pst_part_text(const struct pst_part *p, struct pst_buf *out);

/* Append a person's description of part p's size: "812 B", "48 KiB",
 * "3.1 MiB". */
void pst_render_size(size_t n, struct pst_buf *out);

#endif
