// Schema version 3: evidence — labels, tags (never deleted: untag is recorded), the hash-chained
// audit log (append-only, enforced by triggers) and case secrets (the redaction salt).
#include "store/schema.h"

namespace siphon::store::migrations_detail {

extern const Migration m003_evidence;
const Migration m003_evidence{3, "evidence", R"SQL(
CREATE TABLE label (
  id          INTEGER PRIMARY KEY,
  name        TEXT NOT NULL UNIQUE,
  colour      TEXT NOT NULL,            -- '#rrggbb'
  description TEXT NOT NULL,
  builtin     INTEGER NOT NULL DEFAULT 0
);
INSERT INTO label (name, colour, description, builtin) VALUES
  ('confirmed extraction', '#b71c1c', 'Reviewed: the activity is bulk extraction of model outputs.', 1),
  ('suspected', '#ef6c00', 'Indicators of extraction; not yet confirmed by review.', 1),
  ('benign — explained', '#2e7d32', 'Reviewed: heavy or unusual, but with a legitimate explanation.', 1),
  ('needs review', '#1565c0', 'Flagged for a second look by an investigator.', 1),
  ('exhibit', '#6a1b9a', 'Selected as an exhibit for the evidence bundle.', 1);

-- One row per tag. target_kind decides which target columns are set:
--   entity:  level, entity          request: request_row_id (request.id)
--   range:   level, entity, from_us, to_us ([from, to))      cluster: cluster_id (cluster.id)
-- Untagging sets removed_* (the tag stays, for the record); the audit log has both events.
CREATE TABLE tag (
  id             INTEGER PRIMARY KEY,
  target_kind    TEXT NOT NULL CHECK (target_kind IN ('entity', 'request', 'range', 'cluster')),
  level          INTEGER,
  entity         TEXT,
  request_row_id INTEGER,
  cluster_id     INTEGER,
  from_us        INTEGER,
  to_us          INTEGER,
  label_id       INTEGER NOT NULL REFERENCES label(id),
  note           TEXT,
  author         TEXT NOT NULL,
  created_at_us  INTEGER NOT NULL,
  removed_at_us  INTEGER,
  removed_by     TEXT,
  removed_note   TEXT
);
CREATE INDEX tag_entity ON tag(level, entity);

-- Notes added to a tag after it was made (each is audited).
CREATE TABLE tag_note (
  id            INTEGER PRIMARY KEY,
  tag_id        INTEGER NOT NULL REFERENCES tag(id),
  note          TEXT NOT NULL,
  author        TEXT NOT NULL,
  created_at_us INTEGER NOT NULL
);

-- Append-only hash chain; see core/evidence/audit_log.h for the canonical serialisation.
CREATE TABLE audit_log (
  seq       INTEGER PRIMARY KEY,
  ts_us     INTEGER NOT NULL,
  author    TEXT NOT NULL,
  action    TEXT NOT NULL,
  payload   TEXT NOT NULL,              -- canonical JSON (sorted keys, compact)
  prev_hash TEXT NOT NULL,
  hash      TEXT NOT NULL
);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only: UPDATE refused'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only: DELETE refused'); END;

-- Secrets that stay in the case and never go into a bundle (the redaction salt).
CREATE TABLE case_secret (
  name  TEXT PRIMARY KEY,
  value BLOB NOT NULL
);
)SQL"};

} // namespace siphon::store::migrations_detail
