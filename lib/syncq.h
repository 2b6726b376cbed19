/* syncq: Maildir messages finished in the background. Making a message
 * durable costs an fsync, a disk's latency; a few threads pay it while
 * the caller reads the next messages from the network, and the disk
 * batches their syncs. Each job is: fsync the file, close it, rename it
 * from tmp/ to new/ unless that name is taken (the renames one at a
 * time). Jobs finish in any order; the first failure is kept, and the jobs
 * after it are dropped. */
#ifndef PST_SYNCQ_H
#define PST_SYNCQ_H

#include "err.h"

struct pst_syncq;

/* Start nthreads (1 to 16) threads moving files from the directory open
 * as tmpdir to the one open as newdir (both stay the caller's, open until
 * pst_syncq_free), path naming the Maildir in messages; at most depth
 * (1 or more) jobs wait. Returns the queue, or NULL with *e set (71) when
 * a thread cannot be started. */
struct pst_syncq *pst_syncq_new(int tmpdir, int newdir, const char *path,
    int nthreads, unsigned depth, struct pst_err *e);

/* Hand over fd, open for writing on tmp/tmpname, to be made durable and
 * renamed to new/name; fd is the queue's from now on, whatever happens.
 * Waits while depth jobs wait. Returns 0, or -1 with *e set to the
 * queue's first failure (74 I/O, 73 a name taken in new/) when one has
 * happened: then this job is dropped, its file closed and removed. */
int pst_syncq_put(struct pst_syncq *q, int fd, const char *tmpname,
    const char *name, struct pst_err *e);

/* Wait until every job handed over is finished or dropped. Returns 0, or
 * -1 with *e set to the queue's first failure. */
int pst_syncq_wait(struct pst_syncq *q, struct pst_err *e);

/* Wait as pst_syncq_wait does, stop the threads, release. NULL is fine. */
void pst_syncq_free(struct pst_syncq *q);

#endif
