#include "util/phase_log.h"

namespace siphon::log {

PhaseLog::PhaseLog(Category category, std::string job) : category_(category), job_(std::move(job)) {}

PhaseLog::~PhaseLog() { finish(); }

void PhaseLog::progress(const std::string& phase, int64_t done, int64_t total) {
    if (!enabled()) return;
    if (phase != phase_) {
        finish();
        phase_ = phase;
        timer_.start();
        qCDebug(category_).noquote().nospace()
            << QString::fromStdString(job_) << ": " << QString::fromStdString(phase_) << " began";
    }
    done_ = done;
    total_ = total;
}

void PhaseLog::finish() {
    if (phase_.empty()) return;
    if (enabled()) {
        const double seconds = static_cast<double>(timer_.nsecsElapsed()) / 1e9;
        const QString count = total_ > 0 ? QStringLiteral("%1 of %2").arg(done_).arg(total_) : QString::number(done_);
        qCDebug(category_).noquote().nospace()
            << QString::fromStdString(job_) << ": " << QString::fromStdString(phase_) << " ended, " << count << " in "
            << QString::number(seconds, 'f', 3) << " s";
    }
    phase_.clear();
}

std::string filePhase(int fileIndex, int fileCount, const std::string& path) {
    return "file " + std::to_string(fileIndex + 1) + "/" + std::to_string(fileCount) + " " + path;
}

} // namespace siphon::log
