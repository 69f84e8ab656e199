#include "evidence/production/production_writer.h"

#include "evidence/production/bates_ledger.h"
#include "util/hash.h"
#include "util/private_file.h"
#include "util/time_util.h"

#include <QCryptographicHash>
#include <QJsonObject>

#include <filesystem>
#include <fstream>

namespace siphon::evidence::production {

namespace {

namespace fs = std::filesystem;

const std::vector<std::string> kFields = {
    "BEGBATES",  "ENDBATES",   "PAGECOUNT",  "DOCTYPE",      "EXHIBIT",    "TAGTARGET", "TAGLABEL",   "TAGNOTE",
    "ACCOUNT",   "APIKEY",     "REQUESTID",  "TIMESTAMPUTC", "SOURCEFILE", "SOURCESHA256", "SOURCELINE", "SOURCEOFFSET",
    "MD5HASH",   "SHA256HASH", "NATIVELINK", "TEXTLINK"};

// What one document contributes to the load files.
struct Document {
    int64_t first = 0, last = 0;
    std::vector<std::string> row;   // DAT values, datSafe
};

Status writePrivate(const std::string& path, const std::string& bytes) {
    if (Status s = util::createPrivateFile(path); !s) return s;
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    out.close();
    if (!out) return makeError(ErrorCode::Io, "cannot write the production file (disk full?)", path);
    return {};
}

Status makeFolders(const std::string& root) {
    std::error_code ec;
    for (const char* sub : {"", "/DATA", "/IMAGES", "/NATIVES", "/TEXT"}) {
        fs::create_directory(root + sub, ec);
        if (ec) return makeError(ErrorCode::Io, "cannot create the production folder: " + ec.message(), root + sub);
        fs::permissions(root + sub, fs::perms::owner_all, ec);
    }
    return {};
}

std::string nativeExtension(const std::string& format) {
    return format.find("csv") != std::string::npos || format == "litellm_spendlogs" ? ".csv" : ".json";
}

std::string md5Hex(const std::string& bytes) {
    return QCryptographicHash::hash(QByteArray::fromStdString(bytes), QCryptographicHash::Md5).toHex().toStdString();
}

std::string countText(const std::optional<int64_t>& v) { return v ? std::to_string(*v) : std::string(); }

// The record's extracted text: who, when, where from, then prompt and response verbatim.
std::string extractedText(const Exhibit& ex, const EvidenceRecord& r) {
    std::string t = "Exhibit: " + ex.number + " record " + std::to_string(r.recordNo) + "\n";
    t += "Request id: " + r.requestId + "\nTime (UTC): " + timeutil::formatIso8601(r.tsUs, true) + "\n";
    t += "Account: " + r.orgId + "\nAPI key: " + r.apiKeyId + "\nModel: " + r.model + "\nEndpoint: " + r.endpoint + "\n";
    t += "Tokens in/out: " + countText(r.inputTokens) + " / " + countText(r.outputTokens) + "\n";
    t += "Source: " + r.sourceName + " (SHA-256 " + r.sourceSha256 + "), line " + std::to_string(r.line) + ", byte offset " +
         std::to_string(r.byteOffset) + "\n";
    if (r.hasContent) t += "\n--- Prompt ---\n" + r.prompt + "\n\n--- Response ---\n" + r.response + "\n";
    return t;
}

Result<Document> writeRecord(const std::string& root, const std::string& prefix, int64_t bates, const Exhibit& ex,
                             const EvidenceRecord& r) {
    const std::string name = batesNumber(prefix, bates);
    const std::string native = "NATIVES/" + name + nativeExtension(r.sourceFormat), text = "TEXT/" + name + ".txt";
    if (Status s = writePrivate(root + "/" + native, r.raw); !s) return s.error();
    if (Status s = writePrivate(root + "/" + text, extractedText(ex, r)); !s) return s.error();
    std::vector<std::string> v = {name, name, "1", "Record", ex.number, describeTarget(ex.tag.target), ex.tag.label.name,
                                  ex.tag.note, r.orgId, r.apiKeyId, r.requestId, timeutil::formatIso8601(r.tsUs, true),
                                  r.sourceName, r.sourceSha256, std::to_string(r.line), std::to_string(r.byteOffset),
                                  md5Hex(r.raw), Sha256::hex(r.raw), native, text};
    for (auto& value : v) value = datSafe(value);
    return Document{bates, bates, std::move(v)};
}

Result<Document> writeReportImages(const std::string& root, const std::string& prefix, int64_t first,
                                   const std::vector<std::string>& pngs, std::vector<OptPage>& opt, const std::string& volume) {
    for (size_t i = 0; i < pngs.size(); ++i) {
        const std::string key = batesNumber(prefix, first + static_cast<int64_t>(i));
        if (Status s = writePrivate(root + "/IMAGES/" + key + ".png", pngs[i]); !s) return s.error();
        opt.push_back({key, volume, "IMAGES/" + key + ".png", i == 0, i == 0 ? static_cast<int>(pngs.size()) : 0});
    }
    const int64_t last = first + static_cast<int64_t>(pngs.size()) - 1;
    std::vector<std::string> v(kFields.size());
    v[0] = batesNumber(prefix, first);
    v[1] = batesNumber(prefix, last);
    v[2] = std::to_string(pngs.size());
    v[3] = "Report";
    return Document{first, last, std::move(v)};
}

struct Written {
    std::vector<Document> docs;
    std::vector<OptPage> opt;
};

Result<Written> writeDocuments(const std::string& root, const EvidenceSet& set, const ProductionOptions& o, int64_t first,
                               const std::string& volume) {
    Written w;
    int64_t next = first;
    if (o.pageImages) {
        auto pngs = o.pageImages(o.prefix, first);
        if (!pngs) return pngs.error();
        if (!pngs->empty()) {
            auto doc = writeReportImages(root, o.prefix, first, *pngs, w.opt, volume);
            if (!doc) return doc.error();
            next = doc->last + 1;
            w.docs.push_back(std::move(*doc));
        }
    }
    for (const auto& ex : set.exhibits)
        for (const auto& r : ex.records) {
            auto doc = writeRecord(root, o.prefix, next++, ex, r);
            if (!doc) return doc.error();
            w.docs.push_back(std::move(*doc));
        }
    return w;
}

Status auditProduction(store::Database& db, const ProductionOptions& o, const ProductionSummary& s, const std::string& volume) {
    QJsonObject p;
    p[QStringLiteral("bates_prefix")] = QString::fromStdString(o.prefix);
    p[QStringLiteral("bates_first")] = static_cast<double>(s.firstBates);
    p[QStringLiteral("bates_last")] = static_cast<double>(s.lastBates);
    p[QStringLiteral("volume")] = QString::fromStdString(volume);
    p[QStringLiteral("documents")] = static_cast<double>(s.documents);
    p[QStringLiteral("images")] = static_cast<double>(s.images);
    p[QStringLiteral("encoding")] = QString::fromLatin1(datEncodingName(o.encoding));
    p[QStringLiteral("dat_sha256")] = QString::fromStdString(sha256File(s.datPath));
    p[QStringLiteral("opt_sha256")] = QString::fromStdString(sha256File(s.optPath));
    p[QStringLiteral("folder")] = QString::fromStdString(s.dir);
    if (auto a = appendAudit(db, o.examiner, kProductionAction, p); !a) return a.error();
    return {};
}

Result<ProductionSummary> writeFolder(const std::string& root, const EvidenceSet& set, const ProductionOptions& o,
                                      int64_t first, const std::string& volume) {
    if (Status s = makeFolders(root); !s) return s.error();
    auto w = writeDocuments(root, set, o, first, volume);
    if (!w) return w.error();
    if (w->docs.empty()) return makeError(ErrorCode::Usage, "nothing to produce: the case has no tagged records");
    ProductionSummary s{o.dir, {}, {}, first, w->docs.back().last, static_cast<int64_t>(w->docs.size()),
                        static_cast<int64_t>(w->opt.size())};
    const std::string range = batesNumber(o.prefix, s.firstBates) + "-" + batesNumber(o.prefix, s.lastBates);
    DatTable dat{kFields, {}};
    for (auto& d : w->docs) dat.rows.push_back(std::move(d.row));
    const std::string datName = "DATA/" + range + "_" + datEncodingName(o.encoding) + ".dat", optName = "DATA/" + range + ".opt";
    if (Status st = writePrivate(root + "/" + datName, writeDat(dat, o.encoding)); !st) return st.error();
    if (Status st = writePrivate(root + "/" + optName, writeOpt(w->opt)); !st) return st.error();
    s.datPath = o.dir + "/" + datName;
    s.optPath = o.dir + "/" + optName;
    return s;
}

} // namespace

Status checkProductionTarget(const ProductionOptions& o) {
    if (!isBatesPrefix(o.prefix))
        return makeError(ErrorCode::Usage, "a production's Bates prefix must be 1-24 of A-Z, a-z, 0-9, _ and -", o.prefix);
    std::error_code ec;
    if (o.dir.empty() || fs::exists(o.dir, ec))
        return makeError(ErrorCode::Usage, "the production folder must not exist yet (a production is never merged into another)", o.dir);
    return {};
}

Result<ProductionSummary> writeProduction(store::Database& db, const EvidenceSet& set, const std::vector<AuditEntry>& audit,
                                          const ProductionOptions& o) {
    if (Status s = checkProductionTarget(o); !s) return s.error();
    const auto ranges = productionRanges(audit);
    const int64_t first = nextBatesNumber(ranges, o.prefix);
    int volumeNo = 1;
    for (const auto& r : ranges) volumeNo += r.prefix == o.prefix ? 1 : 0;
    char volume[48];
    std::snprintf(volume, sizeof volume, "%s_VOL%03d", o.prefix.c_str(), volumeNo);

    const std::string partial = o.dir + ".partial";
    std::error_code ec;
    fs::remove_all(partial, ec);   // a crashed earlier attempt of this same production
    auto summary = writeFolder(partial, set, o, first, volume);
    if (summary) {
        fs::rename(partial, o.dir, ec);
        if (ec) summary = makeError(ErrorCode::Io, "cannot move the production into place: " + ec.message(), o.dir);
    }
    if (!summary) {
        fs::remove_all(partial, ec);
        return summary.error();
    }
    if (Status s = auditProduction(db, o, *summary, volume); !s) return s.error();
    return summary;
}

} // namespace siphon::evidence::production
