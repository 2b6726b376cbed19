/* err: what went wrong, for the tools to tell a person and to exit with. */
#ifndef PST_ERR_H
#define PST_ERR_H

/* A sysexits status and one line for a person ("what: why"). */
struct pst_err {
	int status;		/* 0 while nothing went wrong */
	char msg[1024];
};

/* Record a problem in e: the first one recorded wins, so the cause is
 * reported rather than its consequences. */
void pst_err_set(struct pst_err *e, int status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Record an I/O failure, errno value err, on what (printf-style): 74,
 * with "disk full" for ENOSPC and EDQUOT rather than strerror's words.
 * The first problem recorded wins, as with pst_err_set. */
void pst_err_io(struct pst_err *e, int err, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Forget what e holds. */
void pst_err_clear(struct pst_err *e);

#endif
