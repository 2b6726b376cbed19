/* rfc2047: encoded words in header values.
 *
 * The decoder is liberal the way mail readers have to be: words glued to
 * other text ("foo=?utf-8?q?x?=bar", as Outlook writes), B text without
 * padding or with stray bytes, raw 8-bit text around the words.  Runs of
 * words in one charset are decoded to bytes first and converted together,
 * so a character split across two words (as many encoders do) survives.
 * Work is linear in the input: the searches for the end of a word are
 * memoized, so a header full of "=?" without "?=" costs no more than one
 * pass. */
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "charset.h"
#include "rfc2047.h"

#define CS_MAX	64	/* longest charset[*lang] label read as one */

/* One well-formed encoded word found at the start of a span. */
struct word {
	char cs[CS_MAX];	/* charset, without any *lang */
	int enc;		/* 'B' or 'Q' */
	const char *text;	/* the encoded text */
	size_t textlen;
	size_t len;		/* the whole word, "=?" to "?=" */
};

/* The first position at or after some point where a search succeeded;
 * positions only grow while decoding, so it is reused until passed. */
struct memo {
	size_t from, at;
	int valid;
};

/* What parse_word found. */
enum { NOT_WORD, WORD, UNKNOWN_CS };

/* Consecutive words in one charset, decoded but not yet converted. */
struct pending {
	char cs[CS_MAX];
	struct pst_buf bytes;
	int active;
};

static int
is_lws(int c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static int
all_lws(const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!is_lws((unsigned char)p[i]))
			return 0;
	return 1;
}

/* The index of the first "?=" at or after p in in[0..len), or len. */
static size_t
next_close(const char *in, size_t len, size_t p, struct memo *m)
{
	const char *q;

	if (m->valid && p >= m->from && p <= m->at)
		return m->at;
	m->from = p;
	m->at = len;
	m->valid = 1;
	while (p + 1 < len &&
	    (q = memchr(in + p, '?', len - 1 - p)) != NULL) {
		p = (size_t)(q - in);
		if (in[p + 1] == '=') {
			m->at = p;
			break;
		}
		p++;
	}
	return m->at;
}

/* The index of the first white space at or after p, or len. */
static size_t
next_lws(const char *in, size_t len, size_t p, struct memo *m)
{
	if (m->valid && p >= m->from && p <= m->at)
		return m->at;
	m->from = p;
	while (p < len && !is_lws((unsigned char)in[p]))
		p++;
	m->at = p;
	m->valid = 1;
	return p;
}

/* Read the encoded word that may start at in[i] ("=?" is there). */
static int
parse_word(const char *in, size_t len, size_t i, struct memo *close,
    struct memo *lws, struct word *w)
{
	size_t j, cs, cslen, t, end;
	unsigned char c;

	cs = i + 2;
	for (j = cs; j < len && j - cs < CS_MAX; j++) {
		c = (unsigned char)in[j];
		if (c == '?' || c <= ' ' || c >= 0x7f)
			break;
	}
	if (j >= len || in[j] != '?' || j + 2 >= len || in[j + 2] != '?')
		return NOT_WORD;
	for (cslen = 0; cs + cslen < j && in[cs + cslen] != '*'; cslen++)
		;
	if (cslen == 0 || j - cs >= CS_MAX)
		return NOT_WORD;
	switch (in[j + 1]) {
	case 'B': case 'b':
		w->enc = 'B';
		break;
	case 'Q': case 'q':
		w->enc = 'Q';
		break;
	default:
		return NOT_WORD;
	}
	t = j + 3;
	end = next_close(in, len, t, close);
	if (end == len || next_lws(in, len, t, lws) < end)
		return NOT_WORD;
	memcpy(w->cs, in + cs, cslen);
	w->cs[cslen] = '\0';
	w->text = in + t;
	w->textlen = end - t;
	w->len = end + 2 - i;
	return pst_charset_known(w->cs) ? WORD : UNKNOWN_CS;
}

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static int
b64val(int c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

/* Base64, liberal: bytes outside the alphabet are skipped, padding may be
 * missing, and '=' ends a quantum (some encoders concatenate padded
 * chunks). */
static void
decode_b(const char *p, size_t n, struct pst_buf *out)
{
	unsigned long acc = 0;
	int bits = 0, v;
	size_t i;

	for (i = 0; i < n; i++) {
		if (p[i] == '=') {
			acc = 0;
			bits = 0;
			continue;
		}
		if ((v = b64val((unsigned char)p[i])) < 0)
			continue;
		acc = (acc << 6) | (unsigned long)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			pst_buf_addc(out, (int)((acc >> bits) & 0xFF));
			acc &= (1UL << bits) - 1;
		}
	}
}

/* Q: '_' is a space, =XX a byte; a '=' without two hex digits stays. */
static void
decode_q(const char *p, size_t n, struct pst_buf *out)
{
	size_t i;
	int hi, lo;

	for (i = 0; i < n; i++) {
		if (p[i] == '_')
			pst_buf_addc(out, ' ');
		else if (p[i] == '=' && i + 2 < n &&
		    (hi = hexval((unsigned char)p[i + 1])) >= 0 &&
		    (lo = hexval((unsigned char)p[i + 2])) >= 0) {
			pst_buf_addc(out, hi << 4 | lo);
			i += 2;
		} else
			pst_buf_addc(out, p[i]);
	}
}

/* Text outside encoded words: UTF-8 when valid, else windows-1252. */
static void
add_text(const char *p, size_t n, struct pst_buf *out)
{
	if (n == 0)
		return;
	if (pst_utf8_valid(p, n))
		pst_buf_add(out, p, n);
	else
		pst_charset_to_utf8("windows-1252", p, n, out);
}

static void
flush_pending(struct pending *pd, struct pst_buf *out)
{
	if (!pd->active)
		return;
	if (pd->bytes.len > 0)
		pst_charset_to_utf8(pd->cs, pd->bytes.p, pd->bytes.len, out);
	pst_buf_reset(&pd->bytes);
	pd->active = 0;
}

/* Take in the word w; gap is the text since the previous word (or since
 * the start), which is dropped when it is only white space between two
 * words. */
static void
add_word(struct pending *pd, const struct word *w, const char *gap,
    size_t gaplen, struct pst_buf *out)
{
	if (!(pd->active && all_lws(gap, gaplen))) {
		flush_pending(pd, out);
		add_text(gap, gaplen, out);
	}
	if (pd->active && strcasecmp(pd->cs, w->cs) != 0)
		flush_pending(pd, out);
	if (!pd->active) {
		memcpy(pd->cs, w->cs, sizeof pd->cs);
		pd->active = 1;
	}
	if (w->enc == 'B')
		decode_b(w->text, w->textlen, &pd->bytes);
	else
		decode_q(w->text, w->textlen, &pd->bytes);
}

void
pst_rfc2047_decode(const char *in, size_t len, struct pst_buf *out)
{
	struct memo close = { 0, 0, 0 }, lws = { 0, 0, 0 };
	struct pending pd;
	struct word w;
	const char *eq;
	size_t i = 0, lit = 0;

	memset(&pd, 0, sizeof pd);
	while (i + 1 < len &&
	    (eq = memchr(in + i, '=', len - 1 - i)) != NULL) {
		i = (size_t)(eq - in);
		if (in[i + 1] != '?') {
			i++;
			continue;
		}
		switch (parse_word(in, len, i, &close, &lws, &w)) {
		case WORD:
			add_word(&pd, &w, in + lit, i - lit, out);
			i += w.len;
			lit = i;
			break;
		case UNKNOWN_CS:
			i += w.len;	/* kept as it stands, with the text */
			break;
		default:
			i++;
			break;
		}
	}
	flush_pending(&pd, out);
	add_text(in + lit, len - lit, out);
	pst_buf_free(&pd.bytes);
	if (out->p == NULL)
		pst_buf_add(out, "", 0);
}
