/* fuzz_config: pst_config_parse and pst_size_parse on arbitrary bytes. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "charset.h"
#include "config.h"
#include "mem.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const keys[] = {
	"from", "smtp", "imap", "pop3", "user", "password", "passwordeval",
	"auth", "cacert", "tls", "maildir", "mbox", "max_attachment",
	"provider",
};
#define NKEYS	(sizeof keys / sizeof keys[0])

static int
known(const char *key)
{
	for (size_t i = 0; i < NKEYS; i++)
		if (strcmp(key, keys[i]) == 0)
			return 1;
	return 0;
}

/* Every setting of a: a known key once, a non-empty UTF-8 value, found by
 * pst_account_find as itself. */
static void
check_account(const struct pst_account *a)
{
	unsigned long long sz;

	if (a->n > NKEYS)
		abort();
	for (size_t i = 0; i < a->n; i++) {
		const struct pst_setting *s = &a->set[i];

		if (!known(s->key) || s->value[0] == '\0' || s->line == 0)
			abort();
		if (!pst_utf8_valid(s->value, strlen(s->value)))
			abort();
		if (pst_account_find(a, s->key) != s)
			abort();
		if (strcmp(s->key, "max_attachment") == 0 &&
		    pst_size_parse(s->value, &sz) < 0)
			abort();
	}
}

static void
check_config(const struct pst_config *cfg)
{
	const struct pst_account *a;

	if (cfg->path == NULL || strcmp(cfg->path, "fuzz") != 0)
		abort();
	if (cfg->defaults.name != NULL || cfg->defaults.defaults != NULL)
		abort();
	check_account(&cfg->defaults);
	for (size_t i = 0; i < cfg->n; i++) {
		a = &cfg->acct[i];
		if (a->name == NULL || a->name[0] == '\0' ||
		    strpbrk(a->name, " \t") != NULL || a->line == 0)
			abort();
		if (a->defaults != &cfg->defaults)
			abort();
		/* Names are unique: the lookup finds this one. */
		if (pst_config_account(cfg, a->name) != a)
			abort();
		check_account(a);
	}
	a = pst_config_account(cfg, NULL);
	if (cfg->dflt != NULL) {
		if (a == NULL || strcmp(a->name, cfg->dflt) != 0)
			abort();
	} else if ((cfg->n == 1) != (a != NULL)) {
		abort();
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pst_config cfg;
	unsigned long long v;
	char err[256], *s;

	memset(err, 'x', sizeof err);
	if (pst_config_parse("fuzz", (const char *)data, size, &cfg, err,
	    sizeof err) == 0) {
		check_config(&cfg);
	} else {
		/* One line, naming the file, and nothing kept. */
		if (strncmp(err, "fuzz:", 5) != 0 || memchr(err, '\0',
		    sizeof err) == NULL || strchr(err, '\n') != NULL)
			abort();
		if (cfg.n != 0 || cfg.acct != NULL || cfg.defaults.n != 0 ||
		    cfg.path != NULL || cfg.dflt != NULL)
			abort();
	}
	pst_config_free(&cfg);

	s = pst_xstrndup((const char *)data, size);
	if (pst_size_parse(s, &v) == 0 && (s[0] < '0' || s[0] > '9'))
		abort();
	free(s);
	return 0;
}
