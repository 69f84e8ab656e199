// Reasons quote prompt words and client strings; prompts are adversary-written. Whatever bytes
// they hold (CJK, emoji, right-to-left text, invalid sequences), `accounts --format csv` must
// decode as strict UTF-8 (Python's csv module, pandas).
#include "test_paths.h"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <string>

using siphon::test::readFile;
using siphon::test::runCli;
using siphon::test::TempDir;
using siphon::test::writeFile;

namespace {

std::string two(int v) { return (v < 10 ? "0" : "") + std::to_string(v); }

// One generic CSV row; the prompt is quoted (it holds commas and quotes escaped by doubling).
std::string csvRow(int day, int hour, int minute, const std::string& account, const std::string& ip,
                   const std::string& ua, int in, int out, const std::string& prompt) {
    std::string q;
    for (char c : prompt) q += c == '"' ? std::string("\"\"") : std::string(1, c);
    return "2026-01-" + two(5 + day) + "T" + two(hour) + ":" + two(minute) + ":00Z," + account + ",proj_" + account +
           ",key_" + account + ",user_" + account + "," + ip + ",\"" + ua + "\",gpt-4o,/v1/chat/completions," +
           std::to_string(in) + "," + std::to_string(out) + ",0,200,900,req_" + account + "_" + std::to_string(day) + "_" +
           std::to_string(hour) + "_" + std::to_string(minute) + ",\"" + q + "\",\"ok\"\n";
}

} // namespace

TEST_CASE("accounts CSV decodes as strict UTF-8 whatever the prompts hold", "[cli][analysis][utf8]") {
    TempDir dir;
    // Words made to be cut at the 24-byte quote limit in the middle of a character.
    const std::vector<std::string> hostile = {
        "bedroom\xE3\x81\xAB\xE3\x81\xA4\xE3\x81\x84\xE3\x81\xA6\xE7\xB0\xA1\xE5\x8D\x98\xE3\x81\xAA",   // bedroomについて簡単な
        "x\xF0\x9F\x98\x80\xF0\x9F\x91\x8D\xF0\x9F\x8F\xBD\xF0\x9F\x98\x80\xF0\x9F\x98\x80\xF0\x9F\x98\x80",   // x😀👍🏽😀😀😀
        "q\xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D\xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D\xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D",   // qשלוםשלוםשלום
        "a\xD9\x85\xD8\xB1\xD8\xAD\xD8\xA8\xD8\xA7\xD9\x85\xD8\xB1\xD8\xAD\xD8\xA8\xD8\xA7\xD9\x85\xD8\xB1",   // aمرحبامرحبامر
    };
    std::string csv = "timestamp,account_id,project_id,api_key_id,user_id,source_ip,user_agent,model,endpoint,input_tokens,"
                      "output_tokens,cached_tokens,status,latency_ms,request_id,prompt,response\n";
    // An account like its peers in every way but one: its prompts vary only in hostile words...
    for (int d = 0; d < 6; ++d)
        for (int k = 0; k < 6; ++k) {
            const auto w = [&](int i) { return hostile[static_cast<size_t>(i % 4)]; };
            csv += csvRow(d, 9 + k, 7, "111111111111", "203.0.113.9", "harvest/\xE6\xBC\xA2\xE5\xAD\x97", 600, 300,
                          w(d + k) + " " + w(d * 3 + k + 1));
        }
    // ...and broad human accounts at office hours.
    for (int a = 0; a < 12; ++a)
        for (int d = 0; d < 6; ++d)
            for (int k = 0; k < 6; ++k) {
                std::string prompt;
                for (int j = 0; j < 6; ++j) prompt += "topic" + std::string(1, static_cast<char>('a' + (a * 7 + d * 3 + k + j * 5) % 26)) +
                                                      std::string(1, static_cast<char>('a' + (j + k * 3 + a) % 26)) + "word ";
                csv += csvRow(d, 9 + k, 11 + a, "2222222222" + two(a), "198.51.100." + std::to_string(10 + a),
                              "OpenAI/Python 1.61.0", 600, 300, prompt);
            }
    // A row with invalid UTF-8 in its prompt: rejected by the import with a reason, not a crash.
    csv += csvRow(5, 23, 59, "111111111111", "203.0.113.9", "harvest/x", 150, 3000, "bad \xE5\x8D bytes \xFF");
    const std::string input = dir.file("hostile.csv"), c = dir.file("case.siphon");
    writeFile(input, csv);
    const auto imp = runCli({"import", c, input});
    INFO(imp.out << imp.err);
    REQUIRE(imp.exitCode <= 1);
    REQUIRE(runCli({"analyze", c, "--quiet"}).exitCode == 0);
    const auto acc = runCli({"accounts", c, "--format", "csv"});
    REQUIRE(acc.exitCode == 0);
    const std::string out = dir.file("accounts.csv");
    writeFile(out, acc.out);
    // The reasons do quote the hostile words (else this test would prove nothing).
    INFO(acc.out);
    const bool quoted = acc.out.find("bedroom\xE3\x81\xAB") != std::string::npos ||
                        acc.out.find("x\xF0\x9F\x98\x80") != std::string::npos ||
                        acc.out.find("q\xD7\xA9") != std::string::npos || acc.out.find("a\xD9\x85") != std::string::npos;
    CHECK(quoted);
    const std::string py = "python3 -c \"import csv,sys; rows=list(csv.reader(open(sys.argv[1], encoding='utf-8', "
                           "errors='strict', newline=''))); sys.exit(0 if len(rows) > 10 else 3)\" '" + out + "'";
    CHECK(std::system(py.c_str()) == 0);
}
