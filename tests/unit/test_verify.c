/* Unit tests of lib/verify.c: reading MX records from a DNS answer. */
#include <string.h>

#include "t.h"
#include "verify.h"

void test_mx_parse(void);

/* A DNS answer for "example.org MX": two records, the one with the higher
 * preference number first, the second name compressed against the first. */
static const unsigned char answer[] = {
	0x12, 0x34, 0x81, 0x80, 0, 1, 0, 2, 0, 0, 0, 0,
	/* question: example.org MX IN */
	7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 3, 'o', 'r', 'g', 0,
	0, 15, 0, 1,
	/* answer 1: pref 20, mx2.example.org */
	0xc0, 0x0c, 0, 15, 0, 1, 0, 0, 0x0e, 0x10, 0, 8,
	0, 20, 3, 'm', 'x', '2', 0xc0, 0x0c,
	/* answer 2: pref 10, mx1.example.org */
	0xc0, 0x0c, 0, 15, 0, 1, 0, 0, 0x0e, 0x10, 0, 8,
	0, 10, 3, 'm', 'x', '1', 0xc0, 0x0c,
};

void test_mx_parse(void)
{
	struct pst_mx mx[4];
	unsigned char cut[sizeof answer];

	T_INTEQ(pst_mx_parse(answer, sizeof answer, mx, 4), 2);
	T_INTEQ(mx[0].pref, 10);
	T_STREQ(mx[0].host, "mx1.example.org");
	T_INTEQ(mx[1].pref, 20);
	T_STREQ(mx[1].host, "mx2.example.org");
	/* At most max. */
	T_INTEQ(pst_mx_parse(answer, sizeof answer, mx, 1), 1);
	/* Cut short or garbage: not an answer. */
	memcpy(cut, answer, sizeof answer);
	T_INTEQ(pst_mx_parse(cut, (int)sizeof answer - 5, mx, 4), -1);
	T_INTEQ(pst_mx_parse(cut, 5, mx, 4), -1);
	cut[7] = 9;	/* says 9 answers, holds 2 */
	T_INTEQ(pst_mx_parse(cut, sizeof answer, mx, 4), -1);
}
