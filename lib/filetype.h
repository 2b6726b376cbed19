/* filetype: the MIME type of a file's contents, by libmagic. */
#ifndef PST_FILETYPE_H
#define PST_FILETYPE_H

#include <stddef.h>

struct pst_filetype;

/* Load libmagic's database; done once per run, as it costs milliseconds.
 * Returns NULL with one line in err[0..errsize) when it cannot be loaded. */
struct pst_filetype *pst_filetype_open(char *err, size_t errsize);

/* Release what pst_filetype_open took (NULL is fine). */
void pst_filetype_close(struct pst_filetype *ft);

/* Whether t is a MIME type: "type/subtype", RFC 2045 token characters. */
int pst_filetype_valid(const char *t);

/* Write the MIME type of data[0..n) into type[0..size) ("image/png",
 * "application/octet-stream" when libmagic cannot tell or the answer is
 * not a type/subtype). For a text type, also write the charset into
 * cs[0..cssize): "us-ascii" or "utf-8" when all of data is, else what
 * libmagic says ("iso-8859-1"); a text file in no charset libmagic knows is
 * typed application/octet-stream instead. cs is "" for other types.
 * Returns 0, or -1 when a result does not fit. */
int pst_filetype_of(struct pst_filetype *ft, const char *data, size_t n,
    char *type, size_t size, char *cs, size_t cssize);

#endif
