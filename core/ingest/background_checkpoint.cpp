#include "ingest/background_checkpoint.h"

#include "store/database.h"

#include <pthread.h>

namespace siphon::ingest {

BackgroundCheckpoint::BackgroundCheckpoint(std::string casePath) : path_(std::move(casePath)) {
    thread_ = std::thread([this] {
        pthread_setname_np(pthread_self(), "siphon-ckpt");
        run();
    });
}

BackgroundCheckpoint::~BackgroundCheckpoint() {
    {
        std::lock_guard lock(mutex_);
        stop_ = true;
    }
    wake_.notify_one();
    thread_.join();
}

void BackgroundCheckpoint::poke() {
    {
        std::lock_guard lock(mutex_);
        pending_ = true;
    }
    wake_.notify_one();
}

void BackgroundCheckpoint::run() {
    // Without its own connection there is nothing to do: the writer's autocheckpoint is the fallback.
    auto db = store::Database::open(path_, store::OpenMode::ReadWrite, 0);
    if (!db) return;
    (void)db->exec("PRAGMA synchronous=NORMAL");
    std::unique_lock lock(mutex_);
    while (true) {
        wake_.wait(lock, [&] { return pending_ || stop_; });
        if (stop_) return;
        pending_ = false;
        lock.unlock();
        // PASSIVE never waits for or blocks the writer; SQLITE_BUSY here just means "later".
        (void)db->exec("PRAGMA wal_checkpoint(PASSIVE)");
        lock.lock();
    }
}

} // namespace siphon::ingest
