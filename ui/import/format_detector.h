#pragma once
// Sniffs the format of files the import dialog lists, one at a time on a thread it owns (each
// detection reads only a file's first records). Answers arrive on the GUI thread through
// detected(). The destructor drops queued files and joins after the file in progress, so no
// detection outlives its dialog. Thread: construct, queue and destroy on the GUI thread.
#include <QObject>
#include <QString>

#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

namespace siphon::ui {

class FormatDetector : public QObject {
    Q_OBJECT
public:
    explicit FormatDetector(QObject* parent = nullptr);
    ~FormatDetector() override;
    Q_DISABLE_COPY_MOVE(FormatDetector)

    void detect(int ticket, const QString& path);
    // Detector threads alive in the whole process (tests check none outlives its dialog).
    static int liveThreads();

Q_SIGNALS:
    // title: the reader's title, or empty when no reader recognised the file.
    void detected(int ticket, const QString& title);

private:
    struct Item {
        int ticket = 0;
        QString path;
    };
    void run();

    std::mutex mutex_;
    std::condition_variable cv_;
    std::deque<Item> queue_;
    bool stop_ = false;
    std::thread thread_;
};

} // namespace siphon::ui
