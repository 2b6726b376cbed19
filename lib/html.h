/* html: HTML rendered as readable plain text. */
#ifndef PST_HTML_H
#define PST_HTML_H

#include <stddef.h>

#include "buf.h"

/* Render the UTF-8 HTML in[0..len) as plain text for a terminal `width`
 * columns wide, appending UTF-8 to out: block elements (p, div, h1-h6, br,
 * tr, li, blockquote, pre, hr) become line and paragraph breaks, white space
 * collapses outside <pre>, lists get "* " or "1. " markers with nesting,
 * blockquotes "> ", links are listed as numbered references ("text [1]",
 * and "[1] URL" lines at the end), images show their alt text, character
 * references (named, decimal, hex) are decoded, comments, <script>, <style>,
 * <head> and <title> are dropped. Paragraphs are wrapped at width (0: not
 * wrapped). Tolerates any input: unclosed tags, stray '<', bad entities. The
 * output may hold control characters from the input: sanitise it. */
void pst_html_to_text(const char *in, size_t len, int width,
    struct pst_buf *out);

/* Find the charset an HTML document declares for itself (<meta charset=...>
 * or <meta http-equiv="Content-Type" content="...; charset=...">) in its
 * first 4 KiB. Copies it NUL-terminated into cs[0..size) and returns 0, or
 * returns -1 when there is none (or it does not fit). */
int pst_html_meta_charset(const char *in, size_t len, char *cs, size_t size);

#endif
