// C interop for HawalaExport: OpenSSL 3.0 headers, with static inline wrappers for the
// function-like macros Swift cannot import.
#ifndef HAWALA_COPENSSL_SHIM_H
#define HAWALA_COPENSSL_SHIM_H

#define OPENSSL_API_COMPAT 30000
#define OPENSSL_NO_DEPRECATED 1

#include <openssl/bio.h>
#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/opensslv.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <openssl/crypto.h>

/// The runtime libcrypto version number (OPENSSL_VERSION_NUMBER layout).
static inline unsigned long hawala_openssl_version_num(void) { return OpenSSL_version_num(); }

#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/objects.h>
#include <openssl/rsa.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

// ---- HawalaExport wrappers (macros Swift cannot import) ----

/// BIO_get_mem_data: borrows a memory BIO's bytes; returns their count.
static inline long hawala_BIO_get_mem_data(BIO *bio, char **data) { return BIO_get_mem_data(bio, data); }

/// OPENSSL_malloc: memory that OpenSSL may free (for add0 calls).
static inline void *hawala_OPENSSL_malloc(size_t n) { return OPENSSL_malloc(n); }

/// OPENSSL_free.
static inline void hawala_OPENSSL_free(void *p) { OPENSSL_free(p); }

/// sk_X509_new_null.
static inline STACK_OF(X509) *hawala_sk_X509_new_null(void) { return sk_X509_new_null(); }

/// sk_X509_push (takes ownership of the certificate on success).
static inline int hawala_sk_X509_push(STACK_OF(X509) *sk, X509 *x) { return sk_X509_push(sk, x); }

/// sk_X509_num.
static inline int hawala_sk_X509_num(const STACK_OF(X509) *sk) { return sk_X509_num(sk); }

/// sk_X509_value (borrowed).
static inline X509 *hawala_sk_X509_value(const STACK_OF(X509) *sk, int i) { return sk_X509_value(sk, i); }

/// sk_X509_pop_free(sk, X509_free).
static inline void hawala_sk_X509_pop_free(STACK_OF(X509) *sk) { sk_X509_pop_free(sk, X509_free); }

/// sk_X509_free (the stack only, not the certificates).
static inline void hawala_sk_X509_free(STACK_OF(X509) *sk) { sk_X509_free(sk); }

/// EVP_RSA_gen(bits).
static inline EVP_PKEY *hawala_EVP_RSA_gen(unsigned int bits) { return EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)bits); }

/// EVP_EC_gen(curve), e.g. "P-256".
static inline EVP_PKEY *hawala_EVP_EC_gen(const char *curve) { return EVP_PKEY_Q_keygen(NULL, NULL, "EC", curve); }

/// X509V3_set_ctx_nodb.
static inline void hawala_X509V3_set_ctx_nodb(X509V3_CTX *ctx) { X509V3_set_ctx_nodb(ctx); }

/// XN_FLAG_RFC2253 (a composite macro).
static inline unsigned long hawala_XN_FLAG_RFC2253(void) { return XN_FLAG_RFC2253; }

/// ERR_GET_REASON of a packed error code.
static inline int hawala_ERR_GET_REASON(unsigned long e) { return ERR_GET_REASON(e); }

#endif
