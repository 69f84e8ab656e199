#pragma once
// A log record carried as a JSON string inside another record: a CloudWatch Logs event's message
// (in a subscription delivery, filter-log-events output or a Logs Insights CSV). The message is read
// by the reader of the format it holds, chosen on the first message; its outcomes become outcomes of
// the outer record, which is the provenance (its bytes, offset and line), while the message's bytes
// and the wrapped format's key are the identity used for duplicates and conflicts.
#include "ingest/format_reader.h"

#include <memory>
#include <string>

namespace siphon::ingest {

class WrappedMessageReader {
public:
    void begin(const ImportSettings& settings) { settings_ = settings; }

    // Reads one message. eventName prefixes reject reasons ("log event 2 (id ...)"); eventId keys a
    // wrapped log that has no ids of its own (empty: its content identifies it).
    void read(std::string_view message, const std::string& eventName, const std::string& eventId, const RawRecord& outer,
              RecordSink& sink);

private:
    JsonFormatReader* innerFor(simdjson::dom::element message, std::string& why);

    ImportSettings settings_;
    std::unique_ptr<JsonFormatReader> inner_;
    simdjson::dom::parser parser_;
};

} // namespace siphon::ingest
