#pragma once
// Writes one transaction's rollup sums: maps the parse thread's local name ids to the case's
// `entity` / `model_name` ids (adding new names), takes duplicates back out, and upserts the
// sums in primary-key order so each b-tree is walked once.
#include "ingest/batch.h"
#include "store/database.h"

#include <array>
#include <string>
#include <vector>

namespace siphon::ingest {

class RollupWriter {
public:
    explicit RollupWriter(store::Database& db) : db_(db) {}
    Status prepare();
    // Names interned by the parse thread since the previous chunk, in local id order.
    void addNames(std::vector<std::string>& names);
    // A request that turned out to be a duplicate: its contribution is taken out at the next write().
    void takeBack(const PendingRequest& duplicate);
    Status write(std::vector<RollupDelta>& hours, std::vector<RollupDelta>& minutes);

private:
    struct TakeBack {
        RollupIds ids;
        int64_t hour, minute, input, output;
    };
    struct Row {
        int64_t entity, bucket, model;
        RollupSums sums;
    };
    Result<int64_t> entityId(int level, int32_t local);
    Result<int64_t> modelId(int32_t local);
    Result<int64_t> findOrInsert(store::Statement& insert, store::Statement& find, int level,
                                 const std::string& name);
    void applyTakeBacks(std::vector<RollupDelta>& hours, std::vector<RollupDelta>& minutes);
    Status upsert(store::Statement& st, std::vector<Row>& rows, bool withModel);

    store::Database& db_;
    std::vector<std::string> names_;
    std::array<std::vector<int64_t>, 5> entityIds_;   // per level, by local id; 0 = not looked up yet
    std::vector<int64_t> modelIds_;
    std::vector<TakeBack> takeBacks_;
    store::Statement insertEntity_, findEntity_, insertModel_, findModel_, upsertHour_, upsertMinute_;
};

} // namespace siphon::ingest
