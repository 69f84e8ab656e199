#pragma once
// SqlDialect: the few expressions that differ between the engines the feature SQL targets.
// Everything else the generator writes is SQL all of them accept (CASE, COUNT(DISTINCT), nested
// subqueries with one join each, which is all ClickHouse 18.16 allows per SELECT).
#include "warehouse/warehouse_mapping.h"

#include <optional>
#include <string>
#include <string_view>

namespace siphon::warehouse {

enum class Engine { Sqlite, ClickHouse, Postgres, BigQuery, Spark, Trino };

std::string_view engineName(Engine e);
std::optional<Engine> engineFromName(std::string_view name);
// Engines Siphon runs queries on (the others' SQL is printed for the provider to run).
bool engineRunnable(Engine e);

class SqlDialect {
public:
    explicit SqlDialect(Engine e) : e_(e) {}
    Engine engine() const { return e_; }

    std::string quote(std::string_view identifier) const;   // checked by the caller (isIdentifier)
    std::string table(std::string_view name) const;         // schema.table quoted part by part
    std::string dbl(const std::string& x) const;            // as a double
    std::string idiv(const std::string& a, int64_t b) const; // integer division (non-negative a)
    std::string mod(const std::string& a, int64_t b) const;
    std::string log2(const std::string& x) const;
    std::string greatest(const std::string& a, const std::string& b) const;
    std::string least(const std::string& a, const std::string& b) const;
    std::string nullIfEmpty(const std::string& x) const;
    std::string contains(const std::string& hay, std::string_view literal) const;   // literal quoted here
    std::string nullInt() const;
    std::string nullText() const;
    std::string leftJoin() const;                           // "LEFT JOIN" / ClickHouse "ANY LEFT JOIN"
    // GROUP BY for aliased keys: ordinals where allowed (Trino needs them), aliases on ClickHouse.
    std::string groupBy(std::initializer_list<std::string_view> aliases) const;
    // A column's timestamp as integer microseconds since the epoch.
    std::string epochMicros(const std::string& column, TimeUnit unit) const;
    // Smallest gap the app counts (the timestamp's precision): 1 us, 1 ms or 1 s.
    static int64_t precisionMicros(Engine e, TimeUnit unit);
    bool hasWindowFunctions() const { return e_ != Engine::ClickHouse; }

private:
    Engine e_;
};

std::string sqlStringLiteral(std::string_view s);   // '...' with ' doubled and \ doubled

} // namespace siphon::warehouse
