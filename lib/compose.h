/* compose: one MIME message from header fields, a text body and
 * attachments (mkmsg). */
#ifndef PST_COMPOSE_H
#define PST_COMPOSE_H

#include <stddef.h>
#include <time.h>

#include "buf.h"
#include "filetype.h"

/* A header field as a person wrote it: UTF-8, not yet encoded. */
struct pst_hfield {
	char *name;
	char *value;
};

/* A file to attach, read whole and typed. */
struct pst_attachment {
	char *path;		/* as given */
	char *name;		/* the name the reader sees: the base name */
	char type[128];		/* "type/subtype" */
	char charset[64];	/* for text types, else "" */
	char *data;
	size_t len;
};

struct pst_message {
	struct pst_hfield *f;	/* in the order they are written */
	size_t nf;
	const char *body;	/* UTF-8 text, LF or CRLF line ends */
	size_t bodylen;
	struct pst_attachment *att;
	size_t natt;
};

/* Whether name is a field mkmsg writes itself (MIME-Version, Content-*):
 * one a person may not set. */
int pst_msg_reserved(const char *name);

/* Set the field name to value (both copied). To, Cc and Bcc, when already
 * there, get value added to their list (", "); any other field is
 * replaced. */
void pst_msg_set(struct pst_message *m, const char *name, const char *value);

/* The value of the field name (any case), or NULL. */
const char *pst_msg_get(const struct pst_message *m, const char *name);

/* Check what a person gave before it is encoded: field names of printable
 * ASCII without ':', values without CR or LF and valid UTF-8, address
 * fields all valid mailboxes (pst_addr_valid), Date a date, Message-ID
 * one <id@domain>, fields such as References printable ASCII, a From. Returns
 * 0, or -1 with one line "Field: why" in err[0..errsize). */
int pst_msg_check_fields(const struct pst_message *m, char *err,
    size_t errsize);

/* Check the body: valid UTF-8. Returns 0, or -1 with one line saying where
 * the first bad byte is in err[0..errsize). */
int pst_msg_check_body(const struct pst_message *m, char *err,
    size_t errsize);

/* Read the attachment spec "PATH" or "PATH:type/subtype" into a (free with
 * pst_attach_free). PATH must be a regular file of at most max bytes
 * (0: no limit), checked on its size before reading and again on what was
 * read, so a file that grows is caught. With no type given (or PATH itself
 * exists and has a colon), it comes from libmagic: *ft is opened on first
 * use and kept for the next call. Returns 0, or a sysexits status with one
 * line naming the file in err[0..errsize): 66 missing or unreadable, 65
 * too big, not a regular file or a bad type, 69 libmagic failing. */
int pst_attach_read(struct pst_attachment *a, const char *spec,
    unsigned long long max, struct pst_filetype **ft, char *err,
    size_t errsize);

/* Release what a holds. */
void pst_attach_free(struct pst_attachment *a);

/* Release the fields and attachments of m; m is empty again (the body is
 * the caller's). */
void pst_msg_free(struct pst_message *m);

/* The whole message m, checked, as it is written: pieces in order, so big
 * attachments are encoded once and not copied again. */
struct pst_msgout {
	struct pst_buf *piece;
	size_t n;
};

/* Build m into out (free with pst_msgout_free): the header with Date,
 * Message-ID (on the From domain) and MIME-Version added unless set, every
 * field encoded (RFC 2047) and folded; a text/plain body (us-ascii or utf-8,
 * 7bit or quoted-printable), or multipart/mixed with the text first (left
 * out when empty) and each attachment (base64, or 7bit or quoted-printable
 * for text), with a random boundary that occurs in no part. LF line ends.
 * now is the Date to write. Returns 0, or -1 with one line in err. */
int pst_msg_build(const struct pst_message *m, time_t now,
    struct pst_msgout *out, char *err, size_t errsize);

/* Write every piece of out to fd. Returns 0, or -1 with errno set. */
int pst_msgout_write(const struct pst_msgout *out, int fd);

/* The number of bytes out holds. */
size_t pst_msgout_size(const struct pst_msgout *out);

/* Release out. */
void pst_msgout_free(struct pst_msgout *out);

/* Parse the draft text[0..len) (RFC 5322 header, blank line, body, as an
 * editor leaves it) into m: each field unfolded and decoded (RFC 2047) to
 * UTF-8 and set with pst_msg_set (empty ones, as editors leave them, are
 * skipped); every "Attach: PATH" field is left out
 * and its value added to *attach (n of them, malloc'd strings; free each
 * and the array). m->body points into text. Returns 0, or -1 with one line
 * in err when the header cannot be read. */
int pst_msg_from_draft(struct pst_message *m, const char *text, size_t len,
    char ***attach, size_t *nattach, char *err, size_t errsize);

#endif
