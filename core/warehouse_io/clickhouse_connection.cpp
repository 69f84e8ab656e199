// ClickHouse over its HTTP interface (port 8123 by default): the query in the POST body, the
// result as TabSeparatedWithNames, the credentials as HTTP Basic authentication (never in the URL,
// so they appear in no server access log), max_execution_time bounding the query on the server.
#include "warehouse_io/connection.h"
#include "warehouse_io/http_post.h"
#include "warehouse_io/server_message.h"
#include "warehouse_io/tsv_text.h"

#include "util/hash.h"

#include <QUrlQuery>

namespace siphon::warehouse {

namespace {

class ClickHouseConnection final : public WarehouseConnection {
public:
    ClickHouseConnection(WarehouseUrl url, int timeoutSeconds) : url_(std::move(url)), timeoutSeconds_(timeoutSeconds) {}

    Result<std::string> serverVersion() override {
        auto r = query("SELECT version()");
        if (!r) return r.error();
        if (r->rows.size() != 1 || r->rows[0].empty() || !r->rows[0][0])
            return makeError(ErrorCode::Format, "clickhouse at " + url_.redacted + " did not report its version");
        return *r->rows[0][0];
    }

    Result<TabularResult> query(const std::string& sql) override {
        auto body = post(sql + "\nFORMAT TabSeparatedWithNames", false);
        if (!body) return body.error();
        return parseBody(*body);
    }

    Status execute(const std::string& sql, const std::string& data) override {
        auto body = post(data.empty() ? sql : sql + "\n" + data, true);
        if (!body) return body.error();
        return {};
    }

private:
    QUrl endpoint(bool insert) const {
        QUrl u;
        u.setScheme(QString::fromStdString(url_.url.rfind("https", 0) == 0 ? "https" : "http"));
        u.setHost(QString::fromStdString(url_.host));
        u.setPort(url_.port);
        u.setPath(QStringLiteral("/"));
        QUrlQuery q;
        if (!url_.database.empty()) q.addQueryItem(QStringLiteral("database"), QString::fromStdString(url_.database));
        q.addQueryItem(QStringLiteral("max_execution_time"), QString::number(timeoutSeconds_));
        // A Distributed table's INSERT returns once every shard has the rows (tests read them back at once).
        if (insert) q.addQueryItem(QStringLiteral("insert_distributed_sync"), QStringLiteral("1"));
        u.setQuery(q);
        return u;
    }

    QByteArray authorization() const {
        if (url_.user.empty()) return {};
        return "Basic " + QByteArray::fromStdString(url_.user + ":" + url_.password).toBase64();
    }

    Result<QByteArray> post(const std::string& body, bool insert) {
        // The client-side limit leaves the server a few seconds to report its own timeout first.
        const HttpReply r = httpPost(endpoint(insert), authorization(), QByteArray::fromStdString(body),
                                     (timeoutSeconds_ + 5) * 1000);
        if (r.timedOut)
            return makeError(ErrorCode::Io, "the query timed out: clickhouse at " + url_.redacted +
                                                " did not answer within " + std::to_string(timeoutSeconds_ + 5) + " s");
        if (!r.reached)
            return makeError(ErrorCode::Io, "cannot reach clickhouse at " + url_.redacted + ": " +
                                                serverMessage(r.networkError.toStdString(), url_.password));
        if (r.status != 200) return serverError(r.body.toStdString());
        return r.body;
    }

    Error serverError(const std::string& body) const {
        const std::string why = serverMessage(body, url_.password);
        const bool auth = why.find("Code: 192") != std::string::npos || why.find("Code: 193") != std::string::npos ||
                          why.find("Code: 516") != std::string::npos || why.find("password") != std::string::npos;
        if (auth) return makeError(ErrorCode::Io, "clickhouse at " + url_.redacted + " refused the credentials: " + why);
        if (why.find("Code: 159") != std::string::npos || why.find("Timeout exceeded") != std::string::npos)
            return makeError(ErrorCode::Io, "the query timed out on clickhouse at " + url_.redacted + ": " + why);
        return makeError(ErrorCode::Format, "clickhouse at " + url_.redacted + " refused the query: " + why);
    }

    static Result<TabularResult> parseBody(const QByteArray& body) {
        TabularResult t;
        t.sha256 = Sha256::hex(std::string_view(body.constData(), static_cast<size_t>(body.size())));
        const std::string_view text(body.constData(), static_cast<size_t>(body.size()));
        size_t start = 0;
        bool header = true;
        while (start < text.size()) {
            size_t nl = text.find('\n', start);
            if (nl == std::string_view::npos) nl = text.size();
            auto cells = splitTsvLine(text.substr(start, nl - start));
            start = nl + 1;
            if (header) {
                for (auto& c : cells) t.columns.push_back(c.value_or(""));
                header = false;
            } else {
                t.rows.push_back(std::move(cells));
            }
        }
        return t;
    }

    WarehouseUrl url_;
    int timeoutSeconds_;
};

} // namespace

Result<std::unique_ptr<WarehouseConnection>> connectClickHouse(const WarehouseUrl& url, int timeoutSeconds) {
    auto c = std::make_unique<ClickHouseConnection>(url, timeoutSeconds);
    if (auto v = c->serverVersion(); !v) return v.error();   // reachable, credentials accepted
    return std::unique_ptr<WarehouseConnection>(std::move(c));
}

} // namespace siphon::warehouse
