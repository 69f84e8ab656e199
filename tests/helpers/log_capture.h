#pragma once
// Captures the Qt log messages of one scope (category and text) under the given filter rules, e.g.
// "siphon.analysis.debug=true"; the previous handler and rules come back when the scope ends.
// Messages are captured on any thread; read them after the work joined.
#include <QLoggingCategory>

#include <mutex>
#include <string>
#include <vector>

namespace siphon::test {

struct LogLine {
    std::string category;
    QtMsgType type = QtDebugMsg;
    std::string text;
};

class LogCapture {
public:
    explicit LogCapture(const QString& rules);
    ~LogCapture();
    LogCapture(const LogCapture&) = delete;
    LogCapture& operator=(const LogCapture&) = delete;

    std::vector<LogLine> lines() const;
    // The captured lines of one category.
    std::vector<std::string> texts(const std::string& category) const;

private:
    static void handler(QtMsgType type, const QMessageLogContext& context, const QString& message);
    QtMessageHandler previous_;
};

} // namespace siphon::test
