#pragma once
// DbWorker: one thread with its own connection to the open case, running queued jobs in order.
// Results come back on the GUI thread through a queued call on a context object (dropped if the
// context died). Jobs submitted with the same non-empty key replace one another while queued
// ("latest request wins"), and a running job with that key is interrupted (sqlite3_interrupt).
// Thread affinity: construct, submit and destroy on the GUI thread; jobs run on the worker thread.
// The destructor interrupts the running job and joins (noexcept). Never QThread::terminate.
// A job that throws is delivered as an Error (its message names the worker and the exception), so
// whoever waits on done() always hears back.
#include "store/case_file.h"

#include <QCoreApplication>
#include <QMetaObject>
#include <QObject>
#include <QPointer>

#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

namespace siphon::ui {

class DbWorker {
public:
    DbWorker(std::string name, store::CaseAccess access);
    ~DbWorker() noexcept;
    DbWorker(const DbWorker&) = delete;
    DbWorker& operator=(const DbWorker&) = delete;

    // Later jobs use a connection to path (the old one is closed on the worker thread), opened
    // with access (default: the worker's own).
    void setCase(const std::string& path, std::optional<store::CaseAccess> access = std::nullopt);

    // work(db) runs on the worker; done(result) runs on ctx's thread afterwards.
    template <typename T>
    void submit(QObject* ctx, std::string key, std::function<Result<T>(store::Database&)> work,
                std::function<void(Result<T>)> done) {
        // The guard's last copy dies when the result was delivered or dropped, on either thread.
        auto activity = activity_;
        auto guard = std::shared_ptr<void>(nullptr, [activity](void*) { Activity::finished(activity); });
        activity_->started();
        QPointer<QObject> target(ctx);
        enqueue(std::move(key), [work = std::move(work), done = std::move(done), target, guard,
                                 name = name_](store::Database* db, const Error* err) {
            auto result = std::make_shared<Result<T>>(runJob(work, db, err, name));
            // Posted to the application object (which outlives every worker); the context is
            // checked on the GUI thread, so a destroyed context simply drops the result.
            QMetaObject::invokeMethod(
                QCoreApplication::instance(),
                [target, done, result, guard] {
                    if (target) done(std::move(*result));
                },
                Qt::QueuedConnection);
        });
    }

    // Jobs submitted whose results were not yet delivered (or dropped).
    int inFlight() const { return activity_->inFlight.load(); }
    // changed() runs on the GUI thread after inFlight() went up or down (not when ctx is gone).
    void setInFlightListener(QObject* ctx, std::function<void()> changed);
    // Interrupts the running job and forgets queued ones (e.g. when the case closes).
    void cancelAll();

private:
    using Job = std::function<void(store::Database*, const Error*)>;
    struct Entry {
        std::string key;
        Job job;
    };
    // work(*db), or the open error; an exception from work becomes an Error.
    template <typename T>
    static Result<T> runJob(const std::function<Result<T>(store::Database&)>& work, store::Database* db,
                            const Error* openError, const std::string& worker) {
        if (!db) return *openError;
        try {
            return work(*db);
        } catch (const std::exception& e) {
            return jobThrew(worker, e.what());
        } catch (...) {
            return jobThrew(worker, "unknown exception");
        }
    }
    static Error jobThrew(const std::string& worker, const char* what);

    // The in-flight count and its listener, shared with every job's guard (which may outlive the
    // worker). The listener is touched on the GUI thread only.
    struct Activity {
        std::atomic<int> inFlight{0};
        QPointer<QObject> ctx;
        std::function<void()> changed;
        void started();
        static void finished(const std::shared_ptr<Activity>& self);
    };
    void enqueue(std::string key, Job job);
    void run();

    std::string name_;
    store::CaseAccess access_;
    std::shared_ptr<Activity> activity_ = std::make_shared<Activity>();
    std::mutex mutex_;
    std::condition_variable cv_;
    std::deque<Entry> queue_;
    std::string path_;
    store::CaseAccess pathAccess_;
    uint64_t pathGeneration_ = 0;
    std::string runningKey_;
    bool stop_ = false;
    store::Database* running_ = nullptr;   // guarded by mutex_, for interrupt()
    std::thread thread_;
};

} // namespace siphon::ui
