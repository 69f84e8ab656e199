#include "query_fixture.h"

#include "analysis/analyzer.h"
#include "ingest/importer.h"
#include "store/case_file.h"
#include "util/time_util.h"

#include <catch2/catch.hpp>

namespace siphon::test {

void buildQueryCase(QueryCase& c, bool analyse) {
    const int64_t t0 = 1767571200LL * 1'000'000;   // 2026-01-05T00:00:00Z
    std::string csv = "timestamp,account_id,api_key_id,source_ip,model,input_tokens,output_tokens,request_id,prompt,response\n";
    int id = 0;
    auto row = [&](const std::string& acct, int64_t us, const std::string& model, const std::string& prompt) {
        csv += timeutil::formatIso8601(us) + "," + acct + ",key-" + acct + ",203.0.113." + std::to_string(id % 7) + "," +
               model + ",100,900,req-" + std::to_string(id) + ",\"" + prompt + "\",\"answer " + std::to_string(id) + "\"\n";
        ++id;
    };
    for (int i = 0; i < 200; ++i)
        row("acct-bot", t0 + int64_t(i) * 15 * 60'000'000, i % 2 ? "m-b" : "m-a", "please explain step by step " + std::to_string(i));
    for (int d = 0; d < 5; ++d)
        for (int h = 9; h < 13; ++h) row("acct-human", t0 + int64_t(d) * 86'400'000'000 + int64_t(h) * 3'600'000'000, "m-a", "hello there");
    for (int i = 0; i < 3; ++i) row("acct-small", t0 + int64_t(i) * 3'600'000'000, "m-a", "short note");
    const std::string csvPath = c.dir.file("logs.csv");
    writeFile(csvPath, csv);
    c.path = c.dir.file("case.siphon");
    auto db = store::openCase(c.path, store::CaseAccess::CreateWrite);
    REQUIRE(db.ok());
    auto imported = ingest::importFiles(*db, {csvPath}, {});
    REQUIRE(imported.ok());
    REQUIRE(imported->files.size() == 1);
    REQUIRE(imported->files[0].requests == 223);
    if (analyse) {
        analysis::AnalysisOptions o;
        o.level = EntityLevel::Account;
        auto r = analysis::runAnalysis(*db, o);
        REQUIRE(r.ok());
    }
}

} // namespace siphon::test
