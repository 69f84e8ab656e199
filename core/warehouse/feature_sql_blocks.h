#pragma once
// The blocks feature_sql.cpp assembles: each a subquery with one row per entity (column `ent`),
// over the normalised events subquery `ev` (ent, ts in microseconds, itok, otok, ctok, st, ep,
// ip, ua, mdl), which every block repeats because ClickHouse 18.16 has no WITH subqueries.
#include "warehouse/feature_sql.h"

#include <string>

namespace siphon::warehouse {

class BlockContext {
public:
    explicit BlockContext(const FeatureSqlOptions& o);
    const SqlDialect& d() const { return dialect_; }
    const std::string& events() const { return events_; }      // "(SELECT ... ) AS ev"
    const std::string& tsAll() const { return tsAll_; }        // MIN(ts) over the whole table
    int64_t precisionUs() const { return precisionUs_; }
    const FeatureSqlOptions& options() const { return o_; }
    std::string col(WField f) const;                           // quoted column or a typed NULL

private:
    const FeatureSqlOptions& o_;
    SqlDialect dialect_;
    std::string events_;
    std::string tsAll_;
    int64_t precisionUs_ = 1;
};

std::string volumeBlock(const BlockContext& c);
std::string hourOfWeekBlock(const BlockContext& c);
std::string dailyBlock(const BlockContext& c);
std::string minuteBlock(const BlockContext& c);
std::string sequenceBlock(const BlockContext& c);
std::string finalSelect(const BlockContext& c);
std::string textSampleQuery(const BlockContext& c, int perEntity);

} // namespace siphon::warehouse
