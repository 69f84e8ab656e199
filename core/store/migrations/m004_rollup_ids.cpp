// Schema version 4: rollups keyed by integer entity and model ids. Each rollup row was keyed by the
// entity's and model's text; on import that made every upsert compare and store strings. The
// names now live once in `entity` and `model_name`; `rollup_hour` and `rollup_minute` remain as
// views with their version-1 columns, so readers (and anyone with the sqlite3 shell) see no change.
#include "store/schema.h"

namespace siphon::store::migrations_detail {

extern const Migration m004_rollup_ids;
const Migration m004_rollup_ids{4, "rollup_ids", R"SQL(
-- Every entity seen on import, per level (0 account, 1 project, 2 key, 3 user, 4 ip).
CREATE TABLE entity (
  id    INTEGER PRIMARY KEY,
  level INTEGER NOT NULL,
  name  TEXT NOT NULL,
  UNIQUE (level, name)
);

-- Every model name seen on import ('' when a record names none).
CREATE TABLE model_name (
  id   INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE
);

CREATE TABLE rollup_hour_by_id (
  entity_id     INTEGER NOT NULL,
  hour_us       INTEGER NOT NULL,
  model_id      INTEGER NOT NULL,
  requests      INTEGER NOT NULL,
  input_tokens  INTEGER NOT NULL,
  output_tokens INTEGER NOT NULL,
  PRIMARY KEY (entity_id, hour_us, model_id)
) WITHOUT ROWID;

CREATE TABLE rollup_minute_by_id (
  entity_id     INTEGER NOT NULL,
  minute_us     INTEGER NOT NULL,
  requests      INTEGER NOT NULL,
  input_tokens  INTEGER NOT NULL,
  output_tokens INTEGER NOT NULL,
  PRIMARY KEY (entity_id, minute_us)
) WITHOUT ROWID;

INSERT INTO entity(level, name)
  SELECT level, entity FROM rollup_hour UNION SELECT level, entity FROM rollup_minute ORDER BY 1, 2;
INSERT INTO model_name(name) SELECT DISTINCT model FROM rollup_hour ORDER BY 1;
INSERT INTO rollup_hour_by_id
  SELECT e.id, h.hour_us, m.id, h.requests, h.input_tokens, h.output_tokens
  FROM rollup_hour h JOIN entity e ON e.level = h.level AND e.name = h.entity JOIN model_name m ON m.name = h.model;
INSERT INTO rollup_minute_by_id
  SELECT e.id, r.minute_us, r.requests, r.input_tokens, r.output_tokens
  FROM rollup_minute r JOIN entity e ON e.level = r.level AND e.name = r.entity;
DROP TABLE rollup_hour;
DROP TABLE rollup_minute;

CREATE VIEW rollup_hour AS
  SELECT e.level AS level, e.name AS entity, h.hour_us AS hour_us, m.name AS model, h.requests AS requests,
         h.input_tokens AS input_tokens, h.output_tokens AS output_tokens
  FROM entity e JOIN rollup_hour_by_id h ON h.entity_id = e.id JOIN model_name m ON m.id = h.model_id;

CREATE VIEW rollup_minute AS
  SELECT e.level AS level, e.name AS entity, r.minute_us AS minute_us, r.requests AS requests,
         r.input_tokens AS input_tokens, r.output_tokens AS output_tokens
  FROM entity e JOIN rollup_minute_by_id r ON r.entity_id = e.id;
)SQL"};

} // namespace siphon::store::migrations_detail
