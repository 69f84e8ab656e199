#pragma once
// A long job's phases in a logging category at debug level: one line when a phase begins and one
// when it ends, with its count and wall time, so that e.g.
//   QT_LOGGING_RULES="siphon.analysis.debug=true" siphon-cli analyze CASE
// shows where an analysis (or an import, per file) spends its time. With the category's debug
// output off (the default) each call costs one check. One job, one thread: not thread-safe.
#include <QElapsedTimer>
#include <QLoggingCategory>

#include <cstdint>
#include <string>

namespace siphon::log {

class PhaseLog {
public:
    using Category = const QLoggingCategory& (*)();
    // job names the work in every line, e.g. "analyze account".
    PhaseLog(Category category, std::string job);
    ~PhaseLog(); // ends the phase in progress
    PhaseLog(const PhaseLog&) = delete;
    PhaseLog& operator=(const PhaseLog&) = delete;

    // The job is in phase, done of total (total 0: unknown). A new name ends the previous phase.
    void progress(const std::string& phase, int64_t done, int64_t total);
    // Ends the phase in progress, if any.
    void finish();

private:
    bool enabled() const { return category_().isDebugEnabled(); }

    Category category_;
    std::string job_;
    std::string phase_; // empty: no phase in progress
    int64_t done_ = 0;
    int64_t total_ = 0;
    QElapsedTimer timer_;
};

// The phase name of one file of a multi-file job: "file 2/3 PATH" (fileIndex is 0-based).
std::string filePhase(int fileIndex, int fileCount, const std::string& path);

} // namespace siphon::log
