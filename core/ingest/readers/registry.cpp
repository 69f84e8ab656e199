// The reader registry: sniffing priority order (first match wins), as in formats.md §8.
// Specific formats come before the generic readers, which accept any obvious column names.
#include "ingest/format_reader.h"
#include "ingest/readers/generic_csv_reader.h"

namespace siphon::ingest {

std::vector<std::unique_ptr<FormatReader>> makeAllReaders() {
    std::vector<std::unique_ptr<FormatReader>> all;
    all.push_back(std::make_unique<GenericCsvReader>());
    return all;
}

std::unique_ptr<FormatReader> makeReader(std::string_view id) {
    for (auto& r : makeAllReaders())
        if (r->id() == id) return std::move(r);
    return nullptr;
}

} // namespace siphon::ingest
