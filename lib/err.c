/* err: what went wrong. */
#include <stdarg.h>
#include <stdio.h>

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
pst_err_clear(struct pst_err *e)
{
	e->status = 0;
	e->msg[0] = '\0';
}
