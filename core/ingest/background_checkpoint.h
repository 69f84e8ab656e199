#pragma once
// Copies an import's WAL into the case file on a thread of its own, through a second connection,
// so the writer thread never stops for a checkpoint's copy and fsync. SQLite lets a PASSIVE
// checkpoint run beside a writer; the WAL restarts once a checkpoint has caught up.
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

namespace siphon::ingest {

class BackgroundCheckpoint {
public:
    explicit BackgroundCheckpoint(std::string casePath);
    ~BackgroundCheckpoint();   // finishes the checkpoint in progress, then stops
    BackgroundCheckpoint(const BackgroundCheckpoint&) = delete;
    BackgroundCheckpoint& operator=(const BackgroundCheckpoint&) = delete;

    void poke();   // new frames were committed: checkpoint when the thread is free

private:
    void run();

    std::string path_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool pending_ = false;
    bool stop_ = false;
    std::thread thread_;
};

} // namespace siphon::ingest
