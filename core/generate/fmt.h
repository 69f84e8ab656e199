#pragma once
// Fast text building for the writers: integers, ISO 8601 times, JSON strings, RFC 4180 fields and
// ids derived from an event (unique because they embed the event's sequence number).
#include <cstdint>
#include <string>
#include <string_view>

namespace siphon::generate::fmt {

void appendInt(std::string& out, int64_t v);
// digits: 0 (seconds), 3 (ms), 6 (µs) or 7 (Azure's 100 ns). sep 'T' or ' '; zulu appends 'Z'.
void appendTime(std::string& out, int64_t us, int digits, char sep = 'T', bool zulu = true);
// A JSON string literal with quotes; UTF-8 passes through, controls are escaped.
void appendJson(std::string& out, std::string_view s);
// A CSV field, quoted only when it must be (comma, quote, CR/LF, edge spaces).
void appendCsv(std::string& out, std::string_view s);
// 8-4-4-4-12 lower-case hex; the last group carries seq so ids never collide within a format.
std::string uuid(uint64_t seed, uint64_t seq, uint64_t salt);
std::string hexId(uint64_t seed, uint64_t seq, uint64_t salt, int hashDigits);

} // namespace siphon::generate::fmt
