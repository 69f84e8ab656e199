#include "evidence/bundle_encryption.h"

#include "evidence/audit_log.h"
#include "util/hash.h"
#include "util/private_file.h"

#include <QJsonArray>
#include <QJsonObject>

#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include <cstdio>
#include <filesystem>
#include <system_error>

#include <fcntl.h>
#include <unistd.h>

namespace siphon::evidence {

namespace {

struct BioDel {
    void operator()(BIO* b) const { BIO_free(b); }
};
struct CmsDel {
    void operator()(CMS_ContentInfo* c) const { CMS_ContentInfo_free(c); }
};
using Bio = std::unique_ptr<BIO, BioDel>;
using Cms = std::unique_ptr<CMS_ContentInfo, CmsDel>;

// The last OpenSSL error as words, for messages that name what failed.
std::string opensslReason() {
    char buf[256] = {};
    const unsigned long e = ERR_peek_last_error();
    ERR_clear_error();
    if (e == 0) return "no detail from OpenSSL";
    ERR_error_string_n(e, buf, sizeof buf);
    return buf;
}

std::shared_ptr<x509_st> readCertificate(const std::string& path) {
    Bio bio(BIO_new_file(path.c_str(), "rb"));
    if (!bio) return {};
    X509* cert = PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr);
    if (!cert && BIO_reset(bio.get()) == 0) cert = d2i_X509_bio(bio.get(), nullptr);
    ERR_clear_error();
    return cert ? std::shared_ptr<x509_st>(cert, X509_free) : nullptr;
}

std::string subjectLine(X509* cert) {
    Bio mem(BIO_new(BIO_s_mem()));
    if (!mem || X509_NAME_print_ex(mem.get(), X509_get_subject_name(cert), 0, XN_FLAG_RFC2253) < 0) return {};
    char* data = nullptr;
    const long n = BIO_get_mem_data(mem.get(), &data);
    return n > 0 ? std::string(data, static_cast<size_t>(n)) : std::string();
}

std::string certSha256(X509* cert) {
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int n = 0;
    if (X509_digest(cert, EVP_sha256(), md, &n) != 1) return {};
    return toHex(md, n);
}

bool canReceiveKey(X509* cert) {
    const int type = EVP_PKEY_get_base_id(X509_get0_pubkey(cert));
    return type == EVP_PKEY_RSA || type == EVP_PKEY_EC;
}

// RSA recipients get OAEP with SHA-256 instead of CMS's PKCS #1 v1.5 default.
Status addRecipient(CMS_ContentInfo* cms, const Recipient& r, unsigned int flags) {
    CMS_RecipientInfo* ri = CMS_add1_recipient_cert(cms, r.cert.get(), flags | CMS_KEY_PARAM);
    if (!ri) return makeError(ErrorCode::Usage, "cannot encrypt to this certificate: " + opensslReason(), r.certPath);
    if (EVP_PKEY_get_base_id(X509_get0_pubkey(r.cert.get())) != EVP_PKEY_RSA) return {};
    EVP_PKEY_CTX* pctx = CMS_RecipientInfo_get0_pkey_ctx(ri);
    if (!pctx || EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_OAEP_PADDING) <= 0 ||
        EVP_PKEY_CTX_set_rsa_oaep_md(pctx, EVP_sha256()) <= 0)
        return makeError(ErrorCode::Io, "OpenSSL: cannot set RSA-OAEP: " + opensslReason(), r.certPath);
    return {};
}

Status syncFile(const std::string& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return makeError(ErrorCode::Io, "cannot reopen to flush", path);
    const bool ok = ::fsync(fd) == 0;
    ::close(fd);
    if (!ok) return makeError(ErrorCode::Io, "cannot flush to disk", path);
    return {};
}

Status writeEnvelope(const std::string& zipPath, const std::string& partial, const std::vector<Recipient>& recipients) {
    Bio in(BIO_new_file(zipPath.c_str(), "rb"));
    if (!in) return makeError(ErrorCode::Io, "cannot open the bundle to encrypt", zipPath);
    const unsigned int flags = CMS_BINARY | CMS_STREAM | CMS_PARTIAL;
    Cms cms(CMS_encrypt(nullptr, nullptr, EVP_aes_256_cbc(), flags));
    if (!cms) return makeError(ErrorCode::Io, "OpenSSL: cannot start CMS encryption: " + opensslReason());
    for (const auto& r : recipients)
        if (Status s = addRecipient(cms.get(), r, flags); !s) return s;
    if (Status s = util::recreatePrivateFile(partial); !s) return s;
    Bio out(BIO_new_file(partial.c_str(), "wb"));
    if (!out) return makeError(ErrorCode::Io, "cannot write the encrypted bundle", partial);
    // With CMS_STREAM the content is read from `in` and encrypted as it is written out.
    if (i2d_CMS_bio_stream(out.get(), cms.get(), in.get(), static_cast<int>(flags)) != 1 || BIO_flush(out.get()) != 1)
        return makeError(ErrorCode::Io, "encrypting the bundle failed: " + opensslReason(), partial);
    out.reset();
    return syncFile(partial);
}

} // namespace

Result<std::vector<Recipient>> loadRecipients(const std::vector<std::string>& certPaths) {
    std::vector<Recipient> out;
    for (const auto& path : certPaths) {
        std::error_code ec;
        if (!std::filesystem::is_regular_file(path, ec))
            return makeError(ErrorCode::Usage, "recipient certificate not found", path);
        auto cert = readCertificate(path);
        if (!cert)
            return makeError(ErrorCode::Usage,
                             "not an X.509 certificate (PEM or DER); --encrypt-to takes the recipient's certificate, "
                             "never a private key",
                             path);
        if (!canReceiveKey(cert.get()))
            return makeError(ErrorCode::Usage, "the certificate's key is neither RSA nor EC, so CMS cannot encrypt to it", path);
        out.push_back({path, subjectLine(cert.get()), certSha256(cert.get()), std::move(cert)});
    }
    if (out.empty()) return makeError(ErrorCode::Usage, "encryption needs at least one recipient certificate");
    return out;
}

Result<EncryptedBundle> encryptBundle(const std::string& zipPath, const std::string& outPath,
                                      const std::vector<Recipient>& recipients) {
    if (recipients.empty()) return makeError(ErrorCode::Usage, "encryption needs at least one recipient certificate");
    const std::string partial = outPath + ".partial";
    if (Status s = writeEnvelope(zipPath, partial, recipients); !s) {
        std::remove(partial.c_str());
        return s.error();
    }
    std::error_code ec;
    std::filesystem::rename(partial, outPath, ec);
    if (ec) {
        std::remove(partial.c_str());
        return makeError(ErrorCode::Io, "cannot move the encrypted bundle into place: " + ec.message(), outPath);
    }
    return EncryptedBundle{outPath, sha256File(outPath)};
}

Status auditEncryption(store::Database& db, const std::string& examiner, const std::string& bundleSha256,
                       const EncryptedBundle& encrypted, const std::vector<Recipient>& recipients) {
    QJsonArray to;
    for (const auto& r : recipients)
        to.append(QJsonObject{{QStringLiteral("subject"), QString::fromStdString(r.subject)},
                              {QStringLiteral("certificate_sha256"), QString::fromStdString(r.certSha256)}});
    QJsonObject p;
    p[QStringLiteral("bundle_sha256")] = QString::fromStdString(bundleSha256);
    p[QStringLiteral("encrypted_sha256")] = QString::fromStdString(encrypted.sha256);
    p[QStringLiteral("format")] = QStringLiteral("CMS EnvelopedData, DER, AES-256-CBC");
    p[QStringLiteral("recipients")] = to;
    if (auto a = appendAudit(db, examiner, "encrypt", p); !a) return a.error();
    return {};
}

} // namespace siphon::evidence
