// The one bundled demo (core/demo): complete under its final name only, analysed at the account,
// key and IP levels, and cancellable without leaving a case behind.
#include "test_paths.h"

#include "demo/demo_case.h"
#include "store/case_file.h"

#include <catch2/catch.hpp>

#include <atomic>
#include <filesystem>

using namespace siphon;

namespace {

demo::DemoOptions smallDemo(const std::string& dir) {
    demo::DemoOptions o;
    o.outDir = dir;
    o.accounts = 12;
    o.days = 2;
    return o;
}

} // namespace

TEST_CASE("demo: builds demo.siphon, analysed at account, key and IP level", "[demo]") {
    test::TempDir dir;
    auto built = demo::buildDemoCase(smallDemo(dir.file("demo")));
    REQUIRE(built.ok());
    CHECK(built->casePath == dir.file("demo") + "/demo.siphon");
    CHECK(std::filesystem::exists(built->casePath));
    CHECK_FALSE(std::filesystem::exists(built->casePath + ".part"));
    CHECK(built->requests > 0);
    auto db = store::openCase(built->casePath, store::CaseAccess::Read);
    REQUIRE(db.ok());
    for (int level : {0, 2, 4}) {
        INFO("level " << level);
        auto n = db->queryInt("SELECT count(*) FROM entity_score WHERE level = " + std::to_string(level));
        REQUIRE(n.ok());
        CHECK(*n > 0);
    }
    // Each run is on the record with the fields `siphon-cli analyze` writes, its flag threshold included.
    auto recorded = db->queryInt("SELECT count(*) FROM audit_log WHERE action = 'analyze'"
                                 " AND json_extract(payload, '$.flag_threshold') IS NOT NULL"
                                 " AND json_extract(payload, '$.threshold_method') IS NOT NULL");
    REQUIRE(recorded.ok());
    CHECK(*recorded == 3);
}

TEST_CASE("demo: a cancelled build reports Cancelled and leaves no case", "[demo]") {
    test::TempDir dir;
    std::atomic<bool> cancel{true};
    auto options = smallDemo(dir.file("demo"));
    options.cancel = &cancel;
    auto built = demo::buildDemoCase(options);
    REQUIRE_FALSE(built.ok());
    CHECK(built.error().code == ErrorCode::Cancelled);
    CHECK_FALSE(std::filesystem::exists(dir.file("demo") + "/demo.siphon"));
    CHECK_FALSE(std::filesystem::exists(dir.file("demo") + "/demo.siphon.part"));
}
