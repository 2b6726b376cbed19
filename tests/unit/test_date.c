/* Unit tests of lib/date.c. Expected times computed with Python's
 * calendar.timegm. */
#include <string.h>
#include <time.h>

#include "date.h"
#include "t.h"

void test_date_parse_rfc5322(void);
void test_date_parse_obsolete(void);
void test_date_parse_zones(void);
void test_date_parse_liberal(void);
void test_date_parse_bad(void);
void test_date_format(void);
void test_date_format_bad(void);
void test_date_round_trip(void);

#define PARSE(s, t, off) parse_is((s), (long long)(t), (off), __LINE__)
#define BAD(s) bad_is((s), __LINE__)

static void
parse_is(const char *s, long long want, int wantoff, int line)
{
	time_t t = 12345;
	int off = 12345;

	if (!t_inteq(pst_date_parse(s, strlen(s), &t, &off), 0, __FILE__,
	    line, s))
		return;
	t_inteq((long long)t, want, __FILE__, line, s);
	t_inteq(off, wantoff, __FILE__, line, s);
}

static void
bad_is(const char *s, int line)
{
	time_t t = 12345;
	int off = 12345;

	t_inteq(pst_date_parse(s, strlen(s), &t, &off), -1, __FILE__, line, s);
}

void test_date_parse_rfc5322(void)
{
	PARSE("Sat, 21 Nov 2026 22:16:19 +0000", 1795299379, 0);
	PARSE("Tue, 1 Jul 2003 10:52:37 +0200", 1057056757 - 7200, 120);
	PARSE("Fri, 21 Nov 1997 09:55:06 -0600", 880106106 + 6 * 3600, -360);
	PARSE("21 Nov 1997 09:55:06 -0600", 880106106 + 6 * 3600, -360);
	PARSE("Thu, 01 Jan 1970 00:00:00 +0000", 0, 0);
	PARSE("Wed, 31 Dec 1969 23:59:59 +0000", -1, 0);
	PARSE("Thu, 1 Jan 1970 00:00:00 -0000", 0, 0);
	PARSE("Tue, 29 Feb 2000 00:00:00 +0000", 951782400, 0);
	PARSE("Mon, 1 Jan 1900 00:00:00 +0000", -2208988800LL, 0);
	PARSE("Fri, 31 Dec 9999 23:59:59 +0000", 253402300799LL, 0);
	PARSE("Tue, 19 Jan 2038 03:14:08 +0000", 2147483648LL, 0);
	PARSE("Thu, 1 Jan 1970 05:30:00 +0530", 0, 330);
	PARSE("Thu, 1 Jan 1970 00:00:00 +1400", -14 * 3600, 840);
	/* A leap second runs into the next minute. */
	PARSE("Thu, 1 Jan 1970 00:00:60 +0000", 60, 0);
}

void test_date_parse_obsolete(void)
{
	/* Two- and three-digit years. */
	PARSE("Fri, 21 Nov 97 09:55:06 -0600", 880106106 + 6 * 3600, -360);
	PARSE("1 Jan 49 00:00:00 +0000", 2493072000LL, 0);
	PARSE("1 Jan 50 00:00:00 +0000", -631152000LL, 0);
	PARSE("1 Jan 01 00:00:00 +0000", 978307200, 0);
	PARSE("1 Jan 101 00:00:00 +0000", 978307200, 0);
	/* No seconds. */
	PARSE("Sat, 21 Nov 2026 22:16 +0000", 1795299379 - 19, 0);
	/* Comments and white space everywhere. */
	PARSE("Fri, 21 Nov 1997 09:55:06 -0600 (MDT)", 880106106 + 21600,
	    -360);
	PARSE("  Fri , 21  Nov\t1997 09 : 55 : 06  -0600  ",
	    880106106 + 21600, -360);
	PARSE("(a (nested) comment) Fri, 21 Nov (x) 1997 09:55:06 -0600",
	    880106106 + 21600, -360);
	PARSE("Fri,\r\n 21 Nov 1997 09:55:06 -0600", 880106106 + 21600, -360);
	/* No weekday, full day and month names. */
	PARSE("21 November 1997 09:55:06 +0000", 880106106, 0);
	PARSE("Friday, 21 Nov 1997 09:55:06 +0000", 880106106, 0);
	PARSE("Tues, 1 Jul 2003 10:52:37 +0000", 1057056757, 0);
	PARSE("1 Sept 2003 00:00:00 +0000", 1062374400, 0);
	/* Case does not matter; the weekday is not checked. */
	PARSE("SAT, 21 NOV 2026 22:16:19 gmt", 1795299379, 0);
	PARSE("Mon, 21 Nov 2026 22:16:19 +0000", 1795299379, 0);
	/* A one-digit hour. */
	PARSE("21 Nov 2026 9:16:19 +0000", 1795299379 - 13 * 3600, 0);
}

void test_date_parse_zones(void)
{
	PARSE("1 Jan 1970 00:00:00 GMT", 0, 0);
	PARSE("1 Jan 1970 00:00:00 UT", 0, 0);
	PARSE("1 Jan 1970 00:00:00 UTC", 0, 0);
	PARSE("1 Jan 1970 00:00:00 Z", 0, 0);
	PARSE("1 Jan 1970 00:00:00 EST", 5 * 3600, -300);
	PARSE("1 Jan 1970 00:00:00 EDT", 4 * 3600, -240);
	PARSE("1 Jan 1970 00:00:00 CST", 6 * 3600, -360);
	PARSE("1 Jan 1970 00:00:00 CDT", 5 * 3600, -300);
	PARSE("1 Jan 1970 00:00:00 MST", 7 * 3600, -420);
	PARSE("1 Jan 1970 00:00:00 MDT", 6 * 3600, -360);
	PARSE("1 Jan 1970 00:00:00 PST", 8 * 3600, -480);
	PARSE("1 Jan 1970 00:00:00 pdt", 7 * 3600, -420);
	PARSE("1 Jan 1970 01:00:00 CET", 0, 60);
	/* Military zones and unknown names are -0000 (RFC 5322 4.3). */
	PARSE("1 Jan 1970 00:00:00 A", 0, 0);
	PARSE("1 Jan 1970 00:00:00 M", 0, 0);
	PARSE("1 Jan 1970 00:00:00 Y", 0, 0);
	PARSE("1 Jan 1970 00:00:00 XYZT", 0, 0);
	PARSE("1 Jan 1970 00:00:00 SomeVeryLongZoneName", 0, 0);
	/* A colon in the offset, a name or comment after it. */
	PARSE("1 Jan 1970 01:00:00 +01:00", 0, 60);
	PARSE("1 Jan 1970 01:00:00 +0100 CET", 0, 60);
	PARSE("1 Jan 1970 00:00:00 -0500 (EST)", 5 * 3600, -300);
	/* None at all. */
	PARSE("1 Jan 1970 00:00:00", 0, 0);
	PARSE("1 Jan 1970 00:00", 0, 0);
}

void test_date_parse_liberal(void)
{
	/* IMAP INTERNALDATE style. */
	PARSE("21-Nov-2026 22:16:19 +0000", 1795299379, 0);
	PARSE(" 1-Jan-1970 00:00:00 +0000", 0, 0);
	PARSE("21Nov2026 22:16:19 +0000", 1795299379, 0);
}

void test_date_parse_bad(void)
{
	BAD("");
	BAD("   ");
	BAD("(only a comment)");
	BAD("yesterday");
	BAD("Sat, 21 Nov 2026");		/* no time */
	BAD("Sat, 21 Nov 2026 22");
	BAD("Sat, 21 Nov 2026 22:");
	BAD("Sat, 21 Nov 2026 22:1 +0000");
	BAD("Sat, 21 Nov 2026 22:16:1 +0000");
	BAD("Sat, 21 Foo 2026 22:16:19 +0000");
	BAD("Sat, 21 No 2026 22:16:19 +0000");
	BAD("Sat, Nov 21 2026 22:16:19 +0000");	/* month first */
	BAD("Xyz, 21 Nov 2026 22:16:19 +0000");
	BAD("Sa, 21 Nov 2026 22:16:19 +0000");
	/* Out of range fields. */
	BAD("0 Nov 2026 22:16:19 +0000");
	BAD("31 Nov 2026 22:16:19 +0000");
	BAD("32 Jan 2026 22:16:19 +0000");
	BAD("29 Feb 2026 22:16:19 +0000");
	BAD("29 Feb 1900 00:00:00 +0000");
	BAD("21 Nov 2026 24:00:00 +0000");
	BAD("21 Nov 2026 23:60:00 +0000");
	BAD("21 Nov 2026 23:59:61 +0000");
	BAD("21 Nov 2026 99:99:99 +0000");
	BAD("21 Nov 2026 22:16:19 +0060");
	BAD("21 Nov 2026 22:16:19 +2400");
	BAD("21 Nov 2026 22:16:19 +99");
	BAD("21 Nov 2026 22:16:19 +");
	BAD("21 Nov 2026 22:16:19 -12");
	BAD("123 Nov 2026 22:16:19 +0000");
	BAD("21 Nov 20266 22:16:19 +0000");
	BAD("21 Nov 2 22:16:19 +0000");
	BAD("21 Nov 1899 22:16:19 +0000");
	BAD("21 Nov 0000 22:16:19 +0000");
	BAD("-1 Nov 2026 22:16:19 +0000");
	/* Truncated anywhere. */
	BAD("Sat,");
	BAD("Sat, 21");
	BAD("Sat, 21 Nov");
	BAD("Sat, 21 Nov 2026 22:16:");
}

static void
format_is(long long t, int off, const char *want, int line)
{
	char out[64];

	t_inteq(pst_date_format((time_t)t, off, out, sizeof out), 0, __FILE__,
	    line, want);
	t_streq(out, want, __FILE__, line, want);
}

#define FORMAT(t, off, want) format_is((t), (off), (want), __LINE__)

void test_date_format(void)
{
	FORMAT(1795299379, 0, "Sat, 21 Nov 2026 22:16:19 +0000");
	FORMAT(0, 0, "Thu, 1 Jan 1970 00:00:00 +0000");
	FORMAT(-1, 0, "Wed, 31 Dec 1969 23:59:59 +0000");
	FORMAT(1057056757 - 7200, 120, "Tue, 1 Jul 2003 10:52:37 +0200");
	FORMAT(880106106 + 21600, -360, "Fri, 21 Nov 1997 09:55:06 -0600");
	FORMAT(0, 330, "Thu, 1 Jan 1970 05:30:00 +0530");
	FORMAT(0, -1, "Wed, 31 Dec 1969 23:59:00 -0001");
	FORMAT(951782400, 0, "Tue, 29 Feb 2000 00:00:00 +0000");
	FORMAT(-2208988800LL, 0, "Mon, 1 Jan 1900 00:00:00 +0000");
	FORMAT(253402300799LL, 0, "Fri, 31 Dec 9999 23:59:59 +0000");
	FORMAT(2147483648LL, 0, "Tue, 19 Jan 2038 03:14:08 +0000");
	FORMAT(-62167219200LL, 0, "Sat, 1 Jan 0000 00:00:00 +0000");
}

void test_date_format_bad(void)
{
	char out[64];

	/* Exactly the room needed, then one byte less. */
	T_INTEQ(pst_date_format(1795299379, 0, out, 32), 0);
	T_INTEQ(pst_date_format(1795299379, 0, out, 31), -1);
	T_STREQ(out, "");
	T_INTEQ(pst_date_format(0, 0, out, 0), -1);
	T_INTEQ(pst_date_format(253402300800LL, 0, out, sizeof out), -1);
	T_INTEQ(pst_date_format(253402300799LL, 60, out, sizeof out), -1);
	T_INTEQ(pst_date_format(-62167219201LL, 0, out, sizeof out), -1);
	T_INTEQ(pst_date_format(0, 24 * 60, out, sizeof out), -1);
	T_INTEQ(pst_date_format(0, -24 * 60, out, sizeof out), -1);
	T_INTEQ(pst_date_format(0, 100000, out, sizeof out), -1);
	if (sizeof(time_t) >= 8) {
		T_INTEQ(pst_date_format((time_t)0x7fffffffffffffffLL, 0, out,
		    sizeof out), -1);
		T_INTEQ(pst_date_format((time_t)(-0x7fffffffffffffffLL - 1), 0,
		    out, sizeof out), -1);
	}
}

void test_date_round_trip(void)
{
	static const int offs[] = { 0, 60, -300, 330, 840, -720, 1439, -1439 };
	char out[64];
	long long t;
	time_t back;
	int i, off, ok = 1;

	/* Every 1000003 s (about 11.6 days) over 1900-2100, each zone. */
	for (t = -2208988800LL + 86400; t < 4102444800LL && ok; t += 1000003) {
		for (i = 0; i < (int)(sizeof offs / sizeof offs[0]); i++) {
			if (pst_date_format((time_t)t, offs[i], out,
			    sizeof out) != 0 ||
			    pst_date_parse(out, strlen(out), &back,
			    &off) != 0 || (long long)back != t ||
			    off != offs[i]) {
				ok = 0;
				T_STREQ(out, "a date that reads back");
				break;
			}
		}
	}
	T_OK(ok);
}
