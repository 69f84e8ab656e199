#pragma once
// Column mapping for the generic CSV / JSON-lines readers: which source column (or JSON key path,
// dotted) feeds each normalised field. Obvious names are recognised without a mapping file;
// a mapping file ({"columns": {"timestamp": "When", ...}}) overrides or adds to them.
#include "util/result.h"

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace siphon::ingest {

enum class Field {
    Timestamp, TimestampEnd, LatencyMs, Account, Project, ApiKey, ApiKeyLabel, User, EndUser, SourceIp, UserAgent,
    Region, Provider, Model, Endpoint, RequestId, InputTokens, OutputTokens, CachedTokens, ReasoningTokens, Status,
    Error, CostUsd, Prompt, Response, Count_
};
constexpr size_t kFieldCount = static_cast<size_t>(Field::Count_);

std::string_view fieldName(Field f);   // canonical name used in mapping files

class ColumnMapping {
public:
    // Source column/key for each field, empty when unmapped.
    std::array<std::string, kFieldCount> source;

    // Recognises obvious column names among `columns` (case-insensitive). Dotted names (nested
    // JSON keys, "usage.prompt_tokens") also match on their last segment for specific aliases.
    static ColumnMapping guess(const std::vector<std::string>& columns);
    // Loads a mapping file; fields it names override the guess.
    static Result<ColumnMapping> load(const std::string& path);
    void overrideWith(const ColumnMapping& other);

    const std::string& operator[](Field f) const { return source[static_cast<size_t>(f)]; }
    bool has(Field f) const { return !source[static_cast<size_t>(f)].empty(); }
    // Enough to make a request row: a timestamp and at least one entity or token column.
    bool usable() const;
};

} // namespace siphon::ingest
