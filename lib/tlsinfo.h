/* tlsinfo: what a TLS session is, for a person: version, cipher, and the
 * server's certificate. */
#ifndef PST_TLSINFO_H
#define PST_TLSINFO_H

#include "buf.h"

/* Have the TLS session that the libcurl handle curl (a CURL *) makes
 * described into out when its handshake is done: lines "TLS:", then the
 * certificate's "subject:", "issuer:", "valid:" and "sha256:"
 * (fingerprint), each label padded to 13 columns. libcurl 7.88 gives no
 * session pointer after a CONNECT_ONLY transfer, so this watches the
 * handshake through OpenSSL's info callback. out must outlive the
 * transfer. Returns 0, or -1 when libcurl would not take the callback. */
int pst_tls_watch(void *curl, struct pst_buf *out);

#endif
