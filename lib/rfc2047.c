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
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "charset.h"
#include "mem.h"
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

/* ---- encoding ------------------------------------------------------------
 *
 * The text is cut at spaces into words.  A word that can stay as it is
 * stays; consecutive words that cannot, with the spaces between them,
 * become one run of encoded words.  Where the text is cut into words only
 * spaces count: a tab or other control character makes its word one that
 * needs encoding, so that it comes back exactly (a fold or a decoder could
 * turn a raw tab into a space).
 *
 * Blanks a reader would lose are put inside a run: those at the start
 * and the end of the text (the header parser trims them), and in a phrase
 * every run of blanks other than one space (an address parser joins the
 * words of a phrase with one space).
 *
 * The value will follow "Field-Name: " on the first line, and this code
 * does not know the name: the first word it writes is kept short enough
 * to share the line with a name of up to 24 characters.  Every later word
 * fits on a continuation line of its own. */

#define EW_MAX		75	/* longest encoded word, RFC 2047 section 2 */
#define EW_LINE		76	/* longest line holding an encoded word */
#define TEXT_LINE	78	/* longest line otherwise, RFC 5322 */
#define EW_OVERHEAD	12	/* "=?UTF-8?Q?" and "?=" */
#define NAME_ROOM	26	/* "Field-Name: " beside the first word */
#define FIRST_EW_MAX	(EW_LINE - NAME_ROOM)
#define FIRST_PLAIN_MAX	(TEXT_LINE - NAME_ROOM)
#define PLAIN_MAX	(TEXT_LINE - 1)	/* " word" alone on a line */

enum ew_mode { EW_TEXT, EW_PHRASE };

/* A word of the text: in[s..e), no space inside. */
struct ew_word {
	size_t s, e;
	int enc;	/* must be inside an encoded word */
};

static const char hexdigits[] = "0123456789ABCDEF";

/* Whether c is atext (RFC 5322 section 3.2.3), ASCII only. */
static int
is_atext(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || (c != '\0' &&
	    strchr("!#$%&'*+-/=?^_`{|}~", c) != NULL);
}

/* Whether byte c may stand for itself in Q text: RFC 2047 section 5(1)
 * for unstructured text (printable ASCII but "=?_"), 5(3) in a phrase. */
static int
q_literal(int c, enum ew_mode mode)
{
	if (mode == EW_PHRASE)
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || (c != '\0' &&
		    strchr("!*+-/", c) != NULL);
	return c > ' ' && c < 0x7F && c != '=' && c != '?' && c != '_';
}

/* The length of the character at p[0..n): a whole UTF-8 sequence, or one
 * byte where the input is not valid UTF-8 (against the contract, but the
 * encoding must still end). */
static size_t
char_len(const char *p, size_t n)
{
	size_t k = pst_utf8_decode(p, n, NULL);

	return k > 0 ? k : 1;
}

/* Whether in[s..e) contains "=?", which a decoder could take for the
 * start of an encoded word. */
static int
has_ew_start(const char *in, size_t s, size_t e)
{
	size_t i;

	for (i = s; i + 1 < e; i++)
		if (in[i] == '=' && in[i + 1] == '?')
			return 1;
	return 0;
}

/* Whether the word in[s..e) cannot be written as it is. */
static int
needs_encoding(const char *in, size_t s, size_t e, enum ew_mode mode,
    size_t max)
{
	size_t i;
	unsigned char c;

	if (e - s > max || has_ew_start(in, s, e))
		return 1;
	for (i = s; i < e; i++) {
		c = (unsigned char)in[i];
		if (mode == EW_PHRASE ? !is_atext(c) : (c < ' ' || c >= 0x7F))
			return 1;
	}
	return 0;
}

/* What the character p[0..k) costs in an encoded word: Q characters, or
 * bytes for B (whose text is counted by quanta). */
static size_t
char_cost(const char *p, size_t k, int enc, enum ew_mode mode)
{
	size_t i, cost = 0;
	unsigned char c;

	if (enc == 'B')
		return k;
	for (i = 0; i < k; i++) {
		c = (unsigned char)p[i];
		cost += c == ' ' || q_literal(c, mode) ? 1 : 3;
	}
	return cost;
}

/* The end of the text for one encoded word, from in[s..e): whole
 * characters, as many as cap allows (at least one). Where the text must
 * be cut anyway, it is cut after its last space that fits: decoders that
 * wrongly keep the blank between two encoded words (Python's email
 * package in phrases, gh-128110) then show two spaces where one belongs
 * rather than a word cut in two. */
static size_t
chunk_end(const char *in, size_t s, size_t e, int enc, enum ew_mode mode,
    size_t cap)
{
	size_t i = s, k, cost, used = 0, after_space = s;

	while (i < e) {
		k = char_len(in + i, e - i);
		cost = char_cost(in + i, k, enc, mode);
		if (i > s && used + cost > cap)
			break;
		used += cost;
		i += k;
		if (in[i - 1] == ' ')
			after_space = i;
	}
	if (i < e && after_space > s)
		return after_space;
	return i;
}

/* Append p[0..n) (n <= 3) as one padded base64 quantum. */
static void
add_b64_quantum(const unsigned char *p, size_t n, struct pst_buf *out)
{
	static const char alphabet[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	unsigned long v;

	v = (unsigned long)p[0] << 16;
	if (n > 1)
		v |= (unsigned long)p[1] << 8;
	if (n > 2)
		v |= p[2];
	pst_buf_addc(out, alphabet[(v >> 18) & 0x3F]);
	pst_buf_addc(out, alphabet[(v >> 12) & 0x3F]);
	pst_buf_addc(out, n > 1 ? alphabet[(v >> 6) & 0x3F] : '=');
	pst_buf_addc(out, n > 2 ? alphabet[v & 0x3F] : '=');
}

/* Append the text of one encoded word holding p[0..n). */
static void
add_encoded_text(const char *p, size_t n, int enc, enum ew_mode mode,
    struct pst_buf *out)
{
	const unsigned char *u = (const unsigned char *)p;
	size_t i;

	for (i = 0; i < n; i += enc == 'B' ? 3 : 1) {
		if (enc == 'B')
			add_b64_quantum(u + i, n - i < 3 ? n - i : 3, out);
		else if (u[i] == ' ')
			pst_buf_addc(out, '_');
		else if (q_literal(u[i], mode))
			pst_buf_addc(out, u[i]);
		else {
			pst_buf_addc(out, '=');
			pst_buf_addc(out, hexdigits[u[i] >> 4]);
			pst_buf_addc(out, hexdigits[u[i] & 0xF]);
		}
	}
}

/* Append in[s..e) as encoded words in encoding enc ('Q' or 'B'), one
 * space between them; first: the first word shares the first line with
 * the field name. */
static void
add_words(const char *in, size_t s, size_t e, int enc, enum ew_mode mode,
    int first, struct pst_buf *out)
{
	size_t room = (first ? FIRST_EW_MAX : EW_MAX) - EW_OVERHEAD, end;

	do {
		/* B text holds 3 bytes per 4 characters */
		end = chunk_end(in, s, e, enc, mode,
		    enc == 'B' ? room / 4 * 3 : room);
		pst_buf_adds(out, enc == 'B' ? "=?UTF-8?B?" : "=?UTF-8?Q?");
		add_encoded_text(in + s, end - s, enc, mode, out);
		pst_buf_adds(out, "?=");
		if (end < e)
			pst_buf_addc(out, ' ');
		s = end;
		room = EW_MAX - EW_OVERHEAD;
	} while (s < e);
}

/* Append in[s..e) as encoded words, Q or B, whichever is shorter. */
static void
add_run(const char *in, size_t s, size_t e, enum ew_mode mode, int first,
    struct pst_buf *out)
{
	struct pst_buf q = { 0 }, b = { 0 };

	add_words(in, s, e, 'Q', mode, first, &q);
	add_words(in, s, e, 'B', mode, first, &b);
	if (q.len <= b.len)
		pst_buf_add(out, q.p, q.len);
	else
		pst_buf_add(out, b.p, b.len);
	pst_buf_free(&q);
	pst_buf_free(&b);
}

/* Cut in[0..n) into words at spaces; returns how many, *words set
 * (malloc'd, or NULL when there are none). */
static size_t
split_words(const char *in, size_t n, struct ew_word **words)
{
	struct ew_word *w = NULL;
	size_t i = 0, nw = 0, cap = 0;

	while (i < n) {
		while (i < n && in[i] == ' ')
			i++;
		if (i == n)
			break;
		if (nw == cap) {
			cap = cap ? cap * 2 : 16;
			w = pst_xreallocarray(w, cap, sizeof *w);
		}
		w[nw].s = i;
		while (i < n && in[i] != ' ')
			i++;
		w[nw].e = i;
		w[nw].enc = 0;
		nw++;
	}
	*words = w;
	return nw;
}

/* Decide which words must be encoded: for their own content, or for the
 * blanks around them that a reader would not give back as they are. */
static void
mark_words(const char *in, size_t n, struct ew_word *w, size_t nw,
    enum ew_mode mode)
{
	size_t k, gap, prev_max;

	for (k = 0; k < nw; k++) {
		w[k].enc |= needs_encoding(in, w[k].s, w[k].e, mode,
		    k == 0 ? FIRST_PLAIN_MAX : PLAIN_MAX);
		gap = w[k].s - (k == 0 ? 0 : w[k - 1].e);
		if (k == 0 && gap > 0)
			w[k].enc = 1;
		if (k == 0 || gap == 1)
			continue;
		/* The blanks but one stay on the line of the word before
		 * them, where they must fit; a phrase has one space only. */
		prev_max = k == 1 ? FIRST_PLAIN_MAX : PLAIN_MAX;
		if (mode == EW_PHRASE)
			w[k].enc = w[k - 1].enc = 1;
		else if (w[k - 1].e - w[k - 1].s + gap - 1 > prev_max)
			w[k - 1].enc = 1;
	}
	if (nw > 0 && w[nw - 1].e < n)
		w[nw - 1].enc = 1;
}

/* Write the words, runs of words to encode as encoded words.  Between a
 * run and a plain word one space stays outside, the other blanks go
 * inside the run: then no line ends in blanks after an encoded word. */
static void
encode_words(const char *in, size_t n, enum ew_mode mode,
    struct pst_buf *out)
{
	struct ew_word *w;
	size_t nw, k, j, pos = 0, s, e;

	nw = split_words(in, n, &w);
	if (nw == 0) {		/* blanks only: all of them encoded */
		if (n > 0)
			add_run(in, 0, n, mode, 1, out);
		return;
	}
	mark_words(in, n, w, nw, mode);
	for (k = 0; k < nw; k = j + 1) {
		j = k;
		if (!w[k].enc) {
			pst_buf_add(out, in + pos, w[k].e - pos);
			pos = w[k].e;
			continue;
		}
		while (j + 1 < nw && w[j + 1].enc)
			j++;
		s = k == 0 ? 0 : w[k - 1].e + 1;
		e = j == nw - 1 ? n : w[j + 1].s - 1;
		pst_buf_add(out, in + pos, s - pos);
		add_run(in, s, e, mode, pos == 0, out);
		pos = e;
	}
	pst_buf_add(out, in + pos, n - pos);
	free(w);
}

void
pst_rfc2047_encode(const char *in, size_t n, struct pst_buf *out)
{
	encode_words(in, n, EW_TEXT, out);
	if (out->p == NULL)
		pst_buf_add(out, "", 0);
}

/* Whether in[0..n) can be one quoted string: printable ASCII, nothing a
 * decoder would take for an encoded word (readers decode those even in
 * quotes), short enough to share the first line with a field name. */
static int
quotable(const char *in, size_t n)
{
	size_t i, len = 2;

	if (has_ew_start(in, 0, n))
		return 0;
	for (i = 0; i < n; i++) {
		if ((unsigned char)in[i] < ' ' || (unsigned char)in[i] >= 0x7F)
			return 0;
		len += in[i] == '"' || in[i] == '\\' ? 2 : 1;
	}
	return len <= FIRST_PLAIN_MAX;
}

/* Whether in[0..n) is atoms separated by single spaces, each short
 * enough for a line. */
static int
plain_phrase(const char *in, size_t n)
{
	struct ew_word *w;
	size_t nw, k;
	int plain = 1;

	nw = split_words(in, n, &w);
	mark_words(in, n, w, nw, EW_PHRASE);
	for (k = 0; k < nw; k++)
		plain &= !w[k].enc;
	free(w);
	return nw > 0 && plain;
}

void
pst_rfc2047_encode_phrase(const char *in, size_t n, struct pst_buf *out)
{
	size_t i;

	if (plain_phrase(in, n)) {
		pst_buf_add(out, in, n);
	} else if (quotable(in, n)) {
		pst_buf_addc(out, '"');
		for (i = 0; i < n; i++) {
			if (in[i] == '"' || in[i] == '\\')
				pst_buf_addc(out, '\\');
			pst_buf_addc(out, in[i]);
		}
		pst_buf_addc(out, '"');
	} else
		encode_words(in, n, EW_PHRASE, out);
}
