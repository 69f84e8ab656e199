#include "main/demo_case.h"

#include "analysis/analyzer.h"
#include "evidence/analysis_audit.h"
#include "generate/generator.h"
#include "ingest/importer.h"
#include "store/case_file.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QPointer>
#include <QProgressDialog>
#include <QStandardPaths>

#include <thread>

namespace siphon::ui {

QString demoCasePath() {
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + "/demo/demo.siphon";
}

QString buildDemoCaseAt(const QString& dir) {
    QDir().mkpath(dir);
    generate::GenerateOptions g;
    g.outDir = (dir + "/data").toStdString();
    g.accounts = 80;
    g.days = 14;
    g.formats = {"generic_jsonl"};
    auto gen = generate::generate(g);
    if (!gen) return QString::fromStdString(gen.error().describe());
    const std::string casePath = (dir + "/demo.siphon.part").toStdString();
    QFile::remove(QString::fromStdString(casePath));
    auto db = store::openCase(casePath, store::CaseAccess::CreateWrite);
    if (!db) return QString::fromStdString(db.error().describe());
    auto imported = ingest::importFiles(*db, {g.outDir + "/logs"}, {});
    if (!imported) return QString::fromStdString(imported.error().describe());
    for (auto level : {EntityLevel::Account, EntityLevel::Key, EntityLevel::Ip}) {
        analysis::AnalysisOptions o;
        o.level = level;
        auto r = analysis::runAnalysis(*db, o);
        if (!r) return QString::fromStdString(r.error().describe());
        if (auto a = evidence::auditAnalysis(*db, "siphon-demo", o, *r); !a) return QString::fromStdString(a.error().describe());
    }
    (void)db->exec("PRAGMA wal_checkpoint(TRUNCATE)");
    db.value() = store::Database();
    QFile::remove(dir + "/demo.siphon");
    if (!QFile::rename(QString::fromStdString(casePath), dir + "/demo.siphon")) return QStringLiteral("cannot finish the demo case");
    return {};
}

void buildDemoCase(QWidget* parent, std::function<void(const QString&, const QString&)> done) {
    const QString path = demoCasePath();
    if (QFileInfo::exists(path)) {
        done(path, {});
        return;
    }
    auto* progress = new QProgressDialog(QObject::tr("Building the demo case (synthetic logs, import, analysis)…"), {}, 0, 0, parent);
    progress->setWindowModality(Qt::WindowModal);
    progress->setMinimumDuration(0);
    progress->show();
    QPointer<QProgressDialog> guard(progress);
    std::thread([guard, path, done] {
        const QString error = buildDemoCaseAt(QFileInfo(path).absolutePath());
        QMetaObject::invokeMethod(
            guard.data(),
            [guard, path, done, error] {
                if (guard) guard->deleteLater();
                done(path, error);
            },
            Qt::QueuedConnection);
    }).detach();
}

} // namespace siphon::ui
