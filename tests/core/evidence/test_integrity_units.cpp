// Unit checks behind the integrity CLI tests: the bundle path rules (one rule for ZIP names,
// SHA256SUMS and manifest.json), the anchor comparison, and the words for a failed write.
#include "evidence/bundle_paths.h"
#include "evidence/chain_anchor.h"
#include "evidence/zip_writer.h"

#include <catch2/catch.hpp>

#include <cerrno>

using namespace siphon;
using namespace siphon::evidence;

TEST_CASE("bundle paths: aliases and unsafe spellings are refused", "[evidence][integrity]") {
    CHECK(unsafePathReason("evidence/EX-001.csv").empty());
    CHECK(unsafePathReason("./report.pdf") != "");
    CHECK(unsafePathReason("evidence//x.csv") != "");
    CHECK(unsafePathReason("evidence/x.csv.") != "");
    CHECK(unsafePathReason("report.pdf:zone") != "");
    CHECK(unsafePathReason("a/\x1b[2J") != "");
    CHECK(unsafePathReason("evidence/") != "");
    CHECK(unsafePathReason("evidence/", PathKind::FileOrDirectory).empty());
    CHECK(aliasKey("Report.PDF") == aliasKey("report.pdf"));
    CHECK(aliasKey("caf\xc3\xa9") == aliasKey("cafe\xcc\x81"));   // NFC and NFD
    CHECK(aliasKey("evidence/") == aliasKey("evidence"));
}

TEST_CASE("SHA256SUMS: a path listed twice or under two spellings fails", "[evidence][integrity]") {
    const std::string a(64, 'a'), b(64, 'b');
    std::vector<std::string> failures;
    auto sums = parseSha256Sums(a + "  report.pdf\n" + b + "  report.pdf\n", failures);
    CHECK(failures.size() == 1);
    CHECK(sums.at("report.pdf") == a);   // the first line stands; the second is a failure
    failures.clear();
    parseSha256Sums(a + "  report.pdf\n" + b + "  Report.pdf\n" + b + " *./x\n" + std::string(64, 'G') + "  y\n", failures);
    CHECK(failures.size() == 3);
}

TEST_CASE("anchor: a chain shorter than its anchor, or rewritten, contradicts it", "[evidence][integrity]") {
    std::vector<AuditEntry> chain(3);
    for (int i = 0; i < 3; ++i) chain[static_cast<size_t>(i)].hash = std::string(64, static_cast<char>('a' + i));
    CHECK(compareWithAnchor(chain, std::nullopt, "x").match == AnchorMatch::Absent);
    CHECK(compareWithAnchor(chain, ChainAnchor{3, std::string(64, 'c')}, "x").match == AnchorMatch::Matches);
    CHECK(compareWithAnchor(chain, ChainAnchor{2, std::string(64, 'b')}, "x").match == AnchorMatch::Ahead);
    CHECK(compareWithAnchor(chain, ChainAnchor{4, std::string(64, 'd')}, "x").match == AnchorMatch::Contradicts);
    CHECK(compareWithAnchor(chain, ChainAnchor{2, std::string(64, 'z')}, "x").match == AnchorMatch::Contradicts);
    CHECK(compareWithAnchor({}, ChainAnchor{0, kGenesisHash}, "x").match == AnchorMatch::Matches);
}

TEST_CASE("a failed write says disk full for ENOSPC", "[evidence][integrity]") {
    CHECK(writeErrorText(ENOSPC, "Write error") == "disk full");
    CHECK(writeErrorText(0, "Write error") == "Write error");
}
