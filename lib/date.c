/* date: RFC 5322 dates.
 *
 * Parsed by hand, obsolete forms included: "[Day,] D Mon YYYY HH:MM[:SS]
 * zone", with comments and white space anywhere between the parts, two-
 * and three-digit years, named and military zones, '-' between day,
 * month and year (IMAP's INTERNALDATE: "21-Nov-2026 22:16:19 +0000"), and
 * a missing zone (taken as -0000). What follows a valid zone is ignored
 * ("+0100 CET", "+0000 (UTC)").  The epoch arithmetic is our own (timegm
 * is not POSIX). */
#include <stdio.h>
#include <string.h>

#include "date.h"

#define MIN_YEAR	1900
#define MAX_YEAR	9999
#define MAX_TZOFF	(24 * 60 - 1)	/* minutes; no real zone is near it */

/* Day names from 1970-01-01, a Thursday, on. */
static const char days[7][4] = {
	"Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed",
};
static const char months[12][4] = {
	"Jan", "Feb", "Mar", "Apr", "May", "Jun",
	"Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
};

/* Zone names in use, in minutes east of UTC; RFC 5322 takes any other
 * name, and the military letters (whose signs RFC 822 got wrong), as
 * -0000. */
static const struct zone {
	const char *name;
	int off;
} zones[] = {
	{ "UT", 0 }, { "UTC", 0 }, { "GMT", 0 }, { "Z", 0 },
	{ "EST", -300 }, { "EDT", -240 }, { "CST", -360 }, { "CDT", -300 },
	{ "MST", -420 }, { "MDT", -360 }, { "PST", -480 }, { "PDT", -420 },
	{ "WET", 0 }, { "WEST", 60 }, { "BST", 60 }, { "CET", 60 },
	{ "CEST", 120 }, { "MET", 60 }, { "MEST", 120 }, { "EET", 120 },
	{ "EEST", 180 }, { "MSK", 180 }, { "HKT", 480 }, { "JST", 540 },
	{ "KST", 540 }, { "AEST", 600 }, { "AEDT", 660 }, { "NZST", 720 },
	{ "NZDT", 780 },
};

/* A cursor over the date text. */
struct cur {
	const char *s;
	size_t i, len;
};

static int
lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

static int
is_alpha(int c)
{
	c = lower(c);
	return c >= 'a' && c <= 'z';
}

static int
is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static int
peek(const struct cur *c)
{
	return c->i < c->len ? (unsigned char)c->s[c->i] : -1;
}

/* Skip white space and (nested, quoted-pair escaped) comments. */
static void
skip_cfws(struct cur *c)
{
	int depth = 0;

	while (c->i < c->len) {
		int ch = (unsigned char)c->s[c->i];

		if (depth > 0 && ch == '\\')
			c->i++;
		else if (ch == '(')
			depth++;
		else if (ch == ')' && depth > 0)
			depth--;
		else if (depth == 0 && ch != ' ' && ch != '\t' &&
		    ch != '\r' && ch != '\n')
			break;
		c->i++;
	}
	if (c->i > c->len)
		c->i = c->len;
}

/* Read 1 to max digits as a number; *ndig gets how many. -1: none. */
static long
number(struct cur *c, int max, int *ndig)
{
	long v = 0;
	int n = 0;

	while (n < max && is_digit(peek(c))) {
		v = v * 10 + (c->s[c->i] - '0');
		c->i++;
		n++;
	}
	if (ndig)
		*ndig = n;
	return n ? v : -1;
}

/* Read a run of letters (up to size-1 of them kept) into w. */
static size_t
word(struct cur *c, char *w, size_t size)
{
	size_t n = 0;

	while (is_alpha(peek(c))) {
		if (n + 1 < size)
			w[n++] = (char)lower(c->s[c->i]);
		c->i++;
	}
	w[n] = '\0';
	return n;
}

/* The index of the name that w (lower case, at least 3 letters) starts
 * with, or -1: "tue", "tues", "tuesday", "sept". */
static int
name_index(const char *w, const char (*names)[4], int n)
{
	int k;

	if (strlen(w) < 3)
		return -1;
	for (k = 0; k < n; k++)
		if (lower(names[k][0]) == w[0] && names[k][1] == w[1] &&
		    names[k][2] == w[2])
			return k;
	return -1;
}

static int
is_leap(long y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int
month_days(long y, int m)
{
	static const int mdays[12] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31,
	};

	return m == 2 && is_leap(y) ? 29 : mdays[m - 1];
}

/* Days from 1970-01-01 to y-m-d (proleptic Gregorian, m 1-12): count in
 * years that start on March 1st, so the leap day ends a year. */
static long long
days_from_civil(long y, int m, int d)
{
	long long yy = m <= 2 ? y - 1 : y;
	long long era = (yy >= 0 ? yy : yy - 399) / 400;
	long long yoe = yy - era * 400;			/* [0, 399] */
	long long mp = m > 2 ? m - 3 : m + 9;		/* March is 0 */
	long long doy = (153 * mp + 2) / 5 + d - 1;	/* [0, 365] */
	long long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return era * 146097 + doe - 719468;
}

/* The inverse of days_from_civil. */
static void
civil_from_days(long long z, long *y, int *m, int *d)
{
	long long era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (long)(yoe + era * 400 + (*m <= 2));
}

/* An optional "Day," (any word starting with a day's name). */
static int
parse_weekday(struct cur *c)
{
	char w[16];

	skip_cfws(c);
	if (!is_alpha(peek(c)))
		return 0;
	word(c, w, sizeof w);
	if (name_index(w, days, 7) < 0)
		return -1;
	skip_cfws(c);
	if (peek(c) == ',')
		c->i++;
	return 0;
}

/* "D Mon YYYY" or "D-Mon-YYYY". */
static int
parse_day_month_year(struct cur *c, long *y, int *m, int *d)
{
	char w[16];
	long v;
	int n;

	skip_cfws(c);
	if ((v = number(c, 2, &n)) < 1 || is_digit(peek(c)))
		return -1;
	*d = (int)v;
	skip_cfws(c);
	if (peek(c) == '-')
		c->i++;
	skip_cfws(c);
	word(c, w, sizeof w);
	if ((*m = name_index(w, months, 12) + 1) < 1)
		return -1;
	skip_cfws(c);
	if (peek(c) == '-')
		c->i++;
	skip_cfws(c);
	if ((v = number(c, 4, &n)) < 0 || is_digit(peek(c)))
		return -1;
	if (n == 2)
		v += v < 50 ? 2000 : 1900;
	else if (n == 3)
		v += 1900;
	else if (n != 4)
		return -1;
	*y = v;
	if (*y < MIN_YEAR || *y > MAX_YEAR || *d > month_days(*y, *m))
		return -1;
	return 0;
}

/* "HH:MM[:SS]", white space allowed around the colons. */
static int
parse_time(struct cur *c, int *h, int *mi, int *sec)
{
	long v;
	int n;

	skip_cfws(c);
	if ((v = number(c, 2, &n)) < 0 || v > 23)
		return -1;
	*h = (int)v;
	skip_cfws(c);
	if (peek(c) != ':')
		return -1;
	c->i++;
	skip_cfws(c);
	if ((v = number(c, 2, &n)) < 0 || n != 2 || v > 59)
		return -1;
	*mi = (int)v;
	*sec = 0;
	skip_cfws(c);
	if (peek(c) == ':') {
		c->i++;
		skip_cfws(c);
		if ((v = number(c, 2, &n)) < 0 || n != 2 || v > 60)
			return -1;
		*sec = (int)v;	/* 60: a leap second, into the next minute */
	}
	return 0;
}

/* "+HHMM", "-HHMM", "+HH:MM", a zone name, or nothing (-0000). */
static int
parse_zone(struct cur *c, int *off)
{
	char w[8];
	long hh, mm;
	int sign, n;
	size_t k;

	*off = 0;
	skip_cfws(c);
	if (peek(c) == '+' || peek(c) == '-') {
		sign = peek(c) == '-' ? -1 : 1;
		c->i++;
		if ((hh = number(c, 2, &n)) < 0 || n != 2)
			return -1;
		if (peek(c) == ':')
			c->i++;
		if ((mm = number(c, 2, &n)) < 0 || n != 2 || mm > 59 ||
		    hh * 60 + mm > MAX_TZOFF)
			return -1;
		*off = sign * (int)(hh * 60 + mm);
		return 0;
	}
	if (!is_alpha(peek(c)))
		return 0;
	if (word(c, w, sizeof w) >= sizeof w - 1)
		return 0;	/* too long to be a zone we know */
	for (k = 0; k < sizeof zones / sizeof zones[0]; k++) {
		size_t j;

		for (j = 0; zones[k].name[j] != '\0' &&
		    lower(zones[k].name[j]) == w[j]; j++)
			;
		if (zones[k].name[j] == '\0' && w[j] == '\0') {
			*off = zones[k].off;
			break;
		}
	}
	return 0;
}

int
pst_date_parse(const char *s, size_t len, time_t *t, int *tzoff)
{
	struct cur c = { s, 0, len };
	long y;
	int m, d, h, mi, sec, off;
	long long v;

	if (parse_weekday(&c) == -1 ||
	    parse_day_month_year(&c, &y, &m, &d) == -1 ||
	    parse_time(&c, &h, &mi, &sec) == -1 ||
	    parse_zone(&c, &off) == -1)
		return -1;
	v = days_from_civil(y, m, d) * 86400 + h * 3600 + mi * 60 + sec -
	    (long long)off * 60;
	if ((long long)(time_t)v != v)
		return -1;	/* a 32-bit time_t */
	*t = (time_t)v;
	*tzoff = off;
	return 0;
}

int
pst_date_format(time_t t, int tzoff, char *out, size_t size)
{
	/* The seconds of 0000-01-01 and 9999-12-31 23:59:59, in UTC. */
	const long long lo = -62167219200LL, hi = 253402300799LL;
	long long local, day, sec;
	long y;
	int m, d, off, r;

	if (size == 0)
		return -1;
	out[0] = '\0';
	if (tzoff < -MAX_TZOFF || tzoff > MAX_TZOFF)
		return -1;
	if ((long long)t < lo || (long long)t > hi)
		return -1;
	local = (long long)t + (long long)tzoff * 60;
	if (local < lo || local > hi)
		return -1;
	day = local >= 0 ? local / 86400 : (local - 86399) / 86400;
	sec = local - day * 86400;
	civil_from_days(day, &y, &m, &d);
	off = tzoff < 0 ? -tzoff : tzoff;
	r = snprintf(out, size, "%s, %d %s %04ld %02d:%02d:%02d %c%02d%02d",
	    days[((day % 7) + 7) % 7], d, months[m - 1], y,
	    (int)(sec / 3600), (int)(sec / 60 % 60), (int)(sec % 60),
	    tzoff < 0 ? '-' : '+', off / 60, off % 60);
	if (r < 0 || (size_t)r >= size) {
		out[0] = '\0';
		return -1;
	}
	return 0;
}

int
pst_date_local_offset(time_t t)
{
	struct tm loc, utc;
	int ndays;

	if (localtime_r(&t, &loc) == NULL || gmtime_r(&t, &utc) == NULL)
		return 0;
	/* The two differ by less than a day: compare the day of the year,
	 * minding the turn of the year. */
	if (loc.tm_year != utc.tm_year)
		ndays = loc.tm_year > utc.tm_year ? 1 : -1;
	else
		ndays = loc.tm_yday - utc.tm_yday;
	return ndays * 1440 + (loc.tm_hour - utc.tm_hour) * 60 +
	    (loc.tm_min - utc.tm_min);
}
