// In CI the tests that need ../shared must fail instead of skipping: CI=true switches that on.
#include "shared_data.h"

#include <cstdlib>
#include <optional>
#include <string>

namespace {

// Sets (or unsets) an environment variable for one scope, restoring the old value.
class ScopedEnv {
public:
    ScopedEnv(const char* name, const char* value) : name_(name) {
        if (const char* old = std::getenv(name)) old_ = old;
        if (value)
            ::setenv(name, value, 1);
        else
            ::unsetenv(name);
    }
    ~ScopedEnv() {
        if (old_)
            ::setenv(name_, old_->c_str(), 1);
        else
            ::unsetenv(name_);
    }
    ScopedEnv(const ScopedEnv&) = delete;
    ScopedEnv& operator=(const ScopedEnv&) = delete;

private:
    const char* name_;
    std::optional<std::string> old_;
};

} // namespace

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
