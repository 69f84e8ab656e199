#pragma once
// CloudWatch Logs export-task files (CreateExportTask to S3): one event per line, its ingestion
// time, a space, then the message as logged: "2026-02-03T14:00:01.000Z {"schemaType":...}".
// The message is the record; the time prefix stays in the source's bytes, outside the record.
#include <cstddef>
#include <string_view>

namespace siphon::ingest {

// Length of the "TIMESTAMP " prefix when `line` starts with an ISO 8601 UTC time, a space and a
// JSON object; 0 otherwise.
size_t cloudWatchExportPrefix(std::string_view line);

} // namespace siphon::ingest
