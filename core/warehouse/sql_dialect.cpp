#include "warehouse/sql_dialect.h"

#include <array>

namespace siphon::warehouse {

namespace {
constexpr std::array<std::pair<Engine, std::string_view>, 6> kEngines = {{
    {Engine::Sqlite, "sqlite"}, {Engine::ClickHouse, "clickhouse"}, {Engine::Postgres, "postgres"},
    {Engine::BigQuery, "bigquery"}, {Engine::Spark, "spark"}, {Engine::Trino, "trino"},
}};
}

std::string_view engineName(Engine e) {
    for (const auto& [k, n] : kEngines)
        if (k == e) return n;
    return "?";
}

std::optional<Engine> engineFromName(std::string_view name) {
    for (const auto& [k, n] : kEngines)
        if (n == name) return k;
    if (name == "postgresql") return Engine::Postgres;
    return std::nullopt;
}

bool engineRunnable(Engine e) { return e == Engine::ClickHouse || e == Engine::Postgres || e == Engine::Sqlite; }

std::string sqlStringLiteral(std::string_view s) {
    std::string out = "'";
    for (char c : s) {
        if (c == '\'') out += "''";
        else if (c == '\\') out += "\\\\";
        else out.push_back(c);
    }
    return out + "'";
}

std::string SqlDialect::quote(std::string_view id) const {
    const bool backtick = e_ == Engine::ClickHouse || e_ == Engine::BigQuery || e_ == Engine::Spark;
    const char q = backtick ? '`' : '"';
    return std::string(1, q) + std::string(id) + std::string(1, q);
}

std::string SqlDialect::table(std::string_view name) const {
    const size_t dot = name.find('.');
    if (dot == std::string_view::npos) return quote(name);
    return quote(name.substr(0, dot)) + "." + quote(name.substr(dot + 1));
}

std::string SqlDialect::dbl(const std::string& x) const {
    switch (e_) {
    case Engine::ClickHouse: return "toFloat64(" + x + ")";
    case Engine::Postgres: return "CAST(" + x + " AS DOUBLE PRECISION)";
    case Engine::BigQuery: return "CAST(" + x + " AS FLOAT64)";
    case Engine::Sqlite: return "CAST(" + x + " AS REAL)";
    default: return "CAST(" + x + " AS DOUBLE)";
    }
}

std::string SqlDialect::idiv(const std::string& a, int64_t b) const {
    const std::string d = std::to_string(b);
    switch (e_) {
    case Engine::ClickHouse: return "intDiv(" + a + ", " + d + ")";
    case Engine::BigQuery: return "DIV(" + a + ", " + d + ")";
    case Engine::Spark: return "((" + a + ") DIV " + d + ")";
    default: return "((" + a + ") / " + d + ")";   // integer operands: truncating division
    }
}

std::string SqlDialect::mod(const std::string& a, int64_t b) const {
    if (e_ == Engine::BigQuery) return "MOD(" + a + ", " + std::to_string(b) + ")";
    return "((" + a + ") % " + std::to_string(b) + ")";
}

std::string SqlDialect::log2(const std::string& x) const {
    switch (e_) {
    case Engine::Postgres: return "(LN(" + x + ") / LN(2.0))";
    case Engine::BigQuery: return "LOG(" + x + ", 2)";
    default: return "log2(" + x + ")";
    }
}

std::string SqlDialect::greatest(const std::string& a, const std::string& b) const {
    if (e_ == Engine::Sqlite) return "max(" + a + ", " + b + ")";
    if (e_ == Engine::ClickHouse) return "greatest(" + a + ", " + b + ")";
    return "GREATEST(" + a + ", " + b + ")";
}

std::string SqlDialect::least(const std::string& a, const std::string& b) const {
    if (e_ == Engine::Sqlite) return "min(" + a + ", " + b + ")";
    if (e_ == Engine::ClickHouse) return "least(" + a + ", " + b + ")";
    return "LEAST(" + a + ", " + b + ")";
}

std::string SqlDialect::nullIfEmpty(const std::string& x) const {
    if (e_ == Engine::ClickHouse) return "nullIf(" + x + ", '')";
    return "NULLIF(" + x + ", '')";
}

std::string SqlDialect::contains(const std::string& hay, std::string_view literal) const {
    const std::string lit = sqlStringLiteral(literal);
    switch (e_) {
    case Engine::ClickHouse: return "position(" + hay + ", " + lit + ") > 0";
    case Engine::Sqlite: return "instr(" + hay + ", " + lit + ") > 0";
    case Engine::Spark: return "instr(" + hay + ", " + lit + ") > 0";
    default: return "STRPOS(" + hay + ", " + lit + ") > 0";
    }
}

std::string SqlDialect::nullInt() const {
    switch (e_) {
    case Engine::ClickHouse: return "CAST(NULL AS Nullable(Int64))";
    case Engine::BigQuery: return "CAST(NULL AS INT64)";
    default: return "CAST(NULL AS BIGINT)";
    }
}

std::string SqlDialect::nullText() const {
    switch (e_) {
    case Engine::ClickHouse: return "CAST(NULL AS Nullable(String))";
    case Engine::BigQuery: return "CAST(NULL AS STRING)";
    case Engine::Spark: return "CAST(NULL AS STRING)";
    default: return "CAST(NULL AS VARCHAR)";
    }
}

std::string SqlDialect::leftJoin() const { return e_ == Engine::ClickHouse ? "ANY LEFT JOIN" : "LEFT JOIN"; }

std::string SqlDialect::groupBy(std::initializer_list<std::string_view> aliases) const {
    std::string out = " GROUP BY ";
    int i = 0;
    for (std::string_view a : aliases) {
        if (i) out += ", ";
        out += e_ == Engine::ClickHouse ? std::string(a) : std::to_string(i + 1);
        ++i;
    }
    return out;
}

std::string SqlDialect::epochMicros(const std::string& c, TimeUnit unit) const {
    const bool ch = e_ == Engine::ClickHouse;
    const std::string i64 = ch ? "toInt64(" + c + ")" : (e_ == Engine::BigQuery ? "CAST(" + c + " AS INT64)" : "CAST(" + c + " AS BIGINT)");
    switch (unit) {
    case TimeUnit::Micros: return i64;
    case TimeUnit::Millis: return "(" + i64 + " * 1000)";
    case TimeUnit::Seconds: return "(" + i64 + " * 1000000)";
    case TimeUnit::Native: break;
    }
    switch (e_) {
    case Engine::ClickHouse: return "(toInt64(toUInt32(" + c + ")) * 1000000)";   // DateTime: whole seconds in 18.16
    case Engine::Postgres: return "CAST(EXTRACT(EPOCH FROM " + c + ") * 1000000 AS BIGINT)";
    case Engine::BigQuery: return "UNIX_MICROS(" + c + ")";
    case Engine::Spark: return "unix_micros(" + c + ")";
    case Engine::Trino: return "CAST(to_unixtime(" + c + ") * 1000000 AS BIGINT)";
    case Engine::Sqlite: return "CAST(round((julianday(" + c + ") - 2440587.5) * 86400000000.0) AS INTEGER)";
    }
    return i64;
}

int64_t SqlDialect::precisionMicros(Engine e, TimeUnit unit) {
    switch (unit) {
    case TimeUnit::Seconds: return 1'000'000;
    case TimeUnit::Millis: return 1'000;
    case TimeUnit::Micros: return 1;
    case TimeUnit::Native: return e == Engine::ClickHouse ? 1'000'000 : (e == Engine::Sqlite ? 1'000 : 1);
    }
    return 1;
}

} // namespace siphon::warehouse
