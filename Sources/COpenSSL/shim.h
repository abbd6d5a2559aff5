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

#endif
