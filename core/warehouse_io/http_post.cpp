#include "warehouse_io/http_post.h"

#include <QEventLoop>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTimer>

namespace siphon::warehouse {

namespace {

QNetworkRequest makeRequest(const QUrl& url, const QByteArray& authorization) {
    QNetworkRequest req(url);
    req.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("text/plain; charset=utf-8"));
    req.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    if (!authorization.isEmpty()) req.setRawHeader("Authorization", authorization);
    return req;
}

} // namespace

HttpReply httpPost(const QUrl& url, const QByteArray& authorization, const QByteArray& body, int timeoutMs) {
    QNetworkAccessManager nam;
    nam.setProxy(QNetworkProxy::NoProxy);
    QNetworkReply* reply = nam.post(makeRequest(url, authorization), body);
    HttpReply out;
    QEventLoop loop;
    QTimer timer;
    timer.setSingleShot(true);
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    QObject::connect(&timer, &QTimer::timeout, &loop, [&] {
        out.timedOut = true;
        reply->abort();
    });
    timer.start(timeoutMs);
    if (!reply->isFinished()) loop.exec();
    timer.stop();
    const QVariant status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
    out.reached = status.isValid() && !out.timedOut;
    out.status = status.toInt();
    if (!out.timedOut) out.body = reply->readAll();   // an aborted reply is closed
    if (!out.reached) out.networkError = reply->errorString();
    reply->deleteLater();
    return out;
}

} // namespace siphon::warehouse
