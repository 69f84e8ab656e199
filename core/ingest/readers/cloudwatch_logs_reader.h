#pragma once
// AWS CloudWatch Logs deliveries that wrap another JSON log (formats.md §3 and §8):
//   - a subscription / Firehose delivery (gzip, often several documents back to back):
//     {"messageType":"DATA_MESSAGE","owner","logGroup","logStream","logEvents":[{"id","timestamp","message"}]}
//   - `aws logs filter-log-events` output: {"events":[{"logStreamName","timestamp","message","eventId"}]}
// Each event's message is a JSON string holding one record of the wrapped log (Bedrock invocation
// logs or CloudTrail, typically), read by that format's own reader, chosen on the first message.
// Provenance: every request points at its envelope's bytes (offset and line). Its identity for
// deduplication is the wrapped format's key and the message's own bytes, so an event delivered twice
// is one request, and the same call also imported from S3 is one request when the bytes agree.
// An envelope without log events (a CONTROL_MESSAGE health check) and a message that is not a record
// of the wrapped format are rejected with the event id and the reason; the envelope's other events stay.
#include "ingest/format_reader.h"
#include "ingest/readers/wrapped_message.h"

namespace siphon::ingest {

class CloudWatchLogsReader final : public JsonFormatReader {
public:
    std::string_view id() const override { return "cloudwatch_logs"; }
    std::string_view title() const override {
        return "AWS CloudWatch Logs delivery (subscription, Firehose or filter-log-events)";
    }
    std::string_view recognisedBy() const override {
        return "JSON with \"messageType\" and \"logEvents\", or \"events\" of {\"message\", \"eventId\"}; each message is "
               "read as the log it holds (e.g. Bedrock invocations)";
    }
    bool carriesEvents() const override { return true; }
    bool matches(simdjson::dom::element first) const override;
    Status begin(const ImportSettings& settings) override;
    void read(simdjson::dom::element record, const RawRecord& raw, RecordSink& sink) override;

private:
    WrappedMessageReader messages_;
};

} // namespace siphon::ingest
