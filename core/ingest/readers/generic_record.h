#pragma once
// The field logic shared by the generic CSV and JSON-lines readers: one value (text) per
// normalised Field -> a RequestRecord, or a reject naming the field that is present but invalid.
#include "ingest/readers/column_mapping.h"
#include "ingest/record.h"

#include <array>
#include <string_view>

namespace siphon::ingest {

using FieldValues = std::array<std::string_view, kFieldCount>;   // "" = absent

// Emits exactly one onRequest or onReject. "missing timestamp" when the timestamp is empty.
void readGenericRecord(const FieldValues& values, const RawRecord& raw, RecordSink& sink);

} // namespace siphon::ingest
