/* msgid: random identifiers: Message-IDs and MIME boundaries. */
#include <string.h>
#include <sys/random.h>

#include "hdr.h"
#include "msgid.h"

int
pst_random_word(char *out, size_t n)
{
	static const char alnum[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
	unsigned char r[64];
	size_t i;

	/* The kernel's generator, which OpenSSL's RAND_bytes seeds from too:
	 * starting libcrypto's own would cost more than composing a message
	 * with a 2 MiB attachment. */
	if (n > sizeof r || getentropy(r, n) != 0)
		return -1;
	for (i = 0; i < n; i++)
		out[i] = alnum[r[i] % 62];
	out[n] = '\0';
	return 0;
}

int
pst_msgid_new(const char *domain, time_t now, struct pst_buf *out)
{
	char word[25];

	if (pst_random_word(word, 24) != 0)
		return -1;
	pst_buf_printf(out, "<%lld.%s@%s>", (long long)now, word, domain);
	return 0;
}

void
pst_msgid_find(const char *p, size_t n, struct pst_buf *out)
{
	struct pst_header h = {0};
	const struct pst_field *f;

	pst_buf_reset(out);
	(void)pst_hdr_parse(p, n, &h);
	if ((f = pst_hdr_find(&h, "Message-ID")) != NULL) {
		const char *v = f->value;
		size_t len = f->valuelen;

		pst_hdr_unfold(v, len, out);
		/* The unfolding trims the end; the start may hold blanks. */
		len = strspn(pst_buf_str(out), " \t");
		if (len > 0) {
			memmove(out->p, out->p + len, out->len - len + 1);
			out->len -= len;
		}
	}
	pst_hdr_free(&h);
}
