#include "query_fixture.h"

#include "main/automation.h"
#include "session/db_worker.h"

#include <QObject>

#include <catch2/catch.hpp>

#include <future>
#include <optional>
#include <stdexcept>

using namespace siphon;
using namespace siphon::ui;

TEST_CASE("db worker: latest job of a key wins, results arrive on the GUI thread", "[ui][worker]") {
    test::QueryCase c;
    test::buildQueryCase(c, /*analyse=*/false);
    DbWorker worker("test", store::CaseAccess::Read);
    worker.setCase(c.path);
    QObject ctx;
    std::promise<void> release;
    auto released = release.get_future().share();
    std::vector<int> delivered;
    // Blocks the worker so the keyed jobs below queue up behind it.
    worker.submit<int>(&ctx, {}, [released](store::Database&) -> Result<int> {
        released.wait();
        return 0;
    }, [&](Result<int> r) { delivered.push_back(*r); });
    for (int i = 1; i <= 3; ++i)
        worker.submit<int>(&ctx, "same-key", [i](store::Database& db) -> Result<int> {
            auto n = db.queryInt("SELECT count(*) FROM request");
            if (!n) return n.error();
            return i * 1000 + static_cast<int>(*n);
        }, [&](Result<int> r) { delivered.push_back(*r); });
    CHECK(worker.inFlight() == 2);   // the blocked job and the last keyed one; the others were replaced
    release.set_value();
    REQUIRE(waitUntil([&] { return worker.inFlight() == 0; }, 10000));
    REQUIRE(delivered.size() == 2);
    CHECK(delivered[0] == 0);
    CHECK(delivered[1] == 3223);   // only the third keyed job ran, on a real connection
}

TEST_CASE("db worker: a destroyed context drops its result, an unopened case reports an error", "[ui][worker]") {
    DbWorker worker("test", store::CaseAccess::Read);
    bool gotError = false;
    QObject ctx;
    worker.submit<int>(&ctx, {}, [](store::Database&) -> Result<int> { return 1; },
                       [&](Result<int> r) { gotError = !r.ok(); });
    REQUIRE(waitUntil([&] { return worker.inFlight() == 0; }, 10000));
    CHECK(gotError);   // no case set: Usage error, not a crash

    test::QueryCase c;
    test::buildQueryCase(c, false);
    worker.setCase(c.path);
    bool called = false;
    {
        QObject shortLived;
        worker.submit<int>(&shortLived, {}, [](store::Database&) -> Result<int> { return 1; }, [&](Result<int>) { called = true; });
    }
    REQUIRE(waitUntil([&] { return worker.inFlight() == 0; }, 10000));
    CHECK_FALSE(called);
}

TEST_CASE("db worker: a job that throws delivers an Error to done", "[ui][worker]") {
    test::QueryCase c;
    test::buildQueryCase(c, false);
    DbWorker worker("test", store::CaseAccess::Read);
    worker.setCase(c.path);
    QObject ctx;
    std::optional<Result<int>> got;
    worker.submit<int>(&ctx, {}, [](store::Database&) -> Result<int> { throw std::runtime_error("boom in the job"); },
                       [&](Result<int> r) { got = std::move(r); });
    REQUIRE(waitUntil([&] { return got.has_value(); }, 10000));   // done ran: a waiting dialog is not left hanging
    REQUIRE_FALSE(got->ok());
    CHECK_THAT(got->error().message, Catch::Contains("boom in the job"));
    CHECK_THAT(got->error().message, Catch::Contains("test"));
    // The worker survives and runs the next job.
    bool next = false;
    worker.submit<int>(&ctx, {}, [](store::Database&) -> Result<int> { return 7; }, [&](Result<int> r) { next = r.ok() && *r == 7; });
    REQUIRE(waitUntil([&] { return next; }, 10000));
    CHECK(worker.inFlight() == 0);
}
