#include "ingest/json_framer.h"

#include "ingest/cloudwatch_export_line.h"
#include "ingest/json_span.h"

#include <algorithm>

namespace siphon::ingest {

namespace {

constexpr int kMaxDepth = 4;

int64_t countNewlines(std::string_view text, size_t end, char lineEnd) {
    return std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(end), lineEnd);
}

std::string parseErrorReason(simdjson::error_code code) {
    if (code == simdjson::UTF8_ERROR) return "invalid UTF-8 in JSON record";
    return std::string("malformed JSON: ") + simdjson::error_message(code);
}

bool hasKey(simdjson::dom::object obj, std::string_view key) { return !obj.at_key(key).error(); }

// Stray delimiters where a value should start (",", "]" or "}"; valueEnd gives them length 0):
// the run of them is one rejected record, so the framer always moves forward (found by fuzzing:
// a stray "}" after a document looped forever).
size_t strayDelimiters(std::string_view w) {
    size_t n = 0;
    while (n < w.size() && (w[n] == ',' || w[n] == ']' || w[n] == '}')) ++n;
    return n;
}

} // namespace

JsonFramer::JsonFramer(InputBuffer& input, RecordFn onRecord, RejectFn onReject)
    : in_(input), onRecord_(std::move(onRecord)), onReject_(std::move(onReject)) {
    for (int i = 0; i <= kMaxDepth; ++i) parsers_.push_back(std::make_unique<simdjson::dom::parser>());
}

JsonFramer::~JsonFramer() = default;

void JsonFramer::noteWrapper(const std::string& name) {
    if (std::find(wrappers_.begin(), wrappers_.end(), name) == wrappers_.end()) wrappers_.push_back(name);
}

bool JsonFramer::run() {
    // Skip a BOM and leading whitespace to find the layout.
    in_.ensure(4);
    std::string_view w = in_.window();
    if (w.substr(0, 3) == "\xEF\xBB\xBF") in_.consume(3);
    while (true) {
        w = in_.window();
        const size_t p = jsonspan::skipWhitespace(w, 0);
        if (p < w.size()) {
            in_.consume(p);
            break;
        }
        in_.consume(w.size());
        if (!in_.readMore()) return true;
    }
    if (in_.window().front() == '[') {
        layout_ = "array";
        return runArray();
    }
    if (cloudWatchExportPrefix(in_.window()) > 0) {
        layout_ = "cloudwatch-export";
        return runLines(true);
    }
    while (true) {
        w = in_.window();
        const size_t nl = w.find(in_.lineEnd());
        if (nl == std::string_view::npos && !in_.eof() && w.size() <= in_.maxRecordBytes() && in_.readMore()) continue;
        return runLayoutOf(w.substr(0, nl), nl == std::string_view::npos);
    }
}

// A first value that ends on its first line means NDJSON, unless another starts right after it on
// that line ("}{", as Firehose writes CloudWatch deliveries); otherwise pretty-printed documents.
bool JsonFramer::runLayoutOf(std::string_view firstLine, bool noLineEnd) {
    const size_t end = jsonspan::valueEnd(firstLine, 0);
    const size_t next = end == jsonspan::npos ? end : jsonspan::skipWhitespace(firstLine, end);
    if (next < firstLine.size() && firstLine[next] == '{') {
        layout_ = "concatenated";
        return runDocuments();
    }
    if (end != jsonspan::npos || noLineEnd || firstLine.size() > in_.maxRecordBytes()) {
        layout_ = "ndjson";
        return runLines();
    }
    layout_ = "document";
    return runDocuments();
}

bool JsonFramer::runLines(bool timePrefixed) {
    std::string_view line;
    int64_t offset = 0, lineNo = 0;
    bool tooLong = false;
    while (in_.nextLine(line, offset, lineNo, tooLong)) {
        if (tooLong) {
            onReject_({line, offset, lineNo}, "line of " + std::to_string(in_.tooLongBytes()) +
                                                  " bytes is longer than the record limit of " +
                                                  std::to_string(in_.maxRecordBytes()) + " bytes (its first " +
                                                  std::to_string(line.size()) + " bytes are kept)");
            continue;
        }
        const size_t prefix = timePrefixed ? cloudWatchExportPrefix(line) : 0;
        const size_t start = prefix > 0 ? prefix : jsonspan::skipWhitespace(line, 0);
        if (start == line.size()) continue;   // blank line: not a record
        size_t end = line.size();
        while (end > start && (line[end - 1] == ' ' || line[end - 1] == '\t')) --end;
        const std::string_view text = line.substr(start, end - start);
        if (!emitValue(text, offset + static_cast<int64_t>(start), lineNo, 0)) return false;
    }
    if (in_.error()) {
        // Input ended in damage; whatever partial line was buffered has been handed out above.
        return true;
    }
    return true;
}

bool JsonFramer::runArray() {
    in_.consume(1);   // '['
    while (true) {
        in_.ensure(1);
        std::string_view w = in_.window();
        size_t p = jsonspan::skipWhitespace(w, 0);
        if (p < w.size() && w[p] == ',') p = jsonspan::skipWhitespace(w, p + 1);
        if (p >= w.size()) {
            in_.consume(p);
            if (!in_.readMore()) return true;
            continue;
        }
        if (w[p] == ']') {
            in_.consume(p + 1);
            return true;
        }
        in_.consume(p);
        size_t end;
        while ((end = jsonspan::valueEnd(in_.window(), 0)) == jsonspan::npos) {
            if (in_.window().size() > in_.maxRecordBytes()) break;
            if (!in_.readMore()) break;
        }
        w = in_.window();
        const RawRecord here{w, in_.offset(), in_.line()};
        if (end == jsonspan::npos) {
            const std::string_view head = w.substr(0, std::min(w.size(), in_.maxRecordBytes()));
            onReject_({head, here.offset, here.line},
                      in_.error() ? "record cut off by damaged input"
                      : w.size() > in_.maxRecordBytes() ? "record longer than " + std::to_string(in_.maxRecordBytes()) + " bytes"
                                                        : "unterminated JSON value at end of input");
            return true;   // cannot resynchronise inside an array
        }
        if (end == 0) {   // a stray "," or "}" inside the array: one byte, so a "]" still closes it
            onReject_({w.substr(0, 1), here.offset, here.line}, "unexpected delimiter where a JSON value should start");
            in_.consume(1);
            continue;
        }
        if (!emitValue(w.substr(0, end), here.offset, here.line, 0)) return false;
        in_.consume(end);
    }
}

bool JsonFramer::runDocuments() {
    while (true) {
        in_.ensure(1);
        std::string_view w = in_.window();
        const size_t p = jsonspan::skipWhitespace(w, 0);
        in_.consume(p);
        if (in_.window().empty()) {
            if (!in_.readMore()) return true;
            continue;
        }
        size_t end;
        while ((end = jsonspan::valueEnd(in_.window(), 0)) == jsonspan::npos) {
            if (in_.window().size() > in_.maxRecordBytes()) break;
            if (!in_.readMore()) break;
        }
        w = in_.window();
        if (end == jsonspan::npos) {
            const std::string_view head = w.substr(0, std::min(w.size(), in_.maxRecordBytes()));
            onReject_({head, in_.offset(), in_.line()},
                      in_.error() ? "record cut off by damaged input" : "unterminated JSON value at end of input");
            return true;
        }
        if (end == 0) {
            const size_t stray = strayDelimiters(w);
            onReject_({w.substr(0, stray), in_.offset(), in_.line()}, "unexpected delimiter where a JSON value should start");
            in_.consume(stray);
            continue;
        }
        if (!emitValue(w.substr(0, end), in_.offset(), in_.line(), 0)) return false;
        in_.consume(end);
    }
}

bool JsonFramer::emitValue(std::string_view text, int64_t offset, int64_t line, int depth) {
    simdjson::dom::parser& parser = *parsers_[static_cast<size_t>(depth)];
    simdjson::dom::element el;
    if (auto err = parser.parse(text.data(), text.size(), true).get(el)) {
        onReject_({text, offset, line}, parseErrorReason(err));
        return true;
    }
    if (depth >= kMaxDepth) return onRecord_({text, offset, line}, el);

    auto emitElements = [&](jsonspan::Span arraySpan, const char* name) -> bool {
        if (name) noteWrapper(name);
        const auto elements = jsonspan::arrayElements(text, arraySpan.begin);
        // Lines are counted on from the previous element: counted from the value's start for each
        // element, a 5,000-event CloudTrail document (5 MB) took 11 s, all of it counting.
        size_t counted = 0;
        int64_t elementLine = line;
        for (const auto& e : elements) {
            elementLine += countNewlines(text.substr(counted), e.begin - counted, in_.lineEnd());
            counted = e.begin;
            const std::string_view sub = text.substr(e.begin, e.end - e.begin);
            if (!emitValue(sub, offset + static_cast<int64_t>(e.begin), elementLine, depth + 1)) return false;
        }
        return true;
    };

    if (el.is_array()) return emitElements({0, text.size()}, nullptr);
    simdjson::dom::object obj;
    if (el.get_object().get(obj)) return onRecord_({text, offset, line}, el);

    for (const char* key : {"Records", "records"}) {
        simdjson::dom::array arr;
        if (!obj.at_key(key).get_array().get(arr)) {
            if (auto span = jsonspan::objectMember(text, 0, key)) return emitElements(*span, key);
        }
    }
    // Pages of paginated APIs: {"object":"page"|"list", "data":[...]} or {"data":[...], "has_more":...}.
    {
        simdjson::dom::array arr;
        if (!obj.at_key("data").get_array().get(arr) &&
            (hasKey(obj, "has_more") || hasKey(obj, "next_page") || hasKey(obj, "object"))) {
            if (auto span = jsonspan::objectMember(text, 0, "data")) return emitElements(*span, "data");
        }
    }
    // Cloudflare v4 envelope.
    {
        simdjson::dom::array arr;
        if (!obj.at_key("result").get_array().get(arr) && hasKey(obj, "success")) {
            if (auto span = jsonspan::objectMember(text, 0, "result")) return emitElements(*span, "result");
        }
    }
    // EventBridge.
    {
        simdjson::dom::object detail;
        if (hasKey(obj, "detail-type") && !obj.at_key("detail").get_object().get(detail)) {
            if (auto span = jsonspan::objectMember(text, 0, "detail")) {
                noteWrapper("detail");
                const std::string_view sub = text.substr(span->begin, span->end - span->begin);
                return emitValue(sub, offset + static_cast<int64_t>(span->begin),
                                 line + countNewlines(text, span->begin, in_.lineEnd()), depth + 1);
            }
        }
    }
    return onRecord_({text, offset, line}, el);
}

} // namespace siphon::ingest
