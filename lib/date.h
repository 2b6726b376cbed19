/* date: RFC 5322 dates. */
#ifndef PST_DATE_H
#define PST_DATE_H

#include <stddef.h>
#include <time.h>

/* Parse an RFC 5322 date-time in s[0..len), obsolete forms included
 * (optional weekday, two- and three-digit years, missing seconds, named
 * zones such as GMT, UT, EST, PDT, military zones, comments, extra
 * white space). On success set *t to seconds since the epoch (UTC) and
 * *tzoff to the zone's offset in minutes east of UTC, and return 0;
 * return -1 for what is not a date (fields out of range included). */
int pst_date_parse(const char *s, size_t len, time_t *t, int *tzoff);

/* Write t as an RFC 5322 date in the zone tzoff (minutes east of UTC),
 * "Sat, 21 Nov 2026 22:16:19 +0000", into out[0..size). Returns 0, or -1
 * when it does not fit or t is out of range. */
int pst_date_format(time_t t, int tzoff, char *out, size_t size);

/* The offset of the local time zone from UTC at t, in minutes east. */
int pst_date_local_offset(time_t t);

#endif
