#include "evidence/bundle_verify.h"

#include "evidence/audit_log.h"
#include "evidence/signing.h"
#include "util/hash.h"

#include <archive.h>
#include <archive_entry.h>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <map>
#include <memory>
#include <set>
#include <sstream>

namespace siphon::evidence {

namespace {

struct ReadDeleter {
    void operator()(archive* a) const { archive_read_free(a); }
};

struct Entry {
    std::string sha256;
    int64_t size = 0;
};

// Only the small descriptive files are kept in memory; everything else is hashed while streaming.
bool keepBytes(const std::string& path) {
    return path == "SHA256SUMS" || path == "SHA256SUMS.sig" || path == "manifest.json" || path == "audit_log.jsonl";
}

std::string unsafePathReason(const std::string& p) {
    if (p.empty()) return "empty entry name";
    if (p.front() == '/' || (p.size() > 1 && p[1] == ':')) return "absolute path";
    if (p.find('\\') != std::string::npos) return "backslash in path";
    if (p.find('\0') != std::string::npos) return "NUL in path";
    std::stringstream ss(p);
    std::string part;
    while (std::getline(ss, part, '/'))
        if (part == "..") return "path traversal (..)";
    return {};
}

std::map<std::string, std::string> parseSums(const std::string& text, std::vector<std::string>& failures) {
    std::map<std::string, std::string> out;
    std::stringstream ss(text);
    std::string line;
    int n = 0;
    while (std::getline(ss, line)) {
        ++n;
        if (line.empty()) continue;
        if (line.size() < 67 || line[64] != ' ' || (line[65] != ' ' && line[65] != '*')) {
            failures.push_back("SHA256SUMS: line " + std::to_string(n) + " is malformed");
            continue;
        }
        out[line.substr(66)] = line.substr(0, 64);
    }
    return out;
}

std::string bytesText(int64_t n) {
    if (n >= (1LL << 30) && n % (1LL << 30) == 0) return std::to_string(n >> 30) + " GiB";
    if (n >= (1LL << 20) && n % (1LL << 20) == 0) return std::to_string(n >> 20) + " MiB";
    return std::to_string(n) + " bytes";
}

} // namespace

Result<VerifyReport> verifyBundle(const std::string& zipPath, const std::optional<std::string>& publicKeyPath,
                                  const VerifyLimits& limits) {
    std::unique_ptr<archive, ReadDeleter> a(archive_read_new());
    archive_read_support_format_zip(a.get());
    if (archive_read_open_filename(a.get(), zipPath.c_str(), 1 << 16) != ARCHIVE_OK)
        return makeError(ErrorCode::Io, std::string("cannot open bundle: ") + archive_error_string(a.get()), zipPath);

    VerifyReport rep;
    auto refuse = [&](const std::string& why) {
        rep.ok = false;
        rep.refused = true;
        rep.failures.push_back("refused: " + why);
        return rep;
    };
    std::map<std::string, Entry> entries;
    std::map<std::string, std::string> kept;
    int64_t total = 0;
    archive_entry* e = nullptr;
    std::vector<char> buf(1 << 16);
    for (;;) {
        const int rc = archive_read_next_header(a.get(), &e);
        if (rc == ARCHIVE_EOF) break;
        if (rc != ARCHIVE_OK && rc != ARCHIVE_WARN)
            return refuse(std::string("damaged ZIP: ") + (archive_error_string(a.get()) ? archive_error_string(a.get()) : "?"));
        const char* rawName = archive_entry_pathname(e);
        const std::string path = rawName ? rawName : "";
        if (auto why = unsafePathReason(path); !why.empty()) return refuse("entry '" + path + "': " + why);
        const auto type = archive_entry_filetype(e);
        if (type == AE_IFDIR) continue;
        if (type != AE_IFREG || archive_entry_symlink(e) != nullptr || archive_entry_hardlink(e) != nullptr)
            return refuse("entry '" + path + "' is not a regular file (symlink or special file)");
        if (entries.count(path)) return refuse("entry '" + path + "' appears twice");
        if (static_cast<int64_t>(entries.size()) >= limits.maxEntries)
            return refuse("more than " + std::to_string(limits.maxEntries) + " entries (zip bomb?)");
        // A declared size is a promise: past it the entry is lying about what it holds.
        const bool declared = archive_entry_size_is_set(e) != 0;
        const int64_t declaredSize = declared ? archive_entry_size(e) : -1;
        if (declared && declaredSize > limits.maxEntryBytes)
            return refuse("entry '" + path + "' declares " + std::to_string(declaredSize) + " bytes, more than the " +
                          bytesText(limits.maxEntryBytes) + " limit (zip bomb?)");
        Sha256 h;
        int64_t size = 0;
        std::string bytes;
        const bool keep = keepBytes(path);
        for (;;) {
            const la_ssize_t n = archive_read_data(a.get(), buf.data(), buf.size());
            if (n == 0) break;
            if (n < 0) {
                rep.ok = false;
                rep.failures.push_back(path + ": cannot be read (" +
                                       (archive_error_string(a.get()) ? archive_error_string(a.get()) : "?") + ")");
                break;
            }
            size += n;
            total += n;
            if (declared && size > declaredSize)
                return refuse("entry '" + path + "' decompresses past the " + std::to_string(declaredSize) +
                              " bytes its header declares (zip bomb?)");
            if (size > limits.maxEntryBytes)
                return refuse("entry '" + path + "' decompresses past " + bytesText(limits.maxEntryBytes) + " (zip bomb?)");
            if (total > limits.maxTotalBytes)
                return refuse("bundle decompresses past " + bytesText(limits.maxTotalBytes) + " (zip bomb?)");
            h.update(buf.data(), static_cast<size_t>(n));
            if (keep) {
                if (size > limits.maxKeptBytes) return refuse("entry '" + path + "' is too large for its kind");
                bytes.append(buf.data(), static_cast<size_t>(n));
            }
        }
        entries[path] = {h.finishHex(), size};
        if (keep) kept[path] = std::move(bytes);
    }
    rep.filesChecked = static_cast<int64_t>(entries.size());

    // SHA256SUMS: every listed file matches; every file but the sums and signature is listed.
    if (!kept.count("SHA256SUMS")) {
        rep.ok = false;
        rep.failures.push_back("SHA256SUMS: missing");
    } else {
        auto sums = parseSums(kept["SHA256SUMS"], rep.failures);
        for (const auto& [path, hash] : sums) {
            auto it = entries.find(path);
            if (it == entries.end()) rep.failures.push_back(path + ": listed in SHA256SUMS but missing from the bundle");
            else if (it->second.sha256 != hash)
                rep.failures.push_back(path + ": SHA-256 mismatch (SHA256SUMS says " + hash.substr(0, 16) +
                                       "…, file is " + it->second.sha256.substr(0, 16) + "…)");
        }
        for (const auto& [path, en] : entries)
            if (path != "SHA256SUMS" && path != "SHA256SUMS.sig" && !sums.count(path))
                rep.failures.push_back(path + ": present in the bundle but not listed in SHA256SUMS");
        rep.notes.push_back("SHA256SUMS: " + std::to_string(sums.size()) + " files checked");
    }
    // manifest.json: sizes and hashes, audit head.
    std::string manifestHead;
    if (!kept.count("manifest.json")) {
        rep.failures.push_back("manifest.json: missing");
    } else {
        const QJsonDocument doc = QJsonDocument::fromJson(QByteArray::fromStdString(kept["manifest.json"]));
        if (!doc.isObject()) {
            rep.failures.push_back("manifest.json: not valid JSON");
        } else {
            const QJsonObject m = doc.object();
            for (const auto& v : m.value(QStringLiteral("files")).toArray()) {
                const QJsonObject f = v.toObject();
                const std::string path = f.value(QStringLiteral("path")).toString().toStdString();
                auto it = entries.find(path);
                if (it == entries.end()) rep.failures.push_back(path + ": listed in manifest.json but missing");
                else if (it->second.sha256 != f.value(QStringLiteral("sha256")).toString().toStdString())
                    rep.failures.push_back(path + ": SHA-256 differs from manifest.json");
                else if (it->second.size != static_cast<int64_t>(f.value(QStringLiteral("size")).toDouble()))
                    rep.failures.push_back(path + ": size differs from manifest.json");
            }
            manifestHead = m.value(QStringLiteral("audit")).toObject().value(QStringLiteral("head_hash")).toString().toStdString();
        }
    }
    // The audit chain.
    if (!kept.count("audit_log.jsonl")) {
        rep.failures.push_back("audit_log.jsonl: missing");
    } else {
        std::vector<AuditEntry> log;
        std::stringstream ss(kept["audit_log.jsonl"]);
        std::string line;
        int n = 0;
        bool parsed = true;
        while (std::getline(ss, line)) {
            ++n;
            if (line.empty()) continue;
            const QJsonDocument d = QJsonDocument::fromJson(QByteArray::fromStdString(line));
            auto en = d.isObject() ? auditEntryFromJson(d.object()) : Result<AuditEntry>(makeError(ErrorCode::Format, "not JSON"));
            if (!en) {
                rep.failures.push_back("audit_log.jsonl: line " + std::to_string(n) + ": " + en.error().message);
                parsed = false;
                break;
            }
            log.push_back(std::move(*en));
        }
        if (parsed) {
            const ChainCheck c = verifyAuditChain(log);
            if (!c.ok) rep.failures.push_back("audit_log.jsonl: " + c.problem);
            else {
                const std::string head = log.empty() ? kGenesisHash : log.back().hash;
                if (!manifestHead.empty() && head != manifestHead)
                    rep.failures.push_back("audit_log.jsonl: head hash differs from manifest.json (log truncated or replaced)");
                rep.notes.push_back("audit chain: " + std::to_string(log.size()) + " entries intact");
            }
        }
    }
    // Signature.
    const bool hasSig = kept.count("SHA256SUMS.sig") > 0;
    if (publicKeyPath) {
        if (!hasSig) rep.failures.push_back("SHA256SUMS.sig: missing (bundle is not signed)");
        else if (Status s = verifyEd25519(*publicKeyPath, kept["SHA256SUMS"], kept["SHA256SUMS.sig"]); !s) {
            if (s.error().code == ErrorCode::Verify) rep.failures.push_back("SHA256SUMS.sig: " + s.error().message);
            else rep.failures.push_back("public key: " + s.error().describe());
        } else {
            rep.signatureChecked = true;
            rep.notes.push_back("signature: valid Ed25519 signature over SHA256SUMS");
        }
    } else if (hasSig) {
        rep.notes.push_back("signature: present, not checked (pass --pubkey PUB.pem)");
    }
    rep.ok = rep.failures.empty();
    return rep;
}

} // namespace siphon::evidence
