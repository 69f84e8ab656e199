#include "evidence/bundle_verify.h"

#include "evidence/audit_log.h"
#include "evidence/production/bates_ledger.h"
#include "evidence/bundle_paths.h"
#include "evidence/signing.h"
#include "evidence/zip_structure.h"
#include "util/hash.h"

#include <archive.h>
#include <archive_entry.h>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <filesystem>
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

// What the streaming pass saw: every file hashed, every name (files and directories) in order.
struct Scan {
    std::map<std::string, Entry> files;
    std::map<std::string, std::string> kept;   // the small descriptive files' bytes
    std::vector<std::string> names;            // all entries, archive order
    std::set<std::string> aliasKeys;
    int64_t total = 0;
};

struct ManifestAudit {
    std::string headHash;
    int64_t entries = -1;
};

// Only the small descriptive files are kept in memory; everything else is hashed while streaming.
bool keepBytes(const std::string& path) {
    return path == "SHA256SUMS" || path == "SHA256SUMS.sig" || path == "manifest.json" || path == "audit_log.jsonl";
}

bool describesBundle(const std::string& path) { return path == "SHA256SUMS" || path == "SHA256SUMS.sig"; }

std::string bytesText(int64_t n) {
    if (n >= (1LL << 30) && n % (1LL << 30) == 0) return std::to_string(n >> 30) + " GiB";
    if (n >= (1LL << 20) && n % (1LL << 20) == 0) return std::to_string(n >> 20) + " MiB";
    return std::to_string(n) + " bytes";
}

std::string archiveError(archive* a) { return archive_error_string(a) ? archive_error_string(a) : "?"; }

// Refusal: the archive is unsafe, so nothing after this point is trusted.
VerifyReport& refuse(VerifyReport& rep, const std::string& why) {
    rep.ok = false;
    rep.refused = true;
    rep.failures.push_back("refused: " + why);
    return rep;
}

// Names and types first: what an extractor would create from this header. Empty when acceptable.
std::string headerProblem(archive_entry* e, const std::string& path, Scan& scan, const VerifyLimits& limits) {
    const bool dirName = !path.empty() && path.back() == '/';
    if (auto why = unsafePathReason(path, PathKind::FileOrDirectory); !why.empty())
        return "entry '" + path + "': " + why;
    const auto type = archive_entry_filetype(e);
    if (type == AE_IFDIR && !dirName)
        return "entry '" + path + "' is marked a directory but its name has no trailing '/': unzip and Python's "
                                  "zipfile extract it as a file";
    if (!dirName && (type != AE_IFREG || archive_entry_symlink(e) != nullptr || archive_entry_hardlink(e) != nullptr))
        return "entry '" + path + "' is not a regular file (symlink or special file)";
    if (!scan.aliasKeys.insert(aliasKey(path)).second)
        return "entry '" + path + "' appears twice (or under two spellings of one name)";
    if (static_cast<int64_t>(scan.names.size()) >= limits.maxEntries)
        return "more than " + std::to_string(limits.maxEntries) + " entries (zip bomb?)";
    return {};
}

// Streams one file entry through SHA-256; a refusal reason when it breaks a size promise or limit.
std::string hashEntry(archive* a, archive_entry* e, const std::string& path, Scan& scan, const VerifyLimits& limits,
                      VerifyReport& rep) {
    // A declared size is a promise: past it the entry is lying about what it holds.
    const bool declared = archive_entry_size_is_set(e) != 0;
    const int64_t declaredSize = declared ? archive_entry_size(e) : -1;
    if (declared && declaredSize > limits.maxEntryBytes)
        return "entry '" + path + "' declares " + std::to_string(declaredSize) + " bytes, more than the " +
               bytesText(limits.maxEntryBytes) + " limit (zip bomb?)";
    Sha256 h;
    int64_t size = 0;
    std::string bytes;
    const bool keep = keepBytes(path);
    std::vector<char> buf(1 << 16);
    for (;;) {
        const la_ssize_t n = archive_read_data(a, buf.data(), buf.size());
        if (n == 0) break;
        if (n < 0) {
            rep.failures.push_back(path + ": cannot be read (" + archiveError(a) + ")");
            break;
        }
        size += n;
        scan.total += n;
        if (declared && size > declaredSize)
            return "entry '" + path + "' decompresses past the " + std::to_string(declaredSize) +
                   " bytes its header declares (zip bomb?)";
        if (size > limits.maxEntryBytes) return "entry '" + path + "' decompresses past " + bytesText(limits.maxEntryBytes) + " (zip bomb?)";
        if (scan.total > limits.maxTotalBytes) return "bundle decompresses past " + bytesText(limits.maxTotalBytes) + " (zip bomb?)";
        h.update(buf.data(), static_cast<size_t>(n));
        if (keep) {
            if (size > limits.maxKeptBytes) return "entry '" + path + "' is too large for its kind";
            bytes.append(buf.data(), static_cast<size_t>(n));
        }
    }
    if (!path.empty() && path.back() == '/') {
        if (size != 0) return "entry '" + path + "' has a directory name but holds data";
        return {};
    }
    scan.files[path] = {h.finishHex(), size};
    if (keep) scan.kept[path] = std::move(bytes);
    return {};
}

// Pass 1 (libarchive): names, types, sizes and hashes. False when refused.
bool streamEntries(archive* a, const VerifyLimits& limits, Scan& scan, VerifyReport& rep) {
    archive_entry* e = nullptr;
    for (;;) {
        const int rc = archive_read_next_header(a, &e);
        if (rc == ARCHIVE_EOF) return true;
        if (rc != ARCHIVE_OK && rc != ARCHIVE_WARN) return refuse(rep, "damaged ZIP: " + archiveError(a)), false;
        const char* rawName = archive_entry_pathname(e);
        const std::string path = rawName ? rawName : "";
        if (auto why = headerProblem(e, path, scan, limits); !why.empty()) return refuse(rep, why), false;
        scan.names.push_back(path);
        if (auto why = hashEntry(a, e, path, scan, limits, rep); !why.empty()) return refuse(rep, why), false;
    }
}

// Before any data is read: the archive's own records (what unzip and zipfile act on), and every
// stored name as it is, before libarchive converts backslashes or cuts at a NUL. False when refused.
bool checkCentralDirectory(const ZipStructure& s, VerifyReport& rep) {
    if (!s.problem.empty()) return refuse(rep, s.problem), false;
    std::set<std::string> keys;
    for (const auto& en : s.entries) {
        if (auto why = unsafePathReason(en.name, PathKind::FileOrDirectory); !why.empty())
            return refuse(rep, "entry '" + en.name + "': " + why), false;
        if (!keys.insert(aliasKey(en.name)).second)
            return refuse(rep, "entry '" + en.name + "' appears twice (or under two spellings of one name)"), false;
    }
    return true;
}

// After streaming: local headers agree with the central directory, nothing hides between entries,
// and libarchive saw exactly the entries the central directory lists. False when refused.
bool checkLayout(const ZipStructure& s, const Scan& scan, VerifyReport& rep) {
    if (!s.layoutProblem.empty()) return refuse(rep, s.layoutProblem), false;
    // libarchive walks entries in local-header order; the central directory may list them otherwise.
    std::multiset<std::string> central, streamed(scan.names.begin(), scan.names.end());
    for (const auto& en : s.entries) central.insert(en.name);
    if (central != streamed) return refuse(rep, "the central directory lists other entries than the archive stream"), false;
    return true;
}

// SHA256SUMS: every listed file matches; every file but the sums and signature is listed.
void checkSums(Scan& scan, VerifyReport& rep) {
    if (!scan.kept.count("SHA256SUMS")) {
        rep.failures.push_back("SHA256SUMS: missing");
        return;
    }
    auto sums = parseSha256Sums(scan.kept["SHA256SUMS"], rep.failures);
    for (const auto& [path, hash] : sums) {
        auto it = scan.files.find(path);
        if (it == scan.files.end()) rep.failures.push_back(path + ": listed in SHA256SUMS but missing from the bundle");
        else if (it->second.sha256 != hash)
            rep.failures.push_back(path + ": SHA-256 mismatch (SHA256SUMS says " + hash.substr(0, 16) + "…, file is " +
                                   it->second.sha256.substr(0, 16) + "…)");
    }
    for (const auto& [path, en] : scan.files)
        if (!describesBundle(path) && !sums.count(path))
            rep.failures.push_back(path + ": present in the bundle but not listed in SHA256SUMS");
    for (const auto& name : scan.names)
        if (name.back() == '/') rep.failures.push_back(name + ": directory entry not listed in SHA256SUMS");
    rep.notes.push_back("SHA256SUMS: " + std::to_string(sums.size()) + " files checked");
}

void checkManifestFiles(const QJsonArray& files, const Scan& scan, VerifyReport& rep) {
    std::set<std::string> listed, keys;
    for (const auto& v : files) {
        const QJsonObject f = v.toObject();
        const std::string path = f.value(QStringLiteral("path")).toString().toStdString();
        if (auto why = unsafePathReason(path); !why.empty()) {
            rep.failures.push_back("manifest.json: '" + path + "': " + why);
            continue;
        }
        if (!keys.insert(aliasKey(path)).second) {
            rep.failures.push_back("manifest.json: " + path + " is listed twice (or under two spellings)");
            continue;
        }
        listed.insert(path);
        auto it = scan.files.find(path);
        if (it == scan.files.end()) rep.failures.push_back(path + ": listed in manifest.json but missing");
        else if (it->second.sha256 != f.value(QStringLiteral("sha256")).toString().toStdString())
            rep.failures.push_back(path + ": SHA-256 differs from manifest.json");
        else if (it->second.size != static_cast<int64_t>(f.value(QStringLiteral("size")).toDouble()))
            rep.failures.push_back(path + ": size differs from manifest.json");
    }
    for (const auto& [path, en] : scan.files)
        if (!describesBundle(path) && path != "manifest.json" && !listed.count(path))
            rep.failures.push_back(path + ": present in the bundle but not listed in manifest.json");
}

// manifest.json: sizes and hashes of every file; the audit chain's head and length.
ManifestAudit checkManifest(Scan& scan, VerifyReport& rep) {
    ManifestAudit out;
    if (!scan.kept.count("manifest.json")) {
        rep.failures.push_back("manifest.json: missing");
        return out;
    }
    const QJsonDocument doc = QJsonDocument::fromJson(QByteArray::fromStdString(scan.kept["manifest.json"]));
    if (!doc.isObject()) {
        rep.failures.push_back("manifest.json: not valid JSON");
        return out;
    }
    const QJsonObject m = doc.object();
    checkManifestFiles(m.value(QStringLiteral("files")).toArray(), scan, rep);
    const QJsonObject audit = m.value(QStringLiteral("audit")).toObject();
    out.headHash = audit.value(QStringLiteral("head_hash")).toString().toStdString();
    if (audit.contains(QStringLiteral("entries")))
        out.entries = static_cast<int64_t>(audit.value(QStringLiteral("entries")).toDouble(-1));
    return out;
}

bool parseAuditLines(const std::string& text, std::vector<AuditEntry>& log, VerifyReport& rep) {
    std::stringstream ss(text);
    std::string line;
    int n = 0;
    while (std::getline(ss, line)) {
        ++n;
        if (line.empty()) continue;
        const QJsonDocument d = QJsonDocument::fromJson(QByteArray::fromStdString(line));
        auto en = d.isObject() ? auditEntryFromJson(d.object()) : Result<AuditEntry>(makeError(ErrorCode::Format, "not JSON"));
        if (!en) {
            rep.failures.push_back("audit_log.jsonl: line " + std::to_string(n) + ": " + en.error().message);
            return false;
        }
        log.push_back(std::move(*en));
    }
    return true;
}

// The case's productions (recorded in the chain) must follow one another without gap or overlap.
void checkBatesLedger(const std::vector<AuditEntry>& log, VerifyReport& rep) {
    const auto ranges = production::productionRanges(log);
    if (ranges.empty()) return;
    const auto problems = production::batesProblems(ranges);
    for (const auto& p : problems) rep.failures.push_back("Bates numbers: " + p);
    if (problems.empty())
        rep.notes.push_back("Bates numbers: " + std::to_string(ranges.size()) +
                            " production(s) in the audit chain follow one another without gap or overlap");
}

// The audit chain: intact, and the same head and length the manifest states.
void checkAuditLog(Scan& scan, const ManifestAudit& manifest, VerifyReport& rep) {
    if (!scan.kept.count("audit_log.jsonl")) {
        rep.failures.push_back("audit_log.jsonl: missing");
        return;
    }
    std::vector<AuditEntry> log;
    if (!parseAuditLines(scan.kept["audit_log.jsonl"], log, rep)) return;
    const ChainCheck c = verifyAuditChain(log);
    if (!c.ok) {
        rep.failures.push_back("audit_log.jsonl: " + c.problem);
        return;
    }
    const std::string head = log.empty() ? kGenesisHash : log.back().hash;
    const auto length = static_cast<int64_t>(log.size());
    if (manifest.headHash.empty()) rep.failures.push_back("manifest.json: states no audit head hash");
    else if (head != manifest.headHash)
        rep.failures.push_back("audit_log.jsonl: head hash differs from manifest.json (log truncated or replaced)");
    if (manifest.entries >= 0 && manifest.entries != length)
        rep.failures.push_back("audit_log.jsonl: " + std::to_string(length) + " entries, manifest.json states " +
                               std::to_string(manifest.entries) + " (log truncated or replaced)");
    rep.auditEntries = length;
    rep.auditHeadHash = head;
    for (const auto& e : log) rep.auditHashes.push_back(e.hash);
    rep.notes.push_back("audit chain: " + std::to_string(length) + " entries intact, head " + head);
    checkBatesLedger(log, rep);
}

void checkSignature(Scan& scan, const std::optional<std::string>& publicKeyPath, VerifyReport& rep) {
    const bool hasSig = scan.kept.count("SHA256SUMS.sig") > 0;
    if (!publicKeyPath) {
        if (hasSig) rep.notes.push_back("signature: present, not checked (pass --pubkey PUB.pem)");
        return;
    }
    if (!hasSig) rep.failures.push_back("SHA256SUMS.sig: missing (bundle is not signed)");
    else if (Status s = verifyEd25519(*publicKeyPath, scan.kept["SHA256SUMS"], scan.kept["SHA256SUMS.sig"]); !s) {
        if (s.error().code == ErrorCode::Verify) rep.failures.push_back("SHA256SUMS.sig: " + s.error().message);
        else rep.failures.push_back("public key: " + s.error().describe());
    } else {
        rep.signatureChecked = true;
        rep.notes.push_back("signature: valid Ed25519 signature over SHA256SUMS");
    }
}

} // namespace

Result<VerifyReport> verifyBundle(const std::string& zipPath, const std::optional<std::string>& publicKeyPath,
                                  const VerifyLimits& limits) {
    std::unique_ptr<archive, ReadDeleter> a(archive_read_new());
    archive_read_support_format_zip(a.get());
    if (archive_read_open_filename(a.get(), zipPath.c_str(), 1 << 16) != ARCHIVE_OK)
        return makeError(ErrorCode::Io, std::string("cannot open bundle: ") + archiveError(a.get()), zipPath);
    VerifyReport rep;
    Scan scan;
    // A pipe can be read once, front to back: its central directory cannot be compared with what
    // was streamed, so it is checked for bombs and then refused (verify the bundle as a file).
    std::error_code ec;
    if (!std::filesystem::is_regular_file(zipPath, ec)) {
        if (!streamEntries(a.get(), limits, scan, rep)) return rep;
        return refuse(rep, "not a regular file: the ZIP's central directory cannot be checked from a pipe or device");
    }
    auto structure = readZipStructure(zipPath, static_cast<uint64_t>(limits.maxEntries));
    if (!structure) return structure.error();
    if (!checkCentralDirectory(*structure, rep)) return rep;
    if (!streamEntries(a.get(), limits, scan, rep)) return rep;
    if (!checkLayout(*structure, scan, rep)) return rep;
    rep.filesChecked = static_cast<int64_t>(scan.files.size());
    checkSums(scan, rep);
    const ManifestAudit manifest = checkManifest(scan, rep);
    checkAuditLog(scan, manifest, rep);
    checkSignature(scan, publicKeyPath, rep);
    rep.ok = rep.failures.empty();
    return rep;
}

} // namespace siphon::evidence
