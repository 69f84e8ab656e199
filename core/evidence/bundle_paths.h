#pragma once
// Paths inside an evidence bundle, judged the way an extractor or a file system will treat them.
// One rule for ZIP entry names, SHA256SUMS lines and manifest.json, so that no two spellings of one
// file ("./report.pdf", "Report.pdf" on a case-insensitive disk, NFC/NFD forms) can both pass.
#include <map>
#include <string>
#include <vector>

namespace siphon::evidence {

// Empty when the path is a plain relative path ('/'-separated, no "", "." or ".." segment, no
// backslash, colon, control or bidirectional-control character, or segment ending in '.' or ' '
// that Windows would drop). A trailing '/' (directory entry) is allowed only with FileOrDirectory.
enum class PathKind { File, FileOrDirectory };
std::string unsafePathReason(const std::string& path, PathKind kind = PathKind::File);

// The name two paths share when an extractor would write them to the same file: Unicode NFC,
// case-folded, without a trailing '/'.
std::string aliasKey(const std::string& path);

// SHA256SUMS as `sha256sum -c` reads it ("<64 hex>  <path>" or "<64 hex> *<path>"); a malformed
// line, an unsafe path, or a path listed twice (or under two spellings) is a failure.
std::map<std::string, std::string> parseSha256Sums(const std::string& text, std::vector<std::string>& failures);

} // namespace siphon::evidence
