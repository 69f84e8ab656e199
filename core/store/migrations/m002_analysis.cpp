// Schema version 2: analysis results (features, scores, clusters, onset). Re-runnable: an
// analysis run replaces the rows of its level; analysis_run keeps the history and config.
#include "store/schema.h"

namespace siphon::store::migrations_detail {

extern const Migration m002_analysis;
const Migration m002_analysis{2, "analysis", R"SQL(
CREATE TABLE analysis_run (
  id              INTEGER PRIMARY KEY,
  level           INTEGER NOT NULL,      -- 0 account, 1 project, 2 key, 3 user, 4 ip
  started_at_us   INTEGER NOT NULL,
  finished_at_us  INTEGER,
  config_version  TEXT NOT NULL,
  config_json     TEXT NOT NULL,
  entities        INTEGER,
  requests        INTEGER
);

-- One row per entity and level: the score, the verdict and the reasons in words.
CREATE TABLE entity_score (
  level          INTEGER NOT NULL,
  entity         TEXT NOT NULL,
  run_id         INTEGER NOT NULL REFERENCES analysis_run(id),
  score          REAL NOT NULL,          -- 0..1, higher = more suspicious
  flagged        INTEGER NOT NULL,
  cluster_id     INTEGER,                -- cluster.id when linked to others
  requests       INTEGER NOT NULL,
  input_tokens   INTEGER NOT NULL,
  output_tokens  INTEGER NOT NULL,
  first_seen_us  INTEGER,
  last_seen_us   INTEGER,
  onset_us       INTEGER,                -- change-point where behaviour turned, if any
  granularity    TEXT NOT NULL DEFAULT 'request',  -- 'request' | 'bucket' (aggregated sources)
  reasons        TEXT NOT NULL,          -- top reasons, sentences joined by '; '
  PRIMARY KEY (level, entity)
) WITHOUT ROWID;
CREATE INDEX entity_score_rank ON entity_score(level, score DESC);

-- Every feature of every entity: value (NULL = not available for this data), its sentence,
-- and its contribution to the score.
CREATE TABLE entity_feature (
  level         INTEGER NOT NULL,
  entity        TEXT NOT NULL,
  feature       TEXT NOT NULL,
  value         REAL,
  available     INTEGER NOT NULL,
  baseline      REAL,                    -- population median used for comparison
  robust_z      REAL,
  contribution  REAL NOT NULL DEFAULT 0,
  sentence      TEXT NOT NULL,
  PRIMARY KEY (level, entity, feature)
) WITHOUT ROWID;

CREATE TABLE cluster (
  id             INTEGER PRIMARY KEY,
  level          INTEGER NOT NULL,
  run_id         INTEGER NOT NULL REFERENCES analysis_run(id),
  score          REAL NOT NULL,
  flagged        INTEGER NOT NULL,
  size           INTEGER NOT NULL,
  requests       INTEGER NOT NULL,
  input_tokens   INTEGER NOT NULL,
  output_tokens  INTEGER NOT NULL,
  reasons        TEXT NOT NULL
);

-- Key columns first: SQLite 3.40's integrity_check misreports a NOT NULL column declared between
-- the key columns of a WITHOUT ROWID table as NULL.
CREATE TABLE cluster_member (
  cluster_id  INTEGER NOT NULL REFERENCES cluster(id),
  entity      TEXT NOT NULL,
  level       INTEGER NOT NULL,
  PRIMARY KEY (cluster_id, entity)
) WITHOUT ROWID;
CREATE INDEX cluster_member_entity ON cluster_member(level, entity);

-- Why two entities are linked: shared IP, /24, user agent, prompt template, creation time, timing.
CREATE TABLE cluster_edge (
  cluster_id  INTEGER NOT NULL REFERENCES cluster(id),
  a           TEXT NOT NULL,
  b           TEXT NOT NULL,
  kind        TEXT NOT NULL,
  strength    REAL NOT NULL,
  reason      TEXT NOT NULL
);
CREATE INDEX cluster_edge_cluster ON cluster_edge(cluster_id);
)SQL"};

} // namespace siphon::store::migrations_detail
