#pragma once
// RFC 4180 CSV rows with quoted fields (embedded commas, "" escapes and newlines). A row whose
// quotes do not balance is rejected one physical line at a time so the rows after it survive.
#include "ingest/input_buffer.h"
#include "ingest/record.h"

#include <functional>
#include <string>
#include <vector>

namespace siphon::ingest {

class CsvFramer {
public:
    using RowFn = std::function<bool(const std::vector<std::string_view>& fields, const RawRecord&)>;
    using RejectFn = std::function<void(const RawRecord&, std::string reason)>;

    explicit CsvFramer(InputBuffer& input);

    // Reads the header row. False when the input is empty or the header is unreadable; then
    // headerProblem() says why when there is more to say than "no header".
    bool readHeader(std::vector<std::string>& header);
    const std::string& headerProblem() const { return headerProblem_; }
    // Runs over the data rows. Returns false when stopped by onRow.
    bool run(const RowFn& onRow, const RejectFn& onReject);

    // Splits one complete row text into fields; false if quotes are unbalanced.
    // lineEnd is the input's line end byte (InputBuffer::lineEnd()).
    static bool splitRow(std::string_view row, std::vector<std::string_view>& fields, std::string& arena,
                         bool& hadQuotedNewline, char lineEnd = '\n');

private:
    // False (with headerProblem_ set) for a first line no log writer makes: UTF-16/32 text, NUL
    // bytes, invalid UTF-8, or a CR inside it (mixed line endings). Read on, such a line would
    // swallow the rows as hundreds of "columns" and the file would import as 0 records.
    bool headerLooksLikeText(std::string_view row);
    // Finds the end of the row starting at the cursor: returns its length (excluding the
    // terminator) and the terminator length; false when the input ends inside a quote.
    bool findRowEnd(size_t& length, size_t& terminator, bool& hitLimit);

    InputBuffer& in_;
    std::string headerProblem_;
    size_t columns_ = 0;
    std::vector<std::string_view> fields_;
    std::string arena_;
};

} // namespace siphon::ingest
