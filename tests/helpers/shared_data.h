#pragma once
// Tests that read ../shared (the real samples, the CASE/UCO checker): on a developer machine
// without it they skip with a warning; in CI (CI=true in the environment, or the CMake option
// SIPHON_REQUIRE_SHARED) they fail, so a CI run never passes without checking.
#include "test_paths.h"

#include <catch2/catch.hpp>

// Ends the current test: FAIL when shared data is required, else WARN and return.
#define SIPHON_SKIP_OR_FAIL_WITHOUT_SHARED(what)                                                                       \
    do {                                                                                                               \
        if (::siphon::test::sharedDataRequired())                                                                      \
            FAIL(what " is missing, and CI requires it (CI=true or SIPHON_REQUIRE_SHARED=ON)");                        \
        WARN("skipped: " what " is missing");                                                                          \
        return;                                                                                                        \
    } while (false)
