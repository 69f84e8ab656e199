// conflicts CASE [--format csv|json]: records whose id was reused with different content. Both
// records are kept on import; this lists each pair with where each came from (file, SHA-256,
// line, byte offset and length), so both originals can be opened. CSV: RFC 4180, formula cells
// neutralised; control characters shown, not sent, when stdout is a terminal.
#include "cli_args.h"
#include "commands.h"
#include "json_out.h"
#include "terminal_text.h"

#include "evidence/csv_safe.h"
#include "query/conflict_query.h"
#include "store/case_file.h"
#include "util/time_util.h"

#include <cstdio>

namespace siphon::cli {

namespace {

QJsonObject sideJson(const query::ConflictSide& s) {
    QJsonObject o;
    o[QStringLiteral("request_row_id")] = static_cast<double>(s.requestRowId);
    o[QStringLiteral("timestamp")] = qs(timeutil::formatIso8601(s.tsUs, true));
    o[QStringLiteral("source_file")] = qs(s.file);
    o[QStringLiteral("sha256")] = qs(s.sourceSha256);
    o[QStringLiteral("line")] = static_cast<double>(s.line);
    o[QStringLiteral("byte_offset")] = static_cast<double>(s.byteOffset);
    o[QStringLiteral("byte_length")] = static_cast<double>(s.byteLength);
    return o;
}

std::vector<std::string> sideCells(const query::ConflictSide& s) {
    using namespace evidence;
    return {csvNumber(s.requestRowId), timeutil::formatIso8601(s.tsUs, true), csvCell(s.file), s.sourceSha256,
            csvNumber(s.line),         csvNumber(s.byteOffset),             csvNumber(s.byteLength)};
}

std::string conflictsCsv(const std::vector<query::ConflictRow>& rows) {
    std::vector<std::string> header = {"record_key"};
    for (const char* side : {"first", "other"})
        for (const char* col : {"request_row_id", "timestamp_utc", "source_file", "sha256", "line", "byte_offset", "byte_length"})
            header.push_back(std::string(side) + "_" + col);
    std::string out = evidence::csvLine(header);
    for (const auto& r : rows) {
        std::vector<std::string> cells = {evidence::csvCell(r.recordKey)};
        for (const auto* side : {&r.first, &r.other})
            for (auto& c : sideCells(*side)) cells.push_back(std::move(c));
        out += evidence::csvLine(cells);
    }
    return out;
}

} // namespace

int cmdConflicts(int argc, char** argv) {
    CommandSpec spec{{"--format"}, {}};
    std::string err;
    auto args = Args::parse(argc, argv, 2, spec, err);
    if (!args) return usageError(err);
    if (args->positional().size() != 1) return usageError("conflicts needs exactly one CASE");
    const std::string format = args->valueOr("--format", "csv");
    if (format != "csv" && format != "json") return usageError("--format must be csv or json");
    auto db = store::openCase(args->positional()[0], store::CaseAccess::Read);
    if (!db) return fatalError(db.error().describe());
    auto rows = query::loadConflicts(*db);
    if (!rows) return fatalError(rows.error().describe());
    if (format == "json") {
        QJsonArray arr;
        for (const auto& r : *rows) {
            QJsonObject o;
            o[QStringLiteral("record_key")] = qs(r.recordKey);
            o[QStringLiteral("first")] = sideJson(r.first);
            o[QStringLiteral("other")] = sideJson(r.other);
            arr.append(o);
        }
        printJson(arr);
    } else {
        writeTableText(conflictsCsv(*rows));
    }
    std::fprintf(stderr, "%zu conflict%s (same record id, different content; both records kept)\n", rows->size(),
                 rows->size() == 1 ? "" : "s");
    return kExitOk;
}

} // namespace siphon::cli
