/* config: the one configuration file every tool reads (posta(5)). */
#ifndef PST_CONFIG_H
#define PST_CONFIG_H

#include <stddef.h>

/* One "key value" line. */
struct pst_setting {
	char *key;
	char *value;
	unsigned line;
};

/* An account: its own settings, then those given before the first
 * "account" line (the defaults every account shares). */
struct pst_account {
	char *name;
	unsigned line;
	struct pst_setting *set;
	size_t n;
	const struct pst_account *defaults;	/* or NULL */
};

struct pst_config {
	char *path;			/* the file read, or NULL */
	struct pst_account defaults;	/* settings before any "account" */
	struct pst_account *acct;
	size_t n;
	char *dflt;			/* the name "default" gave, or NULL */
	unsigned dflt_line;
};

/* The file to read: $POSTA_CONFIG when set and not empty, else
 * $XDG_CONFIG_HOME/posta/config, else $HOME/.config/posta/config.
 * malloc'd; NULL when none of these can be formed. */
char *pst_config_path(void);

/* Parse the configuration text[0..len) read from path into *cfg (free
 * with pst_config_free). The syntax: one "key value" per line, blanks
 * around them, the value the rest of the line or a "double-quoted" string
 * with \" and \\ escapes; '#' starts a comment line; "account NAME" starts
 * an account, "default NAME" names the default one; settings before the
 * first account are defaults for all. Known keys only: from smtp imap pop3
 * user password passwordeval auth cacert tls maildir mbox max_attachment
 * provider. Returns 0, or -1 with one line "path:line: key: why" in
 * err[0..errsize) for an unknown key, a missing value, a duplicate account
 * or key, a default naming no account, a line that is not text. */
int pst_config_parse(const char *path, const char *text, size_t len,
    struct pst_config *cfg, char *err, size_t errsize);

/* Read and parse the file at path (pst_config_path() when NULL). Returns
 * 0; 1 when there is no such file (cfg is then empty, which is valid:
 * nothing needs a config), unless $POSTA_CONFIG named it; -1 with err
 * filled as pst_config_parse does,
 * also when the file cannot be read, is over 1 MiB, or holds a "password"
 * while others may read it (mode & 077). */
int pst_config_load(const char *path, struct pst_config *cfg, char *err,
    size_t errsize);

/* Release what cfg holds; it is empty again. */
void pst_config_free(struct pst_config *cfg);

/* The account called name; with name NULL the default one: the one
 * "default" names, else the only account there is. NULL when there is no
 * such account. */
const struct pst_account *pst_config_account(const struct pst_config *cfg,
    const char *name);

/* The setting key of account a (its own, else its defaults'), or NULL.
 * a may be NULL. */
const struct pst_setting *pst_account_find(const struct pst_account *a,
    const char *key);

/* The value of key in account a, or NULL (pst_account_find's value). */
const char *pst_account_get(const struct pst_account *a, const char *key);

/* Parse a size: digits, optionally followed by K, M or G (any case, powers
 * of 1024) and an optional "B" or "iB" ("2M", "512KiB", "2097152").
 * Returns 0 and sets *out, or -1 for anything else or an overflow. */
int pst_size_parse(const char *s, unsigned long long *out);

/* n bytes for a person into out[0..size): "3 MiB", "2.9 MiB", "512 KiB",
 * "1.5 KiB", "999 bytes" ("?" when out is too small). */
void pst_size_format(unsigned long long n, char *out, size_t size);

#endif
