#include "main/demo_case.h"

#include "util/log.h"

#include <QFileInfo>
#include <QMetaObject>
#include <QProgressDialog>
#include <QStandardPaths>
#include <QWidget>

namespace siphon::ui {

namespace {
std::atomic<int> gLiveThreads{0};
} // namespace

QString demoCasePath() {
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + "/demo/demo.siphon";
}

DemoCaseBuilder::DemoCaseBuilder(QObject* parent) : QObject(parent) {}

DemoCaseBuilder::~DemoCaseBuilder() {
    cancel_.store(true);
    if (thread_.joinable()) thread_.join();
}

int DemoCaseBuilder::liveThreads() { return gLiveThreads.load(); }

void DemoCaseBuilder::start(demo::DemoOptions options) {
    if (thread_.joinable()) return;
    options.cancel = &cancel_;
    // The thread reaches this object only through queued calls, which Qt drops once it is
    // destroyed; the destructor joins before that, so `this` outlives the thread.
    options.say = [this](const std::string& line) {
        const QString text = QString::fromStdString(line);
        QMetaObject::invokeMethod(
            this, [this, text] { Q_EMIT progress(text); }, Qt::QueuedConnection);
    };
    ++gLiveThreads;
    thread_ = std::thread([this, options = std::move(options)] {
        auto built = demo::buildDemoCase(options);
        const QString path = built ? QString::fromStdString(built->casePath) : QString();
        const QString error = built ? QString() : QString::fromStdString(built.error().describe());
        if (!built) qCWarning(log::lcUi) << "demo case:" << error;
        QMetaObject::invokeMethod(
            this, [this, path, error] { Q_EMIT finished(path, error); }, Qt::QueuedConnection);
        --gLiveThreads;
    });
}

void openDemoCase(QWidget* parent, std::function<void(const QString&, const QString&)> done) {
    const QString path = demoCasePath();
    if (QFileInfo::exists(path)) {
        done(path, {});
        return;
    }
    auto* progress = new QProgressDialog(QObject::tr("Building the demo case (synthetic logs, import, analysis)…"), {},
                                         0, 0, parent);
    progress->setWindowModality(Qt::WindowModal);
    progress->setMinimumDuration(0);
    progress->show();
    auto* builder = new DemoCaseBuilder(parent);
    QObject::connect(builder, &DemoCaseBuilder::progress, progress, &QProgressDialog::setLabelText);
    QObject::connect(builder, &DemoCaseBuilder::finished, parent,
                     [builder, progress, done](const QString& casePath, const QString& error) {
                         progress->deleteLater();
                         builder->deleteLater();
                         done(casePath, error);
                     });
    demo::DemoOptions options;
    options.outDir = QFileInfo(path).absolutePath().toStdString();
    builder->start(std::move(options));
}

} // namespace siphon::ui
