#pragma once
// Timeline of the selected entity (requests / input / output tokens over time, stacked by
// model) or of its cluster (members overlaid). The bucket follows the zoom (1 min .. 7 d);
// every zoom/pan re-queries the rollups on the reader worker after a short debounce, and stale
// answers are dropped by generation. Onset is marked, tagged ranges are shaded in their label
// colours, and a left-drag selects a range that can be tagged or opened as requests.
// Thread: GUI only.
#include "query/series_query.h"
#include "session/selection.h"
#include "timeline/timeline_build.h"

#include <QWidget>

class QComboBox;
class QCheckBox;
class QLabel;
class QPushButton;
class QTimer;
class QChart;

namespace siphon::ui {

class CaseSession;
class TagStore;
class TimelineChart;

class TimelineView : public QWidget {
    Q_OBJECT
public:
    TimelineView(CaseSession* session, TagStore* tags, QWidget* parent = nullptr);

    // Test/automation hooks.
    int bucketCount() const { return lastChart_.buckets; }
    int64_t bucketUs() const { return lastResult_.bucketUs; }
    const StackedChart& chartData() const { return lastChart_; }
    std::optional<TimeRange> visibleRange() const;
    void selectRange(int64_t fromUs, int64_t toUs);   // as a rubber-band selection would
    void zoomTo(int64_t fromUs, int64_t toUs);         // shows [from, to) and re-queries
    void setOverlay(bool on);
    // Tags the selected range of the entity with label (no dialog).
    void tagSelection(const QString& label, const QString& note);

Q_SIGNALS:
    void seriesLoaded(int buckets);
    void openRequestsForRange();

private:
    void onEntityChanged();
    void loadExtentAndSeries();
    void scheduleQuery();
    void runQuery();
    void redraw();
    void zoom(double centreMs, double factor);
    void pan(double deltaMs);
    void resetZoom();
    void promptTag();
    void updateButtons();

    CaseSession* session_;
    TagStore* tags_;
    TimelineChart* view_;
    QChart* chart_;
    QComboBox* metric_;
    QCheckBox* overlay_;
    QLabel* info_;
    QPushButton* tagBtn_;
    QPushButton* requestsBtn_;
    QTimer* debounce_;

    EntityLevel level_ = EntityLevel::Account;
    std::vector<std::string> entities_;
    std::optional<int64_t> onsetUs_;
    int64_t extentFrom_ = 0, extentTo_ = 0;
    int64_t fromUs_ = 0, toUs_ = 0;   // visible
    query::SeriesResult lastResult_;
    int64_t lastFrom_ = 0, lastTo_ = 0;
    StackedChart lastChart_;
    uint64_t gen_ = 0;
};

} // namespace siphon::ui
