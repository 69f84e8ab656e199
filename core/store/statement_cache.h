#pragma once
// Prepared statements kept by their SQL text, for a loop that runs the same few statements once
// per row (preparing one costs far more than running it). Thread: the Database's.
#include "store/database.h"

#include <string>
#include <string_view>
#include <unordered_map>

namespace siphon::store {

class StatementCache {
public:
    explicit StatementCache(const Database& db) : db_(db) {}
    // The statement for sql, reset and with no bindings; valid as long as the cache.
    Result<Statement*> get(std::string_view sql) {
        auto it = cache_.find(std::string(sql));
        if (it != cache_.end()) {
            it->second.reset();
            return &it->second;
        }
        auto st = db_.prepare(sql);
        if (!st) return st.error();
        return &cache_.emplace(std::string(sql), std::move(*st)).first->second;
    }

private:
    const Database& db_;
    std::unordered_map<std::string, Statement> cache_;
};

} // namespace siphon::store
