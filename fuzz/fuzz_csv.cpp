// libFuzzer target: the RFC 4180 CSV framer and every CSV reader. The header goes to each
// reader's begin() (a refusal is a legal outcome); each data row then goes to every reader that
// accepted the header, and each must emit exactly one outcome.
#include "fuzz_common.h"

#include "ingest/byte_source.h"
#include "ingest/csv_framer.h"
#include "ingest/format_reader.h"
#include "ingest/input_buffer.h"

#include <memory>
#include <vector>

using namespace siphon;

namespace {

constexpr size_t kMaxRecordBytes = 1 << 20;

struct NamedReader {
    std::unique_ptr<ingest::CsvFormatReader> reader;
    std::string id;
};

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string path = fuzz::writeInput(data, size, ".csv");
    auto src = ingest::ByteSource::open(path);
    if (!src) return 0;
    ingest::InputBuffer in(**src, kMaxRecordBytes);
    ingest::CsvFramer framer(in);
    std::vector<std::string> header;
    if (!framer.readHeader(header)) return 0;

    std::vector<NamedReader> readers;
    ingest::ImportSettings plain;
    ingest::ImportSettings mapped;
    mapped.mappingPath = SIPHON_FUZZ_MAPPING;
    auto add = [&](std::unique_ptr<ingest::FormatReader> r, const ingest::ImportSettings& settings, std::string id) {
        if (!r || r->kind() != ingest::FormatReader::Kind::Csv) return;
        std::unique_ptr<ingest::CsvFormatReader> owned(static_cast<ingest::CsvFormatReader*>(r.release()));
        (void)owned->matches(header);
        if (!owned->begin(header, settings)) return;
        readers.push_back({std::move(owned), std::move(id)});
    };
    for (auto& r : ingest::makeAllReaders()) {
        std::string id(r->id());
        add(std::move(r), plain, id);
    }
    add(ingest::makeReader("generic_csv"), mapped, "generic_csv+mapping");

    fuzz::CheckingSink sink;
    framer.run(
        [&](const std::vector<std::string_view>& fields, const ingest::RawRecord& raw) {
            if (fields.size() != header.size()) fuzz::contractBreach("row width differs from the header");
            for (auto& r : readers) {
                sink.begin();
                r.reader->read(fields, raw, sink);
                sink.end(r.id.c_str(), r.reader->carriesEvents());
            }
            return true;
        },
        [&](const ingest::RawRecord&, std::string reason) {
            if (reason.empty()) fuzz::contractBreach("framer reject without a reason");
        });
    return 0;
}
