// In CI the tests that need ../shared must fail instead of skipping: CI=true switches that on.
#include "shared_data.h"

#include "scoped_env.h"

using siphon::test::ScopedEnv;

TEST_CASE("shared data is required under CI=true, optional otherwise", "[util][ci]") {
    {
        ScopedEnv ci("CI", "true");
        CHECK(siphon::test::sharedDataRequired());
    }
    {
        ScopedEnv ci("CI", "1");
        CHECK(siphon::test::sharedDataRequired());
    }
    if (SIPHON_REQUIRE_SHARED) return; // the CMake option makes it required whatever the environment says
    {
        ScopedEnv ci("CI", nullptr);
        CHECK_FALSE(siphon::test::sharedDataRequired());
    }
    {
        ScopedEnv ci("CI", "false");
        CHECK_FALSE(siphon::test::sharedDataRequired());
    }
}
