#include "ingest/readers/wrapped_message.h"

namespace siphon::ingest {

using simdjson::dom::element;

namespace {

// Hands the wrapped reader's outcomes on as outcomes of the outer record. Text the reader took as
// views into the message is copied: the message is not the stored record, the outer one is.
class MessageSink final : public RecordSink {
public:
    MessageSink(RecordSink& out, const RawRecord& outer, std::string_view message, std::string_view format,
                const std::string& eventName, const std::string& eventId)
        : out_(out), outer_(outer), message_(message), format_(format), eventName_(eventName), eventId_(eventId) {}

    void onRequest(RequestRecord&& r, const RawRecord&) override {
        if (!r.promptInRecord.empty()) r.prompt.assign(r.promptInRecord);
        if (!r.responseInRecord.empty()) r.response.assign(r.responseInRecord);
        r.promptInRecord = r.responseInRecord = {};
        if (r.recordKey.empty() && !eventId_.empty()) r.recordKey = "cloudwatch-event:" + eventId_;
        r.keyFormat = format_;
        r.contentBytes = message_;
        out_.onRequest(std::move(r), outer_);
    }
    void onBucket(BucketRecord&& b, const RawRecord&) override { out_.onBucket(std::move(b), outer_); }
    void onReject(const RawRecord&, std::string reason) override { out_.onReject(outer_, eventName_ + ": " + reason); }

private:
    RecordSink& out_;
    const RawRecord& outer_;
    std::string_view message_, format_;
    const std::string& eventName_;
    const std::string& eventId_;
};

} // namespace

void WrappedMessageReader::read(std::string_view message, const std::string& eventName, const std::string& eventId,
                                const RawRecord& outer, RecordSink& sink) {
    if (message.empty()) return sink.onReject(outer, eventName + ": no message");
    element parsed;
    if (auto err = parser_.parse(message.data(), message.size(), true).get(parsed))
        return sink.onReject(outer, eventName + ": the message is not JSON (" + simdjson::error_message(err) + ")");
    std::string why;
    JsonFormatReader* inner = innerFor(parsed, why);
    if (!inner) return sink.onReject(outer, eventName + ": " + why);
    MessageSink adapter(sink, outer, message, inner->id(), eventName, eventId);
    inner->read(parsed, RawRecord{message, outer.offset, outer.line}, adapter);
}

JsonFormatReader* WrappedMessageReader::innerFor(element message, std::string& why) {
    if (inner_) return inner_.get();
    for (auto& candidate : makeAllReaders()) {
        // A wrapper inside a wrapper is not a CloudWatch shape: only plain log formats are tried.
        if (candidate->kind() != FormatReader::Kind::Json || candidate->id().substr(0, 10) == "cloudwatch") continue;
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
