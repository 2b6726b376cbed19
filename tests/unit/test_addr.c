/* Unit tests of lib/addr.c. Each case gives the input, the entries it must
 * parse to ({name, mailbox, group}, NULL for none), and how
 * pst_addr_format writes them back. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "addr.h"
#include "buf.h"
#include "charset.h"
#include "t.h"

void test_addr_simple(void);
void test_addr_quoted(void);
void test_addr_comments(void);
void test_addr_encoded(void);
void test_addr_groups(void);
void test_addr_obsolete(void);
void test_addr_malformed(void);
void test_addr_8bit(void);
void test_addr_format(void);
void test_addr_round_trip(void);
void test_addr_many(void);
void test_addr_nul(void);
void test_addr_first(void);

struct want {
	const char *name, *mailbox, *group;
};

static void
addr_is(const char *in, size_t len, const struct want *w, size_t nw,
    const char *fmt, int line)
{
	struct pst_addr *list = NULL;
	struct pst_buf b = { 0 };
	size_t n, i;
	char what[64];

	n = pst_addr_parse(in, len, &list);
	t_inteq(n, nw, __FILE__, line, in);
	for (i = 0; i < n && i < nw; i++) {
		snprintf(what, sizeof what, "entry %zu name", i);
		t_streq(list[i].name, w[i].name, __FILE__, line, what);
		snprintf(what, sizeof what, "entry %zu mailbox", i);
		t_streq(list[i].mailbox, w[i].mailbox, __FILE__, line, what);
		snprintf(what, sizeof what, "entry %zu group", i);
		t_streq(list[i].group, w[i].group, __FILE__, line, what);
		t_check(list[i].mailbox != NULL && pst_utf8_valid(
		    list[i].mailbox, strlen(list[i].mailbox)) &&
		    (list[i].name == NULL || pst_utf8_valid(list[i].name,
		    strlen(list[i].name))), __FILE__, line, "UTF-8");
	}
	pst_addr_format(list, n, &b);
	t_streq(pst_buf_str(&b), fmt, __FILE__, line, "pst_addr_format");
	pst_buf_free(&b);
	pst_addr_free(list, n);
}

/* ADDR(input, formatted, {name, mailbox, group}...) */
#define ADDR(in, fmt, ...) do { \
	static const struct want w_[] = { __VA_ARGS__ }; \
	addr_is((in), sizeof(in) - 1, w_, sizeof w_ / sizeof w_[0], (fmt), \
	    __LINE__); \
} while (0)
#define ADDR_NONE(in) addr_is((in), sizeof(in) - 1, NULL, 0, "", __LINE__)

void test_addr_simple(void)
{
	ADDR("a@x", "a@x", { NULL, "a@x", NULL });
	ADDR("  a@x  ", "a@x", { NULL, "a@x", NULL });
	ADDR("<a@x>", "a@x", { NULL, "a@x", NULL });
	ADDR("John Doe <j@x.org>", "John Doe <j@x.org>",
	    { "John Doe", "j@x.org", NULL });
	ADDR("John   Doe<j@x>", "John Doe <j@x>", { "John Doe", "j@x", NULL });
	ADDR("a@x, B <b@y>,c@z", "a@x, B <b@y>, c@z",
	    { NULL, "a@x", NULL }, { "B", "b@y", NULL }, { NULL, "c@z", NULL });
	ADDR("John Q. Public <jqp@x>", "John Q. Public <jqp@x>",
	    { "John Q. Public", "jqp@x", NULL });
	ADDR("j@[192.0.2.1]", "j@[192.0.2.1]", { NULL, "j@[192.0.2.1]", NULL });
	ADDR("<>", "<>", { NULL, "", NULL });
	ADDR("Nobody <>", "Nobody <>", { "Nobody", "", NULL });
	ADDR_NONE("");
	ADDR_NONE("   ");
}

void test_addr_quoted(void)
{
	ADDR("\"Smith, John\" <j@x>, Jane <jane@y>",
	    "\"Smith, John\" <j@x>, Jane <jane@y>",
	    { "Smith, John", "j@x", NULL }, { "Jane", "jane@y", NULL });
	/* Quoted pairs lose their backslash. */
	ADDR("\"John \\\"JD\\\" Doe\" <j@x>", "\"John \\\"JD\\\" Doe\" <j@x>",
	    { "John \"JD\" Doe", "j@x", NULL });
	ADDR("\"a\\\\b\\c\" <j@x>", "\"a\\\\bc\" <j@x>",
	    { "a\\bc", "j@x", NULL });
	/* Words and quoted strings join with single spaces, ends trimmed. */
	ADDR("\"Bob\" \"Smith\" <b@x>", "Bob Smith <b@x>",
	    { "Bob Smith", "b@x", NULL });
	ADDR("\" Bob \" <b@x>", "Bob <b@x>", { "Bob", "b@x", NULL });
	ADDR("\"\" <b@x>", "b@x", { NULL, "b@x", NULL });
	/* A quoted local part keeps its quotes. */
	ADDR("\"john doe\"@x", "\"john doe\"@x",
	    { NULL, "\"john doe\"@x", NULL });
	ADDR("J <\"john doe\"@x>", "J <\"john doe\"@x>",
	    { "J", "\"john doe\"@x", NULL });
	/* Specials inside quotes are text. */
	ADDR("\"a@b <c>; d: e\" <f@g>", "\"a@b <c>; d: e\" <f@g>",
	    { "a@b <c>; d: e", "f@g", NULL });
}

void test_addr_comments(void)
{
	/* A comment names a bare address that has no name. */
	ADDR("bob@x (Bob Smith)", "Bob Smith <bob@x>",
	    { "Bob Smith", "bob@x", NULL });
	ADDR("(Bob Smith) bob@x", "Bob Smith <bob@x>",
	    { "Bob Smith", "bob@x", NULL });
	ADDR("<bob@x> (Bob)", "Bob <bob@x>", { "Bob", "bob@x", NULL });
	ADDR("bob@x (Bob \\(B\\) (the (nested) one))",
	    "\"Bob (B) (the (nested) one)\" <bob@x>",
	    { "Bob (B) (the (nested) one)", "bob@x", NULL });
	/* Only the first; and a name wins over a comment. */
	ADDR("bob@x (one) (two)", "one <bob@x>", { "one", "bob@x", NULL });
	ADDR("Bob <bob@x> (work)", "Bob <bob@x>", { "Bob", "bob@x", NULL });
	ADDR("Bob (the builder) <bob@x>", "Bob <bob@x>",
	    { "Bob", "bob@x", NULL });
	/* Comments inside addresses are dropped. */
	ADDR("bob(c)@(d)x", "c <bob@x>", { "c", "bob@x", NULL });
	ADDR("<bob (c) @ x>", "bob@x", { NULL, "bob@x", NULL });
	/* An entry of only a comment gives nothing. */
	ADDR("(nobody), a@x", "a@x", { NULL, "a@x", NULL });
	/* An unterminated comment runs to the end. */
	ADDR("bob@x (Bob", "Bob <bob@x>", { "Bob", "bob@x", NULL });
	ADDR("bob@x (", "bob@x", { NULL, "bob@x", NULL });
}

void test_addr_encoded(void)
{
	ADDR("=?utf-8?q?J=C3=B6rg?= <j@x>", "J\xc3\xb6rg <j@x>",
	    { "J\xc3\xb6rg", "j@x", NULL });
	/* Inside quotes, as real mailers send them. */
	ADDR("\"=?utf-8?q?J=C3=B6rg?=\" <j@x>", "J\xc3\xb6rg <j@x>",
	    { "J\xc3\xb6rg", "j@x", NULL });
	/* Adjacent words join, even split mid-character. */
	ADDR("=?utf-8?B?SsO2?= =?utf-8?B?cmc=?= <j@x>", "J\xc3\xb6rg <j@x>",
	    { "J\xc3\xb6rg", "j@x", NULL });
	ADDR("=?utf-8?Q?=C3?= =?utf-8?Q?=A9?= <e@x>", "\xc3\xa9 <e@x>",
	    { "\xc3\xa9", "e@x", NULL });
	/* Words and plain text. */
	ADDR("Dr. =?iso-8859-1?q?J=F6rg?= Meyer <j@x>",
	    "Dr. J\xc3\xb6rg Meyer <j@x>",
	    { "Dr. J\xc3\xb6rg Meyer", "j@x", NULL });
	/* A decoded name with a comma is quoted when written. */
	ADDR("=?utf-8?q?Smith,_John?= <j@x>", "\"Smith, John\" <j@x>",
	    { "Smith, John", "j@x", NULL });
	/* In a comment. */
#define PRIVET "\xd0\x9f\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82"
	ADDR("b@x (=?koi8-r?B?8NLJ18XU?=)", PRIVET " <b@x>",
	    { PRIVET, "b@x", NULL });
#undef PRIVET
	/* Malformed words stay as they are; addresses are never decoded. */
	ADDR("=?utf-8?x?a?= <a@x>", "=?utf-8?x?a?= <a@x>",
	    { "=?utf-8?x?a?=", "a@x", NULL });
	ADDR("=?utf-8?q?a?=@x", "=?utf-8?q?a?=@x",
	    { NULL, "=?utf-8?q?a?=@x", NULL });
}

void test_addr_groups(void)
{
	ADDR("team: a@x, B <b@y>;", "team: a@x, B <b@y>;",
	    { NULL, "a@x", "team" }, { "B", "b@y", "team" });
	/* The empty group: one entry, group set, no name, mailbox "". */
	ADDR("undisclosed-recipients:;", "undisclosed-recipients:;",
	    { NULL, "", "undisclosed-recipients" });
	ADDR("undisclosed-recipients: ;", "undisclosed-recipients:;",
	    { NULL, "", "undisclosed-recipients" });
	ADDR("a@x, team: b@y;, c@z", "a@x, team: b@y;, c@z",
	    { NULL, "a@x", NULL }, { NULL, "b@y", "team" },
	    { NULL, "c@z", NULL });
	/* A missing ',' after ';' and a missing ';' at the end. */
	ADDR("t1: a@x; t2: b@y", "t1: a@x;, t2: b@y;",
	    { NULL, "a@x", "t1" }, { NULL, "b@y", "t2" });
	ADDR("empty:;, full: a@x;", "empty:;, full: a@x;",
	    { NULL, "", "empty" }, { NULL, "a@x", "full" });
	/* Group names: quoted, encoded, with specials. */
	ADDR("\"a, b\": x@y;", "\"a, b\": x@y;", { NULL, "x@y", "a, b" });
	ADDR("=?utf-8?q?=C3=A9quipe?=: x@y;", "\xc3\xa9quipe: x@y;",
	    { NULL, "x@y", "\xc3\xa9quipe" });
	ADDR(": x@y;", "\"\": x@y;", { NULL, "x@y", "" });
	/* Stray commas inside a group; a ':' inside a group is text. */
	ADDR("g: , a@x, , ;", "g: a@x;", { NULL, "a@x", "g" });
	ADDR("g: a:b@x;", "g: a:b@x;", { NULL, "a:b@x", "g" });
	/* An address, then a group whose name follows the '>'. */
	ADDR("A <a@x> team: b@y;", "A <a@x>, team: b@y;",
	    { "A", "a@x", NULL }, { NULL, "b@y", "team" });
}

void test_addr_obsolete(void)
{
	/* Routes are dropped. */
	ADDR("<@relay1,@relay2:j@x>", "j@x", { NULL, "j@x", NULL });
	ADDR("J <@relay1, @relay2 : j@x>", "J <j@x>", { "J", "j@x", NULL });
	/* White space around '.' and '@'. */
	ADDR("john . doe @ example . com", "john.doe@example.com",
	    { NULL, "john.doe@example.com", NULL });
	ADDR("J < john . doe @ example . com >", "J <john.doe@example.com>",
	    { "J", "john.doe@example.com", NULL });
	/* Stray commas; ';' as a separator outside groups. */
	ADDR(", , a@x,,b@y,", "a@x, b@y",
	    { NULL, "a@x", NULL }, { NULL, "b@y", NULL });
	ADDR("a@x; b@y", "a@x, b@y",
	    { NULL, "a@x", NULL }, { NULL, "b@y", NULL });
	/* Unfolding leftovers. */
	ADDR("A\r\n <a@x>,\r\n\tb@y", "A <a@x>, b@y",
	    { "A", "a@x", NULL }, { NULL, "b@y", NULL });
}

void test_addr_malformed(void)
{
	/* Text that is no address is kept as the mailbox. */
	ADDR("not an address", "not an address",
	    { NULL, "not an address", NULL });
	ADDR("Bob Smith bob@x", "Bob Smith bob@x",
	    { NULL, "Bob Smith bob@x", NULL });
	/* A '>' forgotten, at the end or before the next entry. */
	ADDR("Bob <b@x", "Bob <b@x>", { "Bob", "b@x", NULL });
	ADDR("Bob <b@x, Al <a@y>", "Bob <b@x>, Al <a@y>",
	    { "Bob", "b@x", NULL }, { "Al", "a@y", NULL });
	/* A ',' forgotten between two entries. */
	ADDR("A <a@x> B <b@y>", "A <a@x>, B <b@y>",
	    { "A", "a@x", NULL }, { "B", "b@y", NULL });
	ADDR("<a@x> Al", "Al <a@x>", { "Al", "a@x", NULL });
	/* Stray brackets. */
	ADDR("a@x>", "a@x", { NULL, "a@x", NULL });
	ADDR("<<a@x>>", "a@x", { NULL, "a@x", NULL });
	/* An unterminated quoted string runs to the end. */
	ADDR("\"Bob <b@x>", "\"Bob <b@x>", { NULL, "\"Bob <b@x>", NULL });
	ADDR("\"Bob\\", "\"Bob\\", { NULL, "\"Bob\\", NULL });
	ADDR("a@[1.2", "a@[1.2", { NULL, "a@[1.2", NULL });
	ADDR(",", "");
	ADDR(";", "");
	ADDR(":", "\"\":;", { NULL, "", "" });
	ADDR("@", "@", { NULL, "@", NULL });
	ADDR("<", "<>", { NULL, "", NULL });
	ADDR("\\", "\\", { NULL, "\\", NULL });
}

void test_addr_8bit(void)
{
	/* Raw UTF-8 stays; other 8-bit text is read as windows-1252. */
	ADDR("Jos\xc3\xa9 <j@x>", "Jos\xc3\xa9 <j@x>",
	    { "Jos\xc3\xa9", "j@x", NULL });
	ADDR("Jos\xe9 <j@x>", "Jos\xc3\xa9 <j@x>",
	    { "Jos\xc3\xa9", "j@x", NULL });
	ADDR("jos\xe9@x", "jos\xc3\xa9@x", { NULL, "jos\xc3\xa9@x", NULL });
	ADDR("<jos\xc3\xa9@\xc3\xa9.x>", "jos\xc3\xa9@\xc3\xa9.x",
	    { NULL, "jos\xc3\xa9@\xc3\xa9.x", NULL });
}

static void
format_is(const struct pst_addr *list, size_t n, const char *want, int line)
{
	struct pst_buf b = { 0 };

	pst_addr_format(list, n, &b);
	t_streq(pst_buf_str(&b), want, __FILE__, line, "pst_addr_format");
	pst_buf_free(&b);
}

void test_addr_format(void)
{
	struct pst_addr a[3] = {
		{ "Smith, John", "j@x", NULL },
		{ "Jane", "jane@y", NULL },
		{ NULL, "b@z", "g" },
	};
	struct pst_addr q[] = {
		{ "say \"hi\"", "a@x", NULL },
		{ "back\\slash", "b@x", NULL },
		{ "a@b", "c@d", NULL },
		{ "x;y", "e@f", NULL },
		{ "x:y", "e@f", NULL },
		{ "<x>", "e@f", NULL },
		{ "[x]", "e@f", NULL },
		{ "(x)", "e@f", NULL },
		{ " lead", "e@f", NULL },
		{ "", "e@f", NULL },
	};

	format_is(a, 0, "", __LINE__);
	format_is(a, 2, "\"Smith, John\" <j@x>, Jane <jane@y>", __LINE__);
	format_is(a, 3, "\"Smith, John\" <j@x>, Jane <jane@y>, g: b@z;",
	    __LINE__);
	format_is(a + 2, 1, "g: b@z;", __LINE__);
	format_is(q, sizeof q / sizeof q[0],
	    "\"say \\\"hi\\\"\" <a@x>, \"back\\\\slash\" <b@x>, "
	    "\"a@b\" <c@d>, \"x;y\" <e@f>, \"x:y\" <e@f>, \"<x>\" <e@f>, "
	    "\"[x]\" <e@f>, \"(x)\" <e@f>, \" lead\" <e@f>, \"\" <e@f>",
	    __LINE__);
}

/* Parse, format, parse the result: the same entries and text again. */
static void
round_trip(const char *in, int line)
{
	struct pst_addr *l1, *l2;
	struct pst_buf f1 = { 0 }, f2 = { 0 };
	size_t n1, n2, i;

	n1 = pst_addr_parse(in, strlen(in), &l1);
	pst_addr_format(l1, n1, &f1);
	n2 = pst_addr_parse(f1.p, f1.len, &l2);
	pst_addr_format(l2, n2, &f2);
	t_inteq(n2, n1, __FILE__, line, in);
	t_streq(pst_buf_str(&f2), pst_buf_str(&f1), __FILE__, line, in);
	for (i = 0; i < n1 && i < n2; i++) {
		t_streq(l2[i].name, l1[i].name, __FILE__, line, "name");
		t_streq(l2[i].mailbox, l1[i].mailbox, __FILE__, line,
		    "mailbox");
		t_streq(l2[i].group, l1[i].group, __FILE__, line, "group");
	}
	pst_addr_free(l1, n1);
	pst_addr_free(l2, n2);
	pst_buf_free(&f1);
	pst_buf_free(&f2);
}

void test_addr_round_trip(void)
{
	static const char *cases[] = {
		"\"Smith, John\" <j@x>, Jane <jane@y>",
		"=?utf-8?q?Smith,_John?= <j@x>",
		"\"John \\\"JD\\\" Doe\" <j@x>",
		"bob@x (Bob \\(B\\))",
		"team: a@x, B <b@y>;, c@z",
		"undisclosed-recipients:;",
		"\"a, b\": x@y;",
		"\"x\\\\y\" <a@b>",
		"<>",
		"\"john doe\"@x",
		"A <@r:a@x>, b@y (c;d)",
		"\"=?utf-8?q?=22?=\" <q@x>",
	};
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++)
		round_trip(cases[i], __LINE__);
}

void test_addr_many(void)
{
	struct pst_buf in = { 0 };
	struct pst_addr *list;
	size_t n, i;
	int ok = 1;

	for (i = 0; i < 10000; i++)
		pst_buf_printf(&in, "U%zu <u%zu@x>, ", i, i);
	n = pst_addr_parse(in.p, in.len, &list);
	T_INTEQ(n, 10000);
	for (i = 0; i < n && ok; i++) {
		char want[32];

		snprintf(want, sizeof want, "u%zu@x", i);
		ok = strcmp(list[i].mailbox, want) == 0;
	}
	T_OK(ok);
	pst_addr_free(list, n);
	pst_buf_free(&in);

	/* Deeply nested comments and many '<' cost nothing special. */
	for (i = 0; i < 100000; i++)
		pst_buf_addc(&in, '(');
	pst_buf_adds(&in, "a@x");
	n = pst_addr_parse(in.p, in.len, &list);
	T_INTEQ(n, 0);
	pst_addr_free(list, n);
	pst_buf_reset(&in);
	for (i = 0; i < 100000; i++)
		pst_buf_addc(&in, '<');
	n = pst_addr_parse(in.p, in.len, &list);
	T_INTEQ(n, 1);
	pst_addr_free(list, n);
	pst_buf_free(&in);
}

void test_addr_nul(void)
{
	/* NUL bytes would cut the C strings short: they are left out. */
	ADDR("B\0ob <b\0@x>", "Bob <b@x>", { "Bob", "b@x", NULL });
	ADDR("=?utf-8?q?=00?= <b@x>", "b@x", { NULL, "b@x", NULL });
	ADDR("\0", "<>", { NULL, "", NULL });
}

void test_addr_first(void)
{
	char *a;

	a = pst_addr_first("Name <n@x.org>, other@x.org");
	T_STREQ(a, "n@x.org");
	free(a);
	a = pst_addr_first("undisclosed-recipients:;, b@x.org");
	T_STREQ(a, "b@x.org");
	free(a);
	T_OK(pst_addr_first("") == NULL);
	T_OK(pst_addr_first(NULL) == NULL);
}
