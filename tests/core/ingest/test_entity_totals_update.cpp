// Entity totals are added many rows per statement, in id order: every entity gets exactly its sums
// (also past a statement's worth of rows, and when one id comes twice), first and last hours widen
// only, and rows not named are left alone.
#include "import_test_util.h"

#include "ingest/entity_totals_update.h"

using namespace siphon;
using namespace siphon::test;

namespace {

void addEntities(store::Database& db, int n) {
    auto st = db.prepare("INSERT INTO entity(id, level, name, requests, input_tokens, output_tokens, first_hour_us,"
                         " last_hour_us) VALUES(?1, 0, ?2, 1, 10, 100, 7200, 7200)");
    REQUIRE(st.ok());
    for (int id = 1; id <= n; ++id) {
        st->bind(1, id).bind(2, "acct" + std::to_string(id));
        REQUIRE(st->run().ok());
        st->reset();
    }
}

} // namespace

TEST_CASE("entity totals are added to each named row exactly once, many rows per statement", "[ingest][entity]") {
    TempDir dir;
    auto db = openTestCase(dir.file("c.siphon"));
    const int rows = 3 * ingest::EntityTotalsUpdate::kRowsPerStatement + 5;   // full statements and a rest
    addEntities(db, rows + 1);                                                 // the last is never named
    ingest::EntityTotalsUpdate update(db);
    REQUIRE(update.prepare().ok());

    std::vector<ingest::EntityTotalsUpdate::Add> adds;
    for (int id = rows; id >= 1; --id)   // out of order on purpose
        adds.push_back({id, {id, 2 * id, 3 * id}, 3600, 7200 + 3600 * (id % 3)});
    adds.push_back({4, {1, 1, 1}, 0, 10800});   // the same id a second time: both sums count
    REQUIRE(update.apply(adds).ok());

    CHECK(count(db, "SELECT count(*) FROM entity WHERE id <= " + std::to_string(rows) +
                        " AND id <> 4 AND (requests <> 1 + id OR input_tokens <> 10 + 2 * id"
                        " OR output_tokens <> 100 + 3 * id OR first_hour_us <> 3600"
                        " OR last_hour_us <> 7200 + 3600 * (id % 3))") == 0);
    CHECK(count(db, "SELECT requests FROM entity WHERE id = 4") == 1 + 4 + 1);
    CHECK(count(db, "SELECT input_tokens FROM entity WHERE id = 4") == 10 + 8 + 1);
    CHECK(count(db, "SELECT first_hour_us FROM entity WHERE id = 4") == 0);
    CHECK(count(db, "SELECT last_hour_us FROM entity WHERE id = 4") == 10800);
    CHECK(count(db, "SELECT requests FROM entity WHERE id = " + std::to_string(rows + 1)) == 1);
    CHECK(count(db, "SELECT last_hour_us FROM entity WHERE id = " + std::to_string(rows + 1)) == 7200);
}
