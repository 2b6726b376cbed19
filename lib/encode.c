/* encode: Content-Transfer-Encoding on the way out; the inverse of decode.
 *
 * Both encoders write straight into room taken from the buffer and keep
 * their state in locals: they run over whole attachments (MiBs), and a
 * call per output byte would cost more than the encoding itself. */
#include <stdint.h>
#include <string.h>

#include "buf.h"
#include "charset.h"
#include "encode.h"

static const char b64_alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
static const char hex_upper[] = "0123456789ABCDEF";

#define B64_LINE_IN	(PST_ENCODED_LINE_MAX / 4 * 3)	/* 57 bytes a line */

/* What quoted-printable does with a byte, before looking at its neighbours. */
enum {
	QP_ESC,		/* written =XX (8-bit bytes: looked at as UTF-8 first) */
	QP_LIT,		/* printable ASCII other than '=': as it is */
	QP_BLANK,	/* space or tab: as it is unless it would end a line */
	QP_LF,		/* a hard line break */
};

/* The QP_* class of each byte. */
static const unsigned char qp_class[256] = {
	/* 0x00 */ 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 3, 0, 0, 0, 0, 0,
	/* 0x10 */ 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	/* 0x20 */ 2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	/* 0x30 */ 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1,
	/* 0x40 */ 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	/* 0x50 */ 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	/* 0x60 */ 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	/* 0x70 */ 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0,
	/* 0x80 and up: 0 */
};

/* Room asked for at a time by the QP encoder: bounded, so a huge input
 * never needs its worst case (3 times its size) reserved at once. */
#define QP_CHUNK	(64 * 1024)
/* The most one QP unit writes: a soft break and four escaped bytes. */
#define QP_UNIT_MAX	(2 + 4 * 3)

enum pst_cte
pst_cte_choose(const char *in, size_t n, int text)
{
	const unsigned char *p = (const unsigned char *)in;
	unsigned char prev = '\n';
	size_t i, col = 0;

	for (i = 0; i < n; i++) {
		unsigned char c = p[i];

		if (c == '\n') {
			if (prev == ' ' || prev == '\t')
				goto encode;
			col = 0;
		} else if (c == 0 || c == '\r' || c >= 0x80 ||
		    ++col > PST_PLAIN_LINE_MAX)
			goto encode;
		prev = c;
	}
	if (prev == ' ' || prev == '\t')	/* the last, unterminated line */
		goto encode;
	return PST_CTE_7BIT;
encode:
	return text ? PST_CTE_QP : PST_CTE_BASE64;
}

/* The base64 character for the 6-bit value v, as a constant expression. */
#define B64C(v)	((v) < 26 ? 'A' + (v) : (v) < 52 ? 'a' + (v) - 26 : \
	(v) < 62 ? '0' + (v) - 52 : (v) == 62 ? '+' : '/')
/* Both characters for the 12-bit value v: one lookup writes two. */
#define B64P(v)		{ B64C((v) >> 6), B64C((v) & 0x3F) }
#define B64P4(v)	B64P(v), B64P((v) + 1), B64P((v) + 2), B64P((v) + 3)
#define B64P16(v)	B64P4(v), B64P4((v) + 4), B64P4((v) + 8), B64P4((v) + 12)
#define B64P64(v)	B64P16(v), B64P16((v) + 16), B64P16((v) + 32), \
	B64P16((v) + 48)
#define B64P256(v)	B64P64(v), B64P64((v) + 64), B64P64((v) + 128), \
	B64P64((v) + 192)
#define B64P1024(v)	B64P256(v), B64P256((v) + 256), B64P256((v) + 512), \
	B64P256((v) + 768)

static const char b64_pairs[4096][2] = {
	B64P1024(0), B64P1024(1024), B64P1024(2048), B64P1024(3072),
};

/* Write the four characters for the three bytes at p. */
static inline void
b64_quantum(const unsigned char *p, char *o)
{
	unsigned long v = (unsigned long)p[0] << 16 |
	    (unsigned long)p[1] << 8 | p[2];

	memcpy(o, b64_pairs[v >> 12], 2);
	memcpy(o + 2, b64_pairs[v & 0xFFF], 2);
}

void
pst_base64_encode(const void *in, size_t n, struct pst_buf *out)
{
	const unsigned char *p = in;
	size_t quanta, chars, lines, full, rem, l, j;
	char *start, *o;

	if (n == 0)
		return;
	quanta = n / 3 + (n % 3 != 0);
	if (quanta > SIZE_MAX / 5)
		(void)pst_buf_room(out, SIZE_MAX);	/* reports and exits */
	chars = quanta * 4;
	lines = (chars + PST_ENCODED_LINE_MAX - 1) / PST_ENCODED_LINE_MAX;
	start = o = pst_buf_room(out, chars + lines - 1);

	full = n / B64_LINE_IN;
	rem = n % B64_LINE_IN;
	for (l = 0; l < full; l++) {
		for (j = 0; j < B64_LINE_IN / 3; j++) {
			b64_quantum(p, o);
			p += 3;
			o += 4;
		}
		if (l + 1 < full || rem != 0)
			*o++ = '\n';
	}
	for (; rem >= 3; rem -= 3) {
		b64_quantum(p, o);
		p += 3;
		o += 4;
	}
	if (rem > 0) {
		unsigned long v = (unsigned long)p[0] << 16;

		if (rem == 2)
			v |= (unsigned long)p[1] << 8;
		o[0] = b64_alphabet[v >> 18];
		o[1] = b64_alphabet[(v >> 12) & 0x3F];
		o[2] = rem == 2 ? b64_alphabet[(v >> 6) & 0x3F] : '=';
		o[3] = '=';
		o += 4;
	}
	pst_buf_extend(out, (size_t)(o - start));
}

/* The room to ask for with r input bytes left: enough for all of them
 * (three octets each, and a soft break per at least 64 octets) when that is
 * less than QP_CHUNK, and never less than one unit. */
static size_t
qp_room(size_t r)
{
	if (r >= QP_CHUNK / 4)
		return QP_CHUNK;
	return 4 * r + QP_UNIT_MAX;
}

/* Whether a blank at p[i] must be escaped: it would end a line, and
 * decoders drop blanks there. Any other blank goes out as it is, however
 * long its run: pst_decode holds back at most 64 blanks and passes them on
 * as soon as anything but a line end follows, and in our output a literal
 * blank is always followed by something else (another blank, text, an =XX
 * or the "=" of a soft break). */
static inline int
qp_blank_ends_line(const unsigned char *p, size_t i, size_t n)
{
	return i + 1 == n || p[i + 1] == '\n';
}

/* Whether the literal byte at p[0..n), starting an output line, must be
 * escaped all the same: the "F" of "From " (mbox would mangle the line)
 * or a "." alone on its line (SMTP would end the message there). */
static int
qp_line_start_escape(const unsigned char *p, size_t n, int last)
{
	if (p[0] == 'F')
		return n >= 5 && memcmp(p, "From ", 5) == 0;
	return p[0] == '.' && last;
}

/* The length of the run of bytes at p[i..) that go out as they are:
 * printable ASCII and blanks, at most max of them, less a blank at the
 * end of the run that would end a line. */
static inline size_t
qp_plain_run(const unsigned char *p, size_t i, size_t n, size_t max)
{
	size_t k = 0;

	while (k < max && (qp_class[p[i + k]] == QP_LIT ||
	    qp_class[p[i + k]] == QP_BLANK))
		k++;
	if (k > 0 && qp_class[p[i + k - 1]] == QP_BLANK &&
	    qp_blank_ends_line(p, i + k - 1, n))
		k--;
	return k;
}

/* The length of the escaped unit at p[i..n), an 8-bit byte: the whole
 * UTF-8 character when one starts there, else the byte alone. The
 * two-byte case, most of Latin and Cyrillic text, is looked at here. */
static inline size_t
qp_8bit_unit(const unsigned char *p, size_t i, size_t n)
{
	size_t len;

	if (p[i] >= 0xC2 && p[i] <= 0xDF)
		return i + 1 < n && (p[i + 1] & 0xC0) == 0x80 ? 2 : 1;
	len = pst_utf8_decode((const char *)p + i, n - i, NULL);
	return len ? len : 1;
}

void
pst_qp_encode(const char *in, size_t n, struct pst_buf *out)
{
	const unsigned char *p = (const unsigned char *)in;
	size_t i = 0, o = 0, room = 0, col = 0, len, width, k, max;
	unsigned char cls;
	char *w = NULL;
	int esc, last;

	while (i < n) {
		if (room - o < QP_UNIT_MAX) {
			if (w != NULL)
				pst_buf_extend(out, o);
			room = qp_room(n - i);
			w = pst_buf_room(out, room);
			o = 0;
		}
		cls = qp_class[p[i]];
		if (cls == QP_LF) {
			w[o++] = '\n';
			col = 0;
			i++;
			continue;
		}
		/* Plain text in bulk, away from the line start (where "From "
		 * and "." need care) and from octets 76 and 75 (where a soft
		 * break may be due). */
		if ((cls == QP_LIT || cls == QP_BLANK) && col > 0 &&
		    col < PST_ENCODED_LINE_MAX - 1) {
			max = PST_ENCODED_LINE_MAX - 1 - col;
			if (max > n - i)
				max = n - i;
			if (max > room - o)
				max = room - o;
			if ((k = qp_plain_run(p, i, n, max)) > 0) {
				memcpy(w + o, p + i, k);
				i += k;
				o += k;
				col += k;
				continue;
			}
		}

		/* One unit: a byte, or a whole UTF-8 character. */
		len = 1;
		if (cls == QP_LIT)
			esc = 0;
		else if (cls == QP_BLANK)
			esc = qp_blank_ends_line(p, i, n);
		else {
			esc = 1;
			if (p[i] >= 0x80)
				len = qp_8bit_unit(p, i, n);
		}
		width = esc ? 3 * len : 1;
		last = i + len == n || p[i + len] == '\n';
		/* The last unit of a line may take the 76th octet; any other
		 * leaves it for the "=" of a soft break. */
		if (col + width > PST_ENCODED_LINE_MAX - !last) {
			w[o++] = '=';
			w[o++] = '\n';
			col = 0;
		}
		if (col == 0 && !esc && qp_line_start_escape(p + i, n - i, last)) {
			esc = 1;
			width = 3;
		}
		if (esc) {
			for (k = 0; k < len; k++) {
				w[o++] = '=';
				w[o++] = hex_upper[p[i + k] >> 4];
				w[o++] = hex_upper[p[i + k] & 0x0F];
			}
		} else
			w[o++] = (char)p[i];
		col += width;
		i += len;
	}
	if (w != NULL)
		pst_buf_extend(out, o);
}

void
pst_encode(enum pst_cte cte, const char *in, size_t n, struct pst_buf *out)
{
	switch (cte) {
	case PST_CTE_QP:
		pst_qp_encode(in, n, out);
		break;
	case PST_CTE_BASE64:
		pst_base64_encode(in, n, out);
		break;
	default:
		pst_buf_add(out, in, n);
		break;
	}
}
