#pragma once
// LiteLLM_SpendLogs row -> RequestRecord (formats.md §4), shared by the CSV export reader and
// the JSON (/spend/logs) reader. A row is read through LiteLlmRow so both shapes map the same.
#include "ingest/record.h"
#include "ingest/readers/json_access.h"

#include <simdjson.h>

#include <string>
#include <string_view>

namespace siphon::ingest::litellm {

// Column names every SpendLogs export carries; a header/object with all of them is recognised.
inline constexpr std::string_view kSignature[] = {"request_id", "call_type", "api_key", "spend", "startTime"};

class LiteLlmRow {
public:
    virtual ~LiteLlmRow() = default;
    // A scalar column as text (numbers in their JSON spelling). Absent for NULL / missing.
    virtual json::Parse text(std::string_view column, std::string& out) = 0;
    // A JSON column (metadata, messages, response, proxy_server_request), whether stored as JSON
    // or as JSON text. The element stays valid only until the next json() call.
    virtual bool json(std::string_view column, simdjson::dom::element& out) = 0;
};

// Emits exactly one onRequest or onReject for the row.
void readRow(LiteLlmRow& row, const RawRecord& raw, RecordSink& sink);

} // namespace siphon::ingest::litellm
