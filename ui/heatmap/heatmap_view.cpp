#include "heatmap/heatmap_view.h"

#include "heatmap/heatmap_widget.h"
#include "session/case_session.h"
#include "util/format.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QVBoxLayout>

namespace siphon::ui {

HeatmapView::HeatmapView(CaseSession* session, QWidget* parent) : QWidget(parent), session_(session) {
    heatmap_ = new HeatmapWidget(this);
    mode_ = new QComboBox(this);
    mode_->addItems({tr("Hour of week"), tr("Day × hour")});
    auto* bar = new QHBoxLayout;
    bar->addWidget(new QLabel(tr("Layout"), this));
    bar->addWidget(mode_);
    bar->addStretch(1);
    auto* lay = new QVBoxLayout(this);
    lay->setContentsMargins(6, 6, 6, 6);
    lay->addLayout(bar);
    lay->addWidget(heatmap_, 1);
    connect(mode_, &QComboBox::currentIndexChanged, this,
            [this](int i) { heatmap_->setMode(i == 0 ? HeatmapWidget::Mode::HourOfWeek : HeatmapWidget::Mode::DayByHour); });
    connect(&session_->selection(), &Selection::entityChanged, this, &HeatmapView::reload);
    connect(session_, &CaseSession::contentChanged, this, &HeatmapView::reload);
}

void HeatmapView::reload() {
    const uint64_t gen = ++gen_;
    const auto& sel = session_->selection();
    if (sel.entity().isEmpty()) {
        heatmap_->setData({}, {});
        return;
    }
    const auto level = sel.level();
    const std::string entity = sel.entity().toStdString();
    session_->reader().submit<std::vector<query::HourCount>>(
        this, "heatmap", [level, entity](store::Database& db) { return query::loadHourly(db, level, entity); },
        [this, gen, entity](Result<std::vector<query::HourCount>> r) {
            if (gen != gen_ || !r) return;
            int64_t total = 0;
            for (const auto& h : *r) total += h.requests;
            heatmap_->setData(std::move(r.value()),
                              tr("%1 — %2 requests by hour of day (UTC)").arg(oneLine(entity, 60), formatCount(total)));
            Q_EMIT loaded();
        });
}

} // namespace siphon::ui
