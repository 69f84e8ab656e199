#pragma once
// A small case whose logs were written by an attacker who knows Siphon: HTML and script in
// prompts, responses, account ids and user agents; spreadsheet formula prefixes; bidi overrides
// and zero-width characters; NUL bytes; a 10 MB prompt; invalid UTF-8; ids that look like paths;
// terminal escape sequences. Written as generic JSON lines (escaped characters) and generic CSV
// (raw bytes), imported, analysed and tagged through the CLI. Shared by the CLI and UI suites.
#include "evidence_cli_util.h"

#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

namespace siphon::test::hostile {

inline const std::string kScript = "<script>alert(1)</script>";
inline const std::string kImg = "<img src=x onerror=alert(1)>";
inline const std::string kFormula = "=cmd|' /C calc'!A0";
inline const std::string kRlo = "\xE2\x80\xAE";    // U+202E RIGHT-TO-LEFT OVERRIDE
inline const std::string kZwsp = "\xE2\x80\x8B";   // U+200B ZERO WIDTH SPACE
inline const std::string kEsc = "\x1B]0;pwned\x07\x1B[2J";   // sets the terminal title, clears the screen

// Account ids (all tagged): each hostile class in the one field that reaches file names,
// tables, tooltips and reports.
inline const std::string kAcctScript = "acct-" + kScript;
inline const std::string kAcctFormula = kFormula;
inline const std::string kAcctBidi = "evil" + kRlo + "txt.exe" + kZwsp;
inline const std::string kAcctPath = "../../x";
inline const std::string kAcctAbs = "/etc/passwd";   // from the CSV file

struct Line {
    std::string requestId;
    std::string bytes;   // the record exactly as written, without its line terminator
};

struct HostileCase {
    std::string casePath;
    std::vector<Line> lines;   // every record of both files
    // Records of the untagged account (the one with invalid UTF-8 in its id): not exported.
    static bool tagged(const Line& l) { return l.requestId.rfind("c-utf8-", 0) != 0; }
};

inline std::string jsonString(const std::string& s) {
    std::string out = "\"";
    for (unsigned char c : s) {
        if (c == '"' || c == '\\') {
            out += '\\';
            out += static_cast<char>(c);
        } else if (c < 0x20) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\u%04x", c);
            out += buf;
        } else out += static_cast<char>(c);
    }
    return out + "\"";
}

inline std::string jsonLine(const std::string& ts, const std::string& account, const std::string& ua, const std::string& rid,
                            const std::string& prompt, const std::string& response) {
    return "{\"timestamp\":\"" + ts + "\",\"account_id\":" + jsonString(account) + ",\"user_agent\":" + jsonString(ua) +
           ",\"model\":\"gpt-4o\",\"input_tokens\":120,\"output_tokens\":900,\"request_id\":\"" + rid +
           "\",\"prompt\":" + jsonString(prompt) + ",\"response\":" + jsonString(response) + "}";
}

// Builds the case in dir/work (files) and returns it; every CLI call runs with cwd deep inside
// dir so a relative path such as ../../x would land in dir where a test can see it.
inline HostileCase buildHostileCase(const TempDir& dir) {
    HostileCase hc;
    const std::string work = dir.file("work");
    std::filesystem::create_directories(work + "/a/b");
    std::filesystem::create_directories(dir.file("tmp"));
    hc.casePath = work + "/hostile.siphon";

    std::vector<std::string> json;
    auto addJson = [&](const std::string& ts, const std::string& acct, const std::string& ua, const std::string& rid,
                       const std::string& prompt, const std::string& response) {
        json.push_back(jsonLine(ts, acct, ua, rid, prompt, response));
        hc.lines.push_back({rid, json.back()});
    };
    // Several requests per account so analysis has something to score.
    for (int i = 0; i < 6; ++i) {
        const std::string n = std::to_string(i);
        const std::string ts = "2026-02-03T1" + std::to_string(i) + ":07:21Z";
        addJson(ts, kAcctScript, kImg, "h-script-" + n, kScript + " step by step " + n, "<img onerror=alert(2) src=x> " + kScript);
        addJson(ts, kAcctFormula, "@SUM(A1)", "h-formula-" + n, "+SUM(1)" + n, "-2+3 " + kFormula);
        addJson(ts, kAcctBidi, "\tTAB-agent", "h-bidi-" + n, "zero" + kZwsp + "width " + kRlo + "reversed", "\rCR " + kEsc);
        addJson(ts, kAcctPath, "../../../etc/shadow", "h-path-" + n, std::string("nul\0byte", 8) + " prompt", "ok");
    }
    // One 10 MB prompt (well under the 64 MiB record cap).
    std::string big = kScript;
    while (big.size() < 10u * 1000 * 1000) big += "The quick brown fox " + kFormula + " " + kRlo + " ";
    addJson("2026-02-03T17:00:00Z", kAcctScript, kImg, "h-big", big, "fine");
    std::string jsonl;
    for (const auto& l : json) jsonl += l + "\n";
    writeFile(work + "/hostile.jsonl", jsonl);

    // CSV keeps raw bytes: NUL, invalid UTF-8 (in an untagged account id too), a lone surrogate
    // and an overlong form (invalid although every byte looks like UTF-8), CR LF inside quotes.
    const std::string header = "timestamp,account_id,user_agent,input_tokens,output_tokens,request_id,prompt,response";
    std::string csv = header + "\n";
    auto addCsv = [&](const std::string& rid, const std::string& row) {
        csv += row + "\n";
        hc.lines.push_back({rid, row});
    };
    for (int i = 0; i < 4; ++i) {
        const std::string n = std::to_string(i);
        const std::string ts = "2026-02-04T1" + n + ":00:00Z";
        addCsv("c-abs-" + n, ts + "," + kAcctAbs + ",\"=HYPERLINK(\"\"http://evil/\"\")\",10,800,c-abs-" + n +
                                 ",\"@evil\r\nprompt\"," + std::string("raw\0nul", 7));
        addCsv("c-utf8-" + n, ts + ",bad\xFF\xFEutf8,ua\xC3(,10,800,c-utf8-" + n + ",prompt \xC0\x80 overlong,\xFF\xFE");
        addCsv("c-surr-" + n, ts + "," + kAcctAbs + ",curl/8,10,800,c-surr-" + n +
                                  ",\xED\xA0\x80 lone surrogate,\xE0\x80\xAF overlong slash");
    }
    writeFile(work + "/hostile.csv", csv);

    const std::string cli = cliPath();
    const std::string cwd = work + "/a/b";
    auto run = [&](std::vector<std::string> args) {
        args.insert(args.begin(), {"TMPDIR=" + dir.file("tmp"), cli});
        auto r = runTool("env", args, cwd);
        INFO(args[2] << ": " << r.out << r.err);
        REQUIRE(r.exitCode == 0);
        return r;
    };
    run({"import", hc.casePath, work + "/hostile.jsonl", "--format", "generic_jsonl"});
    run({"import", hc.casePath, work + "/hostile.csv", "--format", "generic_csv"});
    run({"analyze", hc.casePath});
    for (const std::string& acct : {kAcctScript, kAcctFormula, kAcctBidi, kAcctPath, kAcctAbs})
        run({"tag", hc.casePath, "--entity", acct, "--label", "suspected", "--note", kScript + " " + kFormula + " " + kRlo,
             "--by", "Ann " + kImg});
    return hc;
}

} // namespace siphon::test::hostile
