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

std::string eventName(element event, size_t index) {
    std::string id = json::str(event, "id");
    if (id.empty()) id = json::str(event, "eventId");
    return "log event " + std::to_string(index + 1) + (id.empty() ? "" : " (id " + id + ")");
}

// Hands the wrapped reader's outcomes on as outcomes of the envelope: the envelope's bytes and place
// are the provenance, the message's bytes and the wrapped format's key are the identity, and text
// the reader took as views into the message is copied (the message is not the stored record).
class EventSink final : public RecordSink {
public:
    EventSink(RecordSink& out, const RawRecord& envelope, std::string_view message, std::string_view format,
              std::string eventName, std::string eventId)
        : out_(out), envelope_(envelope), message_(message), format_(format), eventName_(std::move(eventName)),
          eventId_(std::move(eventId)) {}

    void onRequest(RequestRecord&& r, const RawRecord&) override {
        if (!r.promptInRecord.empty()) r.prompt.assign(r.promptInRecord);
        if (!r.responseInRecord.empty()) r.response.assign(r.responseInRecord);
        r.promptInRecord = r.responseInRecord = {};
        // A wrapped log without ids of its own: CloudWatch's event id names the event.
        if (r.recordKey.empty() && !eventId_.empty()) r.recordKey = "cloudwatch-event:" + eventId_;
        r.keyFormat = format_;
        r.contentBytes = message_;
        out_.onRequest(std::move(r), envelope_);
    }
    void onBucket(BucketRecord&& b, const RawRecord&) override { out_.onBucket(std::move(b), envelope_); }
    void onReject(const RawRecord&, std::string reason) override { out_.onReject(envelope_, eventName_ + ": " + reason); }

private:
    RecordSink& out_;
    const RawRecord& envelope_;
    std::string_view message_, format_;
    std::string eventName_, eventId_;
};

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
    settings_ = settings;
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
    for (element event : events) readEvent(event, index++, raw, sink);
}

void CloudWatchLogsReader::readEvent(element event, size_t index, const RawRecord& envelope, RecordSink& sink) {
    const std::string name = eventName(event, index);
    const std::string_view message = json::view(event, "message");
    if (message.empty()) return sink.onReject(envelope, name + ": no message");
    element parsed;
    if (auto err = messageParser_.parse(message.data(), message.size(), true).get(parsed))
        return sink.onReject(envelope, name + ": the message is not JSON (" + simdjson::error_message(err) + ")");
    std::string why;
    JsonFormatReader* inner = innerFor(parsed, why);
    if (!inner) return sink.onReject(envelope, name + ": " + why);
    std::string id = json::str(event, "id");
    if (id.empty()) id = json::str(event, "eventId");
    EventSink adapter(sink, envelope, message, inner->id(), name, id);
    inner->read(parsed, RawRecord{message, envelope.offset, envelope.line}, adapter);
}

JsonFormatReader* CloudWatchLogsReader::innerFor(element message, std::string& why) {
    if (inner_) return inner_.get();
    for (auto& candidate : makeAllReaders()) {
        if (candidate->kind() != Kind::Json || candidate->id() == id()) continue;
        auto* json = static_cast<JsonFormatReader*>(candidate.get());
        if (!json->matches(message)) continue;
        if (Status s = json->begin(settings_); !s) {
            why = "the message looks like " + std::string(json->id()) + ", whose reader refused: " + s.error().message;
            return nullptr;
        }
        candidate.release();
        inner_.reset(json);
        return inner_.get();
    }
    why = "the message is not a log format Siphon reads";
    return nullptr;
}

} // namespace siphon::ingest
