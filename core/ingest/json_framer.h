#pragma once
// Splits a JSON input into records: NDJSON lines, elements of a top-level array (streamed), or
// concatenated documents; then unwraps known envelopes (Records/records, paged data[], result[],
// EventBridge detail) recursively. Each record keeps its exact bytes, offset and line.
#include "ingest/input_buffer.h"
#include "ingest/record.h"

#include <simdjson.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace siphon::ingest {

class JsonFramer {
public:
    // Return false from onRecord to stop (cancel).
    using RecordFn = std::function<bool(const RawRecord&, simdjson::dom::element)>;
    using RejectFn = std::function<void(const RawRecord&, std::string reason)>;

    JsonFramer(InputBuffer& input, RecordFn onRecord, RejectFn onReject);
    ~JsonFramer();

    // Runs to the end of input. Returns false when stopped by onRecord.
    bool run();

    // Layout seen, e.g. "ndjson", "array", "document"; and envelopes unwrapped, e.g. "Records".
    const std::string& layout() const { return layout_; }
    const std::vector<std::string>& wrappers() const { return wrappers_; }

private:
    // Picks NDJSON, concatenated or pretty-printed documents from the input's first line.
    bool runLayoutOf(std::string_view firstLine, bool noLineEnd);
    // timePrefixed: CloudWatch export-task lines; the record is the message after the time.
    bool runLines(bool timePrefixed = false);
    bool runArray();
    bool runDocuments();
    // Parses `text` (a complete value) and emits its records; depth bounds envelope recursion.
    bool emitValue(std::string_view text, int64_t offset, int64_t line, int depth);
    void noteWrapper(const std::string& name);

    InputBuffer& in_;
    RecordFn onRecord_;
    RejectFn onReject_;
    std::vector<std::unique_ptr<simdjson::dom::parser>> parsers_;   // one per envelope depth
    std::string layout_;
    std::vector<std::string> wrappers_;
};

} // namespace siphon::ingest
