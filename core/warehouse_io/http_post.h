#pragma once
// One synchronous HTTP POST with QtNetwork, bounded by a timeout: no proxy (Siphon contacts only
// the URL it was given), no redirects followed. Needs a QCoreApplication; runs a local event loop.
#include <QByteArray>
#include <QString>
#include <QUrl>

namespace siphon::warehouse {

struct HttpReply {
    bool reached = false;    // a response came back (any status)
    bool timedOut = false;
    int status = 0;
    QByteArray body;
    QString networkError;    // when !reached
};

HttpReply httpPost(const QUrl& url, const QByteArray& authorization, const QByteArray& body, int timeoutMs);

} // namespace siphon::warehouse
