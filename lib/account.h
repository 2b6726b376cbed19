/* account: the settings a network tool acts on, taken from the
 * configuration file (posta(5)) and completed by provider presets. */
#ifndef PST_ACCOUNT_H
#define PST_ACCOUNT_H

#include <stddef.h>

#include "config.h"

/* A common provider's servers, what "provider NAME" fills in. */
struct pst_provider {
	const char *name;	/* "gmail", "outlook", "yahoo", "yandex", "gmx",
				 * "fastmail", "icloud" */
	const char *smtp;	/* URL, e.g. "smtps://smtp.gmail.com:465" */
	const char *imap;	/* "imaps://imap.gmail.com:993" */
	const char *pop3;	/* "pop3s://pop.gmail.com:995" */
};

/* The provider called name (any case), or NULL. */
const struct pst_provider *pst_provider_find(const char *name);

/* Every provider, ending with an entry whose name is NULL. */
const struct pst_provider *pst_providers(void);

/* An account's settings, resolved. Strings point into the configuration
 * (or the provider table): valid while the pst_config lives. NULL where
 * nothing is set. */
struct pst_acct {
	const char *name;	/* the account's name, or NULL for none */
	const char *from;	/* "Name <addr>" or "addr" */
	const char *smtp;	/* URLs: smtp:// (STARTTLS) or smtps:// */
	const char *imap;	/* imap:// or imaps:// */
	const char *pop3;	/* pop3:// or pop3s:// */
	const char *user;
	const char *password;
	const char *passwordeval;
	const char *auth;	/* a SASL mechanism, upper case, or NULL: any */
	const char *cacert;	/* a CA file, or NULL: the system's */
	int tls;		/* 0 only with "tls off" */
	const char *maildir;
	const char *mbox;
	const char *max_attachment;
	const struct pst_config *cfg;	/* where it came from, for messages */
};

/* Resolve the account to use into *a: the one called name when name is
 * not NULL; else the account whose "from" address equals sender's address
 * (case-insensitive; sender may be NULL or "Name <addr>"); else the
 * default account (pst_config_account); else the settings given before
 * any account, or none. "provider" fills smtp, imap and pop3 where the
 * account does not set them. Values are checked: URL schemes, "tls on" or
 * "off", a known provider, a known auth mechanism (PLAIN, LOGIN, CRAM-MD5,
 * DIGEST-MD5, NTLM, XOAUTH2, OAUTHBEARER, SCRAM-SHA-1, SCRAM-SHA-256, EXTERNAL;
 * any case). Returns 0, or -1 with one line "path:line: key: why" (or "no
 * account called NAME") in err[0..errsize). */
int pst_acct_resolve(const struct pst_config *cfg, const char *name,
    const char *sender, struct pst_acct *a, char *err, size_t errsize);

/* Whether a has credentials configured: a user. */
int pst_acct_has_login(const struct pst_acct *a);

/* The password for a, malloc'd into *pw: passwordeval's first line of
 * output (run with /bin/sh -c, stdin from /dev/null, stderr passed
 * through; a failing or silent command is an error), else the "password"
 * setting, else *pw = NULL (libcurl may still find one in ~/.netrc, or the
 * caller may prompt). Returns 0, or -1 with one line in err (the caller
 * exits 78). */
int pst_acct_password(const struct pst_acct *a, char **pw, char *err,
    size_t errsize);

/* Ask for a password on the controlling terminal (/dev/tty), echo off,
 * showing prompt. Returns 0 with *pw malloc'd, or -1 when there is no
 * terminal or reading fails. */
int pst_password_prompt(const char *prompt, char **pw);

/* The password to log in to url as a->user, into *pw: pst_acct_password's
 * answer; else NULL when ~/.netrc exists (libcurl looks there); else one
 * asked for on the terminal. Returns 0, or -1 with one line in err (the
 * caller exits 78): passwordeval failed, or no password to be had. */
int pst_acct_login_password(const struct pst_acct *a, const char *url,
    char **pw, char *err, size_t errsize);

/* Overwrite and free a secret (NULL is fine). */
void pst_secret_free(char *s);

#endif
