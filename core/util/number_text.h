#pragma once
// Whole numbers as people read them in messages: 25186 -> "25,186".
#include <cstdint>
#include <string>

namespace siphon::util {

inline std::string groupThousands(int64_t n) {
    std::string s = std::to_string(n);
    const int sign = n < 0 ? 1 : 0;
    for (int i = static_cast<int>(s.size()) - 3; i > sign; i -= 3) s.insert(static_cast<size_t>(i), ",");
    return s;
}

} // namespace siphon::util
