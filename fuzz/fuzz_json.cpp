// libFuzzer target: the JSON framer (NDJSON, arrays, documents, envelopes) and every JSON reader.
// Each framed record goes to every reader (fresh per input, as per file in an import), plus the
// generic reader with the fixture column mapping, and each must emit exactly one outcome.
#include "fuzz_common.h"

#include "ingest/byte_source.h"
#include "ingest/format_reader.h"
#include "ingest/input_buffer.h"
#include "ingest/json_framer.h"

#include <memory>
#include <vector>

using namespace siphon;

namespace {

constexpr size_t kMaxRecordBytes = 1 << 20;   // small cap so the over-long path is reachable

struct NamedReader {
    std::unique_ptr<ingest::JsonFormatReader> reader;
    std::string id;
};

std::vector<NamedReader> jsonReaders() {
    std::vector<NamedReader> out;
    auto add = [&](std::unique_ptr<ingest::FormatReader> r, const ingest::ImportSettings& settings, std::string id) {
        if (!r || r->kind() != ingest::FormatReader::Kind::Json) return;
        auto* j = static_cast<ingest::JsonFormatReader*>(r.release());
        std::unique_ptr<ingest::JsonFormatReader> owned(j);
        if (!owned->begin(settings)) return;
        out.push_back({std::move(owned), std::move(id)});
    };
    ingest::ImportSettings plain;
    plain.orgIdHint = "org-fuzz";
    for (auto& r : ingest::makeAllReaders()) {
        std::string id(r->id());
        add(std::move(r), plain, id);
    }
    ingest::ImportSettings mapped;
    mapped.mappingPath = SIPHON_FUZZ_MAPPING;
    add(ingest::makeReader("generic_jsonl"), mapped, "generic_jsonl+mapping");
    return out;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string path = fuzz::writeInput(data, size, ".json");
    auto src = ingest::ByteSource::open(path);
    if (!src) return 0;
    ingest::InputBuffer in(**src, kMaxRecordBytes);
    auto readers = jsonReaders();
    fuzz::CheckingSink sink;
    int64_t framed = 0, framerRejects = 0;
    ingest::JsonFramer framer(
        in,
        [&](const ingest::RawRecord& raw, simdjson::dom::element el) {
            ++framed;
            if (raw.bytes.empty()) fuzz::contractBreach("framer emitted an empty record");
            for (auto& r : readers) {
                (void)r.reader->matches(el);
                sink.begin();
                r.reader->read(el, raw, sink);
                sink.end(r.id.c_str(), r.reader->carriesEvents());
            }
            return true;
        },
        [&](const ingest::RawRecord&, std::string reason) {
            ++framerRejects;
            if (reason.empty()) fuzz::contractBreach("framer reject without a reason");
        });
    if (!framer.run()) fuzz::contractBreach("framer stopped although no callback asked it to");
    return 0;
}
