#include "evidence/production/load_file.h"

#include <QList>
#include <QString>
#include <QStringView>

#include <array>
#include <cstdio>
#include <cstdlib>

namespace siphon::evidence::production {

namespace {

constexpr char32_t kQuote = 0x00FE;       // þ
constexpr char32_t kSeparator = 0x0014;   // ¶ in Concordance's terms
constexpr char32_t kNewline = 0x00AE;     // ®
const char* const kBom = "\xEF\xBB\xBF";

std::string codePointName(char32_t c) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "(U+%04X)", static_cast<unsigned>(c));
    return buf;
}

bool mustBeNamed(char32_t c) {
    if (c == kQuote || c == kSeparator || c == kNewline) return true;
    if (c < 0x20 || (c >= 0x7F && c < 0xA0)) return true;                 // C0, DEL, C1 controls
    return (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);   // bidirectional overrides
}

void appendUtf8(std::string& out, char32_t c) {
    out += QString::fromUcs4(&c, 1).toStdString();
}

// Windows-1252's bytes 0x80-0x9F; every other byte is the Latin-1 code point of the same value.
constexpr std::array<char16_t, 32> kCp1252High = {
    0x20AC, 0xFFFF, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0xFFFF, 0x017D, 0xFFFF,
    0xFFFF, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFF, 0x017E, 0x0178};

int cp1252Byte(char32_t c) {
    if (c < 0x80 || (c >= 0xA0 && c <= 0xFF)) return static_cast<int>(c);
    for (size_t i = 0; i < kCp1252High.size(); ++i)
        if (kCp1252High[i] != 0xFFFF && kCp1252High[i] == c) return static_cast<int>(0x80 + i);
    return -1;
}

char32_t fromCp1252(unsigned char b) {
    if (b >= 0x80 && b < 0xA0 && kCp1252High[b - 0x80] != 0xFFFF) return kCp1252High[b - 0x80];
    return b;
}

std::string encode(const std::string& utf8, DatEncoding encoding) {
    if (encoding == DatEncoding::Utf8Bom) return utf8;
    std::string out;
    for (char32_t c : QString::fromStdString(utf8).toStdU32String()) {
        const int b = cp1252Byte(c);
        if (b >= 0) out += static_cast<char>(b);
        else out += codePointName(c);
    }
    return out;
}

std::string decodeCp1252(const std::string& bytes) {
    std::string out;
    for (unsigned char b : bytes) appendUtf8(out, fromCp1252(b));
    return out;
}

std::string datRow(const std::vector<std::string>& values) {
    std::string row;
    for (size_t i = 0; i < values.size(); ++i) {
        if (i) appendUtf8(row, kSeparator);
        appendUtf8(row, kQuote);
        row += values[i];
        appendUtf8(row, kQuote);
    }
    return row + "\r\n";
}

// One row's values, or an error when it is not þ-quoted and ¶-separated.
Result<std::vector<std::string>> parseRow(const std::u32string& row, size_t rowNo) {
    std::vector<std::string> values;
    size_t i = 0;
    while (i < row.size()) {
        if (row[i] != kQuote) return makeError(ErrorCode::Format, "DAT row " + std::to_string(rowNo) + ": value not quoted with þ");
        const size_t end = row.find(kQuote, i + 1);
        if (end == std::u32string::npos) return makeError(ErrorCode::Format, "DAT row " + std::to_string(rowNo) + ": unclosed þ");
        values.push_back(QString::fromUcs4(row.data() + i + 1, static_cast<qsizetype>(end - i - 1)).toStdString());
        i = end + 1;
        if (i < row.size() && row[i++] != kSeparator)
            return makeError(ErrorCode::Format, "DAT row " + std::to_string(rowNo) + ": values not separated by ¶ (0x14)");
    }
    return values;
}

std::vector<std::string> splitCrLf(const std::string& text) {
    std::vector<std::string> lines;
    size_t start = 0;
    for (size_t at; (at = text.find("\r\n", start)) != std::string::npos; start = at + 2) lines.push_back(text.substr(start, at - start));
    if (start < text.size()) lines.push_back(text.substr(start));
    return lines;
}

} // namespace

const char* datEncodingName(DatEncoding encoding) { return encoding == DatEncoding::Utf8Bom ? "UTF-8" : "Windows-1252"; }

std::string datSafe(const std::string& value) {
    const std::u32string cps = QString::fromStdString(value).toStdU32String();
    std::string out;
    for (size_t i = 0; i < cps.size(); ++i) {
        const char32_t c = cps[i];
        if (c == U'\r' || c == U'\n') {
            if (c == U'\r' && i + 1 < cps.size() && cps[i + 1] == U'\n') ++i;
            appendUtf8(out, kNewline);
        } else if (mustBeNamed(c)) {
            out += codePointName(c);
        } else {
            appendUtf8(out, c);
        }
    }
    return out;
}

std::string writeDat(const DatTable& table, DatEncoding encoding) {
    std::string utf8 = datRow(table.fields);
    for (const auto& row : table.rows) utf8 += datRow(row);
    return encoding == DatEncoding::Utf8Bom ? kBom + utf8 : encode(utf8, encoding);
}

Result<DatTable> readDat(const std::string& bytes) {
    const bool utf8 = bytes.rfind(kBom, 0) == 0;
    const std::string text = utf8 ? bytes.substr(3) : decodeCp1252(bytes);
    DatTable table;
    size_t rowNo = 0;
    for (const auto& line : splitCrLf(text)) {
        auto values = parseRow(QString::fromStdString(line).toStdU32String(), rowNo);
        if (!values) return values.error();
        if (rowNo == 0) table.fields = std::move(*values);
        else if (values->size() != table.fields.size())
            return makeError(ErrorCode::Format, "DAT row " + std::to_string(rowNo) + " has " + std::to_string(values->size()) +
                                                    " values for " + std::to_string(table.fields.size()) + " fields");
        else table.rows.push_back(std::move(*values));
        ++rowNo;
    }
    if (table.fields.empty()) return makeError(ErrorCode::Format, "DAT has no header row");
    return table;
}

std::string writeOpt(const std::vector<OptPage>& pages) {
    std::string out;
    for (const auto& p : pages)
        out += p.imageKey + "," + p.volume + "," + p.path + "," + (p.docBreak ? "Y" : "") + ",,," +
               (p.docBreak ? std::to_string(p.pageCount) : std::string()) + "\r\n";
    return out;
}

Result<std::vector<OptPage>> readOpt(const std::string& bytes) {
    std::vector<OptPage> pages;
    for (const auto& line : splitCrLf(bytes)) {
        std::vector<std::string> f;
        size_t start = 0;
        for (size_t at; (at = line.find(',', start)) != std::string::npos; start = at + 1) f.push_back(line.substr(start, at - start));
        f.push_back(line.substr(start));
        if (f.size() != 7) return makeError(ErrorCode::Format, "OPT line " + std::to_string(pages.size() + 1) + " has " +
                                                                   std::to_string(f.size()) + " fields, not 7");
        OptPage p{f[0], f[1], f[2], f[3] == "Y", 0};
        if (p.docBreak) p.pageCount = std::atoi(f[6].c_str());
        pages.push_back(std::move(p));
    }
    return pages;
}

} // namespace siphon::evidence::production
