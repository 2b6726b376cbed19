/* syncq: Maildir messages made durable and moved into new/ by a few
 * threads, so that the disk's latency overlaps the network's. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mem.h"
#include "syncq.h"

#define THREADS_MAX	16
#define NAME_SIZE	256
#define STACK_SIZE	(128 * 1024)	/* a job needs little: no deep calls */

struct job {
	int fd;
	char tmpname[NAME_SIZE];
	char name[NAME_SIZE];
};

struct pst_syncq {
	int tmpdir, newdir;
	char *path;

	/* Renames into new/ one at a time: concurrent cross-directory
	 * renames only spin in the kernel on its rename lock, taking the CPU
	 * from the thread that reads the network. It also keeps the check
	 * that a name is free and the rename together among the threads. */
	pthread_mutex_t rename_mu;
	pthread_mutex_t mu;
	pthread_cond_t room;	/* a slot came free */
	pthread_cond_t work;	/* a job came, or the end */
	pthread_cond_t idle;	/* nothing queued or running */
	struct job *ring;
	unsigned depth, head, count;	/* jobs waiting: ring[head..+count) */
	unsigned running;		/* jobs being done */
	int stopping;
	struct pst_err err;	/* the first failure; guarded by mu */

	pthread_t threads[THREADS_MAX];
	int nthreads;
};

/* Give up on a job: its file goes, it will never be delivered. */
static void
drop(struct pst_syncq *q, const struct job *j)
{
	(void)close(j->fd);
	(void)unlinkat(q->tmpdir, j->tmpname, 0);
}

/* Do job j: fsync, close, rename to new/ unless the name is taken (a
 * file there is never replaced). Returns 0, or -1 with *e set and the
 * job dropped. */
static int
finish(struct pst_syncq *q, const struct job *j, struct pst_err *e)
{
	struct stat st;
	int fd = j->fd, rc = -1;

	if (fsync(fd) < 0) {
		pst_err_io(e, errno, "%s/tmp/%s: fsync", q->path, j->tmpname);
		drop(q, j);
		return -1;
	}
	if (close(fd) < 0 && errno != EINTR) {
		pst_err_io(e, errno, "%s/tmp/%s: close", q->path, j->tmpname);
		(void)unlinkat(q->tmpdir, j->tmpname, 0);
		return -1;
	}
	pthread_mutex_lock(&q->rename_mu);
	if (fstatat(q->newdir, j->name, &st, AT_SYMLINK_NOFOLLOW) == 0)
		pst_err_set(e, 73, "%s/new/%s: exists already (a name clash): "
		    "not replaced", q->path, j->name);
	else if (errno != ENOENT)
		pst_err_io(e, errno, "%s/new/%s", q->path, j->name);
	else if (renameat(q->tmpdir, j->tmpname, q->newdir, j->name) < 0)
		pst_err_io(e, errno, "%s/new/%s: rename", q->path, j->name);
	else
		rc = 0;
	pthread_mutex_unlock(&q->rename_mu);
	if (rc < 0)
		(void)unlinkat(q->tmpdir, j->tmpname, 0);
	return rc;
}

static void *
worker(void *arg)
{
	struct pst_syncq *q = arg;
	struct pst_err e = { 0, "" };
	struct job j;
	int failed;

	pthread_mutex_lock(&q->mu);
	for (;;) {
		while (q->count == 0 && !q->stopping)
			pthread_cond_wait(&q->work, &q->mu);
		if (q->count == 0)
			break;		/* stopping, and nothing left */
		j = q->ring[q->head];
		q->head = (q->head + 1) % q->depth;
		q->count--;
		q->running++;
		failed = q->err.status != 0;
		pthread_cond_signal(&q->room);
		pthread_mutex_unlock(&q->mu);

		if (failed)
			drop(q, &j);
		else if (finish(q, &j, &e) < 0)
			failed = 1;

		pthread_mutex_lock(&q->mu);
		if (failed && e.status != 0 && q->err.status == 0)
			q->err = e;
		pst_err_clear(&e);
		q->running--;
		if (q->count == 0 && q->running == 0)
			pthread_cond_broadcast(&q->idle);
	}
	pthread_mutex_unlock(&q->mu);
	return NULL;
}

/* Start the threads with every signal blocked: signals are the main
 * thread's to take. */
static int
start_threads(struct pst_syncq *q, int n)
{
	sigset_t all, old;
	pthread_attr_t attr;
	size_t stack = STACK_SIZE;
	int rc = 0;

	if (stack < (size_t)PTHREAD_STACK_MIN)
		stack = PTHREAD_STACK_MIN;
	if (pthread_attr_init(&attr) != 0)
		return -1;
	(void)pthread_attr_setstacksize(&attr, stack);	/* else the default */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	for (q->nthreads = 0; q->nthreads < n; q->nthreads++)
		if ((rc = pthread_create(&q->threads[q->nthreads], &attr,
		    worker, q)) != 0)
			break;
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	pthread_attr_destroy(&attr);
	return rc == 0 ? 0 : -1;
}

struct pst_syncq *
pst_syncq_new(int tmpdir, int newdir, const char *path, int nthreads,
    unsigned depth, struct pst_err *e)
{
	struct pst_syncq *q = pst_xcalloc(1, sizeof *q);

	if (nthreads < 1)
		nthreads = 1;
	if (nthreads > THREADS_MAX)
		nthreads = THREADS_MAX;
	q->tmpdir = tmpdir;
	q->newdir = newdir;
	q->path = pst_xstrdup(path);
	q->depth = depth > 0 ? depth : 1;
	q->ring = pst_xreallocarray(NULL, q->depth, sizeof *q->ring);
	pthread_mutex_init(&q->rename_mu, NULL);
	pthread_mutex_init(&q->mu, NULL);
	pthread_cond_init(&q->room, NULL);
	pthread_cond_init(&q->work, NULL);
	pthread_cond_init(&q->idle, NULL);
	if (start_threads(q, nthreads) < 0) {
		pst_err_set(e, 71, "%s: cannot start a thread to write it",
		    path);
		pst_syncq_free(q);
		return NULL;
	}
	return q;
}

int
pst_syncq_put(struct pst_syncq *q, int fd, const char *tmpname,
    const char *name, struct pst_err *e)
{
	struct job j;
	int rc = 0;

	j.fd = fd;
	if (snprintf(j.tmpname, sizeof j.tmpname, "%s", tmpname) >=
	    (int)sizeof j.tmpname || snprintf(j.name, sizeof j.name, "%s",
	    name) >= (int)sizeof j.name) {
		(void)close(fd);	/* the caller's names are bounded */
		pst_err_set(e, 73, "%s/new: a file name too long", q->path);
		return -1;
	}
	pthread_mutex_lock(&q->mu);
	while (q->count == q->depth && q->err.status == 0)
		pthread_cond_wait(&q->room, &q->mu);
	if (q->err.status != 0) {
		pst_err_set(e, q->err.status, "%s", q->err.msg);
		rc = -1;
	} else {
		q->ring[(q->head + q->count) % q->depth] = j;
		q->count++;
		pthread_cond_signal(&q->work);
	}
	pthread_mutex_unlock(&q->mu);
	if (rc < 0)
		drop(q, &j);
	return rc;
}

int
pst_syncq_wait(struct pst_syncq *q, struct pst_err *e)
{
	int rc = 0;

	pthread_mutex_lock(&q->mu);
	while (q->count > 0 || q->running > 0)
		pthread_cond_wait(&q->idle, &q->mu);
	if (q->err.status != 0) {
		pst_err_set(e, q->err.status, "%s", q->err.msg);
		rc = -1;
	}
	pthread_mutex_unlock(&q->mu);
	return rc;
}

void
pst_syncq_free(struct pst_syncq *q)
{
	if (q == NULL)
		return;
	pthread_mutex_lock(&q->mu);
	q->stopping = 1;
	pthread_cond_broadcast(&q->work);
	pthread_mutex_unlock(&q->mu);
	for (int i = 0; i < q->nthreads; i++)
		pthread_join(q->threads[i], NULL);
	pthread_cond_destroy(&q->idle);
	pthread_cond_destroy(&q->work);
	pthread_cond_destroy(&q->room);
	pthread_mutex_destroy(&q->mu);
	pthread_mutex_destroy(&q->rename_mu);
	free(q->ring);
	free(q->path);
	free(q);
}
