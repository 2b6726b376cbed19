/* fetch: one run over one mailbox, the part that does not depend on the
 * protocol: what is new, where it goes, when it is recorded, what may be
 * deleted, in the order that loses nothing (DESIGN contract 9): a message
 * is on disk (synced) before it is recorded in the state file, and
 * recorded before it may be deleted on the server. A run killed at any
 * instant leaves a plan that the next run completes first. */
#ifndef PST_FETCH_H
#define PST_FETCH_H

#include <stddef.h>

#include "deliver.h"
#include "err.h"
#include "sink.h"

struct pst_fetch_opts {
	const char *label;		/* for messages: "INBOX" */
	const char *state;		/* the state file */
	enum pst_dest_kind kind;
	const char *dest;		/* Maildir or mbox path */
	int fd;				/* the stream's fd */
	int all;			/* also what was delivered before */
	unsigned long long max_size;	/* 0: no limit */
	int quiet;			/* no reports of skipped messages */
	int progress;			/* a progress line on stderr */
	const char *prog;		/* "mfetch" */
	int uids;			/* messages are numbered by UID */
};

struct pst_fetch;

/* Start a run: complete a killed run's plan if one is beside the state
 * file (its messages found in the Maildir are recorded, its tmp/ files
 * removed, an mbox cut back to what was recorded) and open the
 * destination. Returns the run, or NULL with *e set. */
struct pst_fetch *pst_fetch_new(const struct pst_fetch_opts *o,
    struct pst_err *e);

/* The UIDVALIDITY the state file holds (0: none, or POP3), and whether
 * it holds any message: the caller lists with Message-IDs when the
 * server's differs and there are some. */
unsigned long pst_fetch_uidvalidity(const struct pst_fetch *f, int *any);

/* Add a message the server has: num (UID, or POP3 message number; in
 * ascending order), size, id (a UID in decimal, or the UIDL) and msgid
 * (NULL when not listed). */
void pst_fetch_add(struct pst_fetch *f, unsigned long num,
    unsigned long long size, const char *id, const char *msgid);

/* Fetch only the messages nums[0..n) (sorted here) among those added:
 * the others are neither fetched nor reported nor deleted (--since). */
void pst_fetch_restrict(struct pst_fetch *f, unsigned long *nums, size_t n);

/* After the listing: find in the state what was delivered before (by id,
 * or, when uidvalidity differs from the state's, by Message-ID and size,
 * re-recording those under their new UIDs), choose what to fetch (new
 * ones, or all with the option; each over max_size reported and left),
 * and write the plan. *nums, *n: the message numbers to fetch, ascending
 * (owned by the run). Returns 0, or -1 with *e set. */
int pst_fetch_plan(struct pst_fetch *f, unsigned long uidvalidity,
    const unsigned long **nums, size_t *n, struct pst_err *e);

/* The sink the protocol engine fetches into. */
const struct pst_sink *pst_fetch_sink(struct pst_fetch *f);

/* Record what was delivered and not yet recorded (the destination synced
 * first). Returns 0, or -1 with *e set. */
int pst_fetch_commit(struct pst_fetch *f, struct pst_err *e);

/* The numbers of the messages on the server that are recorded as
 * delivered (before or in this run), ascending, into *nums, *n (owned by
 * the run): what --delete may delete. Call after pst_fetch_commit. */
void pst_fetch_deletable(struct pst_fetch *f, const unsigned long **nums,
    size_t *n);

/* The run is complete: everything delivered is recorded; remove the plan
 * and close the destination. Returns 0, or -1 with *e set. Call
 * pst_fetch_free after either way. */
int pst_fetch_finish(struct pst_fetch *f, struct pst_err *e);

/* Counts for the summary. */
struct pst_fetch_counts {
	size_t fetched, skipped, known;	/* known: delivered before */
	unsigned long long bytes;
	double secs;			/* since pst_fetch_new */
};
void pst_fetch_counts(const struct pst_fetch *f, struct pst_fetch_counts *c);

/* Release the run; a message in progress is abandoned, the destination
 * closed, nothing recorded that was not. NULL is fine. */
void pst_fetch_free(struct pst_fetch *f);

#endif
