#include "session/db_worker.h"

#include "util/log.h"

namespace siphon::ui {

DbWorker::DbWorker(std::string name, store::CaseAccess access)
    : name_(std::move(name)), access_(access), pathAccess_(access), thread_([this] { run(); }) {}

DbWorker::~DbWorker() noexcept {
    {
        std::lock_guard lock(mutex_);
        stop_ = true;
        queue_.clear();
        if (running_) running_->interrupt();
    }
    cv_.notify_all();
    if (thread_.joinable()) thread_.join();
}

Error DbWorker::jobThrew(const std::string& worker, const char* what) {
    qCWarning(log::lcStore) << "db worker" << worker.c_str() << "job threw:" << what;
    return makeError(ErrorCode::Database, "internal error in the " + worker + " job: " + what);
}

void DbWorker::setInFlightListener(QObject* ctx, std::function<void()> changed) {
    activity_->ctx = ctx;
    activity_->changed = std::move(changed);
}

void DbWorker::Activity::started() {
    ++inFlight;
    if (ctx && changed) changed();
}

// Runs on whichever thread dropped the last copy of a job's guard; the listener hears on the GUI
// thread, through the application object (which outlives every worker).
void DbWorker::Activity::finished(const std::shared_ptr<Activity>& self) {
    --self->inFlight;
    if (auto* app = QCoreApplication::instance())
        QMetaObject::invokeMethod(
            app,
            [self] {
                if (self->ctx && self->changed) self->changed();
            },
            Qt::QueuedConnection);
}

void DbWorker::setCase(const std::string& path, std::optional<store::CaseAccess> access) {
    std::lock_guard lock(mutex_);
    path_ = path;
    pathAccess_ = access.value_or(access_);
    ++pathGeneration_;
}

void DbWorker::cancelAll() {
    std::lock_guard lock(mutex_);
    queue_.clear();
    if (running_) running_->interrupt();
}

void DbWorker::enqueue(std::string key, Job job) {
    {
        std::lock_guard lock(mutex_);
        if (!key.empty()) {
            // Latest wins: drop a queued job of the same key, stop a running one.
            for (auto it = queue_.begin(); it != queue_.end(); ++it)
                if (it->key == key) {
                    queue_.erase(it);
                    break;
                }
            if (running_ && runningKey_ == key) running_->interrupt();
        }
        queue_.push_back({std::move(key), std::move(job)});
    }
    cv_.notify_one();
}

void DbWorker::run() {
    store::Database db;
    uint64_t openedGeneration = 0;
    std::optional<Error> openError;
    while (true) {
        Entry entry;
        std::string path;
        store::CaseAccess access = access_;
        uint64_t generation = 0;
        {
            std::unique_lock lock(mutex_);
            cv_.wait(lock, [this] { return stop_ || !queue_.empty(); });
            if (stop_) return;
            entry = std::move(queue_.front());
            queue_.pop_front();
            path = path_;
            access = pathAccess_;
            generation = pathGeneration_;
        }
        if (generation != openedGeneration) {
            // The case changed: reopen on this thread, which owns the connection.
            db = store::Database();
            openError.reset();
            openedGeneration = generation;
            if (!path.empty()) {
                auto opened = store::openCase(path, access);
                if (opened) db = std::move(opened.value());
                else openError = opened.error();
            }
        }
        if (!db.isOpen() && !openError) openError = makeError(ErrorCode::Usage, "no case is open");
        {
            std::lock_guard lock(mutex_);
            running_ = db.isOpen() ? &db : nullptr;
            runningKey_ = entry.key;
        }
        try {
            if (db.isOpen()) entry.job(&db, nullptr);
            else entry.job(nullptr, &*openError);
        } catch (const std::exception& e) {
            // runJob already turned the job's own exceptions into Errors; this is the delivery
            // itself failing (e.g. out of memory). Exceptions never cross the thread boundary.
            qCWarning(log::lcStore) << "db worker" << name_.c_str() << "lost a result:" << e.what();
        }
        std::lock_guard lock(mutex_);
        running_ = nullptr;
        runningKey_.clear();
    }
}

} // namespace siphon::ui
