#pragma once
// A server's error text made safe to show: the first line, valid UTF-8, cut on a code-point
// boundary, the password (if it appears) replaced.
#include <string>
#include <string_view>

namespace siphon::warehouse {

std::string serverMessage(std::string_view text, std::string_view password);

} // namespace siphon::warehouse
