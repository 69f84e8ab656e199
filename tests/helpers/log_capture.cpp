#include "log_capture.h"

namespace siphon::test {

namespace {
std::mutex gMutex;
std::vector<LogLine> gLines;
} // namespace

LogCapture::LogCapture(const QString& rules) {
    {
        std::lock_guard lock(gMutex);
        gLines.clear();
    }
    QLoggingCategory::setFilterRules(rules);
    previous_ = qInstallMessageHandler(&LogCapture::handler);
}

LogCapture::~LogCapture() {
    qInstallMessageHandler(previous_);
    QLoggingCategory::setFilterRules(QString());
}

void LogCapture::handler(QtMsgType type, const QMessageLogContext& context, const QString& message) {
    std::lock_guard lock(gMutex);
    gLines.push_back({context.category ? context.category : "", type, message.toStdString()});
}

std::vector<LogLine> LogCapture::lines() const {
    std::lock_guard lock(gMutex);
    return gLines;
}

std::vector<std::string> LogCapture::texts(const std::string& category) const {
    std::vector<std::string> out;
    for (const auto& l : lines())
        if (l.category == category) out.push_back(l.text);
    return out;
}

} // namespace siphon::test
