/* filetype: the MIME type of a file's contents, by libmagic. */
#include <magic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "charset.h"
#include "filetype.h"
#include "mem.h"

/* libmagic looks at the start of the data for the type; how much it is
 * given bounds its time on big files. The charset of text is decided on
 * the whole data here, not by libmagic's sample. */
#define MAGIC_SAMPLE	(256 * 1024)

struct pst_filetype {
	magic_t magic;
};

struct pst_filetype *
pst_filetype_open(char *err, size_t errsize)
{
	struct pst_filetype *ft;
	magic_t m;

	if ((m = magic_open(MAGIC_MIME_TYPE | MAGIC_MIME_ENCODING |
	    MAGIC_ERROR)) == NULL) {
		snprintf(err, errsize, "libmagic: cannot start");
		return NULL;
	}
	if (magic_load(m, NULL) != 0) {
		snprintf(err, errsize, "libmagic: %s", magic_error(m) ?
		    magic_error(m) : "cannot load its database");
		magic_close(m);
		return NULL;
	}
	ft = pst_xmalloc(sizeof *ft);
	ft->magic = m;
	return ft;
}

void
pst_filetype_close(struct pst_filetype *ft)
{
	if (ft == NULL)
		return;
	magic_close(ft->magic);
	free(ft);
}

int
pst_filetype_valid(const char *t)
{
	size_t i, slash = 0, nslash = 0, n = strlen(t);

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)t[i];

		if (c == '/') {
			slash = i;
			nslash++;
		} else if (c <= ' ' || c >= 0x7f ||
		    strchr("()<>@,;:\\\"[]?=", c) != NULL)
			return 0;
	}
	return nslash == 1 && slash > 0 && slash + 1 < n;
}

static int
copy(char *dst, size_t size, const char *src, size_t n)
{
	if (n >= size)
		return -1;
	memcpy(dst, src, n);
	dst[n] = '\0';
	return 0;
}

/* The charset libmagic gives in "type/sub; charset=X", or NULL. */
static const char *
magic_charset(const char *answer)
{
	const char *cs = strstr(answer, "charset=");

	return cs ? cs + 8 : NULL;
}

int
pst_filetype_of(struct pst_filetype *ft, const char *data, size_t n,
    char *type, size_t size, char *cs, size_t cssize)
{
	const char *answer, *mcs;
	size_t tlen;

	if (cssize == 0 || copy(cs, cssize, "", 0) < 0)
		return -1;
	answer = magic_buffer(ft->magic, data, n < MAGIC_SAMPLE ? n : MAGIC_SAMPLE);
	if (answer == NULL)
		answer = "application/octet-stream";
	tlen = strcspn(answer, "; ");
	if (copy(type, size, answer, tlen) < 0 || !pst_filetype_valid(type))
		return copy(type, size, "application/octet-stream", 24);
	if (tlen < 5 || strncasecmp(answer, "text/", 5) != 0)
		return 0;

	if (pst_ascii_only(data, n))
		mcs = "us-ascii";
	else if (pst_utf8_valid(data, n))
		mcs = "utf-8";
	else {
		/* 8-bit, not UTF-8: trust libmagic's charset unless its sample
		 * was all ASCII or UTF-8 (the 8-bit bytes come later). */
		mcs = magic_charset(answer);
		if (mcs == NULL || strcasecmp(mcs, "us-ascii") == 0 ||
		    strcasecmp(mcs, "utf-8") == 0) {
			answer = magic_buffer(ft->magic, data, n);
			mcs = answer ? magic_charset(answer) : NULL;
		}
		if (mcs == NULL || !pst_charset_known(mcs))
			return copy(type, size, "application/octet-stream", 24);
	}
	return copy(cs, cssize, mcs, strlen(mcs));
}
