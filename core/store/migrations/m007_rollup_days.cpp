// Schema version 7: rollups packed per entity and UTC day. Version 4 kept one row per entity and
// minute and one per entity, hour and model: about 5.7 rows per imported request, upserted all over
// two b-trees in every transaction, which made rollups most of an import's write time. `rollup_day`
// holds one row per (day, entity) with the day's hours and minutes encoded as blobs
// (store/rollup_codec.h), keyed time first so time-ordered imports append. Per-entity totals move
// into `entity`, so the accounts table needs no scan. The `rollup_hour` / `rollup_minute` views go:
// blobs are read through store/rollup_reader.h.
#include "store/rollup_codec.h"
#include "store/rollup_time.h"
#include "store/schema.h"

#include <algorithm>
#include <utility>
#include <vector>

namespace siphon::store::migrations_detail {

namespace {

using namespace rollup_time;

// Streams one of the version-4 tables in (entity_id, time) order.
struct Cursor {
    Statement st;
    bool has = false;
    int64_t entity = 0, time = 0;
    Status advance(const Database& db) {
        const StepResult r = st.step();
        if (r == StepResult::Error) return db.lastError("rollup migration");
        has = r == StepResult::Row;
        if (has) {
            entity = st.columnInt(0);
            time = st.columnInt(1);
        }
        return {};
    }
};

Status packRollups(Database& db) {
    auto hoursSt = db.prepare("SELECT entity_id, hour_us, model_id, requests, input_tokens, output_tokens"
                              " FROM rollup_hour_by_id ORDER BY entity_id, hour_us, model_id");
    if (!hoursSt) return hoursSt.error();
    auto minutesSt = db.prepare("SELECT entity_id, minute_us, requests, input_tokens, output_tokens"
                                " FROM rollup_minute_by_id ORDER BY entity_id, minute_us");
    if (!minutesSt) return minutesSt.error();
    auto insert = db.prepare("INSERT INTO rollup_day(day_us, entity_id, hours, minutes) VALUES(?1, ?2, ?3, ?4)");
    if (!insert) return insert.error();
    Cursor h{std::move(*hoursSt)}, m{std::move(*minutesSt)};
    if (Status s = h.advance(db); !s) return s;
    if (Status s = m.advance(db); !s) return s;

    std::vector<HourCell> hours;
    std::vector<MinuteCell> minutes;
    std::string hoursBlob, minutesBlob;
    auto key = [](const Cursor& c) { return std::pair{c.entity, dayOf(c.time)}; };
    while (h.has || m.has) {
        const auto k = !h.has ? key(m) : !m.has ? key(h) : std::min(key(h), key(m));
        hours.clear();
        minutes.clear();
        for (; h.has && key(h) == k;) {
            hours.push_back({hourOfDay(h.time), h.st.columnInt(2), h.st.columnInt(3), h.st.columnInt(4), h.st.columnInt(5)});
            if (Status s = h.advance(db); !s) return s;
        }
        for (; m.has && key(m) == k;) {
            minutes.push_back({minuteOfDay(m.time), m.st.columnInt(2), m.st.columnInt(3), m.st.columnInt(4)});
            if (Status s = m.advance(db); !s) return s;
        }
        hoursBlob.clear();
        minutesBlob.clear();
        encodeHours(hours, hoursBlob);
        encodeMinutes(minutes, minutesBlob);
        insert->bind(1, k.second).bind(2, k.first).bindBlob(3, hoursBlob).bindBlob(4, minutesBlob);
        Status s = insert->run();
        insert->reset();
        if (!s) return s;
    }
    h.st = Statement();
    m.st = Statement();
    return db.exec("DROP VIEW rollup_hour; DROP VIEW rollup_minute;"
                   " DROP TABLE rollup_hour_by_id; DROP TABLE rollup_minute_by_id;");
}

} // namespace

extern const Migration m007_rollup_days;
const Migration m007_rollup_days{7, "rollup_days", R"SQL(
CREATE TABLE rollup_day (
  day_us    INTEGER NOT NULL,   -- UTC day start
  entity_id INTEGER NOT NULL,   -- entity.id
  hours     BLOB NOT NULL,      -- (hour of day, model_id) sums, store/rollup_codec.h
  minutes   BLOB NOT NULL,      -- minute-of-day sums
  PRIMARY KEY (day_us, entity_id)
) WITHOUT ROWID;

-- Totals over all of an entity's hour rollups. first/last: the hour starts of its first and last
-- rollup cell, hour or minute (NULL when it has none); the readers seek the days between.
ALTER TABLE entity ADD COLUMN requests INTEGER NOT NULL DEFAULT 0;
ALTER TABLE entity ADD COLUMN input_tokens INTEGER NOT NULL DEFAULT 0;
ALTER TABLE entity ADD COLUMN output_tokens INTEGER NOT NULL DEFAULT 0;
ALTER TABLE entity ADD COLUMN first_hour_us INTEGER;
ALTER TABLE entity ADD COLUMN last_hour_us INTEGER;

UPDATE entity SET requests = t.r, input_tokens = t.i, output_tokens = t.o
  FROM (SELECT entity_id, sum(requests) AS r, sum(input_tokens) AS i, sum(output_tokens) AS o
        FROM rollup_hour_by_id GROUP BY entity_id) AS t
  WHERE t.entity_id = entity.id;
UPDATE entity SET first_hour_us = t.f, last_hour_us = t.l
  FROM (SELECT entity_id, min(h) AS f, max(h) AS l FROM (
          SELECT entity_id, hour_us AS h FROM rollup_hour_by_id
          UNION ALL
          SELECT entity_id, (minute_us / 3600000000) * 3600000000
                            - CASE WHEN minute_us % 3600000000 < 0 THEN 3600000000 ELSE 0 END
          FROM rollup_minute_by_id) GROUP BY entity_id) AS t
  WHERE t.entity_id = entity.id;
)SQL", packRollups};

} // namespace siphon::store::migrations_detail
