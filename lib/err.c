/* err: what went wrong. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "err.h"

void
pst_err_set(struct pst_err *e, int status, const char *fmt, ...)
{
	va_list ap;

	if (e->status != 0)
		return;
	e->status = status;
	va_start(ap, fmt);
	/* A cut message is still worth showing. */
	(void)vsnprintf(e->msg, sizeof e->msg, fmt, ap);
	va_end(ap);
}

void
pst_err_io(struct pst_err *e, int err, const char *fmt, ...)
{
	char what[768];
	va_list ap;

	if (e->status != 0)
		return;
	va_start(ap, fmt);
	/* A cut name still says where. */
	(void)vsnprintf(what, sizeof what, fmt, ap);
	va_end(ap);
#ifdef EDQUOT
	if (err == EDQUOT)
		err = ENOSPC;
#endif
	if (err == ENOSPC)
		pst_err_set(e, 74, "%s: disk full", what);
	else
		pst_err_set(e, 74, "%s: %s", what, strerror(err));
}

void
pst_err_clear(struct pst_err *e)
{
	e->status = 0;
	e->msg[0] = '\0';
}
