#pragma once
// Byte-exact spans inside JSON text, so each record keeps its original bytes and offset even
// when it sits inside an envelope ({"Records":[...]}, arrays of pages). A small scanner that
// tracks strings and nesting; it does not validate (simdjson does that on each span).
#include <cstddef>
#include <optional>
#include <string_view>
#include <vector>

namespace siphon::ingest::jsonspan {

struct Span {
    size_t begin = 0;
    size_t end = 0;   // exclusive
};

constexpr size_t npos = static_cast<size_t>(-1);

size_t skipWhitespace(std::string_view text, size_t pos);

// End (exclusive) of the value starting at the first non-space byte at or after pos;
// npos when the text ends before the value does.
size_t valueEnd(std::string_view text, size_t pos);

// Element spans of the array whose '[' is at pos. Empty result for "[]" or malformed input.
std::vector<Span> arrayElements(std::string_view text, size_t pos);

// Span of the value of a top-level member `key` of the object whose '{' is at pos.
std::optional<Span> objectMember(std::string_view text, size_t pos, std::string_view key);

} // namespace siphon::ingest::jsonspan
