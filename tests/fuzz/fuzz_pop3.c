/* fuzz_pop3: the input as what a POP3 server says, over a session in
 * memory, to each command of lib/pop3.c on a fresh session (LIST and
 * UIDL, RETR of messages 1 to 5, DELE, QUIT) and to all of them in turn
 * on one session. The sink checks that every begin is followed by exactly
 * one end or abort, that unstuffing only takes bytes away, and fails now
 * and then to exercise that path. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "conn.h"
#include "err.h"
#include "pop3.h"
#include "sink.h"
#include "sinkcheck.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char capa[] = "+OK POP3 ready\r\n+OK\r\nUSER\r\nPIPELINING\r\n"
    "UIDL\r\n.\r\n";

static const unsigned long nums[] = { 1, 2, 3, 4, 5 };

static void
check_err(int rc, const struct pst_err *e)
{
	if (rc == -1) {
		if (e->status != 69 && e->status != 73 && e->status != 74 &&
		    e->status != 75 && e->status != 76)
			abort();
		if (e->msg[0] == '\0' || memchr(e->msg, '\0',
		    sizeof e->msg) == NULL)
			abort();
	}
}

/* ---- the commands ------------------------------------------------------- */

static int
each_msg(void *ctx, unsigned long num, unsigned long long size,
    const char *uidl)
{
	size_t n = strlen(uidl);

	(void)ctx;
	(void)size;
	if (num == 0 || num > 0xffffffffUL)
		abort();
	/* RFC 1939: 1 to 70 characters from 0x21 to 0x7E. */
	if (n < 1 || n > 70)
		abort();
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)uidl[i] < 0x21 ||
		    (unsigned char)uidl[i] > 0x7e)
			abort();
	return num == 3 ? 3 : 0;
}

static void
do_list(struct pst_pop3 *p)
{
	struct pst_err e = {0};
	int rc = pst_pop3_list(p, each_msg, NULL, &e);

	if (rc != 0 && rc != -1 && rc != 3)
		abort();
	check_err(rc, &e);
}

static void
do_fetch(struct pst_pop3 *p, size_t size)
{
	struct checker k = { 0, 0, 0, 0, size, nums };
	struct pst_sink s = { k_begin, k_data, k_end, k_abort, &k };
	struct pst_err e = {0};
	int rc = pst_pop3_fetch(p, nums, 5, &s, &e);

	if (k.open || (rc != 0 && rc != -1) || (rc == 0 && k.ends != 5))
		abort();
	check_err(rc, &e);
}

static void
do_dele(struct pst_pop3 *p)
{
	struct pst_err e = {0};
	int rc = pst_pop3_dele(p, nums, 3, &e);

	if (rc != 0 && rc != -1)
		abort();
	check_err(rc, &e);
}

static void
do_quit(struct pst_pop3 *p)
{
	struct pst_err e = {0};
	int rc = pst_pop3_quit(p, &e);

	if (rc != 0 && rc != -1)
		abort();
	if (rc == -1 && e.status != 75)
		abort();
	check_err(rc, &e);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pst_pop3 *p;
	int i;

	for (i = 0; i < 4; i++) {
		p = pst_pop3_on(pst_conn_mem(i % 2 ? capa : NULL,
		    (const char *)data, size));
		switch (i) {
		case 0:
			do_list(p);
			break;
		case 1:
			do_fetch(p, size);
			break;
		case 2:
			do_dele(p);
			break;
		default:
			do_quit(p);
			break;
		}
		pst_pop3_close(p);
	}
	/* A whole run on one session, whatever went before. */
	p = pst_pop3_on(pst_conn_mem(capa, (const char *)data, size));
	do_list(p);
	do_fetch(p, size);
	do_dele(p);
	do_quit(p);
	pst_pop3_close(p);
	return 0;
}
