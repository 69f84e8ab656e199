#pragma once
// The CloudTrail <-> Bedrock invocation join, made on import (DESIGN: joins that add detail).
// A Bedrock call logged by both has one invocation record (tokens, prompt, response) and one
// CloudTrail event (access key, source IP, user agent) with the same request id (`requestId` =
// `requestID`). Each log is imported as it is; this pass then makes the call one request: the
// invocation's row takes the CloudTrail values it lacks, and the CloudTrail event's provenance
// (file, line, offset, length, key and content hash) moves to `request_join`, so its raw line
// stays addressable and the join names both sources. The rollups and entity totals are moved
// with it. Whichever log was imported first, the case ends the same.
// Never joined, so never lost: an invocation with no event, an event with no invocation (failed
// and throttled calls appear only in CloudTrail), an event that is tagged or in a conflict, and a
// second, different event claiming an already joined call. A later copy of a joined event is a
// duplicate of the call's row.
// The pass looks only at rows added since its last run (meta 'bedrock_join_mark'), in one
// transaction with that mark: a kill leaves nothing half-joined, and the next import's pass joins
// what an interrupted one left.
#include "ingest/import_types.h"
#include "store/database.h"

namespace siphon::ingest {

// db: the import's writer connection, outside a transaction. Thread: the caller's.
Result<BedrockJoinSummary> joinBedrockCalls(store::Database& db);

} // namespace siphon::ingest
