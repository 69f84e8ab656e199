#pragma once
// The main window only wires sub-widgets and actions: the accounts dock, the tag dock, the
// central tabs (timeline, heatmap, network, requests), menus with shortcuts, recent cases,
// drag-and-drop (case files open, log files import), a status bar with case counts, light/dark
// palettes, and the dock layout saved and restored through QSettings. Thread: GUI only.
#include "session/case_open_mode.h"

#include <QMainWindow>

class QTabWidget;
class QLabel;
class QMenu;
class QDockWidget;

namespace siphon::ui {

class CaseSession;
class TagStore;
class AccountsView;
class TimelineView;
class HeatmapView;
class ExaminerActivityView;
class NetworkView;
class RequestsView;
class TagPanel;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    enum class View { Accounts, Timeline, Heatmap, Network, Requests, Examiners };
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    CaseSession* session() const { return session_; }
    TagStore* tagStore() const { return tags_; }
    AccountsView* accounts() const { return accounts_; }
    TimelineView* timeline() const { return timeline_; }
    HeatmapView* heatmap() const { return heatmap_; }
    NetworkView* network() const { return network_; }
    RequestsView* requests() const { return requests_; }
    TagPanel* tagPanel() const { return tagPanel_; }

    void openCase(const QString& path, CaseOpenMode mode = CaseOpenMode::Existing);
    void importFiles(const QStringList& paths);
    void showView(View view);
    void setDark(bool dark);
    // Persisted layout is skipped (screenshots and tests want the default layout).
    void setPersistLayout(bool on);
    // Gives the accounts dock this width (screenshots of the accounts table).
    void setAccountsWidth(int px);

protected:
    void dragEnterEvent(QDragEnterEvent* e) override;
    void dropEvent(QDropEvent* e) override;
    void closeEvent(QCloseEvent* e) override;
    void showEvent(QShowEvent* e) override;

private:
    void buildMenus();
    void newCase();
    void openCaseDialog();
    void openCaseReadOnlyDialog();
    void showReadOnlyBanner();
    bool refusedInReviewCase(const QString& what);   // true (and says so) for a review case
    void runAnalysis();
    void updateStatus();
    void updateRecentMenu();
    void addRecent(const QString& path);

    CaseSession* session_;
    TagStore* tags_;
    AccountsView* accounts_;
    TimelineView* timeline_;
    HeatmapView* heatmap_;
    NetworkView* network_;
    RequestsView* requests_;
    TagPanel* tagPanel_;
    QTabWidget* tabs_;
    QDockWidget* accountsDock_;
    QDockWidget* tagsDock_;
    QLabel* caseLabel_;
    QLabel* readOnlyBanner_;
    ExaminerActivityView* examiners_ = nullptr;
    QLabel* countsLabel_;
    QLabel* busyLabel_;
    QMenu* recentMenu_ = nullptr;
    bool dark_ = false;
    bool persistLayout_ = true;
    bool restoredLayout_ = false;
    bool shownOnce_ = false;
};

} // namespace siphon::ui
