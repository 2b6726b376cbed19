/* sanitize: text made safe for a terminal. */
#include <string.h>

#include "charset.h"
#include "sanitize.h"

#define REPLACEMENT "\xEF\xBF\xBD"	/* U+FFFD */

/* Whether code point cp must not reach a terminal as it is. */
static int
dangerous(unsigned long cp, int flags)
{
	if (cp == '\n' || cp == '\t')
		return !(flags & PST_SAN_NEWLINES);
	if (cp < 0x20 || cp == 0x7F)
		return 1;
	if (cp >= 0x80 && cp <= 0x9F)
		return 1;
	/* Bidirectional embeddings, overrides and isolates reorder what
	 * follows them: a file name "cod\u202Etxt.exe" would read "codexe.txt". */
	if ((cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069))
		return 1;
	return 0;
}

void
pst_sanitize(const char *in, size_t len, int flags, struct pst_buf *out)
{
	size_t i = 0, start = 0;

	while (i < len) {
		unsigned char c = (unsigned char)in[i];
		unsigned long cp;
		size_t n;

		/* Printable ASCII is most text: pass it in runs. */
		if (c >= 0x20 && c < 0x7F) {
			i++;
			continue;
		}
		if (c == '\r' && i + 1 < len && in[i + 1] == '\n') {
			pst_buf_add(out, in + start, i - start);
			start = ++i;
			continue;
		}
		n = pst_utf8_decode(in + i, len - i, &cp);
		if (n > 0 && !dangerous(cp, flags)) {
			i += n;
			continue;
		}
		pst_buf_add(out, in + start, i - start);
		if (n > 0 && (cp == '\n' || cp == '\t'))
			pst_buf_addc(out, ' ');
		else
			pst_buf_add(out, REPLACEMENT, 3);
		i += n ? n : 1;
		start = i;
	}
	pst_buf_add(out, in + start, i - start);
}

/* Length of the longest prefix of s[0..n) that ends on a character
 * boundary and is at most max bytes. */
static size_t
cut_utf8(const char *s, size_t n, size_t max)
{
	size_t i = 0, k;

	while (i < n) {
		k = pst_utf8_decode(s + i, n - i, NULL);
		if (k == 0)
			k = 1;
		if (i + k > max)
			break;
		i += k;
	}
	return i;
}

/* Append name[0..len) to b with every invalid or dangerous character
 * (line ends and tabs included) replaced by '_'. */
static void
add_clean_name(struct pst_buf *b, const char *name, size_t len)
{
	size_t i = 0, n;
	unsigned long cp;

	while (i < len) {
		n = pst_utf8_decode(name + i, len - i, &cp);
		if (n == 0 || dangerous(cp, 0)) {
			pst_buf_addc(b, '_');
			i += n ? n : 1;
		} else {
			pst_buf_add(b, name + i, n);
			i += n;
		}
	}
}

char *
pst_safe_filename(const char *name, const char *fallback, char *out,
    size_t size)
{
	struct pst_buf b = {0};
	const char *base = name ? name : "", *p, *s, *dot = NULL;
	size_t len, max, extlen, head;

	if (size == 0)
		return out;
	for (p = base; *p; p++)
		if (*p == '/' || *p == '\\')
			base = p + 1;
	add_clean_name(&b, base, strlen(base));
	s = pst_buf_str(&b);
	/* No hidden files, nothing that reads as an option. */
	while (*s == '.' || *s == ' ' || *s == '-')
		s++;
	len = strlen(s);
	while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '.'))
		len--;
	for (p = s; p < s + len; p++)
		if (*p == '.')
			dot = p;
	max = size - 1 < 200 ? size - 1 : 200;
	extlen = dot ? len - (size_t)(dot - s) : 0;
	if (len <= max) {
		memcpy(out, s, len);
	} else if (extlen > 0 && extlen < max / 2) {
		/* Cut the stem, keep the extension. */
		head = cut_utf8(s, len - extlen, max - extlen);
		memcpy(out, s, head);
		memcpy(out + head, dot, extlen);
		len = head + extlen;
	} else {
		len = cut_utf8(s, len, max);
		memcpy(out, s, len);
	}
	out[len] = '\0';
	pst_buf_free(&b);
	if (len == 0 && fallback != NULL)
		return pst_safe_filename(fallback, NULL, out, size);
	return out;
}
