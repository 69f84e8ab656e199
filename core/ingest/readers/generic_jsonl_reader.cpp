#include "ingest/readers/generic_jsonl_reader.h"

#include "ingest/readers/generic_record.h"
#include "ingest/readers/json_access.h"
#include "ingest/readers/llm_text.h"

namespace siphon::ingest {

using simdjson::dom::element;

std::vector<std::string> GenericJsonlReader::keyPaths(element record) {
    std::vector<std::string> keys;
    simdjson::dom::object obj;
    if (record.get_object().get(obj)) return keys;
    for (auto [key, value] : obj) {
        keys.emplace_back(key);
        simdjson::dom::object child;
        if (value.get_object().get(child)) continue;
        for (auto [childKey, childValue] : child) {
            (void)childValue;
            keys.push_back(std::string(key) + "." + std::string(childKey));
        }
    }
    return keys;
}

bool GenericJsonlReader::matches(element first) const {
    return first.is_object() && ColumnMapping::guess(keyPaths(first)).usable();
}

Status GenericJsonlReader::begin(const ImportSettings& settings) {
    if (!settings.mappingPath.empty()) {
        auto loaded = ColumnMapping::load(settings.mappingPath);
        if (!loaded) return loaded.error();
        fileMapping_ = *loaded;
    }
    return {};
}

void GenericJsonlReader::read(element rec, const RawRecord& raw, RecordSink& sink) {
    if (!rec.is_object()) {
        sink.onReject(raw, "record is not a JSON object");
        return;
    }
    if (!guessed_) {
        // The first record's keys fix the mapping for the file, as a CSV header would.
        mapping_ = ColumnMapping::guess(keyPaths(rec));
        mapping_.overrideWith(fileMapping_);
        guessed_ = true;
    }
    FieldValues values{};
    for (size_t i = 0; i < kFieldCount; ++i) {
        const std::string& path = mapping_.source[i];
        if (path.empty()) continue;
        element v;
        // A literal key containing dots wins over the dotted walk.
        if (rec.get_object().at_key(path).get(v) && !json::at(rec, path, v)) continue;
        if (v.is_null()) continue;
        std::string_view s;
        if (!v.get_string().get(s)) {
            values[i] = s;
            continue;
        }
        const auto f = static_cast<Field>(i);
        std::string& text = storage_[i];
        text.clear();
        if (f == Field::Prompt && v.is_array()) llmtext::appendMessages(v, text);
        else if (f == Field::Prompt && v.is_object()) llmtext::appendPrompt(v, text);
        else if (f == Field::Response && (v.is_array() || v.is_object())) llmtext::appendResponse(v, text);
        else text = simdjson::minify(v);
        values[i] = text;
    }
    readGenericRecord(values, raw, sink);
}

} // namespace siphon::ingest
