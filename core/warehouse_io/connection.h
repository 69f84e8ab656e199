#pragma once
// WarehouseConnection: runs the generated SQL on a live ClickHouse or PostgreSQL server and reads
// the result as text. Its own library (siphon_warehouse_io), so that siphon_core stays Qt6::Core
// + SQLite and only the programs that talk to servers link QtNetwork and libpq.
//
// ClickHouse is reached over its HTTP interface with QtNetwork rather than libcurl: Qt is already
// every Siphon program's dependency (no new package, the same build on every platform), and
// QNetworkAccessManager gives timeouts, proxy control (set to none: Siphon contacts only the URL
// given) and Basic authentication without another library's error model. PostgreSQL is reached
// with libpq (Debian's libpq-dev), its own protocol's reference client.
//
// Errors are Io for connection problems (unreachable, refused credentials, timeout) and Format
// for the server refusing the query (missing table or column); messages quote the server's reason
// and never the password.
#include "warehouse/extract_table.h"
#include "warehouse/warehouse_url.h"

#include <memory>
#include <string>

namespace siphon::warehouse {

class WarehouseConnection {
public:
    virtual ~WarehouseConnection() = default;
    virtual Result<std::string> serverVersion() = 0;
    // Runs a query returning rows.
    virtual Result<TabularResult> query(const std::string& sql) = 0;
    // Runs a statement; `data` (tab-separated rows, \N for NULL) is the input of an INSERT (ClickHouse:
    // "INSERT INTO t FORMAT TabSeparated") or COPY (PostgreSQL: "COPY t FROM STDIN"), else empty.
    virtual Status execute(const std::string& sql, const std::string& data = {}) = 0;
};

// Checks that the server answers and accepts the credentials before returning.
// timeoutSeconds bounds every request and, on the server, every query's execution time.
Result<std::unique_ptr<WarehouseConnection>> connectWarehouse(const WarehouseUrl& url, int timeoutSeconds);

Result<std::unique_ptr<WarehouseConnection>> connectClickHouse(const WarehouseUrl& url, int timeoutSeconds);
Result<std::unique_ptr<WarehouseConnection>> connectPostgres(const WarehouseUrl& url, int timeoutSeconds);

} // namespace siphon::warehouse
