#include "main/main_window.h"

#include "accounts/accounts_view.h"
#include "activity/examiner_activity_view.h"
#include "conflicts/conflicts_view.h"
#include "heatmap/heatmap_view.h"
#include "main/theme.h"
#include "network/network_view.h"
#include "requests/requests_view.h"
#include "session/case_session.h"
#include "tags/tag_panel.h"
#include "tags/tag_store.h"
#include "timeline/timeline_view.h"
#include "util/format.h"

#include <QCloseEvent>
#include <QShowEvent>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QFileInfo>
#include <QLabel>
#include <QMessageBox>
#include <QMimeData>
#include <QSettings>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>

namespace siphon::ui {

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
    setWindowTitle(tr("Siphon"));
    setWindowIcon(QIcon(":/icons/siphon.svg"));
    setObjectName("MainWindow");
    setAcceptDrops(true);
    session_ = new CaseSession(this);
    tags_ = new TagStore(session_, this);
    accounts_ = new AccountsView(session_, tags_, this);
    timeline_ = new TimelineView(session_, tags_, this);
    heatmap_ = new HeatmapView(session_, this);
    network_ = new NetworkView(session_, this);
    requests_ = new RequestsView(session_, this);
    tagPanel_ = new TagPanel(session_, tags_, this);

    tabs_ = new QTabWidget(this);
    tabs_->setDocumentMode(true);
    tabs_->addTab(timeline_, QIcon(":/icons/timeline.svg"), tr("Timeline"));
    tabs_->addTab(heatmap_, QIcon(":/icons/heatmap.svg"), tr("Activity"));
    tabs_->addTab(network_, QIcon(":/icons/network.svg"), tr("Network"));
    tabs_->addTab(requests_, QIcon(":/icons/requests.svg"), tr("Requests"));
    tabs_->addTab(new ConflictsView(session_, this), tr("Conflicts"));
    examiners_ = new ExaminerActivityView(session_, this);
    tabs_->addTab(examiners_, tr("Examiners"));
    setCentralWidget(tabs_);

    accountsDock_ = new QDockWidget(tr("Accounts"), this);
    accountsDock_->setObjectName("accountsDock");
    accountsDock_->setWidget(accounts_);
    addDockWidget(Qt::LeftDockWidgetArea, accountsDock_);
    tagsDock_ = new QDockWidget(tr("Tags"), this);
    tagsDock_->setObjectName("tagsDock");
    tagsDock_->setWidget(tagPanel_);
    addDockWidget(Qt::RightDockWidgetArea, tagsDock_);

    caseLabel_ = new QLabel(tr("No case open — File ▸ Open case (Ctrl+O), or drop log files here"), this);
    caseLabel_->setTextFormat(Qt::PlainText);
    caseLabel_->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    countsLabel_ = new QLabel(this);
    busyLabel_ = new QLabel(this);
    readOnlyBanner_ = new QLabel(this);
    readOnlyBanner_->setObjectName("readOnlyBanner");
    readOnlyBanner_->setStyleSheet(QStringLiteral("QLabel#readOnlyBanner { background: #8b0000; color: white; font-weight: bold;"
                                                  " padding: 1px 8px; }"));
    readOnlyBanner_->hide();
    statusBar()->addWidget(caseLabel_, 1);
    statusBar()->addPermanentWidget(readOnlyBanner_);   // permanent: messages never hide it
    statusBar()->addPermanentWidget(countsLabel_);
    statusBar()->addPermanentWidget(busyLabel_);
    connect(session_, &CaseSession::busyChanged, this, [this](bool busy) { busyLabel_->setText(busy ? tr("working…") : QString()); });

    buildMenus();
    connect(session_, &CaseSession::caseOpened, this, [this](const QString& path) {
        setWindowTitle(tr("Siphon — %1").arg(QFileInfo(path).fileName()));
        caseLabel_->setText(path);
        showReadOnlyBanner();
        addRecent(path);
    });
    connect(session_, &CaseSession::caseClosed, readOnlyBanner_, &QWidget::hide);
    connect(session_, &CaseSession::reviewChecked, this, &MainWindow::showReadOnlyBanner);
    connect(session_, &CaseSession::openFailed, this, [this](const QString& path, const QString& msg) {
        // Plain text: a file name that looks like HTML would otherwise be rendered as HTML.
        QMessageBox box(QMessageBox::Warning, tr("Cannot open case"), tr("%1\n\n%2").arg(path, msg), QMessageBox::Ok, this);
        box.setTextFormat(Qt::PlainText);
        box.exec();
    });
    connect(session_, &CaseSession::infoChanged, this, &MainWindow::updateStatus);
    connect(tags_, &TagStore::failed, this, [this](const QString& msg) { statusBar()->showMessage(tr("Tag failed: %1").arg(msg), 8000); });
    connect(timeline_, &TimelineView::openRequestsForRange, this, [this] { showView(View::Requests); });
    connect(tagPanel_, &TagPanel::navigateToRange, this, [this] { showView(View::Timeline); });
    // A request chosen anywhere (the requests table, a request tag) is shown in the requests view.
    connect(&session_->selection(), &Selection::requestChanged, this, [this] {
        if (session_->selection().requestId()) showView(View::Requests);
    });

    QSettings settings;
    setDark(settings.value("ui/dark", false).toBool());
    restoreGeometry(settings.value("ui/geometry").toByteArray());
    restoredLayout_ = restoreState(settings.value("ui/state").toByteArray());
}

MainWindow::~MainWindow() = default;

// Says why nothing can be changed: chosen for review, or a case on read-only media; for a review
// case, that its evidence is frozen and whether its hashes verified on open.
void MainWindow::showReadOnlyBanner() {
    if (session_->isReviewCase()) {
        const auto& check = session_->reviewCheck();
        readOnlyBanner_->setVisible(true);
        readOnlyBanner_->setText(tr("REVIEW CASE · evidence read-only · %1")
                                     .arg(QString::fromStdString(check.sentence())));
        readOnlyBanner_->setToolTip(check.ok() ? QString() : QString::fromStdString(check.problems.front()));
        return;
    }
    readOnlyBanner_->setToolTip({});
    readOnlyBanner_->setVisible(!session_->writable());
    readOnlyBanner_->setText(session_->readOnlyByChoice() ? tr("READ-ONLY REVIEW — evidence cannot be changed")
                                                          : tr("READ-ONLY — the case cannot be written here"));
}

void MainWindow::openCase(const QString& path, CaseOpenMode mode) { session_->open(path, mode); }

void MainWindow::showView(View view) {
    switch (view) {
    case View::Accounts:
        accountsDock_->show();
        accountsDock_->raise();
        accounts_->table()->setFocus();
        break;
    case View::Timeline: tabs_->setCurrentWidget(timeline_); break;
    case View::Heatmap: tabs_->setCurrentWidget(heatmap_); break;
    case View::Network: tabs_->setCurrentWidget(network_); break;
    case View::Requests: tabs_->setCurrentWidget(requests_); break;
    case View::Examiners: tabs_->setCurrentWidget(examiners_); break;
    }
}

void MainWindow::setDark(bool dark) {
    dark_ = dark;
    applyTheme(dark);
    QSettings().setValue("ui/dark", dark);
}

void MainWindow::updateStatus() {
    const auto& i = session_->info();
    int64_t entities = 0;
    if (auto it = i.entities.find(std::string(levelInfo(session_->selection().level()).name)); it != i.entities.end())
        entities = it->second;
    countsLabel_->setText(tr("%1 requests · %2 buckets · %3 rejects · %4 sources · %5 %6s")
                              .arg(formatCount(i.requests), formatCount(i.buckets), formatCount(i.rejects))
                              .arg(i.sources.size())
                              .arg(formatCount(entities), QString::fromLatin1(levelInfo(session_->selection().level()).name.data())));
}

void MainWindow::setPersistLayout(bool on) {
    persistLayout_ = on;
    if (!on) restoredLayout_ = false;
}

void MainWindow::setAccountsWidth(int px) { resizeDocks({accountsDock_}, {px}, Qt::Horizontal); }

void MainWindow::showEvent(QShowEvent* e) {
    QMainWindow::showEvent(e);
    if (shownOnce_) return;
    shownOnce_ = true;
    // Default proportions, unless the user's saved layout was restored.
    if (!restoredLayout_) resizeDocks({accountsDock_, tagsDock_}, {width() * 40 / 100, width() * 18 / 100}, Qt::Horizontal);
}

void MainWindow::dragEnterEvent(QDragEnterEvent* e) {
    if (e->mimeData()->hasUrls()) e->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* e) {
    QStringList logs;
    for (const auto& url : e->mimeData()->urls()) {
        const QString path = url.toLocalFile();
        if (path.isEmpty()) continue;
        if (path.endsWith(".siphon", Qt::CaseInsensitive)) {
            openCase(path);
            return;
        }
        logs << path;
    }
    if (!logs.isEmpty()) importFiles(logs);
    e->acceptProposedAction();
}

void MainWindow::closeEvent(QCloseEvent* e) {
    if (persistLayout_) {
        QSettings settings;
        settings.setValue("ui/geometry", saveGeometry());
        settings.setValue("ui/state", saveState());
    }
    QMainWindow::closeEvent(e);
}

} // namespace siphon::ui
