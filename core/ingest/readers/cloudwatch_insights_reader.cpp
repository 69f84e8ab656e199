#include "ingest/readers/cloudwatch_insights_reader.h"

#include <algorithm>

namespace siphon::ingest {

namespace {

std::optional<size_t> columnOf(const std::vector<std::string>& header, std::string_view name) {
    auto it = std::find(header.begin(), header.end(), name);
    if (it == header.end()) return std::nullopt;
    return static_cast<size_t>(it - header.begin());
}

} // namespace

bool CloudWatchInsightsCsvReader::matches(const std::vector<std::string>& header) const {
    return columnOf(header, "@message").has_value();
}

Status CloudWatchInsightsCsvReader::begin(const std::vector<std::string>& header, const ImportSettings& settings) {
    auto message = columnOf(header, "@message");
    if (!message) return makeError(ErrorCode::Format, "a Logs Insights CSV needs a @message column");
    messageColumn_ = *message;
    pointerColumn_ = columnOf(header, "@ptr");
    messages_.begin(settings);
    return {};
}

void CloudWatchInsightsCsvReader::read(const std::vector<std::string_view>& fields, const RawRecord& raw,
                                       RecordSink& sink) {
    const std::string id = pointerColumn_ ? std::string(fields[*pointerColumn_]) : std::string();
    messages_.read(fields[messageColumn_], id.empty() ? "@message" : "@message (@ptr " + id + ")", id, raw, sink);
}

} // namespace siphon::ingest
