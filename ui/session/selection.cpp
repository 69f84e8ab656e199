#include "session/selection.h"

namespace siphon::ui {

void Selection::setLevel(EntityLevel level) {
    if (level == level_) return;
    level_ = level;
    entity_.clear();
    clusterId_.reset();
    range_.reset();
    requestId_.reset();
    Q_EMIT levelChanged(level);
    Q_EMIT entityChanged();
}

void Selection::setEntity(const QString& entity, std::optional<int64_t> clusterId) {
    if (entity == entity_ && clusterId == clusterId_) return;
    entity_ = entity;
    clusterId_ = clusterId;
    range_.reset();
    requestId_.reset();
    Q_EMIT entityChanged();
}

void Selection::setRange(std::optional<TimeRange> range) {
    if (range == range_) return;
    range_ = range;
    Q_EMIT rangeChanged();
}

void Selection::setRequest(std::optional<int64_t> requestId) {
    if (requestId == requestId_) return;
    requestId_ = requestId;
    Q_EMIT requestChanged();
}

void Selection::clear() {
    entity_.clear();
    clusterId_.reset();
    range_.reset();
    requestId_.reset();
    Q_EMIT entityChanged();
}

} // namespace siphon::ui
