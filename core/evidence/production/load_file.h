#pragma once
// Load files that e-discovery review platforms ingest, written and read back.
//
// Concordance DAT: one header row of field names, then one row per document. Each value is
// wrapped in the quote þ (U+00FE) and values are separated by ¶ (the byte 0x14); rows end in
// CR LF. Concordance has no escape, so a value is written as `datSafe` makes it: a line break
// becomes ® (U+00AE), and the three delimiter characters, other control characters and
// bidirectional overrides become the visible text "(U+XXXX)". The exact content always travels in
// the document's native and text files, whose MD5 and SHA-256 the row states.
//
// Opticon OPT: one line per page image, `ImageKey,Volume,Path,DocBreak,FolderBreak,BoxBreak,PageCount`,
// with DocBreak "Y" and the document's page count on its first page only. CR LF line ends.
#include "util/result.h"

#include <string>
#include <vector>

namespace siphon::evidence::production {

enum class DatEncoding { Utf8Bom, Windows1252 };

// "UTF-8" or "Windows-1252": also the suffix of the DAT's file name, so the encoding is never guessed.
const char* datEncodingName(DatEncoding encoding);

// The value as it may stand inside a DAT field (see above). UTF-8 in, UTF-8 out.
std::string datSafe(const std::string& value);

struct DatTable {
    std::vector<std::string> fields;                 // header
    std::vector<std::vector<std::string>> rows;      // each the size of fields; values already datSafe
};

// The DAT file's bytes in the chosen encoding. Windows-1252 writes a character it lacks as "(U+XXXX)".
std::string writeDat(const DatTable& table, DatEncoding encoding);
// Parses a DAT written in either encoding (a UTF-8 BOM selects UTF-8) back into UTF-8 values.
// Format error naming the row when a row is not þ-quoted, ¶-separated or has the wrong field count.
Result<DatTable> readDat(const std::string& bytes);

struct OptPage {
    std::string imageKey, volume, path;
    bool docBreak = false;
    int pageCount = 0;                                // on a document's first page; 0 elsewhere
};

std::string writeOpt(const std::vector<OptPage>& pages);
Result<std::vector<OptPage>> readOpt(const std::string& bytes);

} // namespace siphon::evidence::production
