#include "text_free_csv.h"

#include "test_paths.h"

#include <catch2/catch.hpp>

#include <algorithm>

namespace siphon::test {

namespace {

using CsvRow = std::vector<std::string>;

// RFC 4180: quoted fields may hold commas, doubled quotes and newlines.
std::vector<CsvRow> parseCsv(const std::string& text) {
    std::vector<CsvRow> rows(1);
    std::string field;
    bool quoted = false;
    for (size_t i = 0; i < text.size(); ++i) {
        const char ch = text[i];
        if (quoted) {
            if (ch != '"')
                field += ch;
            else if (i + 1 < text.size() && text[i + 1] == '"')
                field += text[++i];
            else
                quoted = false;
        } else if (ch == '"') {
            quoted = true;
        } else if (ch == ',') {
            rows.back().push_back(std::exchange(field, {}));
        } else if (ch == '\n') {
            rows.back().push_back(std::exchange(field, {}));
            rows.emplace_back();
        } else if (ch != '\r') {
            field += ch;
        }
    }
    if (!rows.back().empty() || !field.empty()) rows.back().push_back(field);
    if (rows.back().empty()) rows.pop_back();
    return rows;
}

std::string csvLine(const CsvRow& row) {
    std::string out;
    for (size_t i = 0; i < row.size(); ++i) {
        if (i) out += ',';
        if (row[i].find_first_of(",\"\n\r") == std::string::npos) {
            out += row[i];
            continue;
        }
        out += '"';
        for (char ch : row[i]) out += ch == '"' ? std::string("\"\"") : std::string(1, ch);
        out += '"';
    }
    return out + "\n";
}

std::string rewritten(const std::string& text, const std::set<std::string>& accounts) {
    const auto rows = parseCsv(text);
    REQUIRE(!rows.empty());
    const CsvRow& header = rows[0];
    const auto account = std::find(header.begin(), header.end(), "account_id") - header.begin();
    REQUIRE(account < static_cast<std::ptrdiff_t>(header.size()));
    std::string out;
    for (size_t r = 0; r < rows.size(); ++r) {
        if (rows[r].size() != header.size())
            FAIL("row " << r << " has " << rows[r].size() << " fields, the header " << header.size());
        if (r > 0 && !accounts.empty() && !accounts.count(rows[r][static_cast<size_t>(account)])) continue;
        CsvRow kept;
        for (size_t c = 0; c < header.size(); ++c)
            if (header[c] != "prompt" && header[c] != "response") kept.push_back(rows[r][c]);
        out += csvLine(kept);
    }
    return out;
}

} // namespace

std::vector<std::string> textFreeCopies(const std::vector<std::string>& csvFiles, const std::string& outDir,
                                        const std::set<std::string>& accounts) {
    std::vector<std::string> out;
    for (const auto& path : csvFiles) {
        const std::string copy = outDir + "/" + path.substr(path.find_last_of('/') + 1);
        writeFile(copy, rewritten(readFile(path), accounts));
        out.push_back(copy);
    }
    return out;
}

} // namespace siphon::test
