#pragma once
// CloudWatch Logs Insights results exported as CSV (formats.md §8): a header with "@message" (and
// usually "@timestamp", "@logStream", "@ptr"), one log event per row. Each row's @message is a
// JSON string holding one record of the wrapped log (Bedrock invocation logs, typically), read by
// that format's reader; the row is the provenance, the message and the wrapped key the identity.
#include "ingest/format_reader.h"
#include "ingest/readers/wrapped_message.h"

#include <optional>

namespace siphon::ingest {

class CloudWatchInsightsCsvReader final : public CsvFormatReader {
public:
    std::string_view id() const override { return "cloudwatch_insights_csv"; }
    std::string_view title() const override { return "AWS CloudWatch Logs Insights results (CSV)"; }
    std::string_view recognisedBy() const override {
        return "CSV header with \"@message\"; each message is read as the log it holds (e.g. Bedrock invocations)";
    }
    bool matches(const std::vector<std::string>& header) const override;
    Status begin(const std::vector<std::string>& header, const ImportSettings& settings) override;
    void read(const std::vector<std::string_view>& fields, const RawRecord& raw, RecordSink& sink) override;

private:
    size_t messageColumn_ = 0;
    std::optional<size_t> pointerColumn_;   // @ptr: the event's unique pointer, when exported
    WrappedMessageReader messages_;
};

} // namespace siphon::ingest
