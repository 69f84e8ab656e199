// The streaming narrow-row generator (bench-import's narrow and folder shapes, bench-scale): exact
// row counts, unique request ids, 14 columns, the network's shared traits, determinism, and an
// import that stores every row.
#include "generate/scale_population.h"
#include "ingest/importer.h"
#include "store/case_file.h"
#include "test_paths.h"

#include <catch2/catch.hpp>

#include <set>
#include <sstream>

using namespace siphon;

namespace {

generate::ScaleOptions small() {
    generate::ScaleOptions o;
    o.requests = 5003;   // not a multiple of the days: the remainder goes to the first days
    o.accounts = 300;
    o.users = 20;
    o.ips = 900;
    o.days = 7;
    o.networkAccounts = 60;
    return o;
}

std::vector<std::string> fields(const std::string& line) {
    std::vector<std::string> out;
    std::stringstream ss(line);
    for (std::string f; std::getline(ss, f, ',');) out.push_back(f);
    return out;
}

std::vector<std::string> linesOf(const std::string& text) {
    std::vector<std::string> out;
    std::stringstream ss(text);
    for (std::string l; std::getline(ss, l);) out.push_back(l);
    return out;
}

} // namespace

TEST_CASE("narrow rows: exact counts, unique ids, 14 columns, deterministic", "[generate][scale]") {
    test::TempDir dir;
    const auto o = small();
    int64_t perDay = 0;
    for (int d = 0; d < o.days; ++d) perDay += generate::narrowRowsOnDay(o, d);
    CHECK(perDay == o.requests);
    auto a = generate::writeNarrowFile(o, 0, o.days, dir.file("a.csv"));
    auto b = generate::writeNarrowFile(o, 0, o.days, dir.file("b.csv"));
    REQUIRE(a.ok());
    REQUIRE(b.ok());
    CHECK(a->rows == o.requests);
    const std::string text = test::readFile(dir.file("a.csv"));
    CHECK(text == test::readFile(dir.file("b.csv")));
    CHECK(a->bytes == text.size());
    const auto lines = linesOf(text);
    REQUIRE(lines.size() == static_cast<size_t>(o.requests) + 1);
    CHECK(lines[0] + "\n" == generate::narrowHeader());
    std::set<std::string> ids, accounts;
    for (size_t i = 1; i < lines.size(); ++i) {
        const auto f = fields(lines[i]);
        REQUIRE(f.size() == 14);
        ids.insert(f[0]);
        accounts.insert(f[2]);
    }
    CHECK(ids.size() == static_cast<size_t>(o.requests));
    CHECK(accounts.size() > 200);   // a long tail, not a handful of accounts
    CHECK(accounts.size() <= static_cast<size_t>(o.accounts));
}

TEST_CASE("the network's members share a proxy /16, one user agent and one model", "[generate][scale]") {
    const auto o = small();
    std::set<std::string> members;
    for (int a = o.accounts - o.networkAccounts; a < o.accounts; ++a) {
        CHECK(generate::isNetworkAccount(o, a));
        members.insert(generate::narrowAccountId(o, a));
    }
    CHECK_FALSE(generate::isNetworkAccount(o, 0));
    CHECK(members.size() == static_cast<size_t>(o.networkAccounts));
    std::set<std::string> uas, models, prefixes;
    int64_t networkRows = 0;
    for (int d = 0; d < o.days; ++d) {
        for (int64_t i = 0; i < generate::narrowRowsOnDay(o, d); ++i) {
            std::string line;
            generate::appendNarrowRow(o, d, i, line);
            line.pop_back();
            const auto f = fields(line);
            if (!members.count(f[2])) continue;
            ++networkRows;
            uas.insert(f[7]);
            models.insert(f[8]);
            prefixes.insert(f[6].substr(0, f[6].find('.', f[6].find('.') + 1)));
        }
    }
    CHECK(networkRows > 0);
    CHECK(uas.size() == 1);
    CHECK(models.size() == 1);
    CHECK(prefixes.size() == 1);
}

TEST_CASE("daily narrow files import with every row stored", "[generate][scale]") {
    test::TempDir dir;
    const auto o = small();
    auto files = generate::writeNarrowDays(o, 0, o.days, dir.file("days"));
    REQUIRE(files.ok());
    CHECK(files->size() == static_cast<size_t>(o.days));
    auto db = store::openCase(dir.file("c.siphon"), store::CaseAccess::CreateWrite);
    REQUIRE(db.ok());
    auto s = ingest::importFiles(*db, {dir.file("days")}, {});
    REQUIRE(s.ok());
    int64_t requests = 0, rejects = 0;
    for (const auto& f : s->files) {
        requests += f.requests;
        rejects += f.rejects;
    }
    CHECK(requests == o.requests);
    CHECK(rejects == 0);
}

TEST_CASE("narrow population sizes are validated", "[generate][scale]") {
    auto o = small();
    CHECK(generate::validate(o).ok());
    o.networkAccounts = o.accounts;
    CHECK_FALSE(generate::validate(o).ok());
    o = small();
    o.days = 0;
    CHECK_FALSE(generate::validate(o).ok());
    o = small();
    o.requests = -1;
    CHECK(generate::writeNarrowFile(o, 0, 1, "/nonexistent/x.csv").error().code == ErrorCode::Usage);
}
