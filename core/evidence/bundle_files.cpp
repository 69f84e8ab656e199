#include "evidence/bundle_files.h"

#include "evidence/csv_safe.h"
#include "util/time_util.h"

#include <QByteArray>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace siphon::evidence {

namespace {

QString q(const std::string& s) { return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size())); }
std::string iso(int64_t us) { return timeutil::formatIso8601(us, true); }
std::string line(const QJsonObject& o) { return QJsonDocument(o).toJson(QJsonDocument::Compact).toStdString() + "\n"; }
std::string opt(const std::optional<int64_t>& v) { return v ? std::to_string(*v) : std::string(); }

std::string entityOf(const Exhibit& ex) {
    const TagTarget& t = ex.tag.target;
    return t.kind == TargetKind::Entity || t.kind == TargetKind::Range ? t.entity : std::string();
}

} // namespace

// Strict (RFC 3629): no overlong forms, no UTF-16 surrogates, nothing past U+10FFFF. Anything
// looser would let QString::fromUtf8 replace bytes with U+FFFD in a "raw" record.
bool isValidUtf8(std::string_view s) {
    size_t i = 0;
    while (i < s.size()) {
        const auto c = static_cast<unsigned char>(s[i]);
        size_t n = 0;
        unsigned char lo = 0x80, hi = 0xBF;   // allowed range of the first continuation byte
        if (c < 0x80) n = 0;
        else if (c >= 0xC2 && c <= 0xDF) n = 1;
        else if (c == 0xE0) n = 2, lo = 0xA0;
        else if (c == 0xED) n = 2, hi = 0x9F;
        else if (c >= 0xE1 && c <= 0xEF) n = 2;
        else if (c == 0xF0) n = 3, lo = 0x90;
        else if (c == 0xF4) n = 3, hi = 0x8F;
        else if (c >= 0xF1 && c <= 0xF3) n = 3;
        else return false;
        if (n > 0 && i + n >= s.size()) return false;
        for (size_t k = 1; k <= n; ++k) {
            const auto b = static_cast<unsigned char>(s[i + k]);
            if (k == 1 ? (b < lo || b > hi) : (b >> 6) != 2) return false;
        }
        i += n + 1;
    }
    return true;
}

void evidenceCsv(const Exhibit& ex, bool redacted, const PieceSink& out) {
    out(csvLine({"exhibit", "record", "citation", "request_row_id", "timestamp_utc", "org_id", "project_id",
                               "api_key_id", "principal", "source_ip", "user_agent", "model", "endpoint", "request_id",
                               "input_tokens", "output_tokens", "status_code", redacted ? "prompt_commitment" : "prompt",
                               redacted ? "response_commitment" : "response", "source_file", "sha256", "line",
                               "byte_offset", "byte_length"}));
    for (const auto& r : ex.records) {
        out(csvLine({ex.number, csvNumber(r.recordNo), ex.number + "/" + std::to_string(r.recordNo),
                        csvNumber(r.requestRowId), iso(r.tsUs), csvCell(r.orgId), csvCell(r.projectId),
                        csvCell(r.apiKeyId), csvCell(r.principal), csvCell(r.sourceIp), csvCell(r.userAgent),
                        csvCell(r.model), csvCell(r.endpoint), csvCell(r.requestId), opt(r.inputTokens),
                        opt(r.outputTokens), opt(r.statusCode), csvCell(r.prompt), csvCell(r.response),
                        csvCell(r.sourceName), r.sourceSha256, csvNumber(r.line), csvNumber(r.byteOffset),
                        csvNumber(r.byteLength)}));
    }
}

namespace {

QJsonObject sourceJson(const std::string& name, const std::string& sha256, const std::string& format, int64_t lineNo,
                       int64_t byteOffset, int64_t byteLength) {
    QJsonObject src;
    src[QStringLiteral("file")] = q(name);
    src[QStringLiteral("sha256")] = q(sha256);
    src[QStringLiteral("format")] = q(format);
    src[QStringLiteral("line")] = static_cast<double>(lineNo);
    src[QStringLiteral("byte_offset")] = static_cast<double>(byteOffset);
    src[QStringLiteral("byte_length")] = static_cast<double>(byteLength);
    return src;
}

// The record's bytes: as text when they are valid UTF-8, else base64; only a commitment when redacted.
void putRaw(QJsonObject& o, bool redacted, const std::string& raw) {
    if (redacted) o[QStringLiteral("raw_commitment")] = q(raw);
    else if (isValidUtf8(raw)) o[QStringLiteral("raw")] = q(raw);
    else o[QStringLiteral("raw_base64")] = QString::fromLatin1(QByteArray::fromStdString(raw).toBase64());
}

} // namespace

void evidenceJsonl(const Exhibit& ex, bool redacted, const PieceSink& out) {
    for (const auto& r : ex.records) {
        QJsonObject o;
        o[QStringLiteral("exhibit")] = q(ex.number);
        o[QStringLiteral("record")] = static_cast<double>(r.recordNo);
        o[QStringLiteral("citation")] = q(ex.number + "/" + std::to_string(r.recordNo));
        o[QStringLiteral("request_row_id")] = static_cast<double>(r.requestRowId);
        o[QStringLiteral("timestamp")] = q(iso(r.tsUs));
        o[QStringLiteral("timestamp_us")] = static_cast<double>(r.tsUs);
        auto put = [&](const char* k, const std::string& v) {
            if (!v.empty()) o[QLatin1String(k)] = q(v);
        };
        put("org_id", r.orgId);
        put("project_id", r.projectId);
        put("api_key_id", r.apiKeyId);
        put("principal", r.principal);
        put("source_ip", r.sourceIp);
        put("user_agent", r.userAgent);
        put("model", r.model);
        put("endpoint", r.endpoint);
        put("request_id", r.requestId);
        if (r.inputTokens) o[QStringLiteral("input_tokens")] = static_cast<double>(*r.inputTokens);
        if (r.outputTokens) o[QStringLiteral("output_tokens")] = static_cast<double>(*r.outputTokens);
        if (r.statusCode) o[QStringLiteral("status_code")] = static_cast<double>(*r.statusCode);
        put(redacted ? "prompt_commitment" : "prompt", r.prompt);
        put(redacted ? "response_commitment" : "response", r.response);
        o[QStringLiteral("source")] = sourceJson(r.sourceName, r.sourceSha256, r.sourceFormat, r.line, r.byteOffset,
                                                 r.byteLength);
        putRaw(o, redacted, r.raw);
        if (r.joined) {
            const JoinedSource& j = *r.joined;
            QJsonObject joined = sourceJson(j.sourceName, j.sourceSha256, j.sourceFormat, j.line, j.byteOffset,
                                            j.byteLength);
            putRaw(joined, redacted, j.raw);
            o[QStringLiteral("joined_record")] = joined;   // the same call's record in a second log
        }
        out(line(o));
    }
}

void timelineJsonl(const EvidenceSet& set, const PieceSink& out) {
    for (const auto& ex : set.exhibits) {
        for (const auto& r : ex.records) {
            QJsonObject o;
            std::string who = !r.orgId.empty() ? r.orgId : !r.apiKeyId.empty() ? r.apiKeyId : r.sourceIp;
            o[QStringLiteral("message")] =
                q(ex.number + "/" + std::to_string(r.recordNo) + " [" + ex.tag.label.name + "] " + who + " -> " +
                  (r.model.empty() ? "?" : r.model) + ": " + opt(r.inputTokens) + " in / " + opt(r.outputTokens) +
                  " out tokens (" + r.sourceName + ":" + std::to_string(r.line) + ")");
            o[QStringLiteral("datetime")] = q(iso(r.tsUs));
            o[QStringLiteral("timestamp")] = static_cast<double>(r.tsUs);
            o[QStringLiteral("timestamp_desc")] = QStringLiteral("API request start");
            o[QStringLiteral("exhibit")] = q(ex.number);
            o[QStringLiteral("label")] = q(ex.tag.label.name);
            o[QStringLiteral("entity")] = q(entityOf(ex).empty() ? who : entityOf(ex));
            o[QStringLiteral("model")] = q(r.model);
            o[QStringLiteral("source_file")] = q(r.sourceName);
            o[QStringLiteral("source_line")] = static_cast<double>(r.line);
            o[QStringLiteral("data_type")] = QStringLiteral("siphon:llm_api:request");
            out(line(o));
        }
    }
}

std::string sourcesJson(const std::vector<store::SourceInfo>& sources) {
    QJsonArray a;
    for (const auto& s : sources) {
        QJsonObject o;
        o[QStringLiteral("id")] = static_cast<double>(s.id);
        o[QStringLiteral("path")] = q(s.path);
        o[QStringLiteral("size")] = static_cast<double>(s.sizeBytes);
        o[QStringLiteral("sha256")] = q(s.sha256);
        o[QStringLiteral("format")] = q(s.format);
        o[QStringLiteral("imported_at")] = q(iso(s.importedAtUs));
        o[QStringLiteral("records")] = static_cast<double>(s.records);
        o[QStringLiteral("requests")] = static_cast<double>(s.requests);
        o[QStringLiteral("buckets")] = static_cast<double>(s.buckets);
        o[QStringLiteral("rejects")] = static_cast<double>(s.rejects);
        o[QStringLiteral("duplicates")] = static_cast<double>(s.duplicates);
        o[QStringLiteral("complete")] = s.complete;
        a.append(o);
    }
    return QJsonDocument(a).toJson(QJsonDocument::Indented).toStdString();
}

std::string auditJsonl(const std::vector<AuditEntry>& entries) {
    std::string out;
    for (const auto& e : entries) out += line(auditEntryToJson(e));
    return out;
}

std::string manifestJson(const BundleContext& ctx) {
    QJsonObject o;
    o[QStringLiteral("format")] = QStringLiteral("siphon-evidence-bundle/1");
    QJsonObject tool;
    tool[QStringLiteral("name")] = QStringLiteral("Siphon");
    tool[QStringLiteral("version")] = q(ctx.toolVersion);
    o[QStringLiteral("tool")] = tool;
    o[QStringLiteral("export_time")] = q(iso(ctx.exportTimeUs));
    o[QStringLiteral("examiner")] = q(ctx.examiner);
    o[QStringLiteral("case_name")] = q(ctx.caseName);
    o[QStringLiteral("bates_prefix")] = q(ctx.batesPrefix);
    o[QStringLiteral("time_zone")] = QStringLiteral("UTC (all times in this bundle)");
    o[QStringLiteral("redaction")] = ctx.redacted ? QStringLiteral("prompts") : QStringLiteral("none");
    o[QStringLiteral("signed")] = ctx.signedBundle;
    if (ctx.signedBundle) o[QStringLiteral("signing_key_sha256")] = q(ctx.signingKeyFingerprint);
    QJsonObject audit;
    audit[QStringLiteral("entries")] = static_cast<double>(ctx.audit.size());
    audit[QStringLiteral("head_hash")] = q(ctx.audit.empty() ? kGenesisHash : ctx.audit.back().hash);
    o[QStringLiteral("audit")] = audit;
    QJsonArray exhibits;
    for (const auto& ex : ctx.evidence->exhibits) {
        QJsonObject e;
        e[QStringLiteral("number")] = q(ex.number);
        e[QStringLiteral("tag_id")] = static_cast<double>(ex.tag.id);
        e[QStringLiteral("label")] = q(ex.tag.label.name);
        e[QStringLiteral("target")] = q(describeTarget(ex.tag.target));
        e[QStringLiteral("records")] = static_cast<double>(ex.records.size());
        exhibits.append(e);
    }
    o[QStringLiteral("exhibits")] = exhibits;
    QJsonArray files;
    for (const auto& f : *ctx.files) {
        QJsonObject fo;
        fo[QStringLiteral("path")] = q(f.path);
        fo[QStringLiteral("size")] = static_cast<double>(f.size);
        fo[QStringLiteral("sha256")] = q(f.sha256);
        files.append(fo);
    }
    o[QStringLiteral("files")] = files;
    return QJsonDocument(o).toJson(QJsonDocument::Indented).toStdString();
}

} // namespace siphon::evidence
