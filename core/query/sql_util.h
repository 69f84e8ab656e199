#pragma once
// Small helpers shared by the query services. Only placeholders and allow-listed identifiers
// are ever put into SQL text; values are bound.
#include "store/database.h"

#include <string>

namespace siphon::query::detail {

// "?,?,?" with n placeholders (n >= 1).
inline std::string placeholders(size_t n) {
    std::string s;
    s.reserve(n * 2);
    for (size_t i = 0; i < n; ++i) s += (i ? ",?" : "?");
    return s;
}

// Ids per IN (...) statement; well under SQLite's default parameter limit.
constexpr size_t kMaxInList = 400;

} // namespace siphon::query::detail
