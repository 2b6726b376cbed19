/* extract: MIME parts saved to files, safely. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "extract.h"
#include "io.h"
#include "sanitize.h"

#define MAX_TRIES	1000	/* "name-999.ext" at most */

/* A sink for pst_decode_stream writing everything to the fd at ctx. */
static int
write_sink(void *ctx, const char *p, size_t n)
{
	return pst_write_all(*(int *)ctx, p, n);
}

int
pst_write_part(const struct pst_part *p, int fd)
{
	enum pst_cte cte = p->child != NULL ? PST_CTE_7BIT : p->cte;

	return pst_decode_stream(cte, p->body, p->bodylen, write_sink, &fd);
}

/* Put name with "-N" before its extension into out[0..size). */
static int
numbered(const char *name, int n, char *out, size_t size)
{
	const char *dot = strrchr(name, '.');
	int len;

	if (dot == NULL || dot == name)
		len = snprintf(out, size, "%s-%d", name, n);
	else
		len = snprintf(out, size, "%.*s-%d%s", (int)(dot - name), name,
		    n, dot);
	return len < 0 || (size_t)len >= size ? -1 : 0;
}

int
pst_extract_part(const struct pst_part *p, int dirfd, const char *fallback,
    char *saved, size_t size)
{
	char base[256], name[300];
	int fd = -1, rc, saved_errno;

	pst_safe_filename(p->filename, fallback, base, sizeof base);
	for (int i = 0; i < MAX_TRIES && fd < 0; i++) {
		if (i == 0) {
			if (snprintf(name, sizeof name, "%s", base) < 0)
				return -1;
		} else if (numbered(base, i, name, sizeof name) < 0) {
			errno = ENAMETOOLONG;
			return -1;
		}
		fd = openat(dirfd, name, O_WRONLY | O_CREAT | O_EXCL |
		    O_NOFOLLOW | O_CLOEXEC, 0666);
		if (fd < 0 && errno != EEXIST)
			return -1;
	}
	if (fd < 0)
		return -1;	/* errno is EEXIST */
	rc = pst_write_part(p, fd);
	saved_errno = errno;
	if (close(fd) < 0 && rc == 0) {
		rc = -1;
		saved_errno = errno;
	}
	if (rc < 0) {
		unlinkat(dirfd, name, 0);
		errno = saved_errno;
		return -1;
	}
	if (snprintf(saved, size, "%s", name) < 0)
		return -1;
	return 0;
}
