#include "ingest/readers/generic_csv_reader.h"

#include "ingest/readers/generic_record.h"

#include <algorithm>

namespace siphon::ingest {

bool GenericCsvReader::matches(const std::vector<std::string>& header) const {
    return ColumnMapping::guess(header).usable();
}

Status GenericCsvReader::begin(const std::vector<std::string>& header, const ImportSettings& settings) {
    ColumnMapping mapping = ColumnMapping::guess(header);
    if (!settings.mappingPath.empty()) {
        auto loaded = ColumnMapping::load(settings.mappingPath);
        if (!loaded) return loaded.error();
        mapping.overrideWith(*loaded);
    }
    col_.fill(-1);
    for (size_t f = 0; f < kFieldCount; ++f) {
        const std::string& name = mapping.source[f];
        if (name.empty()) continue;
        auto it = std::find(header.begin(), header.end(), name);
        if (it == header.end())
            return makeError(ErrorCode::Format, "mapped column '" + name + "' for " +
                                                    std::string(fieldName(static_cast<Field>(f))) + " is not in the header");
        col_[f] = static_cast<int>(it - header.begin());
    }
    if (col_[static_cast<size_t>(Field::Timestamp)] < 0)
        return makeError(ErrorCode::Format, "no timestamp column (name one with --mapping)");
    return {};
}

void GenericCsvReader::read(const std::vector<std::string_view>& fields, const RawRecord& raw, RecordSink& sink) {
    FieldValues values{};
    for (size_t f = 0; f < kFieldCount; ++f)
        if (col_[f] >= 0) values[f] = fields[static_cast<size_t>(col_[f])];
    readGenericRecord(values, raw, sink);
}

} // namespace siphon::ingest
