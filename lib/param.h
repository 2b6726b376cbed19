/* param: structured MIME header values (Content-Type, Content-Disposition). */
#ifndef PST_PARAM_H
#define PST_PARAM_H

#include <stddef.h>

#include "buf.h"

/* One parameter: name lowercased, value decoded to UTF-8. */
struct pst_param {
	char *name;
	char *value;
};

struct pst_params {
	char *token;	/* the value before the first ';', lowercased, or "" */
	struct pst_param *p;
	size_t n;
};

/* Parse the unfolded value in[0..len) as "token; name=value; ...": quoted
 * strings with escapes, comments, RFC 2231 continuations (name*0, name*1*,
 * in any order) and charsets (name*=charset'lang'%XX), RFC 2047 words inside
 * a quoted value (as many mailers send file names), missing quotes, stray
 * semicolons. A later duplicate of a name is ignored. Never fails; sets *ps
 * (free with pst_params_free). */
void pst_params_parse(const char *in, size_t len, struct pst_params *ps);

/* Release what pst_params_parse allocated. */
void pst_params_free(struct pst_params *ps);

/* The value of the parameter called name (case-insensitive), or NULL. */
const char *pst_params_get(const struct pst_params *ps, const char *name);

/* Append "; name=value" for a Content-Type or Content-Disposition value,
 * ready for pst_hdr_write: value (UTF-8) as a token when it is one, a quoted
 * string when it is printable ASCII, else in RFC 2231 form
 * (name*=UTF-8''%XX...); a value too long for one 78-column line is split
 * into RFC 2231 continuations ("; name*0*=...; name*1*=..."), whole UTF-8
 * characters and %XX escapes per piece. pst_params_parse reads it back
 * exactly. */
void pst_params_add(struct pst_buf *out, const char *name, const char *value);

#endif
