#include "ingest/csv_framer.h"

#include <simdjson.h>

#include <algorithm>
#include <cstring>

namespace siphon::ingest {

CsvFramer::CsvFramer(InputBuffer& input) : in_(input) {}

bool CsvFramer::splitRow(std::string_view row, std::vector<std::string_view>& fields, std::string& arena,
                         bool& hadQuotedNewline, char lineEnd) {
    fields.clear();
    arena.clear();
    hadQuotedNewline = false;
    // Reserve so string_views into the arena stay valid while it grows.
    arena.reserve(row.size());
    size_t i = 0;
    const size_t n = row.size();
    while (true) {
        if (i < n && row[i] == '"') {
            ++i;
            const size_t start = i;
            bool closed = false, escaped = false;
            while (i < n) {
                const void* q = std::memchr(row.data() + i, '"', n - i);
                const size_t at = q ? static_cast<size_t>(static_cast<const char*>(q) - row.data()) : n;
                if (!hadQuotedNewline && std::memchr(row.data() + i, lineEnd, at - i)) hadQuotedNewline = true;
                i = at;
                if (i >= n) break;
                if (i + 1 < n && row[i + 1] == '"') {   // "" inside quotes: one quote
                    escaped = true;
                    i += 2;
                    continue;
                }
                closed = true;
                break;
            }
            // RFC 4180: only a delimiter or the row end may follow a closing quote. Anything else
            // means the quotes do not balance, and the row is rejected rather than guessed at.
            if (!closed || (i + 1 < n && row[i + 1] != ',')) return false;
            const std::string_view inner = row.substr(start, i - start);
            ++i;   // closing quote
            if (!escaped) {
                fields.push_back(inner);   // a view into the row: its bytes are the field's text
            } else {
                const size_t from = arena.size();
                for (size_t k = 0; k < inner.size(); ++k) {
                    arena.push_back(inner[k]);
                    if (inner[k] == '"') ++k;   // the second quote of a pair
                }
                fields.emplace_back(arena.data() + from, arena.size() - from);
            }
        } else {
            const size_t start = i;
            const void* comma = std::memchr(row.data() + i, ',', n - i);
            i = comma ? static_cast<size_t>(static_cast<const char*>(comma) - row.data()) : n;
            fields.push_back(row.substr(start, i - start));
        }
        if (i >= n) break;
        ++i;   // ','
    }
    return true;
}

bool CsvFramer::findRowEnd(size_t& length, size_t& terminator, bool& hitLimit) {
    hitLimit = false;
    size_t i = 0;
    bool inQuotes = false;
    bool fieldStart = true;   // a quote opens a quoted field only at the start of a field
    // The next line end at or after i, found once and reused: searching the rest of the window
    // again for every literal quote made a long line of quotes quadratic (fuzz_import).
    size_t nlPos = std::string_view::npos, nlScanned = 0;
    while (true) {
        const std::string_view w = in_.window();
        while (i < w.size()) {
            if (inQuotes) {
                const void* q = std::memchr(w.data() + i, '"', w.size() - i);
                if (!q) {
                    i = w.size();
                    break;
                }
                i = static_cast<size_t>(static_cast<const char*>(q) - w.data());
                if (i + 1 >= w.size() && !in_.eof()) break;   // need the next byte to tell "" from "
                if (i + 1 < w.size() && w[i + 1] == '"') {
                    i += 2;
                    continue;
                }
                inQuotes = false;
                ++i;
                continue;
            }
            // Outside quotes only a newline, or a quote opening a field, matters: jump to the next
            // of either with memchr rather than looking at every byte.
            const char* base = w.data();
            if (nlPos == std::string_view::npos || nlPos < i) {
                const size_t from = std::max(i, nlScanned);
                const void* nlp = from < w.size() ? std::memchr(base + from, in_.lineEnd(), w.size() - from) : nullptr;
                nlPos = nlp ? static_cast<size_t>(static_cast<const char*>(nlp) - base) : std::string_view::npos;
                nlScanned = nlp ? nlPos : w.size();
            }
            const size_t nl = nlPos != std::string_view::npos ? nlPos : w.size();
            const void* qp = std::memchr(base + i, '"', nl - i);
            if (!qp) {
                if (nl < w.size()) {
                    if (in_.lineEnd() == '\r') {
                        length = nl;
                        terminator = in_.terminatorLength(nl);   // CR or CRLF; may read on
                        return true;
                    }
                    length = (nl > 0 && w[nl - 1] == '\r') ? nl - 1 : nl;
                    terminator = nl + 1 - length;
                    return true;
                }
                fieldStart = nl > i ? w[nl - 1] == ',' : fieldStart;
                i = nl;
                break;
            }
            const size_t q = static_cast<size_t>(static_cast<const char*>(qp) - base);
            const bool opensField = q > i ? w[q - 1] == ',' : fieldStart;
            fieldStart = false;
            if (opensField) inQuotes = true;   // a quote inside an unquoted field is a literal
            i = q + 1;
        }
        if (i > in_.maxRecordBytes()) {
            hitLimit = true;
            return false;
        }
        if (!in_.readMore()) {
            const std::string_view rest = in_.window();
            if (inQuotes) return false;
            length = rest.size();
            if (length > 0 && rest[length - 1] == '\r') --length;
            terminator = rest.size() - length;
            return true;
        }
    }
}

bool CsvFramer::headerLooksLikeText(std::string_view row) {
    const auto starts = [&](std::string_view magic) { return row.substr(0, magic.size()) == magic; };
    if (starts(std::string_view("\xFF\xFE", 2)) || starts(std::string_view("\xFE\xFF", 2)) ||
        starts(std::string_view("\0\0\xFE\xFF", 4))) {
        headerProblem_ = "the input is UTF-16 or UTF-32 text (it starts with that byte-order mark); convert it to "
                         "UTF-8 first (e.g. iconv -f UTF-16 -t UTF-8)";
        return false;
    }
    if (row.find('\0') != std::string_view::npos) {
        headerProblem_ = "the first line holds NUL bytes (UTF-16 text without a byte-order mark, or not a text "
                         "file); convert it to UTF-8 first";
        return false;
    }
    if (!simdjson::validate_utf8(row.data(), row.size())) {
        headerProblem_ = "the first line is not valid UTF-8 (Latin-1 or another encoding?); convert it to UTF-8 first";
        return false;
    }
    if (row.find('\r') != std::string_view::npos) {
        headerProblem_ = "the first line holds a carriage return (CR) inside it: the file mixes CR and LF line "
                         "endings; convert them to one kind (e.g. with dos2unix or mac2unix)";
        return false;
    }
    return true;
}

bool CsvFramer::readHeader(std::vector<std::string>& header) {
    in_.ensure(3);
    if (in_.window().substr(0, 3) == "\xEF\xBB\xBF") in_.consume(3);
    size_t len = 0, term = 0;
    bool limit = false;
    while (true) {
        if (!findRowEnd(len, term, limit)) return false;
        if (len == 0 && term == 0) return false;   // empty input
        if (len > 0) break;
        in_.consume(term);   // blank line before the header
    }
    // Real log headers are a few hundred bytes. A huge first line (millions of commas, found by
    // fuzz_import) would cost tens of bytes of memory per column before any reader could refuse it.
    constexpr size_t kMaxHeaderBytes = 64 * 1024;
    if (len > kMaxHeaderBytes) {
        headerProblem_ = "the first line is " + std::to_string(len) + " bytes, too long for a CSV header (limit " +
                         std::to_string(kMaxHeaderBytes) + ")";
        return false;
    }
    const std::string_view row = in_.window().substr(0, len);
    if (!headerLooksLikeText(row)) return false;
    bool quotedNl = false;
    if (!splitRow(row, fields_, arena_, quotedNl, in_.lineEnd())) return false;
    header.clear();
    for (auto f : fields_) {
        while (!f.empty() && (f.front() == ' ' || f.front() == '\t')) f.remove_prefix(1);
        while (!f.empty() && (f.back() == ' ' || f.back() == '\t')) f.remove_suffix(1);
        header.emplace_back(f);
    }
    columns_ = header.size();
    in_.consume(len + term);
    return true;
}

bool CsvFramer::run(const RowFn& onRow, const RejectFn& onReject) {
    while (true) {
        in_.ensure(1);
        if (in_.atEnd()) return true;
        size_t len = 0, term = 0;
        bool limit = false;
        const bool complete = findRowEnd(len, term, limit);
        const int64_t offset = in_.offset();
        const int64_t line = in_.line();
        if (complete && len == 0) {
            in_.consume(term);   // blank line
            if (term == 0) return true;
            continue;
        }
        std::string_view w = in_.window();
        if (complete) {
            const std::string_view row = w.substr(0, len);
            bool quotedNl = false;
            const bool split = splitRow(row, fields_, arena_, quotedNl, in_.lineEnd());
            if (split && fields_.size() == columns_) {
                if (!simdjson::validate_utf8(row.data(), row.size())) {
                    onReject({row, offset, line}, "invalid UTF-8 in CSV row");
                } else if (!onRow(fields_, {row, offset, line})) {
                    return false;
                }
                // A row without quoted newlines holds one newline at most: its terminator.
                if (quotedNl) in_.consume(len + term);
                else in_.consumeCounted(len + term, term > 0 ? 1 : 0);
                continue;
            }
            if (!quotedNl) {
                onReject({row, offset, line},
                         split ? "CSV row has " + std::to_string(fields_.size()) + " fields, header has " +
                                     std::to_string(columns_)
                               : "unbalanced quote in CSV row");
                in_.consume(len + term);
                continue;
            }
        }
        // Unbalanced quote (or a quoted newline that broke the row): reject this physical line only.
        w = in_.window();
        const size_t nl = w.find(in_.lineEnd());
        const size_t physical = nl == std::string_view::npos ? w.size() : nl;
        const size_t lineTerm = nl == std::string_view::npos ? 0 : in_.terminatorLength(nl);
        w = in_.window();
        size_t body = physical;
        if (in_.lineEnd() == '\n' && body > 0 && w[body - 1] == '\r') --body;
        const size_t shown = std::min(body, in_.maxRecordBytes());
        onReject({w.substr(0, shown), offset, line},
                 limit ? "CSV row longer than " + std::to_string(in_.maxRecordBytes()) + " bytes (unbalanced quote?)"
                       : "unbalanced quote in CSV row");
        in_.consume(physical + lineTerm);
    }
}

} // namespace siphon::ingest
