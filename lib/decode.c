/* decode: Content-Transfer-Encoding. */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "decode.h"

enum {			/* quoted-printable states */
	QP_TEXT,	/* ordinary text */
	QP_CR,		/* a CR, maybe before LF */
	QP_EQ,		/* '=' */
	QP_EQ_HEX,	/* '=' and one hex digit (in hex) */
	QP_EQ_CR,	/* '=' CR: a soft break if LF follows */
	QP_EQ_BLANK,	/* '=' and blanks (in space): a soft break if a line end follows */
};

enum pst_cte
pst_cte_parse(const char *v)
{
	size_t n;

	if (v == NULL)
		return PST_CTE_7BIT;
	while (*v == ' ' || *v == '\t' || *v == '"')
		v++;
	n = strcspn(v, " \t\";(");
	if (n == 16 && strncasecmp(v, "quoted-printable", n) == 0)
		return PST_CTE_QP;
	if (n == 6 && strncasecmp(v, "base64", n) == 0)
		return PST_CTE_BASE64;
	return PST_CTE_7BIT;
}

void
pst_decoder_init(struct pst_decoder *d, enum pst_cte cte)
{
	memset(d, 0, sizeof *d);
	d->cte = cte;
	d->state = QP_TEXT;
}

/* One more than the value of each base64 character; 0 for the rest. */
static const unsigned char b64_table[256] = {
	['A'] = 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18,
	19, 20, 21, 22, 23, 24, 25, 26,
	['a'] = 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42,
	43, 44, 45, 46, 47, 48, 49, 50, 51, 52,
	['0'] = 53, 54, 55, 56, 57, 58, 59, 60, 61, 62,
	['+'] = 63, ['/'] = 64,
};

static size_t
b64_update(struct pst_decoder *d, const char *in, size_t len, char *out)
{
	/* The state lives in locals: out may alias anything, and the
	 * compiler would reload it through d after every byte written. */
	unsigned long bits = d->bits;
	int nbits = d->nbits;
	size_t o = 0, i;

	if (d->done)
		return 0;
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)in[i];

		if (b64_table[c] == 0) {
			/* Padding ends the data once a quantum has started;
			 * anything else outside the alphabet is junk. */
			if (c == '=' && nbits > 0) {
				d->done = 1;
				break;
			}
			continue;
		}
		bits = (bits << 6) | (unsigned long)(b64_table[c] - 1);
		nbits += 6;
		if (nbits >= 8) {
			nbits -= 8;
			out[o++] = (char)(bits >> nbits);
			bits &= (1UL << nbits) - 1;
		}
	}
	d->bits = bits;
	d->nbits = nbits;
	return o;
}

size_t
pst_base64_decoded_size(const char *in, size_t len)
{
	size_t count = 0;

	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)in[i];
		if (b64_table[c] != 0)
			count++;
		else if (c == '=' && count % 4 != 0)
			break;		/* as b64_update: padding ends it */
	}
	return count / 4 * 3 + (count % 4 * 6) / 8;
}

static int
hex_value(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = (unsigned char)tolower(c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* Output the blanks held back: they turned out not to end a line. */
static size_t
qp_flush_space(struct pst_decoder *d, char *out)
{
	size_t n = d->nspace;

	memcpy(out, d->space, n);
	d->nspace = 0;
	return n;
}

/* Feed one byte of quoted-printable text; returns the bytes written. */
static size_t
qp_byte(struct pst_decoder *d, unsigned char c, char *out)
{
	size_t o = 0;
	int h;

	switch (d->state) {
	case QP_CR:
		d->state = QP_TEXT;
		if (c == '\n') {
			d->nspace = 0;	/* trailing blanks are not data */
			out[o++] = '\n';
			return o;
		}
		o += qp_flush_space(d, out);
		out[o++] = '\r';
		return o + qp_byte(d, c, out + o);
	case QP_EQ:
		if ((h = hex_value(c)) >= 0) {
			d->hex = (char)c;
			d->state = QP_EQ_HEX;
		} else if (c == '\n') {
			d->state = QP_TEXT;
		} else if (c == '\r') {
			d->state = QP_EQ_CR;
		} else if (c == ' ' || c == '\t') {
			d->space[d->nspace++] = (char)c;
			d->state = QP_EQ_BLANK;
		} else {
			d->state = QP_TEXT;
			out[o++] = '=';
			o += qp_byte(d, c, out + o);
		}
		return o;
	case QP_EQ_HEX:
		d->state = QP_TEXT;
		if ((h = hex_value(c)) >= 0) {
			out[o++] = (char)(hex_value((unsigned char)d->hex) * 16 + h);
			return o;
		}
		out[o++] = '=';
		out[o++] = d->hex;
		return o + qp_byte(d, c, out + o);
	case QP_EQ_CR:
		if (c == '\n') {
			d->state = QP_TEXT;
			return 0;
		}
		out[o++] = '=';
		d->state = QP_CR;
		return o + qp_byte(d, c, out + o);
	case QP_EQ_BLANK:
		if (c == ' ' || c == '\t') {
			if (d->nspace < sizeof d->space)
				d->space[d->nspace++] = (char)c;
			return 0;
		}
		if (c == '\n' || c == '\r') {	/* "=  " then a line end: soft */
			d->nspace = 0;
			d->state = c == '\n' ? QP_TEXT : QP_EQ_CR;
			return 0;
		}
		out[o++] = '=';
		o += qp_flush_space(d, out + o);
		d->state = QP_TEXT;
		return o + qp_byte(d, c, out + o);
	default:
		break;
	}
	switch (c) {
	case ' ':
	case '\t':
		if (d->nspace == sizeof d->space)
			o += qp_flush_space(d, out);
		d->space[d->nspace++] = (char)c;
		break;
	case '\r':
		d->state = QP_CR;
		break;
	case '\n':
		d->nspace = 0;
		out[o++] = '\n';
		break;
	case '=':
		o += qp_flush_space(d, out);
		d->state = QP_EQ;
		break;
	default:
		o += qp_flush_space(d, out);
		out[o++] = (char)c;
		break;
	}
	return o;
}

/* The length of the run at p[0..n) that quoted-printable passes as it is. */
static size_t
plain_run(const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (p[i] == '=' || p[i] == ' ' || p[i] == '\t' || p[i] == '\r' ||
		    p[i] == '\n')
			break;
	return i;
}

size_t
pst_decoder_update(struct pst_decoder *d, const char *in, size_t len,
    char *out)
{
	size_t o = 0, i, run;

	switch (d->cte) {
	case PST_CTE_BASE64:
		return b64_update(d, in, len, out);
	case PST_CTE_QP:
		for (i = 0; i < len; i++) {
			/* Plain characters go through in runs. */
			if (d->state == QP_TEXT && d->nspace == 0) {
				run = plain_run(in + i, len - i);
				memcpy(out + o, in + i, run);
				o += run;
				i += run;
				if (i == len)
					break;
			}
			o += qp_byte(d, (unsigned char)in[i], out + o);
		}
		return o;
	default:
		memcpy(out, in, len);
		return len;
	}
}

size_t
pst_decoder_finish(struct pst_decoder *d, char *out)
{
	size_t o = 0;

	if (d->cte != PST_CTE_QP)
		return 0;
	switch (d->state) {
	case QP_CR:
		out[o++] = '\r';
		break;
	case QP_EQ:
	case QP_EQ_CR:
	case QP_EQ_BLANK:
		break;		/* a soft break at the very end */
	case QP_EQ_HEX:
		out[o++] = '=';
		out[o++] = d->hex;
		break;
	default:
		break;
	}
	d->nspace = 0;		/* blanks at the end are trailing */
	d->state = QP_TEXT;
	return o;
}

#define PIECE	(64 * 1024)

int
pst_decode_stream(enum pst_cte cte, const char *in, size_t len,
    int (*sink)(void *ctx, const char *p, size_t n), void *ctx)
{
	struct pst_decoder d;
	char out[PIECE + PST_DECODE_SLACK];
	size_t off = 0, n, k;

	pst_decoder_init(&d, cte);
	while (off < len) {
		n = len - off < PIECE ? len - off : PIECE;
		k = pst_decoder_update(&d, in + off, n, out);
		if (k > 0 && sink(ctx, out, k) < 0)
			return -1;
		off += n;
	}
	k = pst_decoder_finish(&d, out);
	if (k > 0 && sink(ctx, out, k) < 0)
		return -1;
	return 0;
}

static int
append_sink(void *ctx, const char *p, size_t n)
{
	pst_buf_add(ctx, p, n);
	return 0;
}

void
pst_decode(enum pst_cte cte, const char *in, size_t len, struct pst_buf *out)
{
	pst_decode_stream(cte, in, len, append_sink, out);
}
