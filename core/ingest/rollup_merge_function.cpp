#include "ingest/rollup_merge_function.h"

#include "store/rollup_codec.h"

#include <sqlite3.h>

#include <string>
#include <string_view>

namespace siphon::ingest {

namespace {

using MergeFn = bool (*)(std::string_view, std::string_view, std::string&);

struct Function {
    const char* name;
    MergeFn fn;
};
constexpr Function kFunctions[] = {{"siphon_merge_hours", &store::mergeHours},
                                   {"siphon_merge_minutes", &store::mergeMinutes}};

std::string_view blobArg(sqlite3_value* v) {
    const auto* p = static_cast<const char*>(sqlite3_value_blob(v));
    const int n = sqlite3_value_bytes(v);
    return p ? std::string_view(p, static_cast<size_t>(n)) : std::string_view();
}

void merge(sqlite3_context* ctx, int, sqlite3_value** argv) {
    const auto* f = static_cast<const Function*>(sqlite3_user_data(ctx));
    std::string out;
    if (!f->fn(blobArg(argv[0]), blobArg(argv[1]), out)) {
        sqlite3_result_error(ctx, "damaged rollup blob", -1);
        return;
    }
    sqlite3_result_blob64(ctx, out.data(), out.size(), SQLITE_TRANSIENT);
}

} // namespace

Status registerRollupMergeFunctions(store::Database& db) {
    for (const Function& f : kFunctions) {
        const int rc = sqlite3_create_function_v2(db.handle(), f.name, 2,
                                                  SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_DIRECTONLY,
                                                  const_cast<Function*>(&f), merge, nullptr, nullptr, nullptr);
        if (rc != SQLITE_OK) return db.lastError("registering rollup merge");
    }
    return {};
}

} // namespace siphon::ingest
