/* Unit tests of the header encoders: pst_rfc2047_encode and
 * pst_rfc2047_encode_phrase (lib/rfc2047.c), pst_addr_encode and
 * pst_addr_valid (lib/addr.c), pst_hdr_write (lib/hdr.c) and
 * pst_params_add (lib/param.c).  Everything written is read back through
 * the parsers mshow uses. */
#include <stdlib.h>
#include <string.h>

#include "addr.h"
#include "buf.h"
#include "charset.h"
#include "hdr.h"
#include "param.h"
#include "rfc2047.h"
#include "t.h"

void test_hdrenc_subject_plain(void);
void test_hdrenc_subject_encoded(void);
void test_hdrenc_subject_blanks(void);
void test_hdrenc_subject_fold(void);
void test_hdrenc_subject_roundtrip(void);
void test_hdrenc_phrase(void);
void test_hdrenc_addr_encode(void);
void test_hdrenc_addr_roundtrip(void);
void test_hdrenc_addr_valid(void);
void test_hdrenc_param_forms(void);
void test_hdrenc_param_roundtrip(void);
void test_hdrenc_write(void);
void test_hdrenc_random(void);
void test_hdr_write_quotes_and_longest(void);

#define ROMANIAN "Raport trimestrial: \xc8\x99tiin\xc8\x9b\xc4\x83, " \
	"\xc8\x9b\xc4\x83ri \xc8\x99i \xc3\xaenv\xc4\x83\xc8\x9b\xc4\x83m" \
	"\xc3\xa2nt \xc3\xaen Rom\xc3\xa2nia \xe2\x80\x94 edi\xc8\x9bia a 2-a"
#define CYRILLIC_PDF "\xd0\x9e\xd1\x82\xd1\x87\xd1\x91\xd1\x82 \xd0\xb7" \
	"\xd0\xb0 \xd1\x82\xd1\x80\xd0\xb5\xd1\x82\xd0\xb8\xd0\xb9 \xd0\xba" \
	"\xd0\xb2\xd0\xb0\xd1\x80\xd1\x82\xd0\xb0\xd0\xbb 2026 \xd0\xb3\xd0" \
	"\xbe\xd0\xb4\xd0\xb0.pdf"
#define JAPANESE "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e\xe3\x81\xae\xe4" \
	"\xbb\xb6\xe5\x90\x8d\xe3\x81\xa7\xe3\x81\x99\xe3\x80\x82\xe9\x95\xb7" \
	"\xe3\x81\x84\xe4\xbb\xb6\xe5\x90\x8d\xe3\x81\xaf\xe6\x8a\x98\xe3\x82" \
	"\x8a\xe8\xbf\x94\xe3\x81\x95\xe3\x82\x8c\xe3\x81\xbe\xe3\x81\x99\xe3" \
	"\x80\x82"
#define EMOJI "Party \xf0\x9f\x8e\x89\xf0\x9f\x8e\x89 time \xf0\x9f\x98\x80"

/* The length of the well-formed encoded word at s[0..n), or 0. */
static size_t
ew_len(const char *s, size_t n)
{
	size_t i = 2;

	if (n < 8 || s[0] != '=' || s[1] != '?')
		return 0;
	while (i < n && s[i] != '?' && s[i] > ' ')
		i++;
	if (i == 2 || i + 2 >= n || s[i] != '?' ||
	    strchr("QqBb", s[i + 1]) == NULL || s[i + 2] != '?')
		return 0;
	for (i += 3; i + 1 < n && s[i] > ' '; i++)
		if (s[i] == '?' && s[i + 1] == '=')
			return i + 2;
	return 0;
}

/* Check the lines of a written field f: each ends in LF, is at most 78
 * octets, 76 when it holds an encoded word; encoded words are at most 75;
 * continuation lines start with one space and then text. */
static void
lines_ok(const char *f, int line)
{
	const char *l = f, *nl;
	size_t n, k, limit;
	int ew;

	t_check(*f != '\0' && f[strlen(f) - 1] == '\n', __FILE__, line,
	    "field ends in LF");
	for (; (nl = strchr(l, '\n')) != NULL; l = nl + 1) {
		n = (size_t)(nl - l);
		ew = 0;
		for (size_t i = 0; i < n; i++)
			if ((k = ew_len(l + i, n - i)) > 0) {
				t_check(k <= 75, __FILE__, line,
				    "encoded word <= 75");
				ew = 1;
			}
		limit = ew ? 76 : 78;
		if (!t_check(n <= limit, __FILE__, line, "line length"))
			t_memeq(l, n, "", 0, __FILE__, line, "the long line");
		if (l != f)
			t_check(n >= 2 && l[0] == ' ' && l[1] != ' ' &&
			    l[1] != '\t', __FILE__, line, "continuation line");
	}
}

/* The number of lines of f. */
static int
count_lines(const char *f)
{
	int n = 0;

	for (; *f != '\0'; f++)
		n += *f == '\n';
	return n;
}

/* Write name: value, check the lines; return the parsed header in *h and
 * the written text (malloc'd). */
static char *
write_parse(const char *name, const char *value, struct pst_header *h,
    int line)
{
	struct pst_buf out = {0};
	char *raw;

	pst_hdr_write(&out, name, value);
	lines_ok(out.p, line);
	t_check(pst_hdr_parse(out.p, out.len, h) == out.len && h->n == 1,
	    __FILE__, line, "one field parsed");
	raw = pst_hdr_get(h, name);
	t_streq(raw, value, __FILE__, line, "unfolded value");
	free(raw);
	return pst_buf_take(&out);
}

/* text through pst_rfc2047_encode, pst_hdr_write and back; returns the
 * encoded value (malloc'd). */
static char *
subject_rt(const char *text, size_t len, int line)
{
	struct pst_buf v = {0};
	struct pst_header h;
	char *written, *got;

	pst_rfc2047_encode(text, len, &v);
	written = write_parse("Subject", pst_buf_str(&v), &h, line);
	got = pst_hdr_get_decoded(&h, "Subject");
	t_memeq(got, got ? strlen(got) : 0, text, len, __FILE__, line,
	    "decoded Subject");
	free(got);
	pst_hdr_free(&h);
	free(written);
	return pst_buf_take(&v);
}

#define SUBJ_IS(text, want) do { \
	char *v_ = subject_rt((text), strlen(text), __LINE__); \
	T_STREQ(v_, (want)); \
	free(v_); \
} while (0)

#define SUBJ_RT(text) free(subject_rt((text), strlen(text), __LINE__))

void test_hdrenc_subject_plain(void)
{
	SUBJ_IS("", "");
	SUBJ_IS("Hello, world", "Hello, world");
	SUBJ_IS("Re: [list] a = b ? c_d (x) \"q\"",
	    "Re: [list] a = b ? c_d (x) \"q\"");
	/* Runs of spaces between plain words stay as they are. */
	SUBJ_IS("Re:  double   spaced", "Re:  double   spaced");
	/* "?=" alone or "=" alone cannot start an encoded word. */
	SUBJ_IS("a ?= b =", "a ?= b =");
}

void test_hdrenc_subject_encoded(void)
{
	const char *p;
	char *v;

	/* Whichever of Q and B is shorter; Q on a tie. */
	SUBJ_IS("caf\xc3\xa9", "=?UTF-8?B?Y2Fmw6k=?=");
	SUBJ_IS("caf\xc3\xa9 au lait", "=?UTF-8?B?Y2Fmw6k=?= au lait");
	SUBJ_IS("Elisabethstra\xc3\x9f" "e", "=?UTF-8?Q?Elisabethstra=C3=9Fe?=");
	SUBJ_IS("x\ty", "=?UTF-8?B?eAl5?=");
	SUBJ_IS("\xc3\xa9t\xc3\xa9 (\xc3\xa0 Paris)",
	    "=?UTF-8?B?w6l0w6kgKMOg?= Paris)");
	SUBJ_IS("the r\xc3\xb4le of (x) is \xc3\xa0 test",
	    "the =?UTF-8?B?csO0bGU=?= of (x) is =?UTF-8?B?w6A=?= test");
	/* Spaces inside a run are inside the words. */
	SUBJ_IS("Gr\xc3\xbc\xc3\x9f\x65 \xc3\xa0 K\xc3\xb6ln",
	    "=?UTF-8?B?R3LDvMOfZSDDoCBLw7Zsbg==?=");
	/* Something a decoder would decode is encoded itself. */
	SUBJ_IS("=?utf-8?q?x?=", "=?UTF-8?B?PT91dGYtOD9xP3g/PQ==?=");
	SUBJ_IS("see foo=?utf-8?q?x?=bar now",
	    "see =?UTF-8?B?Zm9vPT91dGYtOD9xP3g/PWJhcg==?= now");
	/* Controls, DEL and C1 are encoded too. */
	SUBJ_IS("a\x01\x7f", "=?UTF-8?B?YQF/?=");
	SUBJ_IS("control\x01" "char", "=?UTF-8?Q?control=01char?=");
	SUBJ_RT("bell\x07 and \xc2\x85next line");
	SUBJ_RT(EMOJI);
	SUBJ_RT(JAPANESE);
	/* Q text holds only what RFC 2047 5(1) allows. */
	p = "x Stra\xc3\x9f" "e\"(x)\"longerasciitextttt=?_";
	v = subject_rt(p, strlen(p), __LINE__);
	T_STREQ(v, "x =?UTF-8?Q?Stra=C3=9Fe\"(x)\"longerasciitextttt=3D=3F=5F?=");
	free(v);
}

void test_hdrenc_subject_blanks(void)
{
	/* Blanks the parser would trim are kept inside encoded words. */
	SUBJ_IS(" lead", "=?UTF-8?Q?_lead?=");
	SUBJ_IS("trail ", "=?UTF-8?Q?trail_?=");
	SUBJ_IS("   ", "=?UTF-8?Q?___?=");
	SUBJ_IS("a  \xc8\x9b", "a =?UTF-8?B?IMib?=");
	/* Between a run and a plain word: one space outside, the rest in. */
	SUBJ_IS("\xc8\x9b      To", "=?UTF-8?Q?=C8=9B_____?= To");
	SUBJ_IS("To      \xc8\x9b", "To =?UTF-8?Q?_____=C8=9B?=");
	SUBJ_RT("  a  b  ");
	SUBJ_RT("x                                                      "
	    "                                                    y");
}

void test_hdrenc_subject_fold(void)
{
	struct pst_buf v = {0}, out = {0};
	char long_word[121], *e;
	size_t i;

	/* Long: folded between encoded words, every line within 76. */
	pst_rfc2047_encode(ROMANIAN, strlen(ROMANIAN), &v);
	pst_hdr_write(&out, "Subject", v.p);
	lines_ok(out.p, __LINE__);
	T_OK(count_lines(out.p) >= 2);
	T_OK(strncmp(out.p, "Subject: Raport trimestrial:\n =?UTF-8?", 38) == 0);
	SUBJ_RT(ROMANIAN);
	pst_buf_reset(&v);
	pst_buf_reset(&out);

	/* An ASCII word too long for a line is encoded, in pieces. */
	memset(long_word, 'a', 120);
	long_word[120] = '\0';
	e = subject_rt(long_word, 120, __LINE__);
	T_OK(strncmp(e, "=?UTF-8?Q?aaaa", 14) == 0);
	free(e);
	/* One that fits a continuation line stays, except first. */
	memset(long_word, 'b', 77);
	memcpy(long_word + 77, "", 1);
	pst_buf_adds(&v, "x ");
	pst_buf_adds(&v, long_word);
	e = subject_rt(v.p, v.len, __LINE__);
	T_STREQ(e, v.p);
	free(e);
	e = subject_rt(long_word, 77, __LINE__);
	T_OK(strncmp(e, "=?UTF-8?Q?bbbb", 14) == 0);
	free(e);
	/* A first word that leaves room for a field name stays. */
	long_word[52] = '\0';
	SUBJ_IS(long_word, long_word);
	/* Many short words fold at spaces, lines packed up to 78. */
	pst_buf_reset(&v);
	for (i = 0; i < 40; i++)
		pst_buf_adds(&v, i ? " word" : "word");
	SUBJ_RT(v.p);
	pst_hdr_write(&out, "Subject", v.p);
	T_STREQ(out.p, "Subject: word word word word word word word word word "
	    "word word word word word\n word word word word word word word "
	    "word word word word word word word word\n word word word word "
	    "word word word word word word word\n");
	pst_buf_free(&v);
	pst_buf_free(&out);
}

void test_hdrenc_subject_roundtrip(void)
{
	static const char *const texts[] = {
		ROMANIAN, JAPANESE, EMOJI, CYRILLIC_PDF,
		("Re: " JAPANESE " (" EMOJI ")"),
		("mixed " JAPANESE JAPANESE JAPANESE " and more words here"),
		("\xc3\xbc \xc3\xbc \xc3\xbc \xc3\xbc \xc3\xbc \xc3\xbc \xc3\xbc "
		    "\xc3\xbc \xc3\xbc \xc3\xbc \xc3\xbc \xc3\xbc \xc3\xbc "
		    "\xc3\xbc \xc3\xbc \xc3\xbc \xc3\xbc \xc3\xbc \xc3\xbc"),
		"a\tb\tc d", "quote \" and \\ backslash",
		"He said \"hi\" \\ bye\"quoted local\"@ex\xc3\xa2mple.org   x",
	};

	for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++)
		SUBJ_RT(texts[i]);
}

/* The number of Q encoded words in s, checking that each holds only the
 * characters RFC 2047 5(3) allows in a phrase. */
static int
count_q_words(const char *s)
{
	const char *ok = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	    "0123456789!*+-/=_";
	int n = 0;

	while ((s = strstr(s, "=?UTF-8?Q?")) != NULL) {
		for (s += 10; *s != '\0' && (s[0] != '?' || s[1] != '='); s++)
			T_OK(strchr(ok, *s) != NULL);
		n++;
	}
	return n;
}

#define PHRASE_IS(in, want) do { \
	struct pst_buf b_ = {0}; \
	pst_rfc2047_encode_phrase((in), strlen(in), &b_); \
	T_STREQ(pst_buf_str(&b_), (want)); \
	pst_buf_free(&b_); \
} while (0)

void test_hdrenc_phrase(void)
{
	struct pst_buf b = {0};
	const char *p;

	PHRASE_IS("John Smith", "John Smith");
	PHRASE_IS("o'Brien-Smith", "o'Brien-Smith");
	PHRASE_IS("Doe, John", "\"Doe, John\"");
	PHRASE_IS("John Q. Public", "\"John Q. Public\"");
	PHRASE_IS("He said \"hi\" \\o/", "\"He said \\\"hi\\\" \\\\o/\"");
	PHRASE_IS("a  b", "\"a  b\"");
	PHRASE_IS("", "\"\"");
	/* Encoded words: Q only with the characters of RFC 2047 5(3). */
	PHRASE_IS("J\xc3\xb6hn", "=?UTF-8?B?SsO2aG4=?=");
	PHRASE_IS("J\xc3\xb6hn Smith", "=?UTF-8?B?SsO2aG4=?= Smith");
	PHRASE_IS("x_y?z=!*+-/ \xc3\xa9\xc3\xa9",
	    "x_y?z=!*+-/ =?UTF-8?B?w6nDqQ==?=");
	PHRASE_IS("\xc3\xa9, (x)", "=?UTF-8?B?w6ksICh4KQ==?=");
	PHRASE_IS("Smith, J\xc3\xb6hn", "=?UTF-8?B?U21pdGgsIErDtmhu?=");
	PHRASE_IS("Gr\xc3\xbcnbaum-Wei\xc3\x9f" "enberger",
	    "=?UTF-8?Q?Gr=C3=BCnbaum-Wei=C3=9Fenberger?=");
	PHRASE_IS("Jonathan A, Smithsonian",
	    "\"Jonathan A, Smithsonian\"");
	PHRASE_IS("Jonathan A, Smith\xc3\xa9",
	    "Jonathan =?UTF-8?Q?A=2C_Smith=C3=A9?=");
	/* What a decoder would decode, even in quotes, is encoded. */
	PHRASE_IS("=?utf-8?q?x?=", "=?UTF-8?B?PT91dGYtOD9xP3g/PQ==?=");
	PHRASE_IS("=?a b", "=?UTF-8?B?PT9h?= b");
	/* Blanks other than single spaces go inside encoded words. */
	PHRASE_IS("J\xc3\xb6hn  Smith", "=?UTF-8?Q?J=C3=B6hn__Smith?=");
	PHRASE_IS("Jonathan  Smith\xc3\xa9",
	    "=?UTF-8?Q?Jonathan__Smith=C3=A9?=");
	/* Every Q text character is one 5(3) allows. */
	p = "Verylongnamewith.dots_and=equals?andmore!*+-/ \xc3\xa9";
	pst_rfc2047_encode_phrase(p, strlen(p), &b);
	T_STREQ(b.p, "=?UTF-8?Q?Verylongnamewith=2Edots=5Fand=3Dequals?= "
	    "=?UTF-8?Q?=3Fandmore!*+-/_=C3=A9?=");
	T_INTEQ(count_q_words(b.p), 2);
	pst_buf_free(&b);
}

void test_hdrenc_addr_encode(void)
{
	struct pst_addr a[6];
	struct pst_buf b = {0};

	memset(a, 0, sizeof a);
	a[0].name = (char *)"Doe, John";
	a[0].mailbox = (char *)"john@example.org";
	a[1].mailbox = (char *)"bare@example.org";
	a[2].name = (char *)"J\xc3\xb6rg";
	a[2].mailbox = (char *)"j@example.de";
	a[3].group = (char *)"team";
	a[3].mailbox = (char *)"a@x.org";
	a[4].group = (char *)"team";
	a[4].name = (char *)"B";
	a[4].mailbox = (char *)"b@x.org";
	a[5].group = (char *)"undisclosed-recipients";
	a[5].mailbox = (char *)"";
	pst_addr_encode(a, 6, &b);
	T_STREQ(b.p, "\"Doe, John\" <john@example.org>, bare@example.org, "
	    "=?UTF-8?B?SsO2cmc=?= <j@example.de>, team: a@x.org, "
	    "B <b@x.org>;, undisclosed-recipients:;");
	pst_buf_reset(&b);
	/* No name, no mailbox; an empty name is none. */
	a[0].name = (char *)"";
	a[0].mailbox = (char *)"";
	a[1].name = (char *)"Nobody";
	a[1].mailbox = (char *)"";
	pst_addr_encode(a, 2, &b);
	T_STREQ(b.p, "<>, Nobody <>");
	pst_buf_reset(&b);
	pst_addr_encode(a, 0, &b);
	T_STREQ(b.p, "");
	/* An encoded group name is kept apart from its ':' (RFC 2047 5(3)). */
	a[0].group = (char *)"\xc3\xa9quipe";
	a[0].name = NULL;
	a[0].mailbox = (char *)"e@x.org";
	a[1].group = (char *)"\xc3\xa9quipe";
	a[1].name = NULL;
	a[1].mailbox = (char *)"";
	pst_addr_encode(a, 1, &b);
	T_STREQ(b.p, "=?UTF-8?Q?=C3=A9quipe?= : e@x.org;");
	pst_buf_reset(&b);
	pst_addr_encode(a + 1, 1, &b);
	T_STREQ(b.p, "=?UTF-8?Q?=C3=A9quipe?= :;");
	pst_buf_reset(&b);
	pst_buf_free(&b);
}

/* Encode list, write it as To, parse it back: the same names (trimmed, as
 * pst_addr_parse gives them), mailboxes and groups. */
static void
addr_rt(const struct pst_addr *in, size_t n, int line)
{
	struct pst_buf v = {0};
	struct pst_header h;
	struct pst_addr *got;
	char *written, *raw;
	size_t m;

	pst_addr_encode(in, n, &v);
	written = write_parse("To", v.p, &h, line);
	raw = pst_hdr_get(&h, "To");
	m = pst_addr_parse(raw, strlen(raw), &got);
	if (t_inteq((long long)m, (long long)n, __FILE__, line, "entries"))
		for (size_t i = 0; i < n; i++) {
			t_streq(got[i].name, in[i].name, __FILE__, line,
			    "name");
			t_streq(got[i].mailbox, in[i].mailbox, __FILE__, line,
			    "mailbox");
			t_streq(got[i].group, in[i].group, __FILE__, line,
			    "group");
		}
	pst_addr_free(got, m);
	pst_hdr_free(&h);
	free(raw);
	free(written);
	pst_buf_free(&v);
}

void test_hdrenc_addr_roundtrip(void)
{
	static const char *const names[] = {
		"Doe, John", "He said \"hi\"", "J\xc3\xb6hn D\xc5\x93",
		("\xd0\x82\xd0\xbe\xd1\x80\xd1\x92\xd0\xb5 \xd0\x9f\xd0\xb5\xd1"
		    "\x82\xd1\x80\xd0\xbe\xd0\xb2\xd0\xb8\xd1\x9b, \xd0\xb8\xd0"
		    "\xbd\xd0\xb6."),
		JAPANESE, EMOJI, "John Q. Public", "plain name", "a  b",
		"=?utf-8?q?x?=", "tab\tname", "\"\\", "<angle> (comment) [x]",
		("very long name very long name very long name very long name "
		    "very long name very long name"),
		("xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
		    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
		"Smith, J\xc3\xb6hn (the \"boss\")",
	};
	static const char *const boxes[] = {
		"a@example.org", "\"quoted local\"@example.org",
		"user@[192.0.2.1]", "user@[IPv6:2001:db8::1]",
		"j\xc3\xb6rg@b\xc3\xbc\x63her.de", "\"a\\\"b\"@x.org",
		"very.long.local.part.here@a.very.long.domain.name.example.org",
	};
	struct pst_addr a[3];
	size_t i;

	memset(a, 0, sizeof a);
	for (i = 0; i < sizeof names / sizeof names[0]; i++) {
		a[0].name = (char *)names[i];
		a[0].mailbox = (char *)boxes[i % 7];
		a[1].mailbox = (char *)boxes[(i + 1) % 7];
		a[2].name = (char *)names[i];
		a[2].mailbox = (char *)"z@example.org";
		a[2].group = (char *)names[(i + 1) %
		    (sizeof names / sizeof names[0])];
		addr_rt(a, 3, __LINE__);
		addr_rt(a, 1, __LINE__);
	}
	/* All in one field, folded. */
	{
		struct pst_addr all[sizeof names / sizeof names[0]];

		memset(all, 0, sizeof all);
		for (i = 0; i < sizeof names / sizeof names[0]; i++) {
			all[i].name = (char *)names[i];
			all[i].mailbox = (char *)boxes[i % 7];
		}
		addr_rt(all, i, __LINE__);
	}
	/* An empty group. */
	a[0].name = NULL;
	a[0].group = (char *)"undisclosed-recipients";
	a[0].mailbox = (char *)"";
	addr_rt(a, 1, __LINE__);
}

void test_hdrenc_addr_valid(void)
{
	static const char *const good[] = {
		"a@b", "user@example.org", "first.last+tag@sub.example.org",
		"!#$%&'*+-/=?^_`{|}~@example.org", "\"quoted local\"@x.org",
		"\"a@b\"@x.org", "\"a\\\"b\"@x.org", "\"a\\\\b\"@x.org",
		"user@[192.0.2.1]", "user@[IPv6:2001:db8::1]",
		"j\xc3\xb6rg@b\xc3\xbc\x63her.de", "\"j\xc3\xb6 rg\"@x.org",
		("\xe7\x94\xa8\xe6\x88\xb7@\xe4\xbe\x8b\xe5\xad\x90.\xe5\xb9"
		    "\xbf\xe5\x91\x8a"), "a@localhost",
	};
	static const char *const bad[] = {
		"", "<>", "@", "a@", "@b", "ab", "a@b@c", "a b@c", "a@b c",
		" a@b", "a@b ", "a.@b", ".a@b", "a..b@c", "a@b.", "a@.b",
		"a@b..c", "a\t@b", "a\x01@b", "a\x7f@b", "a@b\x7f", "a(b)@c",
		"a,b@c", "a;b@c", "a:b@c", "a<b@c", "a>b@c", "a[b@c",
		"a\\b@c", "\"a@b", "\"\"@b", "\"a\"b@c", "\"a\x01\"@b",
		"\"a\\\"@b", "\"a\tb\"@c", "a@[]", "a@[1.2.3.4", "a@[a b]",
		"a@[a\\b]", "a@b[1]", "\"a\"@", "a@\"b\"", "<a@b>", "a@b>",
		"a\xc2\x85@b", "a\xff@b", "a@b\xc3", "Name <a@b>",
	};
	char longlocal[80], longaddr[300];
	size_t i;

	for (i = 0; i < sizeof good / sizeof good[0]; i++)
		if (!T_OK(pst_addr_valid(good[i])))
			T_STREQ(good[i], "(should be valid)");
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
		if (!T_OK(!pst_addr_valid(bad[i])))
			T_STREQ(bad[i], "(should be invalid)");
	T_OK(!pst_addr_valid(NULL));
	/* Lengths: 64 octets of local part, 254 in all. */
	memset(longlocal, 'l', 64);
	memcpy(longlocal + 64, "@x.org", 7);
	T_OK(pst_addr_valid(longlocal));
	memset(longlocal, 'l', 65);
	memcpy(longlocal + 65, "@x.org", 7);
	T_OK(!pst_addr_valid(longlocal));
	memset(longaddr, 'd', sizeof longaddr);
	memcpy(longaddr, "a@", 2);
	longaddr[254] = '\0';
	T_OK(pst_addr_valid(longaddr));
	longaddr[254] = 'd';
	longaddr[255] = '\0';
	T_OK(!pst_addr_valid(longaddr));
}

#define PARAM_IS(value, want) do { \
	struct pst_buf b_ = {0}; \
	pst_params_add(&b_, "filename", (value)); \
	T_STREQ(pst_buf_str(&b_), (want)); \
	pst_buf_free(&b_); \
} while (0)

void test_hdrenc_param_forms(void)
{
	struct pst_buf b = {0};

	PARAM_IS("report.pdf", "; filename=report.pdf");
	PARAM_IS("my report.pdf", "; filename=\"my report.pdf\"");
	PARAM_IS("a\"b\\c(1).pdf", "; filename=\"a\\\"b\\\\c(1).pdf\"");
	PARAM_IS("", "; filename=\"\"");
	PARAM_IS("caf\xc3\xa9.txt", "; filename*=UTF-8''caf%C3%A9.txt");
	PARAM_IS("=?x?=", "; filename*=UTF-8''%3D%3Fx%3F%3D");
	PARAM_IS("a\tb", "; filename*=UTF-8''a%09b");
	PARAM_IS(CYRILLIC_PDF, "; filename*0*=UTF-8''%D0%9E%D1%82%D1%87%D1%91"
	    "%D1%82%20%D0%B7%D0%B0%20%D1%82; filename*1*=%D1%80%D0%B5%D1%82%D0"
	    "%B8%D0%B9%20%D0%BA%D0%B2%D0%B0%D1%80; filename*2*=%D1%82%D0%B0%D0"
	    "%BB%202026%20%D0%B3%D0%BE%D0%B4%D0%B0.pdf");
	/* A long ASCII name: continuations too. */
	PARAM_IS("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	    "aa.txt", "; filename*0*=UTF-8''aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	    "aaaaaaaaaaaaaaaaaaaa; filename*1*=aaaaaaaaaaa.txt");
	/* Appended to what is there. */
	pst_buf_adds(&b, "text/plain");
	pst_params_add(&b, "charset", "UTF-8");
	pst_params_add(&b, "format", "flowed");
	T_STREQ(b.p, "text/plain; charset=UTF-8; format=flowed");
	pst_buf_free(&b);
}

/* "attachment" with filename=value, written as Content-Disposition and
 * read back. */
static void
param_rt(const char *value, int line)
{
	struct pst_buf v = {0};
	struct pst_header h;
	struct pst_params ps;
	char *written, *raw;

	pst_buf_adds(&v, "attachment");
	pst_params_add(&v, "filename", value);
	pst_params_add(&v, "size", "1024");
	written = write_parse("Content-Disposition", v.p, &h, line);
	raw = pst_hdr_get(&h, "Content-Disposition");
	pst_params_parse(raw, strlen(raw), &ps);
	t_streq(ps.token, "attachment", __FILE__, line, "token");
	t_streq(pst_params_get(&ps, "filename"), value, __FILE__, line,
	    "filename");
	t_streq(pst_params_get(&ps, "size"), "1024", __FILE__, line, "size");
	pst_params_free(&ps);
	pst_hdr_free(&h);
	free(raw);
	free(written);
	pst_buf_free(&v);
}

void test_hdrenc_param_roundtrip(void)
{
	static const char *const values[] = {
		"report.pdf", "my report (final).pdf", CYRILLIC_PDF,
		(CYRILLIC_PDF CYRILLIC_PDF CYRILLIC_PDF CYRILLIC_PDF), JAPANESE,
		EMOJI, (ROMANIAN ".odt"), "quote\"and\\back.txt", "=?utf-8?q?x?=",
		"a;b=c,d:e", "trailing ", " leading", "semi;colon; x=y",
		"percent %41 star* tick'", "(comment)", "x (comment)", "",
		"tab\there", "bell\x07", "spaces   inside",
		("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
		    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
		    "aaaaaaaaaaaaaaaaaaaa.txt"),
	};

	for (size_t i = 0; i < sizeof values / sizeof values[0]; i++)
		param_rt(values[i], __LINE__);
}

void test_hdrenc_write(void)
{
	struct pst_buf b = {0};
	char *long_value;

	pst_hdr_write(&b, "Subject", "");
	T_STREQ(b.p, "Subject: \n");
	pst_buf_reset(&b);
	/* A fold goes before the last blank of a run; unfolding gives the
	 * value back. */
	pst_hdr_write(&b, "X", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	    "aaaaaaaaaaaaaaaaaaaa   bbbb");
	T_STREQ(b.p, "X: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	    "aaaaaaaaaaaaaaaaaaaa  \n bbbb\n");
	pst_buf_reset(&b);
	/* Not at a tab, not in leading blanks, not before trailing ones. */
	pst_hdr_write(&b, "X", "  aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	    "aaaaaaaaaaaaaaaaaaaaaaaaaa\tbbbb   ");
	T_OK(count_lines(b.p) == 1);
	pst_buf_reset(&b);
	/* Not inside a quoted string in a structured field... */
	pst_hdr_write(&b, "To", "\"aaaaaaaaaaaaaaaaaaaaaaa aaaaaaaaaaaaaaaaaaaaaaaaa"
	    "aaaaaaaaaaaaaaaaaaaa\" <a@b>");
	T_STREQ(b.p, "To: \"aaaaaaaaaaaaaaaaaaaaaaa aaaaaaaaaaaaaaaaaaaaaaaaa"
	    "aaaaaaaaaaaaaaaaaaaa\"\n <a@b>\n");
	pst_buf_reset(&b);
	/* ...but a quote in a Subject is text. */
	pst_hdr_write(&b, "Subject", "\"aaaaaaaaaaaaaaaaaaaaaaa aaaaaaaaaaaaaaaa"
	    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaa\" <a@b>");
	T_STREQ(b.p, "Subject: \"aaaaaaaaaaaaaaaaaaaaaaa\n aaaaaaaaaaaaaaaa"
	    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaa\" <a@b>\n");
	pst_buf_reset(&b);
	/* A line holding an encoded word ends at 76. */
	pst_hdr_write(&b, "Subject", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	    "aaaaaaa =?UTF-8?Q?a=C3=A9?=");
	T_STREQ(b.p, "Subject: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	    "aaaaaaa\n =?UTF-8?Q?a=C3=A9?=\n");
	pst_buf_reset(&b);
	/* A run too long to fold stays whole. */
	long_value = malloc(201);
	memset(long_value, 'z', 200);
	long_value[200] = '\0';
	long_value[100] = ' ';
	pst_hdr_write(&b, "X", long_value);
	T_INTEQ(count_lines(b.p), 2);
	T_INTEQ(strchr(b.p, '\n') - b.p, 103);
	free(long_value);
	pst_buf_reset(&b);
	/* CR and LF never get out. */
	pst_hdr_write(&b, "X", "a\r\nBcc: evil@example.org");
	T_STREQ(b.p, "X: a  Bcc: evil@example.org\n");
	pst_buf_free(&b);
}

/* A small generator of text: ASCII words, runs of blanks, tabs, controls,
 * 2-, 3- and 4-byte characters, things that look like encoded words. */
static unsigned long rng_state = 12345;

static unsigned
rng(unsigned n)
{
	rng_state = rng_state * 6364136223846793005UL + 1442695040888963407UL;
	return (unsigned)((rng_state >> 33) % n);
}

static void
random_text(struct pst_buf *b, size_t maxlen)
{
	static const char *const bits[] = {
		" ", " ", " ", "  ", "     ", "\t", "a", "word", "Re:", "x",
		"\xc3\xa9", "\xc8\x9b", "\xd0\x96", "\xe6\x97\xa5",
		"\xf0\x9f\x98\x80", "=?", "?=", "=?utf-8?q?x?=", "\"", "\\",
		",", "<", ">", "@", "(", ")", ";", ":", "_", "=", "?", "%",
		"*", "'", "\x01", "\x7f", "\xc2\x85", "abcdefghijklmnopqrstu",
	};
	size_t n = rng((unsigned)maxlen);

	pst_buf_reset(b);
	pst_buf_add(b, "", 0);
	while (b->len < n)
		pst_buf_adds(b, bits[rng(sizeof bits / sizeof bits[0])]);
}

void test_hdrenc_random(void)
{
	struct pst_buf t = {0};
	struct pst_addr a[2];
	char *name;
	int i;

	for (i = 0; i < 3000; i++) {
		random_text(&t, i % 3 ? 60 : 400);
		SUBJ_RT(t.p);
		param_rt(t.p, __LINE__);
		/* pst_addr_parse trims a name; an empty one is none. */
		name = t.p;
		while (*name == ' ' || *name == '\t')
			name++;
		while (t.len > 0 && (t.p[t.len - 1] == ' ' ||
		    t.p[t.len - 1] == '\t'))
			t.p[--t.len] = '\0';
		memset(a, 0, sizeof a);
		a[0].name = *name ? name : NULL;
		a[0].mailbox = (char *)"a@example.org";
		a[1].name = a[0].name;
		a[1].group = *name ? name : NULL;
		a[1].mailbox = (char *)"b@example.org";
		addr_rt(a, 2, __LINE__);
	}
	pst_buf_free(&t);
}

/* The length of the longest line of b (without its LF). */
static size_t
longest_line(const struct pst_buf *b)
{
	size_t max = 0, cur = 0, i;

	for (i = 0; i < b->len; i++) {
		if (b->p[i] == '\n') {
			if (cur > max)
				max = cur;
			cur = 0;
		} else
			cur++;
	}
	return cur > max ? cur : max;
}

void test_hdr_write_quotes_and_longest(void)
{
	struct pst_buf b = {0}, v = {0};
	size_t got;
	int i;

	/* A stray quote in free text does not stop folding. */
	pst_buf_adds(&v, "5\" wide");
	for (i = 0; i < 60; i++)
		pst_buf_adds(&v, " word");
	got = pst_hdr_write(&b, "Organization", pst_buf_str(&v));
	T_OK(got <= PST_HDR_FOLD);
	T_INTEQ(got, longest_line(&b));
	pst_buf_reset(&b);
	got = pst_hdr_write(&b, "X-Note", pst_buf_str(&v));
	T_OK(got <= PST_HDR_FOLD);

	/* In an address field a quoted name is not split... */
	pst_buf_reset(&b);
	pst_buf_reset(&v);
	pst_buf_adds(&v, "\"");
	for (i = 0; i < 20; i++)
		pst_buf_adds(&v, "Name ");
	pst_buf_adds(&v, "End\" <a@example.org>");
	got = pst_hdr_write(&b, "To", pst_buf_str(&v));
	T_OK(strstr(pst_buf_str(&b), "Name End\"") != NULL);
	T_OK(strstr(pst_buf_str(&b), "Name\n") == NULL);
	T_INTEQ(got, longest_line(&b));
	T_OK(got > PST_HDR_FOLD);
	/* ...unless its quotes do not pair up. */
	pst_buf_reset(&b);
	pst_buf_adds(&v, " \"");
	got = pst_hdr_write(&b, "To", pst_buf_str(&v));
	T_OK(got <= PST_HDR_FOLD);

	/* An empty value: the name, the colon and the blank. */
	pst_buf_reset(&b);
	T_INTEQ(pst_hdr_write(&b, "Subject", ""), 9);
	pst_buf_free(&b);
	pst_buf_free(&v);
}
