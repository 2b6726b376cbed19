/* sanitize: text made safe for a terminal. */
#ifndef PST_SANITIZE_H
#define PST_SANITIZE_H

#include <stddef.h>

#include "buf.h"

enum {
	PST_SAN_NEWLINES = 1,	/* keep LF and TAB (body text); else they become spaces */
};

/* Append in[0..len) to out so that nothing in it can act on a terminal:
 * invalid UTF-8, C0 controls (but LF and TAB with PST_SAN_NEWLINES), DEL,
 * ESC, C1 controls (U+0080-U+009F) and the bidirectional overrides
 * (U+202A-U+202E, U+2066-U+2069) each become U+FFFD; a CR before LF is
 * dropped. Valid printable UTF-8 passes unchanged. */
void pst_sanitize(const char *in, size_t len, int flags, struct pst_buf *out);

/* Reduce a file name from a message to a safe base name in out[0..size):
 * only what follows the last '/' or '\\', no control or invalid bytes (as
 * pst_sanitize, replaced by '_'), no leading dots, spaces or dashes (no
 * hidden file, nothing read as an option), no trailing dots or spaces, not
 * "." or "..", at most 200 bytes (cut on a character boundary, keeping an
 * extension). An empty result becomes `fallback`. Returns out. */
char *pst_safe_filename(const char *name, const char *fallback, char *out,
    size_t size);

#endif
