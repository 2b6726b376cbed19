/* tlsinfo: what a TLS session is, for a person. */
#include <stdio.h>

#include <curl/curl.h>
#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include "tlsinfo.h"

/* Append what print(bio) writes. */
static void
add_bio(struct pst_buf *out, BIO *bio)
{
	char *p;
	long n = BIO_get_mem_data(bio, &p);

	if (n > 0)
		pst_buf_add(out, p, (size_t)n);
	(void)BIO_reset(bio);
}

static void
add_name(struct pst_buf *out, const char *label, const X509_NAME *name,
    BIO *bio)
{
	pst_buf_printf(out, "%-13s", label);
	if (X509_NAME_print_ex(bio, name, 0, XN_FLAG_ONELINE &
	    ~ASN1_STRFLGS_ESC_MSB) >= 0)
		add_bio(out, bio);
	pst_buf_addc(out, '\n');
}

static void
add_certificate(struct pst_buf *out, X509 *cert)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int n, i;
	BIO *bio = BIO_new(BIO_s_mem());

	if (bio == NULL)
		return;
	add_name(out, "subject:", X509_get_subject_name(cert), bio);
	add_name(out, "issuer:", X509_get_issuer_name(cert), bio);
	pst_buf_printf(out, "%-13s", "valid:");
	if (ASN1_TIME_print(bio, X509_get0_notBefore(cert)) == 1)
		add_bio(out, bio);
	pst_buf_adds(out, " to ");
	if (ASN1_TIME_print(bio, X509_get0_notAfter(cert)) == 1)
		add_bio(out, bio);
	pst_buf_addc(out, '\n');
	if (X509_digest(cert, EVP_sha256(), md, &n) == 1) {
		pst_buf_printf(out, "%-13s", "sha256:");
		for (i = 0; i < n; i++)
			pst_buf_printf(out, "%s%02X", i ? ":" : "", md[i]);
		pst_buf_addc(out, '\n');
	}
	BIO_free(bio);
}

/* The first handshake done: describe it. */
static void
info_cb(const SSL *ssl, int where, int ret)
{
	struct pst_buf *out = SSL_CTX_get_app_data(SSL_get_SSL_CTX(ssl));
	X509 *cert;

	(void)ret;
	if (!(where & SSL_CB_HANDSHAKE_DONE) || out == NULL || out->len > 0)
		return;
	pst_buf_printf(out, "%-13s%s, %s\n", "TLS:", SSL_get_version(ssl),
	    SSL_get_cipher_name(ssl));
	if ((cert = SSL_get1_peer_certificate(ssl)) != NULL) {
		add_certificate(out, cert);
		X509_free(cert);
	}
}

static CURLcode
ctx_cb(CURL *curl, void *ctx, void *out)
{
	(void)curl;
	SSL_CTX_set_app_data((SSL_CTX *)ctx, out);
	SSL_CTX_set_info_callback((SSL_CTX *)ctx, info_cb);
	return CURLE_OK;
}

int
pst_tls_watch(void *curl, struct pst_buf *out)
{
	if (curl_easy_setopt((CURL *)curl, CURLOPT_SSL_CTX_FUNCTION, ctx_cb) !=
	    CURLE_OK || curl_easy_setopt((CURL *)curl, CURLOPT_SSL_CTX_DATA,
	    out) != CURLE_OK)
		return -1;
	return 0;
}
