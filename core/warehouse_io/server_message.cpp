#include "warehouse_io/server_message.h"

#include "analysis/utf8_text.h"

namespace siphon::warehouse {

std::string serverMessage(std::string_view text, std::string_view password) {
    std::string line(text.substr(0, text.find('\n')));
    if (!password.empty())
        for (size_t at = line.find(password); at != std::string::npos; at = line.find(password, at + 3))
            line.replace(at, password.size(), "***");
    return analysis::quotedText(line, 400);
}

} // namespace siphon::warehouse
