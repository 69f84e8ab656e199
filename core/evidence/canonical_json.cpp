#include "evidence/canonical_json.h"

#include <QJsonDocument>
#include <QJsonParseError>

namespace siphon::evidence {

std::string canonicalJson(const QJsonObject& object) {
    // QJsonObject keeps keys sorted and Compact emits no whitespace: that is our canonical form.
    return QJsonDocument(object).toJson(QJsonDocument::Compact).toStdString();
}

Result<std::string> canonicalizeJson(std::string_view text) {
    QJsonParseError err{};
    const QJsonDocument doc =
        QJsonDocument::fromJson(QByteArray(text.data(), static_cast<qsizetype>(text.size())), &err);
    if (err.error != QJsonParseError::NoError || !doc.isObject())
        return makeError(ErrorCode::Format, "payload is not a JSON object");
    return canonicalJson(doc.object());
}

} // namespace siphon::evidence
