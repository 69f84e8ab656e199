#pragma once
// A warehouse server's URL, checked, and the form of it that may be written down (audit log,
// provenance, messages): the password is never kept there.
//   clickhouse: http://[USER[:PASSWORD]@]HOST:PORT[/?database=DB]   (ClickHouse's HTTP interface)
//   postgres:   postgresql://[USER[:PASSWORD]@]HOST[:PORT]/DB[?sslmode=...]
#include "util/result.h"
#include "warehouse/sql_dialect.h"

#include <string>

namespace siphon::warehouse {

struct WarehouseUrl {
    Engine engine = Engine::ClickHouse;
    std::string url;        // as given (with its password): only ever handed to the client library
    std::string redacted;   // without the password: safe to store and print
    std::string host;
    int port = 0;
    std::string user;       // may be empty (server default)
    std::string password;   // may be empty
    std::string database;   // may be empty (server default)
};

// Errors (ErrorCode::Usage) name what is wrong, never the password.
Result<WarehouseUrl> parseWarehouseUrl(Engine engine, const std::string& url);

} // namespace siphon::warehouse
