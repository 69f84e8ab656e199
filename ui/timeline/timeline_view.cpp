#include "timeline/timeline_view.h"

#include "query/cluster_query.h"
#include "query/entity_query.h"
#include "session/case_session.h"
#include "tags/tag_dialog.h"
#include "tags/tag_store.h"
#include "timeline/timeline_chart.h"
#include "util/format.h"

#include <QAreaSeries>
#include <QCategoryAxis>
#include <QChart>
#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLegendMarker>
#include <QLineSeries>
#include <QPushButton>
#include <QTimer>
#include <QValueAxis>
#include <QVBoxLayout>

namespace siphon::ui {
namespace {


struct Setup {
    std::optional<query::TimeExtent> extent;
    std::optional<int64_t> onsetUs;
    std::vector<std::string> entities;
};

} // namespace

TimelineView::TimelineView(CaseSession* session, TagStore* tags, QWidget* parent)
    : QWidget(parent), session_(session), tags_(tags) {
    chart_ = new QChart;
    chart_->setAnimationOptions(QChart::NoAnimation);
    chart_->legend()->setAlignment(Qt::AlignBottom);
    QFont legendFont = chart_->legend()->font();
    legendFont.setPointSizeF(legendFont.pointSizeF() * 0.9);
    chart_->legend()->setFont(legendFont);
    chart_->setMargins(QMargins(6, 6, 6, 6));
    view_ = new TimelineChart(this);
    view_->setChart(chart_);

    metric_ = new QComboBox(this);
    metric_->addItems({tr("Requests"), tr("Input tokens"), tr("Output tokens")});
    overlay_ = new QCheckBox(tr("Cluster overlay"), this);
    overlay_->setToolTip(tr("Draw every member of the selected entity's cluster, aligned in time"));
    info_ = new QLabel(this);
    info_->setObjectName("mutedLabel");
    info_->setTextFormat(Qt::PlainText);
    info_->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    tagBtn_ = new QPushButton(QIcon(":/icons/tag.svg"), tr("Tag…"), this);
    tagBtn_->setToolTip(tr("Tag the selected time range (T)"));
    requestsBtn_ = new QPushButton(QIcon(":/icons/requests.svg"), tr("Requests"), this);
    requestsBtn_->setToolTip(tr("List the requests of the selected range"));
    auto* fit = new QPushButton(QIcon(":/icons/fit.svg"), tr("Fit"), this);
    fit->setToolTip(tr("Show the whole activity (Home)"));

    auto* bar = new QHBoxLayout;
    bar->addWidget(metric_);
    bar->addWidget(overlay_);
    bar->addStretch(1);
    bar->addWidget(fit);
    bar->addWidget(tagBtn_);
    bar->addWidget(requestsBtn_);
    auto* hint = new QLabel(tr("wheel/± zoom · right-drag/←→ pan · drag selects range"), this);
    hint->setObjectName("mutedLabel");
    hint->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    auto* lay = new QVBoxLayout(this);
    lay->setContentsMargins(6, 6, 6, 6);
    lay->addLayout(bar);
    lay->addWidget(view_, 1);
    auto* bottom = new QHBoxLayout;
    bottom->addWidget(info_, 1);
    bottom->addWidget(hint);
    lay->addLayout(bottom);

    debounce_ = new QTimer(this);
    debounce_->setSingleShot(true);
    debounce_->setInterval(120);
    connect(debounce_, &QTimer::timeout, this, &TimelineView::runQuery);
    connect(metric_, &QComboBox::currentIndexChanged, this, [this] { redraw(); });   // no re-query
    connect(overlay_, &QCheckBox::toggled, this, [this] { loadExtentAndSeries(); });
    connect(view_, &TimelineChart::zoomRequested, this, &TimelineView::zoom);
    connect(view_, &TimelineChart::panRequested, this, &TimelineView::pan);
    connect(view_, &TimelineChart::resetRequested, this, &TimelineView::resetZoom);
    connect(fit, &QPushButton::clicked, this, &TimelineView::resetZoom);
    connect(view_, &TimelineChart::rangeSelected, this, [this](double a, double b) {
        selectRange(static_cast<int64_t>(a * 1000), static_cast<int64_t>(b * 1000));
    });
    connect(view_, &TimelineChart::selectionCleared, this, [this] { session_->selection().setRange(std::nullopt); });
    connect(tagBtn_, &QPushButton::clicked, this, &TimelineView::promptTag);
    connect(requestsBtn_, &QPushButton::clicked, this, &TimelineView::openRequestsForRange);
    connect(&session_->selection(), &Selection::entityChanged, this, &TimelineView::onEntityChanged);
    connect(&session_->selection(), &Selection::rangeChanged, this, [this] {
        redraw();
        updateButtons();
    });
    if (tags_) connect(tags_, &TagStore::changed, this, &TimelineView::redraw);
    connect(session_, &CaseSession::contentChanged, this, &TimelineView::onEntityChanged);
    updateButtons();
    redraw();
}

std::optional<TimeRange> TimelineView::visibleRange() const {
    if (entities_.empty()) return std::nullopt;
    return TimeRange{fromUs_, toUs_};
}

void TimelineView::setOverlay(bool on) { overlay_->setChecked(on); }

void TimelineView::onEntityChanged() { loadExtentAndSeries(); }

void TimelineView::loadExtentAndSeries() {
    const auto& sel = session_->selection();
    const uint64_t gen = ++gen_;
    level_ = sel.level();
    entities_.clear();
    lastResult_ = {};
    lastChart_ = {};
    if (sel.entity().isEmpty()) {
        redraw();
        updateButtons();
        return;
    }
    const std::string entity = sel.entity().toStdString();
    const auto cluster = overlay_->isChecked() ? sel.clusterId() : std::nullopt;
    const auto level = level_;
    session_->reader().submit<Setup>(
        this, "timeline-setup",
        [entity, cluster, level](store::Database& db) -> Result<Setup> {
            Setup s;
            s.entities = {entity};
            if (cluster) {
                auto members = query::loadClusterMembers(db, *cluster);
                if (!members) return members.error();
                if (!members->empty()) s.entities = std::move(members.value());
                if (s.entities.size() > 12) s.entities.resize(12);
            }
            auto ext = query::loadExtent(db, level, s.entities);
            if (!ext) return ext.error();
            s.extent = *ext;
            auto row = query::loadEntityRows(db, level, {entity});
            if (!row) return row.error();
            if (!row->empty()) s.onsetUs = row->front().onsetUs;
            return s;
        },
        [this, gen](Result<Setup> r) {
            if (gen != gen_ || !r) return;
            entities_ = r->entities;
            onsetUs_ = r->onsetUs;
            if (!r->extent) {
                redraw();
                Q_EMIT seriesLoaded(0);
                return;
            }
            extentFrom_ = r->extent->firstUs;
            extentTo_ = r->extent->lastUs;
            resetZoom();
        });
}

void TimelineView::resetZoom() {
    if (entities_.empty()) return;
    const int64_t pad = std::max<int64_t>((extentTo_ - extentFrom_) / 50, query::kHourUs);
    fromUs_ = extentFrom_ - pad;
    toUs_ = extentTo_ + pad;
    runQuery();
}

void TimelineView::zoom(double centreMs, double factor) {
    if (entities_.empty()) return;
    const double c = centreMs * 1000;
    int64_t from = static_cast<int64_t>(c - (c - static_cast<double>(fromUs_)) * factor);
    int64_t to = static_cast<int64_t>(c + (static_cast<double>(toUs_) - c) * factor);
    if (to - from < 10 * query::kMinuteUs) return;                       // finest: ten 1-minute buckets
    if (to - from > 4 * (extentTo_ - extentFrom_) + 2 * query::kDayUs) return;   // coarsest
    fromUs_ = from;
    toUs_ = to;
    redraw();          // immediate feedback on the old buckets
    scheduleQuery();   // then the right bucket size, debounced
}

void TimelineView::pan(double deltaMs) {
    if (entities_.empty()) return;
    const auto d = static_cast<int64_t>(deltaMs * 1000);
    fromUs_ += d;
    toUs_ += d;
    redraw();
    scheduleQuery();
}

void TimelineView::zoomTo(int64_t fromUs, int64_t toUs) {
    if (entities_.empty() || toUs - fromUs < 10 * query::kMinuteUs) return;
    fromUs_ = fromUs;
    toUs_ = toUs;
    runQuery();
}

void TimelineView::scheduleQuery() { debounce_->start(); }

void TimelineView::runQuery() {
    if (entities_.empty()) return;
    const uint64_t gen = ++gen_;
    query::SeriesRequest req;
    req.level = level_;
    req.entities = entities_;
    req.bucketUs = query::chooseBucketUs(toUs_ - fromUs_, std::max(200, view_->width() - 120));
    // Query a margin beyond the edges so a short pan shows data before the next answer.
    const int64_t span = toUs_ - fromUs_;
    req.fromUs = fromUs_ - span / 2;
    req.toUs = toUs_ + span / 2;
    req.split = entities_.size() > 1 ? query::SeriesSplit::ByEntity : query::SeriesSplit::ByModel;
    session_->reader().submit<query::SeriesResult>(
        this, "timeline-series", [req](store::Database& db) { return query::loadSeries(db, req); },
        [this, gen, req](Result<query::SeriesResult> r) {
            if (gen != gen_ || !r) return;
            lastResult_ = std::move(r.value());
            lastFrom_ = req.fromUs;
            lastTo_ = req.toUs;
            redraw();
            Q_EMIT seriesLoaded(lastChart_.buckets);
        });
}

void TimelineView::selectRange(int64_t fromUs, int64_t toUs) {
    if (entities_.empty() || toUs <= fromUs) return;
    session_->selection().setRange(TimeRange{fromUs, toUs});
}

void TimelineView::updateButtons() {
    const bool hasRange = session_->selection().range().has_value() && !entities_.empty();
    tagBtn_->setEnabled(hasRange && session_->writable());
    requestsBtn_->setEnabled(hasRange);
}

void TimelineView::promptTag() {
    const auto range = session_->selection().range();
    if (!range || !tags_) return;
    TagDialog dialog(tags_, tr("Tag %1 from %2 to %3")
                                .arg(oneLine(session_->selection().entity().toStdString(), 60),
                                     formatTimeUs(range->fromUs), formatTimeUs(range->toUs)),
                     this);
    if (dialog.exec() == QDialog::Accepted) tagSelection(dialog.label(), dialog.note());
}

void TimelineView::tagSelection(const QString& label, const QString& note) {
    const auto range = session_->selection().range();
    if (!range || !tags_) return;
    evidence::TagTarget t;
    t.kind = evidence::TargetKind::Range;
    t.level = session_->selection().level();
    t.entity = session_->selection().entity().toStdString();
    t.fromUs = range->fromUs;
    t.toUs = range->toUs;
    tags_->addTag(t, label, note);
}

} // namespace siphon::ui
