#pragma once
// One reader per log format, behind one of two interfaces: JSON records (after the framer has
// split NDJSON lines / arrays and unwrapped envelopes such as Records, records, data, result,
// detail) or CSV rows (after the CSV framer has split RFC 4180 rows and read the header).
// Readers are created fresh for each input file and used from one thread.
#include "ingest/record.h"
#include "util/result.h"

#include <simdjson.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace siphon::ingest {

struct ImportSettings {
    std::string orgIdHint;     // org for sources whose payload lacks it (OpenAI/Anthropic usage)
    std::string mappingPath;   // JSON column mapping for the generic readers
};

class FormatReader {
public:
    enum class Kind { Json, Csv };
    virtual ~FormatReader() = default;
    virtual Kind kind() const = 0;
    virtual std::string_view id() const = 0;          // e.g. "bedrock_invocation"
    virtual std::string_view title() const = 0;       // e.g. "AWS Bedrock model-invocation log"
    virtual std::string_view recognisedBy() const = 0; // one line for `siphon-cli formats`
    // True when one record carries several log events (a CloudWatch delivery): it then ends in one
    // outcome per event (at least one) instead of exactly one.
    virtual bool carriesEvents() const { return false; }
};

class JsonFormatReader : public FormatReader {
public:
    Kind kind() const override { return Kind::Json; }
    // True when the first unwrapped record looks like this format.
    virtual bool matches(simdjson::dom::element first) const = 0;
    // Called once before the first record; a failure aborts the file (e.g. a bad mapping file).
    virtual Status begin(const ImportSettings&) { return {}; }
    // Emits exactly one outcome per record (or several buckets) into sink; never throws.
    virtual void read(simdjson::dom::element record, const RawRecord& raw, RecordSink& sink) = 0;
};

class CsvFormatReader : public FormatReader {
public:
    Kind kind() const override { return Kind::Csv; }
    virtual bool matches(const std::vector<std::string>& header) const = 0;
    // Binds column positions; a failure (missing required columns) aborts the file.
    virtual Status begin(const std::vector<std::string>& header, const ImportSettings&) = 0;
    // fields.size() == header.size() is guaranteed by the framer (other rows are rejected there).
    virtual void read(const std::vector<std::string_view>& fields, const RawRecord& raw, RecordSink& sink) = 0;
};

// All readers, in sniffing priority order (first match wins); fresh instances.
std::vector<std::unique_ptr<FormatReader>> makeAllReaders();
std::unique_ptr<FormatReader> makeReader(std::string_view id);

} // namespace siphon::ingest
