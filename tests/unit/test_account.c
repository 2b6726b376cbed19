/* Unit tests of lib/account.c: which account is used, provider presets,
 * the checks on values and their messages, passwordeval, the prompt
 * without a terminal. The passwordeval tests run /bin/sh. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "account.h"
#include "config.h"
#include "t.h"

void test_account_providers(void);
void test_account_by_name(void);
void test_account_by_sender(void);
void test_account_default(void);
void test_account_none(void);
void test_account_provider_fill(void);
void test_account_values(void);
void test_account_errors(void);
void test_account_password(void);
void test_account_passwordeval(void);
void test_account_passwordeval_fails(void);
void test_account_passwordeval_size(void);
void test_account_secret_free(void);
void test_account_prompt_no_tty(void);

/* Parse text as the file "t"; aborts the test run when it does not
 * parse, as every text here should. */
static void
load(const char *text, struct pst_config *cfg)
{
	char err[256];

	if (pst_config_parse("t", text, strlen(text), cfg, err,
	    sizeof err) != 0) {
		fprintf(stderr, "test config does not parse: %s\n", err);
		abort();
	}
}

/* Resolve name/sender in text; the chosen account's name, or "(none)"
 * for the settings before any account, or "(error)". Copied into out. */
static const char *
chosen(const char *text, const char *name, const char *sender, char *out,
    size_t size)
{
	struct pst_config cfg;
	struct pst_acct a;
	char err[256];

	load(text, &cfg);
	if (pst_acct_resolve(&cfg, name, sender, &a, err, sizeof err) != 0)
		snprintf(out, size, "(error)");
	else
		snprintf(out, size, "%s", a.name ? a.name : "(none)");
	pst_config_free(&cfg);
	return out;
}

/* Resolving text's default account must fail with exactly want. */
static void
want_err(const char *text, const char *want)
{
	struct pst_config cfg;
	struct pst_acct a;
	char err[512];

	load(text, &cfg);
	memset(err, 'x', sizeof err);
	memset(&a, 0x55, sizeof a);
	T_INTEQ(pst_acct_resolve(&cfg, NULL, NULL, &a, err, sizeof err), -1);
	T_STREQ(err, want);
	T_OK(a.smtp == NULL && a.name == NULL && a.cfg == NULL);
	pst_config_free(&cfg);
}

/* Resolving text's default account must work. */
static void
want_ok(const char *text)
{
	struct pst_config cfg;
	struct pst_acct a;
	char err[512] = "";

	load(text, &cfg);
	T_INTEQ(pst_acct_resolve(&cfg, NULL, NULL, &a, err, sizeof err), 0);
	T_STREQ(err, "");
	pst_config_free(&cfg);
}

static const char two[] =
    "user shared\n"
    "account a\n"
    "  from Alice Example <Alice@Example.COM>\n"
    "  smtp smtps://a.example.com\n"
    "account b\n"
    "  from \"Doe, Bob\" <bob@example.org>\n"
    "  smtp smtps://b.example.com\n"
    "account c\n"
    "  from bob@example.org\n"
    "default b\n";

void test_account_providers(void)
{
	const struct pst_provider *p;
	size_t n = 0;

	p = pst_provider_find("gmail");
	T_OK(p != NULL);
	if (p) {
		T_STREQ(p->smtp, "smtps://smtp.gmail.com:465");
		T_STREQ(p->imap, "imaps://imap.gmail.com:993");
		T_STREQ(p->pop3, "pop3s://pop.gmail.com:995");
	}
	T_OK(pst_provider_find("GMail") == p);
	T_OK(pst_provider_find("gmail ") == NULL);
	T_OK(pst_provider_find("gmai") == NULL);
	T_OK(pst_provider_find("") == NULL);
	T_OK(pst_provider_find(NULL) == NULL);
	p = pst_provider_find("icloud");
	T_OK(p != NULL && p->pop3 == NULL);
	p = pst_provider_find("outlook");
	T_OK(p != NULL && strcmp(p->smtp, "smtp://smtp.office365.com:587")
	    == 0);

	/* Each URL of the table passes the check of its key. */
	for (p = pst_providers(); p->name != NULL; p++) {
		const char *keys[] = { "smtp", "imap", "pop3" };
		const char *urls[] = { p->smtp, p->imap, p->pop3 };
		char text[256];

		n++;
		T_OK(pst_provider_find(p->name) == p);
		for (size_t i = 0; i < 3; i++) {
			if (urls[i] == NULL)
				continue;
			snprintf(text, sizeof text, "%s %s\n", keys[i],
			    urls[i]);
			want_ok(text);
		}
	}
	T_INTEQ(n, 7);
}

void test_account_by_name(void)
{
	struct pst_config cfg;
	struct pst_acct a;
	char err[256], out[32];

	T_STREQ(chosen(two, "a", NULL, out, sizeof out), "a");
	T_STREQ(chosen(two, "c", "alice@example.com", out, sizeof out), "c");
	T_STREQ(chosen(two, "b", NULL, out, sizeof out), "b");

	load(two, &cfg);
	memset(err, 'x', sizeof err);
	T_INTEQ(pst_acct_resolve(&cfg, "A", NULL, &a, err, sizeof err), -1);
	T_STREQ(err, "no account called A");
	T_INTEQ(pst_acct_resolve(&cfg, "a", NULL, &a, err, sizeof err), 0);
	T_STREQ(err, "");
	T_STREQ(a.name, "a");
	T_STREQ(a.from, "Alice Example <Alice@Example.COM>");
	T_STREQ(a.smtp, "smtps://a.example.com");
	T_STREQ(a.user, "shared");		/* from the defaults */
	T_OK(a.cfg == &cfg);
	pst_config_free(&cfg);

	/* A name with no config at all. */
	T_INTEQ(pst_acct_resolve(NULL, "work", NULL, &a, err, sizeof err),
	    -1);
	T_STREQ(err, "no account called work");
	/* The message is cut to the buffer. */
	T_INTEQ(pst_acct_resolve(NULL, "work", NULL, &a, err, 8), -1);
	T_STREQ(err, "no acco");
	T_INTEQ(pst_acct_resolve(NULL, "work", NULL, &a, NULL, 0), -1);
}

void test_account_by_sender(void)
{
	static const char inherit[] =
	    "from Shared <shared@example.net>\n"
	    "account x\n"
	    "  from x@example.net\n"
	    "account y\n"
	    "account z\n"
	    "default x\n";
	char out[32];

	/* The address part, any case, display names and all. */
	T_STREQ(chosen(two, NULL, "alice@example.com", out, sizeof out), "a");
	T_STREQ(chosen(two, NULL, "ALICE@EXAMPLE.COM", out, sizeof out), "a");
	T_STREQ(chosen(two, NULL, "Someone Else <alice@example.COM>", out,
	    sizeof out), "a");
	T_STREQ(chosen(two, NULL, "\"Example, Alice\" <alice@example.com>",
	    out, sizeof out), "a");
	T_STREQ(chosen(two, NULL, "=?UTF-8?Q?Al=C3=AFce?= <alice@example.com>",
	    out, sizeof out), "a");
	/* Two accounts with that address: the first in the file. */
	T_STREQ(chosen(two, NULL, "Bob@Example.org", out, sizeof out), "b");
	/* No account has it, or it is no address: the default. */
	T_STREQ(chosen(two, NULL, "carol@example.org", out, sizeof out), "b");
	T_STREQ(chosen(two, NULL, "alice@example.co", out, sizeof out), "b");
	T_STREQ(chosen(two, NULL, "Alice Example", out, sizeof out), "b");
	T_STREQ(chosen(two, NULL, "", out, sizeof out), "b");
	T_STREQ(chosen(two, NULL, "<>", out, sizeof out), "b");
	/* A from given before the first account counts for those that
	 * give none. */
	T_STREQ(chosen(inherit, NULL, "shared@example.net", out, sizeof out),
	    "y");
	T_STREQ(chosen(inherit, NULL, "x@example.net", out, sizeof out), "x");
	T_STREQ(chosen(inherit, NULL, "q@example.net", out, sizeof out), "x");
	/* A sender with no accounts: the settings before any. */
	T_STREQ(chosen("from a@example.net\n", NULL, "a@example.net", out,
	    sizeof out), "(none)");
}

void test_account_default(void)
{
	char out[32];

	/* "default" names it. */
	T_STREQ(chosen(two, NULL, NULL, out, sizeof out), "b");
	/* The only account is the default. */
	T_STREQ(chosen("account solo\n  user u\n", NULL, NULL, out,
	    sizeof out), "solo");
	/* Several and no default: the settings before the first. */
	T_STREQ(chosen("user u\naccount p\naccount q\n", NULL, NULL, out,
	    sizeof out), "(none)");
	T_STREQ(chosen("account p\naccount q\n", NULL, NULL, out,
	    sizeof out), "(none)");
}

void test_account_none(void)
{
	struct pst_config cfg;
	struct pst_acct a;
	char err[64] = "x";

	/* Defaults only. */
	load("from Me <me@example.org>\nsmtp smtp://localhost:25\n"
	    "tls off\n", &cfg);
	T_INTEQ(pst_acct_resolve(&cfg, NULL, NULL, &a, err, sizeof err), 0);
	T_OK(a.name == NULL);
	T_STREQ(a.from, "Me <me@example.org>");
	T_STREQ(a.smtp, "smtp://localhost:25");
	T_INTEQ(a.tls, 0);
	T_OK(!pst_acct_has_login(&a));
	pst_config_free(&cfg);

	/* An empty config and none at all: nothing set, TLS on. */
	load("", &cfg);
	T_INTEQ(pst_acct_resolve(&cfg, NULL, "a@b.c", &a, err, sizeof err),
	    0);
	T_OK(a.name == NULL && a.from == NULL && a.smtp == NULL &&
	    a.imap == NULL && a.pop3 == NULL && a.user == NULL &&
	    a.password == NULL && a.passwordeval == NULL && a.auth == NULL &&
	    a.cacert == NULL && a.maildir == NULL && a.mbox == NULL &&
	    a.max_attachment == NULL);
	T_INTEQ(a.tls, 1);
	T_OK(a.cfg == &cfg);
	pst_config_free(&cfg);
	T_INTEQ(pst_acct_resolve(NULL, NULL, NULL, &a, err, sizeof err), 0);
	T_OK(a.name == NULL && a.smtp == NULL && a.tls == 1);
	T_OK(!pst_acct_has_login(&a));
	T_OK(!pst_acct_has_login(NULL));
}

/* The smtp, imap and pop3 of text's default account, "-" for none, as
 * "smtp imap pop3" in out. */
static const char *
servers(const char *text, char *out, size_t size)
{
	struct pst_config cfg;
	struct pst_acct a;
	char err[256];

	load(text, &cfg);
	if (pst_acct_resolve(&cfg, NULL, NULL, &a, err, sizeof err) != 0)
		snprintf(out, size, "error: %s", err);
	else
		snprintf(out, size, "%s %s %s", a.smtp ? a.smtp : "-",
		    a.imap ? a.imap : "-", a.pop3 ? a.pop3 : "-");
	pst_config_free(&cfg);
	return out;
}

void test_account_provider_fill(void)
{
	char out[512];

	T_STREQ(servers("account g\nprovider gmail\n", out, sizeof out),
	    "smtps://smtp.gmail.com:465 imaps://imap.gmail.com:993 "
	    "pop3s://pop.gmail.com:995");
	/* Any case. */
	T_STREQ(servers("account g\nprovider FastMail\n", out, sizeof out),
	    "smtps://smtp.fastmail.com:465 imaps://imap.fastmail.com:993 "
	    "pop3s://pop.fastmail.com:995");
	/* The account's own server wins over its provider's. */
	T_STREQ(servers("account g\nprovider gmail\n"
	    "smtp smtp://smtp.gmail.com:587\n", out, sizeof out),
	    "smtp://smtp.gmail.com:587 imaps://imap.gmail.com:993 "
	    "pop3s://pop.gmail.com:995");
	/* iCloud has no POP3. */
	T_STREQ(servers("account i\nprovider icloud\n", out, sizeof out),
	    "smtp://smtp.mail.me.com:587 imaps://imap.mail.me.com:993 -");
	/* A provider before the first account serves every account, after
	 * the servers given there and in the account. */
	T_STREQ(servers("provider outlook\nimap imap://mail.example.com\n"
	    "account o\npop3 pop3://pop.example.com\n", out, sizeof out),
	    "smtp://smtp.office365.com:587 imap://mail.example.com "
	    "pop3://pop.example.com");
	/* A provider in the account stands for all its servers: those
	 * given before the first account are not taken... */
	T_STREQ(servers("smtp smtp://relay.example.com\n"
	    "pop3 pop3s://pop.example.com\n"
	    "account i\nprovider icloud\n", out, sizeof out),
	    "smtp://smtp.mail.me.com:587 imaps://imap.mail.me.com:993 -");
	/* ... nor another provider's. */
	T_STREQ(servers("provider gmail\naccount i\nprovider icloud\n", out,
	    sizeof out),
	    "smtp://smtp.mail.me.com:587 imaps://imap.mail.me.com:993 -");
	/* No provider: only what is set. */
	T_STREQ(servers("account n\nimap imaps://imap.example.com\n", out,
	    sizeof out), "- imaps://imap.example.com -");
	/* Each provider fills all three (two for icloud). */
	T_STREQ(servers("provider yahoo\n", out, sizeof out),
	    "smtps://smtp.mail.yahoo.com:465 imaps://imap.mail.yahoo.com:993 "
	    "pop3s://pop.mail.yahoo.com:995");
	T_STREQ(servers("provider yandex\n", out, sizeof out),
	    "smtps://smtp.yandex.com:465 imaps://imap.yandex.com:993 "
	    "pop3s://pop.yandex.com:995");
	T_STREQ(servers("provider gmx\n", out, sizeof out),
	    "smtp://mail.gmx.net:587 imaps://imap.gmx.net:993 "
	    "pop3s://pop.gmx.net:995");
	T_STREQ(servers("provider outlook\n", out, sizeof out),
	    "smtp://smtp.office365.com:587 imaps://outlook.office365.com:993 "
	    "pop3s://outlook.office365.com:995");
}

void test_account_values(void)
{
	static const char text[] =
	    "account full\n"
	    "  from          Alice <alice@example.com>\n"
	    "  smtp          smtp://[2001:db8::1]:587/\n"
	    "  imap          imap://127.0.0.1\n"
	    "  pop3          pop3://pop-3.example.com:110\n"
	    "  user          alice\n"
	    "  password      hunter2\n"
	    "  passwordeval  echo x\n"
	    "  auth          scram-sha-256\n"
	    "  cacert        /etc/ca.pem\n"
	    "  tls           On\n"
	    "  maildir       ~/Mail/inbox\n"
	    "  mbox          ~/mbox\n"
	    "  max_attachment 10M\n";
	struct pst_config cfg;
	struct pst_acct a;
	char err[256];

	load(text, &cfg);
	T_INTEQ(pst_acct_resolve(&cfg, NULL, NULL, &a, err, sizeof err), 0);
	T_STREQ(a.name, "full");
	T_STREQ(a.from, "Alice <alice@example.com>");
	T_STREQ(a.smtp, "smtp://[2001:db8::1]:587/");
	T_STREQ(a.imap, "imap://127.0.0.1");
	T_STREQ(a.pop3, "pop3://pop-3.example.com:110");
	T_STREQ(a.user, "alice");
	T_STREQ(a.password, "hunter2");
	T_STREQ(a.passwordeval, "echo x");
	T_STREQ(a.auth, "SCRAM-SHA-256");
	T_STREQ(a.cacert, "/etc/ca.pem");
	T_INTEQ(a.tls, 1);
	T_STREQ(a.maildir, "~/Mail/inbox");
	T_STREQ(a.mbox, "~/mbox");
	T_STREQ(a.max_attachment, "10M");
	T_OK(pst_acct_has_login(&a));
	pst_config_free(&cfg);

	/* Every mechanism, any case, comes back in upper case. */
	{
		static const char *const mech[] = { "PLAIN", "login",
		    "Cram-MD5", "digest-md5", "ntlm", "xoauth2",
		    "OAuthBearer", "scram-sha-1", "SCRAM-SHA-256",
		    "external" };

		for (size_t i = 0; i < sizeof mech / sizeof mech[0]; i++) {
			char t[64], up[64];
			size_t k;

			snprintf(t, sizeof t, "auth %s\n", mech[i]);
			load(t, &cfg);
			T_INTEQ(pst_acct_resolve(&cfg, NULL, NULL, &a, err,
			    sizeof err), 0);
			for (k = 0; mech[i][k] && k + 1 < sizeof up; k++)
				up[k] = (char)(mech[i][k] >= 'a' &&
				    mech[i][k] <= 'z' ? mech[i][k] - 32 :
				    mech[i][k]);
			up[k] = '\0';
			T_STREQ(a.auth, up);
			pst_config_free(&cfg);
		}
	}

	/* tls off with STARTTLS-or-plain URLs; on, any case. */
	load("smtp smtp://localhost:25\nimap imap://localhost\n"
	    "pop3 pop3://localhost\ntls OFF\n", &cfg);
	T_INTEQ(pst_acct_resolve(&cfg, NULL, NULL, &a, err, sizeof err), 0);
	T_INTEQ(a.tls, 0);
	pst_config_free(&cfg);
	load("smtp smtps://localhost\ntls oN\n", &cfg);
	T_INTEQ(pst_acct_resolve(&cfg, NULL, NULL, &a, err, sizeof err), 0);
	T_INTEQ(a.tls, 1);
	pst_config_free(&cfg);
	/* tls off alone (no server yet) is fine. */
	want_ok("tls off\n");

	/* URL forms that pass. */
	want_ok("smtp smtp://h\n");
	want_ok("smtp smtps://h/\n");
	want_ok("smtp smtps://mail.example.com:65535\n");
	want_ok("smtp smtp://[::1]:25\n");
	want_ok("imap imaps://imap.example.com:1/\n");
	want_ok("pop3 pop3s://x\n");
}

void test_account_errors(void)
{
	/* Schemes. */
	want_err("smtp http://x\n",
	    "t:1: smtp: \"http://x\" is not an smtp:// or smtps:// URL");
	want_err("account a\nsmtp imaps://x\n",
	    "t:2: smtp: \"imaps://x\" is not an smtp:// or smtps:// URL");
	want_err("smtp SMTP://x\n",
	    "t:1: smtp: \"SMTP://x\" is not an smtp:// or smtps:// URL");
	want_err("smtp smtp.example.com\n",
	    "t:1: smtp: \"smtp.example.com\" is not an smtp:// or smtps:// "
	    "URL");
	want_err("imap smtps://x\n",
	    "t:1: imap: \"smtps://x\" is not an imap:// or imaps:// URL");
	want_err("pop3 pop://x\n",
	    "t:1: pop3: \"pop://x\" is not a pop3:// or pop3s:// URL");
	/* Hosts and ports. */
	want_err("smtp smtps://\n", "t:1: smtp: \"smtps://\" has no host");
	want_err("smtp smtps://:465\n",
	    "t:1: smtp: \"smtps://:465\" has no host");
	want_err("smtp smtps:///\n", "t:1: smtp: \"smtps:///\" has no host");
	want_err("smtp smtps://[]:25\n",
	    "t:1: smtp: \"smtps://[]:25\" has no host");
	want_err("smtp smtps://h:0\n",
	    "t:1: smtp: \"smtps://h:0\" has a port that is not 1 to 65535");
	want_err("smtp smtps://h:65536\n",
	    "t:1: smtp: \"smtps://h:65536\" has a port that is not 1 to "
	    "65535");
	want_err("smtp smtps://h:\n",
	    "t:1: smtp: \"smtps://h:\" has a port that is not 1 to 65535");
	want_err("smtp smtps://h:99999999999999999999999\n",
	    "t:1: smtp: \"smtps://h:99999999999999999999999\" has a port "
	    "that is not 1 to 65535");
	want_err("imap imaps://h/INBOX\n",
	    "t:1: imap: \"imaps://h/INBOX\" has more than a host and a port");
	want_err("imap imaps://h:993//\n",
	    "t:1: imap: \"imaps://h:993//\" has more than a host and a port");
	want_err("smtp smtps://h?x\n",
	    "t:1: smtp: \"smtps://h?x\" has more than a host and a port");
	want_err("smtp smtps://h x\n",
	    "t:1: smtp: \"smtps://h x\" has more than a host and a port");
	/* A user, or worse a password, in the URL. */
	want_err("smtp smtps://me@h\n",
	    "t:1: smtp: \"smtps://me@h\" has a user in it (give it with "
	    "\"user\")");
	want_err("pop3 pop3s://me:secret@h:995\n",
	    "t:1: pop3: \"pop3s://me:secret@h:995\" has a user in it (give "
	    "it with \"user\")");
	/* tls. */
	want_err("account a\n  tls yes\n",
	    "t:2: tls: \"yes\" is not on or off");
	want_err("tls\t\"\"x\n", "t:1: tls: \"\"\"x\" is not on or off");
	want_err("smtp smtps://x\ntls off\n",
	    "t:2: tls: \"off\" contradicts smtp \"smtps://x\"");
	want_err("tls Off\naccount a\nimap imaps://x\n",
	    "t:1: tls: \"Off\" contradicts imap \"imaps://x\"");
	want_err("account a\npop3 pop3s://x\ntls off\n",
	    "t:3: tls: \"off\" contradicts pop3 \"pop3s://x\"");
	/* ... also with the provider's. */
	want_err("account g\nprovider gmail\ntls off\n",
	    "t:3: tls: \"off\" contradicts smtp "
	    "\"smtps://smtp.gmail.com:465\"");
	want_err("account o\nprovider outlook\ntls off\n",
	    "t:3: tls: \"off\" contradicts imap "
	    "\"imaps://outlook.office365.com:993\"");
	/* provider. */
	want_err("account a\n\n  provider hotmail\n",
	    "t:3: provider: \"hotmail\" is not known (gmail, outlook, yahoo, "
	    "yandex, gmx, fastmail, icloud)");
	/* ... also the one before the first account, though shadowed. */
	want_err("provider gmial\naccount a\nprovider gmail\n",
	    "t:1: provider: \"gmial\" is not known (gmail, outlook, yahoo, "
	    "yandex, gmx, fastmail, icloud)");
	/* auth. */
	want_err("auth plain-text\n",
	    "t:1: auth: \"plain-text\" is not a known mechanism (PLAIN, LOGIN, "
	    "CRAM-MD5, DIGEST-MD5, NTLM, XOAUTH2, OAUTHBEARER, SCRAM-SHA-1, "
	    "SCRAM-SHA-256, EXTERNAL)");
	/* The file's path, as given. */
	{
		struct pst_config cfg;
		struct pst_acct a;
		char err[256];
		static const char text[] = "account w\n smtp ftp://x\n";

		T_INTEQ(pst_config_parse("/home/a/.config/posta/config", text,
		    strlen(text), &cfg, err, sizeof err), 0);
		T_INTEQ(pst_acct_resolve(&cfg, "w", NULL, &a, err,
		    sizeof err), -1);
		T_STREQ(err, "/home/a/.config/posta/config:2: smtp: "
		    "\"ftp://x\" is not an smtp:// or smtps:// URL");
		pst_config_free(&cfg);
		/* With no path. */
		T_INTEQ(pst_config_parse(NULL, text, strlen(text), &cfg, err,
		    sizeof err), 0);
		T_INTEQ(pst_acct_resolve(&cfg, "w", NULL, &a, err,
		    sizeof err), -1);
		T_STREQ(err, "config:2: smtp: \"ftp://x\" is not an smtp:// "
		    "or smtps:// URL");
		pst_config_free(&cfg);
	}
	/* Only the chosen account is checked. */
	{
		char out[32];

		T_STREQ(chosen("account bad\nsmtp http://x\naccount good\n"
		    "default good\n", NULL, NULL, out, sizeof out), "good");
		T_STREQ(chosen("account bad\nsmtp http://x\naccount good\n",
		    "bad", NULL, out, sizeof out), "(error)");
	}
}

/* Resolve text's default account and get its password: the return of
 * pst_acct_password, *pw and err set. */
static int
password(const char *text, char **pw, char *err, size_t errsize)
{
	struct pst_config cfg;
	struct pst_acct a;
	int rc;

	load(text, &cfg);
	if (pst_acct_resolve(&cfg, NULL, NULL, &a, err, errsize) != 0) {
		pst_config_free(&cfg);
		*pw = NULL;
		return -2;
	}
	memset(err, 'x', errsize);
	rc = pst_acct_password(&a, pw, err, errsize);
	pst_config_free(&cfg);
	return rc;
}

void test_account_password(void)
{
	char err[256], *pw;

	T_INTEQ(password("account a\npassword hunter2\n", &pw, err,
	    sizeof err), 0);
	T_STREQ(pw, "hunter2");
	T_STREQ(err, "");
	pst_secret_free(pw);

	/* None: NULL, not an error (~/.netrc or a prompt may give one). */
	pw = (char *)"x";
	T_INTEQ(password("account a\nuser me\n", &pw, err, sizeof err), 0);
	T_OK(pw == NULL);
	T_STREQ(err, "");

	/* passwordeval before password. */
	T_INTEQ(password("account a\npassword inthefile\n"
	    "passwordeval printf 'fromcmd\\n'\n", &pw, err, sizeof err), 0);
	T_STREQ(pw, "fromcmd");
	pst_secret_free(pw);
}

void test_account_passwordeval(void)
{
	char err[256], *pw;

	/* The first line, without its line end. */
	T_INTEQ(password("passwordeval printf 'secret\\nsecond\\n'\n", &pw,
	    err, sizeof err), 0);
	T_STREQ(pw, "secret");
	T_STREQ(err, "");
	pst_secret_free(pw);
	T_INTEQ(password("passwordeval printf 'secret\\r\\nsecond\\r\\n'\n",
	    &pw, err, sizeof err), 0);
	T_STREQ(pw, "secret");
	pst_secret_free(pw);
	/* No line end at all; blanks are the password's. */
	T_INTEQ(password("passwordeval \"printf ' p a s s '\"\n", &pw, err,
	    sizeof err), 0);
	T_STREQ(pw, " p a s s ");
	pst_secret_free(pw);
	/* The shell's syntax; stdin is /dev/null; stderr is left alone. */
	T_INTEQ(password("passwordeval read x || echo \"${x:-eof}\" | "
	    "tr a-z A-Z\n", &pw, err, sizeof err), 0);
	T_STREQ(pw, "EOF");
	pst_secret_free(pw);
	/* A SIGPIPE ignored here is not ignored in the command (seen in
	 * Linux's /proc; skipped without it). */
	if (access("/proc/self/status", R_OK) == 0) {
		void (*old)(int) = signal(SIGPIPE, SIG_IGN);
		unsigned long long mask;

		T_INTEQ(password("passwordeval sed -n "
		    "'s/^SigIgn:[[:space:]]*//p' /proc/self/status\n", &pw,
		    err, sizeof err), 0);
		T_OK(pw != NULL);
		mask = pw ? strtoull(pw, NULL, 16) : ~0ULL;
		T_OK((mask & (1ULL << (SIGPIPE - 1))) == 0);
		pst_secret_free(pw);
		signal(SIGPIPE, old);
	}
	/* SIGCHLD ignored by the caller: the status is still seen. */
	{
		void (*old)(int) = signal(SIGCHLD, SIG_IGN);

		T_INTEQ(password("passwordeval echo s; exit 3\n", &pw, err,
		    sizeof err), -1);
		T_STREQ(err, "t:1: passwordeval: the command failed (exit 3)");
		T_OK(pw == NULL);
		signal(SIGCHLD, old);
	}
}

void test_account_passwordeval_fails(void)
{
	char err[256], *pw;

	/* A failing command, even when it wrote a line. */
	T_INTEQ(password("account a\n\npasswordeval echo secret; exit 1\n",
	    &pw, err, sizeof err), -1);
	T_STREQ(err, "t:3: passwordeval: the command failed (exit 1)");
	T_OK(pw == NULL);
	T_OK(strstr(err, "secret") == NULL);
	T_INTEQ(password("passwordeval false\n", &pw, err, sizeof err), -1);
	T_STREQ(err, "t:1: passwordeval: the command failed (exit 1)");
	T_INTEQ(password("passwordeval /nonexistent/command 2>/dev/null\n",
	    &pw, err, sizeof err), -1);
	T_STREQ(err, "t:1: passwordeval: the command failed (exit 127)");
	/* Killed. */
	T_INTEQ(password("passwordeval echo secret; kill -9 $$\n", &pw, err,
	    sizeof err), -1);
	T_STREQ(err, "t:1: passwordeval: the command failed (killed by "
	    "signal 9)");
	T_OK(pw == NULL);
	/* Nothing, or an empty first line. */
	T_INTEQ(password("passwordeval true\n", &pw, err, sizeof err), -1);
	T_STREQ(err, "t:1: passwordeval: the command wrote nothing");
	T_INTEQ(password("passwordeval printf '\\nsecond\\n'\n", &pw, err,
	    sizeof err), -1);
	T_STREQ(err, "t:1: passwordeval: the first line the command wrote "
	    "is empty");
	T_INTEQ(password("passwordeval printf '\\r\\n'\n", &pw, err,
	    sizeof err), -1);
	T_STREQ(err, "t:1: passwordeval: the first line the command wrote "
	    "is empty");
	/* A NUL would cut the password short unseen. */
	T_INTEQ(password("passwordeval printf 'ab\\000cd\\n'\n", &pw, err,
	    sizeof err), -1);
	T_STREQ(err, "t:1: passwordeval: the first line the command wrote "
	    "holds a NUL byte");
	T_OK(pw == NULL);
	/* A NUL after the first line does not matter. */
	T_INTEQ(password("passwordeval printf 'abcd\\n\\000\\n'\n", &pw, err,
	    sizeof err), 0);
	T_STREQ(pw, "abcd");
	pst_secret_free(pw);
	/* An account made by hand: no file to name. */
	{
		struct pst_acct a;

		memset(&a, 0, sizeof a);
		a.passwordeval = "exit 2";
		T_INTEQ(pst_acct_password(&a, &pw, err, sizeof err), -1);
		T_STREQ(err, "passwordeval: the command failed (exit 2)");
		a.passwordeval = "echo x";
		T_INTEQ(pst_acct_password(&a, &pw, NULL, 0), 0);
		T_STREQ(pw, "x");
		pst_secret_free(pw);
	}
}

void test_account_passwordeval_size(void)
{
	char err[256], *pw;

	/* 64 KiB in all is read, the first line taken. */
	T_INTEQ(password("passwordeval printf 'secret\\n'; "
	    "head -c 65529 /dev/zero\n", &pw, err, sizeof err), 0);
	T_STREQ(pw, "secret");
	pst_secret_free(pw);
	/* One byte more is refused, whatever the first line. */
	T_INTEQ(password("passwordeval printf 'secret\\n'; "
	    "head -c 65530 /dev/zero\n", &pw, err, sizeof err), -1);
	T_STREQ(err, "t:1: passwordeval: the command wrote over 64 KiB; a "
	    "password is one line");
	T_OK(pw == NULL);
	T_INTEQ(password("passwordeval head -c 200000 /dev/zero | "
	    "tr '\\000' a\n", &pw, err, sizeof err), -1);
	T_STREQ(err, "t:1: passwordeval: the command wrote over 64 KiB; a "
	    "password is one line");
	/* A command that would write for ever is stopped by SIGPIPE. */
	T_INTEQ(password("passwordeval exec yes\n", &pw, err, sizeof err),
	    -1);
	T_STREQ(err, "t:1: passwordeval: the command wrote over 64 KiB; a "
	    "password is one line");
}

void test_account_secret_free(void)
{
	char *s = malloc(16);

	pst_secret_free(NULL);
	T_OK(s != NULL);
	if (s == NULL)
		return;
	memcpy(s, "hunter2", 8);
	pst_secret_free(s);	/* ASan would see a bad free or a leak */
	s = malloc(1);
	if (s != NULL) {
		s[0] = '\0';
		pst_secret_free(s);
	}
	T_OK(1);
}

/* In a child with no controlling terminal (a new session), the prompt
 * cannot open /dev/tty and fails. */
void test_account_prompt_no_tty(void)
{
	int status = -1;
	pid_t pid;

	pid = fork();
	T_OK(pid >= 0);
	if (pid < 0)
		return;
	if (pid == 0) {
		char *pw = (char *)"x";
		int rc;

		if (setsid() < 0)
			_exit(2);
		rc = pst_password_prompt("Password: ", &pw);
		_exit(rc == -1 && pw == NULL ? 0 : 1);
	}
	while (waitpid(pid, &status, 0) < 0)
		continue;
	T_OK(WIFEXITED(status));
	T_INTEQ(WEXITSTATUS(status), 0);
}
