// MainWindow's menus, shortcuts and the commands behind them (split from main_window.cpp).
#include "analysis/analyzer.h"
#include "evidence/analysis_audit.h"
#include "accounts/accounts_view.h"
#include "export/export_dialog.h"
#include "import/import_dialog.h"
#include "main/main_window.h"
#include "requests/requests_view.h"
#include "session/case_session.h"
#include "tags/tag_panel.h"
#include "tags/tag_store.h"
#include "util/format.h"
#include "util/log.h"
#include "util/phase_log.h"

#include <QAction>
#include <QApplication>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QMenuBar>
#include <QMessageBox>
#include <QPointer>
#include <QSettings>
#include <QStatusBar>

namespace siphon::ui {

void MainWindow::buildMenus() {
    auto* file = menuBar()->addMenu(tr("&File"));
    file->addAction(QIcon(":/icons/new.svg"), tr("&New case…"), QKeySequence::New, this, &MainWindow::newCase);
    file->addAction(QIcon(":/icons/open.svg"), tr("&Open case…"), QKeySequence::Open, this, &MainWindow::openCaseDialog);
    file->addAction(tr("Open case read-&only…"), this, &MainWindow::openCaseReadOnlyDialog);
    recentMenu_ = file->addMenu(tr("Open &recent"));
    file->addAction(QIcon(":/icons/import.svg"), tr("&Import logs…"), QKeySequence(Qt::CTRL | Qt::Key_I), this,
                    [this] { importFiles({}); });
    file->addAction(tr("&Export evidence bundle…"), QKeySequence(Qt::CTRL | Qt::Key_E), this, [this] {
        if (!session_->isOpen()) return;
        if (!session_->writable()) {
            statusBar()->showMessage(tr("Read-only: an export is recorded in the case's audit log, so open the case "
                                        "normally to export."),
                                     8000);
            return;
        }
        auto* dialog = new ExportDialog(session_, session_->path(), this);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->open();
    });
    file->addSeparator();
    file->addAction(tr("&Close case"), QKeySequence(Qt::CTRL | Qt::Key_W), session_, &CaseSession::close);
    file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);

    auto* analysis = menuBar()->addMenu(tr("&Analysis"));
    analysis->addAction(QIcon(":/icons/analyze.svg"), tr("&Analyse current level"), QKeySequence(Qt::CTRL | Qt::Key_R), this,
                        &MainWindow::runAnalysis);
    for (int i = 0; i < kLevelCount; ++i) {
        const auto& l = kLevels[static_cast<size_t>(i)];
        analysis->addAction(tr("Show level: %1").arg(QString::fromLatin1(l.name.data())),
                            QKeySequence(Qt::CTRL | static_cast<Qt::Key>(Qt::Key_1 + i)), this, [this, l] { session_->selection().setLevel(l.level); });
    }

    auto* tag = menuBar()->addMenu(tr("&Tag"));
    tag->addAction(QIcon(":/icons/tag.svg"), tr("Tag selected &entity…"), QKeySequence(Qt::CTRL | Qt::Key_T), tagPanel_,
                   &TagPanel::tagCurrentEntity);
    tag->addAction(tr("Tag selected &cluster…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_T), tagPanel_,
                   &TagPanel::tagCurrentCluster);
    tag->addAction(tr("&Undo last tag"), QKeySequence::Undo, tags_, &TagStore::undoLast);

    auto* view = menuBar()->addMenu(tr("&View"));
    view->addAction(tr("Filter accounts"), QKeySequence::Find, accounts_, &AccountsView::focusFilter);
    view->addAction(tr("Search prompts"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_F), this, [this] {
        showView(View::Requests);
        requests_->focusSearch();
    });
    view->addSeparator();
    view->addAction(tr("Accounts"), QKeySequence(Qt::ALT | Qt::Key_1), this, [this] { showView(View::Accounts); });
    view->addAction(tr("Timeline"), QKeySequence(Qt::ALT | Qt::Key_2), this, [this] { showView(View::Timeline); });
    view->addAction(tr("Activity heatmap"), QKeySequence(Qt::ALT | Qt::Key_3), this, [this] { showView(View::Heatmap); });
    view->addAction(tr("Network"), QKeySequence(Qt::ALT | Qt::Key_4), this, [this] { showView(View::Network); });
    view->addAction(tr("Requests"), QKeySequence(Qt::ALT | Qt::Key_5), this, [this] { showView(View::Requests); });
    view->addSeparator();
    view->addAction(accountsDock_->toggleViewAction());
    view->addAction(tagsDock_->toggleViewAction());
    auto* dark = view->addAction(tr("&Dark palette"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_D), this,
                                 [this] { setDark(!dark_); });
    dark->setCheckable(true);
    dark->setChecked(dark_);

    auto* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About Siphon"), QKeySequence(), this, [this] {
        QMessageBox::about(this, tr("About Siphon"),
                           tr("Siphon %1\nWorkbench for investigating bulk extraction of LLM outputs.").arg(SIPHON_VERSION));
    });
    updateRecentMenu();
}

void MainWindow::newCase() {
    const QString path = QFileDialog::getSaveFileName(this, tr("New case"), {}, tr("Siphon cases (*.siphon)"));
    if (path.isEmpty()) return;
    openCase(path.endsWith(".siphon") ? path : path + ".siphon", CaseOpenMode::Create);
}

void MainWindow::openCaseDialog() {
    const QString path = QFileDialog::getOpenFileName(this, tr("Open case"), {}, tr("Siphon cases (*.siphon);;All files (*)"));
    if (!path.isEmpty()) openCase(path);
}

void MainWindow::openCaseReadOnlyDialog() {
    const QString path =
        QFileDialog::getOpenFileName(this, tr("Open case read-only"), {}, tr("Siphon cases (*.siphon);;All files (*)"));
    if (!path.isEmpty()) openCase(path, CaseOpenMode::ReadOnly);
}

void MainWindow::importFiles(const QStringList& paths) {
    if (refusedInReviewCase(tr("import"))) return;
    if (!session_->isOpen()) {
        const QString path = QFileDialog::getSaveFileName(this, tr("New case for these logs"), {}, tr("Siphon cases (*.siphon)"));
        if (path.isEmpty()) return;
        openCase(path.endsWith(".siphon") ? path : path + ".siphon", CaseOpenMode::Create);
    }
    auto* dialog = new ImportDialog(session_, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->addPaths(paths);
    dialog->show();
}

// The case's triggers would refuse the writes anyway; this says why before anything starts.
bool MainWindow::refusedInReviewCase(const QString& what) {
    if (!session_->isOpen() || !session_->isReviewCase()) return false;
    statusBar()->showMessage(tr("This is a review case: its evidence is read-only, so %1 is not possible here "
                                "(tags and notes are).").arg(what),
                             8000);
    return true;
}

void MainWindow::runAnalysis() {
    if (!session_->isOpen() || !session_->writable() || refusedInReviewCase(tr("analysis"))) return;
    const auto level = session_->selection().level();
    statusBar()->showMessage(tr("Analysing %1s…").arg(QString::fromLatin1(levelInfo(level).name.data())));
    QPointer<MainWindow> self(this);
    session_->writer().submit<analysis::AnalysisSummary>(
        this, "analyze",
        [level, self](store::Database& db) {
            analysis::AnalysisOptions o;
            o.level = level;
            log::PhaseLog phases(log::lcAnalysis, "analyze " + std::string(levelInfo(level).name));
            o.progress = [self, &phases](const analysis::AnalysisProgress& p) {
                phases.progress(p.phase, p.done, p.total);
                QMetaObject::invokeMethod(
                    self.data(),
                    [self, p] {
                        if (self) self->statusBar()->showMessage(tr("Analysis: %1 %2").arg(QString::fromStdString(p.phase), formatCount(p.done)));
                    },
                    Qt::QueuedConnection);
                return true;
            };
            auto r = analysis::runAnalysis(db, o);
            if (!r) return r;
            // On the record like `siphon-cli analyze`: export refuses a current run without its entry.
            if (auto a = evidence::auditAnalysis(db, "siphon GUI", o, *r); !a) return Result<analysis::AnalysisSummary>(a.error());
            return r;
        },
        [this](Result<analysis::AnalysisSummary> r) {
            if (!r) {
                qCWarning(log::lcAnalysis) << "analysis failed:" << r.error().describe().c_str();
                statusBar()->showMessage(tr("Analysis failed: %1").arg(QString::fromStdString(r.error().describe())), 10000);
                return;
            }
            qCInfo(log::lcAnalysis) << "analysis done:" << r->entities << "entities," << r->flagged << "flagged," << r->clusters
                                    << "clusters in" << r->seconds << "s";
            statusBar()->showMessage(tr("Analysis done: %1 entities, %2 flagged, %3 clusters in %4 s")
                                         .arg(formatCount(r->entities), formatCount(r->flagged), formatCount(r->clusters))
                                         .arg(r->seconds, 0, 'f', 1),
                                     10000);
            session_->notifyContentChanged();
        });
}

void MainWindow::addRecent(const QString& path) {
    QSettings settings;
    QStringList recent = settings.value("recentCases").toStringList();
    recent.removeAll(path);
    recent.prepend(path);
    while (recent.size() > 10) recent.removeLast();
    settings.setValue("recentCases", recent);
    updateRecentMenu();
}

void MainWindow::updateRecentMenu() {
    if (!recentMenu_) return;
    recentMenu_->clear();
    const QStringList recent = QSettings().value("recentCases").toStringList();
    for (const auto& p : recent) recentMenu_->addAction(p, QKeySequence(), this, [this, p] { openCase(p); });
    recentMenu_->setEnabled(!recent.isEmpty());
}

} // namespace siphon::ui
