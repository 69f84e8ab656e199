#include "store/case_info.h"

#include "store/entity_level.h"

namespace siphon::store {

Result<std::vector<SourceInfo>> loadSources(const Database& db) {
    auto st = db.prepare("SELECT id, path, sha256, size_bytes, format, coalesce(format_hints,''), imported_at_us,"
                         " records, requests, buckets, rejects, duplicates, conflicts, complete, joined"
                         " FROM source_file ORDER BY id");
    if (!st) return st.error();
    std::vector<SourceInfo> out;
    StepResult r;
    while ((r = st->step()) == StepResult::Row) {
        SourceInfo s;
        s.id = st->columnInt(0);
        s.path = st->columnText(1);
        s.sha256 = st->columnText(2);
        s.sizeBytes = st->columnInt(3);
        s.format = st->columnText(4);
        s.formatHints = st->columnText(5);
        s.importedAtUs = st->columnInt(6);
        s.records = st->columnInt(7);
        s.requests = st->columnInt(8);
        s.buckets = st->columnInt(9);
        s.rejects = st->columnInt(10);
        s.duplicates = st->columnInt(11);
        s.conflicts = st->columnInt(12);
        s.complete = st->columnInt(13) != 0;
        s.joined = st->columnInt(14);
        out.push_back(std::move(s));
    }
    if (r == StepResult::Error) return db.lastError("sources");
    return out;
}

Result<std::vector<SkippedPathInfo>> loadSkippedPaths(const Database& db) {
    auto st = db.prepare("SELECT path, reason FROM skipped_input WHERE id IN"
                         " (SELECT max(id) FROM skipped_input GROUP BY path) ORDER BY path");
    if (!st) return st.error();
    std::vector<SkippedPathInfo> out;
    StepResult r;
    while ((r = st->step()) == StepResult::Row) out.push_back({st->columnText(0), st->columnText(1)});
    if (r == StepResult::Error) return db.lastError("skipped paths");
    return out;
}

Result<JoinInfo> loadJoinInfo(const Database& db) {
    JoinInfo join;
    auto joined = db.queryInt("SELECT count(*) FROM request_join");
    if (!joined) return joined.error();
    join.joined = *joined;
    auto st = db.prepare("SELECT coalesce(error_code, ''), count(*) FROM request"
                         " WHERE source_format = 'aws_cloudtrail' GROUP BY 1 ORDER BY 1");
    if (!st) return st.error();
    StepResult r;
    while ((r = st->step()) == StepResult::Row) {
        join.cloudtrailOnlyByError[st->columnText(0)] = st->columnInt(1);
        join.cloudtrailOnly += st->columnInt(1);
    }
    if (r == StepResult::Error) return db.lastError("join counts");
    return join;
}

Result<CaseInfo> loadCaseInfo(const Database& db) {
    CaseInfo info;
    auto v = db.queryInt("PRAGMA user_version");
    if (!v) return v.error();
    info.schemaVersion = static_cast<int>(*v);
    struct Q {
        int64_t* out;
        const char* sql;
    };
    const Q queries[] = {
        {&info.requests, "SELECT count(*) FROM request"},
        {&info.buckets, "SELECT count(*) FROM usage_bucket"},
        {&info.rejects, "SELECT count(*) FROM reject"},
        {&info.duplicates, "SELECT count(*) FROM duplicate"},
        {&info.conflicts, "SELECT count(DISTINCT request_id) FROM conflict"},
        {&info.firstUs, "SELECT min(ts_start_us) FROM request"},
        {&info.lastUs, "SELECT max(ts_start_us) FROM request"},
    };
    for (const auto& q : queries) {
        auto r = db.queryInt(q.sql);
        if (!r) return r.error();
        *q.out = *r;
    }
    // Entities per level from the import's entity dictionary, plus usage-bucket keys.
    auto st = db.prepare("SELECT level, count(*) FROM entity GROUP BY level");
    if (!st) return st.error();
    for (const auto& l : kLevels) info.entities[std::string(l.name)] = 0;
    while (st->step() == StepResult::Row) {
        const auto level = st->columnInt(0);
        if (level >= 0 && level < kLevelCount) info.entities[std::string(kLevels[static_cast<size_t>(level)].name)] = st->columnInt(1);
    }
    auto sources = loadSources(db);
    if (!sources) return sources.error();
    info.sources = std::move(sources.value());
    auto skipped = loadSkippedPaths(db);
    if (!skipped) return skipped.error();
    info.skipped = std::move(skipped.value());
    auto join = loadJoinInfo(db);
    if (!join) return join.error();
    info.join = std::move(join.value());
    return info;
}

} // namespace siphon::store
