// PostgreSQL with libpq: the URL handed to PQconnectdb as given (libpq reads the password from
// it; it is never printed), connect_timeout and statement_timeout bounding every step, results
// in text format. The result's SHA-256 is over each cell as sent (length-prefixed, NULL marked),
// since libpq gives cells rather than the bytes on the wire.
#include "warehouse_io/connection.h"
#include "warehouse_io/server_message.h"

#include "util/hash.h"

#include <libpq-fe.h>

namespace siphon::warehouse {

namespace {

struct ResultDeleter {
    void operator()(PGresult* r) const { PQclear(r); }
};
using PgResult = std::unique_ptr<PGresult, ResultDeleter>;

void hashCell(Sha256& h, const char* value, int length, bool isNull) {
    const std::string prefix = isNull ? std::string("N\n") : std::to_string(length) + ":";
    h.update(prefix);
    if (!isNull) h.update(value, static_cast<size_t>(length));
}

class PostgresConnection final : public WarehouseConnection {
public:
    PostgresConnection(PGconn* conn, WarehouseUrl url) : conn_(conn), url_(std::move(url)) {}
    ~PostgresConnection() override { PQfinish(conn_); }
    PostgresConnection(const PostgresConnection&) = delete;
    PostgresConnection& operator=(const PostgresConnection&) = delete;

    Result<std::string> serverVersion() override {
        auto r = query("SELECT version()");
        if (!r) return r.error();
        if (r->rows.size() != 1 || !r->rows[0][0])
            return makeError(ErrorCode::Format, "postgres at " + url_.redacted + " did not report its version");
        return *r->rows[0][0];
    }

    Result<TabularResult> query(const std::string& sql) override {
        PgResult r(PQexec(conn_, sql.c_str()));
        if (PQresultStatus(r.get()) != PGRES_TUPLES_OK) return failure(r.get());
        return readResult(r.get());
    }

    Status execute(const std::string& sql, const std::string& data) override {
        PgResult r(PQexec(conn_, sql.c_str()));
        const ExecStatusType st = PQresultStatus(r.get());
        if (st == PGRES_COPY_IN) return copyIn(data);
        if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) return failure(r.get());
        return {};
    }

private:
    Status copyIn(const std::string& data) {
        if (PQputCopyData(conn_, data.data(), static_cast<int>(data.size())) != 1 || PQputCopyEnd(conn_, nullptr) != 1)
            return failure(nullptr);
        PgResult r(PQgetResult(conn_));
        if (PQresultStatus(r.get()) != PGRES_COMMAND_OK) return failure(r.get());
        while (PGresult* more = PQgetResult(conn_)) PQclear(more);
        return {};
    }

    Error failure(const PGresult* r) const {
        const char* state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : nullptr;
        const std::string why = serverMessage(r ? PQresultErrorMessage(r) : PQerrorMessage(conn_), url_.password);
        const std::string code = state ? state : "";
        if (code == "57014")   // query_canceled: statement_timeout
            return makeError(ErrorCode::Io, "the query timed out on postgres at " + url_.redacted + ": " + why);
        if (PQstatus(conn_) != CONNECTION_OK)
            return makeError(ErrorCode::Io, "lost the connection to postgres at " + url_.redacted + ": " + why);
        return makeError(ErrorCode::Format, "postgres at " + url_.redacted + " refused the query: " + why);
    }

    static TabularResult readResult(const PGresult* r) {
        TabularResult t;
        Sha256 h;
        const int cols = PQnfields(r), rows = PQntuples(r);
        for (int c = 0; c < cols; ++c) t.columns.emplace_back(PQfname(r, c));
        t.rows.reserve(static_cast<size_t>(rows));
        for (int i = 0; i < rows; ++i) {
            std::vector<std::optional<std::string>> cells;
            for (int c = 0; c < cols; ++c) {
                const bool isNull = PQgetisnull(r, i, c) != 0;
                hashCell(h, PQgetvalue(r, i, c), PQgetlength(r, i, c), isNull);
                if (isNull) cells.emplace_back(std::nullopt);
                else cells.emplace_back(std::string(PQgetvalue(r, i, c), static_cast<size_t>(PQgetlength(r, i, c))));
            }
            t.rows.push_back(std::move(cells));
        }
        t.sha256 = h.finishHex();
        return t;
    }

    PGconn* conn_;
    WarehouseUrl url_;
};

} // namespace

Result<std::unique_ptr<WarehouseConnection>> connectPostgres(const WarehouseUrl& url, int timeoutSeconds) {
    const std::string timeout = std::to_string(std::max(1, timeoutSeconds));
    const char* keys[] = {"dbname", "connect_timeout", "options", "application_name", nullptr};
    const std::string options = "-c statement_timeout=" + timeout + "s";
    const char* values[] = {url.url.c_str(), timeout.c_str(), options.c_str(), "siphon", nullptr};
    PGconn* conn = PQconnectdbParams(keys, values, 1);   // expand_dbname: the URL fills the rest
    if (!conn) return makeError(ErrorCode::Io, "out of memory connecting to postgres");
    if (PQstatus(conn) != CONNECTION_OK) {
        const std::string why = serverMessage(PQerrorMessage(conn), url.password);
        PQfinish(conn);
        const bool auth = why.find("password") != std::string::npos || why.find("authentication") != std::string::npos;
        return makeError(ErrorCode::Io, std::string(auth ? "postgres at " + url.redacted + " refused the credentials: "
                                                         : "cannot reach postgres at " + url.redacted + ": ") + why);
    }
    return std::unique_ptr<WarehouseConnection>(std::make_unique<PostgresConnection>(conn, url));
}

Result<std::unique_ptr<WarehouseConnection>> connectWarehouse(const WarehouseUrl& url, int timeoutSeconds) {
    if (url.engine == Engine::ClickHouse) return connectClickHouse(url, timeoutSeconds);
    if (url.engine == Engine::Postgres) return connectPostgres(url, timeoutSeconds);
    return makeError(ErrorCode::Usage, "Siphon connects to clickhouse or postgres only");
}

} // namespace siphon::warehouse
