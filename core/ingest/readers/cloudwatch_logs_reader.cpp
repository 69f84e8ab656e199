#include "ingest/readers/cloudwatch_logs_reader.h"

#include "ingest/readers/json_access.h"

namespace siphon::ingest {

using simdjson::dom::element;

namespace {

// The events of an envelope: "logEvents" (subscription, Firehose) or "events" (filter-log-events).
bool eventsOf(element envelope, simdjson::dom::array& out) {
    element events;
    if (!json::at(envelope, "logEvents", events) && !json::at(envelope, "events", events)) return false;
    return !events.get_array().get(out);
}

std::string eventIdOf(element event) {
    std::string id = json::str(event, "id");
    return id.empty() ? json::str(event, "eventId") : id;
}

} // namespace

bool CloudWatchLogsReader::matches(element first) const {
    simdjson::dom::array events;
    if (!first.is_object() || !eventsOf(first, events)) return false;
    if (json::has(first, "messageType") && json::has(first, "logEvents")) return true;
    // filter-log-events: the events carry a message and an eventId or a stream name.
    for (element e : events)
        return json::has(e, "message") && (json::has(e, "eventId") || json::has(e, "logStreamName"));
    return false;
}

Status CloudWatchLogsReader::begin(const ImportSettings& settings) {
    messages_.begin(settings);
    return {};
}

void CloudWatchLogsReader::read(element envelope, const RawRecord& raw, RecordSink& sink) {
    if (json::view(envelope, "messageType") == "CONTROL_MESSAGE")
        return sink.onReject(raw, "CloudWatch Logs CONTROL_MESSAGE (a delivery health check; it holds no log events)");
    simdjson::dom::array events;
    if (!envelope.is_object() || !eventsOf(envelope, events))
        return sink.onReject(raw, "not a CloudWatch Logs delivery: no logEvents or events array");
    if (events.size() == 0) return sink.onReject(raw, "CloudWatch Logs delivery with no log events");
    size_t index = 0;
    for (element event : events) {
        const std::string id = eventIdOf(event);
        const std::string name = "log event " + std::to_string(++index) + (id.empty() ? "" : " (id " + id + ")");
        messages_.read(json::view(event, "message"), name, id, raw, sink);
    }
}

} // namespace siphon::ingest
