#pragma once
// Writes a transaction's rollups, in one or more hand-overs: maps the parse thread's local name ids
// to the case's `entity` / `model_name` ids (adding new names), takes duplicates back out, upserts
// one `rollup_day` row per (day, entity) in primary-key order (rollup_day_upsert.h), and adds to
// each entity's totals (entity_totals_update.h) once per transaction, before it commits: a narrow
// log touches about one existing entity per request, and the parse thread hands its sums over
// every ~12,000 narrow requests (ImportOptions::maxRollupKeys): totals per hand-over rewrote most
// entity rows that often.
#include "ingest/batch.h"
#include "ingest/entity_id_cache.h"
#include "ingest/entity_totals_update.h"
#include "ingest/rollup_day_upsert.h"
#include "store/database.h"
#include "store/rollup_codec.h"

#include <array>
#include <string>
#include <vector>

namespace siphon::ingest {

class RollupWriter {
public:
    // `runNames` (may be null) keeps the ids resolved by earlier files of the same run.
    RollupWriter(store::Database& db, EntityIdCache* runNames)
        : db_(db), runNames_(runNames), entityTotals_(db), dayUpsert_(db) {}
    Status prepare();
    // Names interned by the parse thread since the previous chunk, in local id order.
    void addNames(std::vector<std::string>& names);
    // A request that turned out to be a duplicate: its contribution is taken out at the next write().
    void takeBack(const PendingRequest& duplicate);
    // One hand-over's packs: day rows now, existing entities' sums kept for finishTransaction().
    Status write(RollupPacks& rollups);
    // Adds the sums kept since the transaction began to their entities' rows.
    Status finishTransaction();

private:
    struct TakeBack {
        RollupIds ids;
        int64_t tsUs, input, output;
    };
    struct Row {
        int64_t day;
        int level;
        int32_t local;    // the parse thread's name id
        int64_t entity;   // the case's id, filled in once resolved
        std::string hours;
        const std::string* minutes;
    };
    struct Totals {
        int level;
        int32_t local;
        RollupSums sums;
        int64_t firstHour, lastHour;
    };
    int64_t& entitySlot(int level, int32_t local);
    Result<int64_t> modelId(int32_t local);
    Result<int64_t> insertOrFindModel(const std::string& name);
    void applyTakeBacks(RollupPacks& rollups);
    Result<bool> encodePack(const RollupPacks& r, const RollupPack& pack, Row& row, Totals& t);
    Result<int64_t> findEntity(int level, const std::string& name);
    Status addEntityTotals(const Totals& t, std::vector<EntityTotalsUpdate::Add>& adds);
    Status addTotals(std::vector<Totals>& totals);
    Status upsertDays(std::vector<Row>& rows);

    store::Database& db_;
    EntityIdCache* runNames_;
    std::vector<std::string> names_;
    std::array<std::vector<int64_t>, 5> entityIds_;   // per level, by local id; 0 = not looked up yet
    std::vector<int64_t> modelIds_;
    std::vector<TakeBack> takeBacks_;
    std::vector<EntityTotalsUpdate::Add> transactionAdds_;   // merged by id after each hand-over
    std::vector<store::HourCell> cells_;              // scratch
    store::Statement insertEntity_, findEntity_, insertModel_, findModel_;
    EntityTotalsUpdate entityTotals_;
    RollupDayUpsert dayUpsert_;
};

} // namespace siphon::ingest
