#pragma once
// Generic JSON lines (or arrays of objects): keys found by obvious names, nested keys by dotted
// path ("usage.prompt_tokens", one level deep when guessing), or a mapping file (--mapping,
// {"columns": {"timestamp": "meta.when", ...}} with dotted paths of any depth).
// Sniffed last among JSON readers: matches only a record with a timestamp key and an entity or
// token key. Numbers are read as their JSON text; prompt/response values that are message arrays
// or objects are flattened to their text.
#include "ingest/format_reader.h"
#include "ingest/readers/column_mapping.h"

#include <array>

namespace siphon::ingest {

class GenericJsonlReader final : public JsonFormatReader {
public:
    std::string_view id() const override { return "generic_jsonl"; }
    std::string_view title() const override { return "Generic JSON lines (key mapping)"; }
    std::string_view recognisedBy() const override {
        return "JSON objects with a timestamp key (timestamp/time/ts/...) and an entity or token key "
               "(nested keys as dotted paths); other names via --mapping FILE.json";
    }
    bool matches(simdjson::dom::element first) const override;
    Status begin(const ImportSettings& settings) override;
    void read(simdjson::dom::element record, const RawRecord& raw, RecordSink& sink) override;

    // Top-level keys and "parent.child" paths one level down, as guess() candidates.
    static std::vector<std::string> keyPaths(simdjson::dom::element record);

private:
    bool guessed_ = false;            // mapping still to be guessed from the first record
    ColumnMapping mapping_;
    ColumnMapping fileMapping_;       // from --mapping; overrides the guess
    std::array<std::string, kFieldCount> storage_;   // text of non-string values, per record
};

} // namespace siphon::ingest
