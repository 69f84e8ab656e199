#include "import/format_detector.h"

#include "ingest/format_reader.h"
#include "ingest/importer.h"
#include "util/log.h"

#include <QMetaObject>

#include <atomic>

namespace siphon::ui {

namespace {

std::atomic<int> gLiveThreads{0};

QString readerTitle(const std::string& id) {
    for (const auto& r : ingest::makeAllReaders())
        if (r->id() == id) return QString::fromLatin1(r->title().data(), static_cast<qsizetype>(r->title().size()));
    return {};
}

} // namespace

FormatDetector::FormatDetector(QObject* parent) : QObject(parent) {
    ++gLiveThreads;
    thread_ = std::thread([this] {
        run();
        --gLiveThreads;
    });
}

FormatDetector::~FormatDetector() {
    {
        std::lock_guard lock(mutex_);
        stop_ = true;
        queue_.clear();
    }
    cv_.notify_all();
    thread_.join();
}

int FormatDetector::liveThreads() { return gLiveThreads.load(); }

void FormatDetector::detect(int ticket, const QString& path) {
    {
        std::lock_guard lock(mutex_);
        queue_.push_back({ticket, path});
    }
    cv_.notify_one();
}

void FormatDetector::run() {
    while (true) {
        Item item;
        {
            std::unique_lock lock(mutex_);
            cv_.wait(lock, [this] { return stop_ || !queue_.empty(); });
            if (stop_) return;
            item = std::move(queue_.front());
            queue_.pop_front();
        }
        auto found = ingest::detectFormat(item.path.toStdString());
        const QString title = found ? readerTitle(*found) : QString();
        qCDebug(log::lcImport) << "detected" << item.path << "as" << (found ? title : QStringLiteral("nothing"));
        // Dropped by Qt if this object is gone by then; the destructor joins first, so `this` is valid here.
        QMetaObject::invokeMethod(
            this, [this, ticket = item.ticket, title] { Q_EMIT detected(ticket, title); }, Qt::QueuedConnection);
    }
}

} // namespace siphon::ui
