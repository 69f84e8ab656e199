// Hostile bytes in the evidence writers: a raw record is exported as text only when it is
// strictly valid UTF-8 (otherwise base64), so that it survives the round trip byte for byte.
#include "evidence/bundle_files.h"
#include "evidence/csv_safe.h"

#include <QString>

#include <catch2/catch.hpp>

using namespace siphon::evidence;

namespace {

// What the JSON writer does with a "raw" string: it must give back the same bytes.
bool roundTrips(const std::string& s) {
    return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size())).toUtf8().toStdString() == s;
}

} // namespace

TEST_CASE("isValidUtf8 accepts only what survives a round trip through QString", "[evidence][hostile]") {
    const std::string valid[] = {
        "plain", std::string("nul\0inside", 10), "\xC2\x80", "\xE0\xA0\x80", "\xED\x9F\xBF", "\xEE\x80\x80",
        "\xF0\x90\x80\x80", "\xF4\x8F\xBF\xBF", "\xE2\x80\xAE\xE2\x80\x8B",
    };
    for (const auto& s : valid) {
        INFO(s);
        CHECK(isValidUtf8(s));
        CHECK(roundTrips(s));
    }
    const std::string invalid[] = {
        "\xC0\x80",           // overlong NUL
        "\xC1\xBF",           // overlong
        "\xE0\x80\xAF",       // overlong '/'
        "\xE0\x9F\xBF",       // overlong
        "\xED\xA0\x80",       // UTF-16 high surrogate
        "\xED\xBF\xBF",       // UTF-16 low surrogate
        "\xF0\x8F\xBF\xBF",   // overlong
        "\xF4\x90\x80\x80",   // past U+10FFFF
        "\xF5\x80\x80\x80", "\xFF", "\xFE\xFF", "\xC3", "\xE2\x80", "a\x80" "b",
    };
    for (const auto& s : invalid) {
        INFO(s);
        CHECK_FALSE(isValidUtf8(s));
        CHECK_FALSE(roundTrips(s));
    }
}

TEST_CASE("CSV cells keep NUL, bidi and invalid bytes but still neutralise the first character", "[evidence][csv][hostile]") {
    CHECK(csvCell(std::string("a\0b", 3)) == std::string("a\0b", 3));
    CHECK(csvCell("=\xFF\xFE") == "'=\xFF\xFE");
    CHECK(csvCell("@evil\r\nprompt") == "\"'@evil\r\nprompt\"");
    CHECK(csvCell("-") == "'-");
}
