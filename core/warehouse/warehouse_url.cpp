#include "warehouse/warehouse_url.h"

#include <QUrl>
#include <QUrlQuery>

namespace siphon::warehouse {

namespace {

bool schemeFits(Engine e, const QString& scheme) {
    if (e == Engine::ClickHouse) return scheme == QLatin1String("http") || scheme == QLatin1String("https");
    if (e == Engine::Postgres) return scheme == QLatin1String("postgresql") || scheme == QLatin1String("postgres");
    return false;
}

std::string expectedForm(Engine e) {
    return e == Engine::ClickHouse ? "http://USER:PASSWORD@HOST:PORT/?database=DB"
                                   : "postgresql://USER:PASSWORD@HOST:PORT/DB";
}

std::string databaseOf(Engine e, const QUrl& u) {
    if (e == Engine::ClickHouse) return QUrlQuery(u).queryItemValue(QStringLiteral("database")).toStdString();
    QString path = u.path();
    if (path.startsWith(QLatin1Char('/'))) path.remove(0, 1);
    return path.toStdString();
}

} // namespace

Result<WarehouseUrl> parseWarehouseUrl(Engine engine, const std::string& text) {
    if (engine != Engine::ClickHouse && engine != Engine::Postgres)
        return makeError(ErrorCode::Usage, "Siphon connects to clickhouse or postgres only; print the SQL for the others");
    const QUrl u(QString::fromStdString(text), QUrl::StrictMode);
    const std::string form = expectedForm(engine);
    if (!u.isValid() || u.host().isEmpty() || !schemeFits(engine, u.scheme()))
        return makeError(ErrorCode::Usage, "--url is not a " + std::string(engineName(engine)) + " URL (expected " + form + ")");
    WarehouseUrl w;
    w.engine = engine;
    w.url = text;
    w.redacted = u.toString(QUrl::RemovePassword).toStdString();
    w.host = u.host().toStdString();
    w.port = u.port(engine == Engine::ClickHouse ? 8123 : 5432);
    w.user = u.userName().toStdString();
    w.password = u.password().toStdString();
    w.database = databaseOf(engine, u);
    if (engine == Engine::Postgres && w.database.empty())
        return makeError(ErrorCode::Usage, "--url names no database (expected " + form + ")");
    return w;
}

} // namespace siphon::warehouse
