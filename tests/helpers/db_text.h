#pragma once
// The first column of the one row a query must return, as text (for schema and migration tests).
#include "store/database.h"

#include <catch2/catch.hpp>

#include <string>

namespace siphon::test {

inline std::string firstText(store::Database& db, const std::string& sql) {
    auto st = db.prepare(sql);
    REQUIRE(st.ok());
    REQUIRE(st->step() == store::StepResult::Row);
    return st->columnText(0);
}

} // namespace siphon::test
