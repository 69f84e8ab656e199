#include "warehouse/warehouse_mapping.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>

namespace siphon::warehouse {

namespace {

constexpr std::array<std::string_view, kWFieldCount> kNames = {
    "timestamp", "account_id", "project_id", "api_key_id", "user_id", "source_ip", "user_agent",
    "model",     "endpoint",   "input_tokens", "output_tokens", "cached_tokens", "status", "prompt"};

std::string_view unitName(TimeUnit u) {
    switch (u) {
    case TimeUnit::Native: return "native";
    case TimeUnit::Seconds: return "s";
    case TimeUnit::Millis: return "ms";
    case TimeUnit::Micros: return "us";
    }
    return "native";
}

Result<TimeUnit> unitFromName(const std::string& s) {
    for (TimeUnit u : {TimeUnit::Native, TimeUnit::Seconds, TimeUnit::Millis, TimeUnit::Micros})
        if (unitName(u) == s) return u;
    return makeError(ErrorCode::Usage, "timestamp_unit must be native, s, ms or us (got '" + s + "')");
}

Status applyColumns(WarehouseMapping& m, const QJsonObject& columns, const std::string& path) {
    for (auto it = columns.begin(); it != columns.end(); ++it) {
        const std::string field = it.key().toStdString();
        size_t i = 0;
        while (i < kWFieldCount && kNames[i] != field) ++i;
        if (i == kWFieldCount) return makeError(ErrorCode::Usage, "unknown field '" + field + "' in mapping", path);
        const std::string col = it.value().toString().toStdString();
        if (!col.empty() && !isIdentifier(col))
            return makeError(ErrorCode::Usage, "column for '" + field + "' is not a plain column name", path);
        m.column[i] = col;   // "" removes a default column
    }
    return {};
}

} // namespace

std::string_view wfieldName(WField f) { return kNames[static_cast<size_t>(f)]; }

WarehouseMapping WarehouseMapping::narrowDefault() {
    WarehouseMapping m;
    for (size_t i = 0; i < kWFieldCount; ++i) m.column[i] = std::string(kNames[i]);
    m.column[static_cast<size_t>(WField::CachedTokens)].clear();   // not a narrow column
    m.column[static_cast<size_t>(WField::Prompt)].clear();
    return m;
}

WarehouseMapping WarehouseMapping::caseRequests() {
    WarehouseMapping m;
    const std::array<const char*, kWFieldCount> cols = {
        "ts_start_us", "org_id", "project_id", "api_key_id", "principal", "source_ip", "user_agent",
        "model", "endpoint", "input_tokens", "output_tokens", "cached_read_tokens", "status_code", "prompt_text"};
    for (size_t i = 0; i < kWFieldCount; ++i) m.column[i] = cols[i];
    m.timeUnit = TimeUnit::Micros;
    return m;
}

Result<WarehouseMapping> WarehouseMapping::load(const std::string& path) {
    QFile f(QString::fromStdString(path));
    if (!f.open(QIODevice::ReadOnly)) return makeError(ErrorCode::Io, "cannot read mapping file", path);
    QJsonParseError perr{};
    const QJsonDocument doc = QJsonDocument::fromJson(f.readAll(), &perr);
    if (!doc.isObject()) return makeError(ErrorCode::Format, "mapping is not a JSON object: " + perr.errorString().toStdString(), path);
    const QJsonObject o = doc.object();
    WarehouseMapping m = narrowDefault();
    if (Status s = applyColumns(m, o.value("columns").toObject(), path); !s) return s.error();
    if (o.contains("timestamp_unit")) {
        auto u = unitFromName(o.value("timestamp_unit").toString().toStdString());
        if (!u) return makeError(ErrorCode::Usage, u.error().message, path);
        m.timeUnit = *u;
    }
    if (!m.has(WField::Timestamp)) return makeError(ErrorCode::Usage, "mapping has no timestamp column", path);
    return m;
}

std::string WarehouseMapping::toJson() const {
    QJsonObject cols;
    for (size_t i = 0; i < kWFieldCount; ++i)
        if (!column[i].empty()) cols.insert(QString::fromUtf8(kNames[i].data(), static_cast<qsizetype>(kNames[i].size())),
                                            QString::fromStdString(column[i]));
    QJsonObject o;
    o.insert("columns", cols);
    o.insert("timestamp_unit", QString::fromUtf8(unitName(timeUnit).data()));
    return QJsonDocument(o).toJson(QJsonDocument::Compact).toStdString();
}

WField levelField(EntityLevel level) {
    switch (level) {
    case EntityLevel::Account: return WField::Account;
    case EntityLevel::Project: return WField::Project;
    case EntityLevel::Key: return WField::ApiKey;
    case EntityLevel::User: return WField::User;
    case EntityLevel::Ip: return WField::SourceIp;
    }
    return WField::Account;
}

bool isIdentifier(std::string_view name) {
    if (name.empty() || name.size() > 128) return false;
    for (size_t i = 0; i < name.size(); ++i) {
        const char c = name[i];
        const bool alpha = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
        if (!alpha && !(i > 0 && c >= '0' && c <= '9')) return false;
    }
    return true;
}

bool isTableName(std::string_view name) {
    const size_t dot = name.find('.');
    if (dot == std::string_view::npos) return isIdentifier(name);
    return isIdentifier(name.substr(0, dot)) && isIdentifier(name.substr(dot + 1));
}

} // namespace siphon::warehouse
