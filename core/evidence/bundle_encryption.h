#pragma once
// A bundle sent to named recipients, encrypted with a tool they already have: CMS EnvelopedData
// (RFC 5652), DER, to their X.509 certificates. Each recipient decrypts with
//   openssl cms -decrypt -binary -inform DER -in BUNDLE.zip.p7m -recip CERT.pem -inkey KEY.pem -out BUNDLE.zip
// and gets the exported ZIP byte for byte, which `siphon-cli verify` then checks as usual.
// Content: AES-256-CBC; key transport RSA-OAEP for RSA certificates, ECDH for EC ones. CMS was
// chosen over age because OpenSSL is already on an examiner's and a law firm's machines, and the
// certificates firms hold for S/MIME mail are X.509.
#include "store/database.h"
#include "util/result.h"

#include <memory>
#include <string>
#include <vector>

struct x509_st;   // OpenSSL's X509

namespace siphon::evidence {

struct Recipient {
    std::string certPath;
    std::string subject;       // the certificate's subject, one line (RFC 2253)
    std::string certSha256;    // hex SHA-256 of the DER certificate, as `openssl x509 -fingerprint -sha256` shows
    std::shared_ptr<x509_st> cert;
};

// Reads each PEM (or DER) certificate. Usage error naming the file that is missing, is not a
// certificate (a private key given by mistake), or has a key that cannot receive a CMS key.
Result<std::vector<Recipient>> loadRecipients(const std::vector<std::string>& certPaths);

struct EncryptedBundle {
    std::string path;
    std::string sha256;        // of the encrypted file, as written
};

// Encrypts zipPath into outPath (mode 0600, written beside it as ".partial" and renamed, so a
// failure leaves nothing behind). The input is streamed: memory does not grow with the bundle.
Result<EncryptedBundle> encryptBundle(const std::string& zipPath, const std::string& outPath,
                                      const std::vector<Recipient>& recipients);

// Appends an "encrypt" audit entry: which bundle went to whom (subjects and certificate
// fingerprints) and the encrypted file's SHA-256.
Status auditEncryption(store::Database& db, const std::string& examiner, const std::string& bundleSha256,
                       const EncryptedBundle& encrypted, const std::vector<Recipient>& recipients);

} // namespace siphon::evidence
