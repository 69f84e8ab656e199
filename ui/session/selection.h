#pragma once
// The investigator's current focus, shared by every view: level, entity, its cluster, a time
// range and a request. Views listen and follow; clicking a node or a row sets it here.
// Thread: GUI only.
#include "store/entity_level.h"

#include <QObject>
#include <QString>

#include <cstdint>
#include <optional>

namespace siphon::ui {

struct TimeRange {
    int64_t fromUs = 0, toUs = 0;   // half-open
    bool operator==(const TimeRange&) const = default;
};

class Selection : public QObject {
    Q_OBJECT
public:
    using QObject::QObject;

    EntityLevel level() const { return level_; }
    const QString& entity() const { return entity_; }
    std::optional<int64_t> clusterId() const { return clusterId_; }
    std::optional<TimeRange> range() const { return range_; }
    std::optional<int64_t> requestId() const { return requestId_; }

    void setLevel(EntityLevel level);                   // clears entity, cluster, range
    void setEntity(const QString& entity, std::optional<int64_t> clusterId);   // clears range
    void setRange(std::optional<TimeRange> range);
    void setRequest(std::optional<int64_t> requestId);
    void clear();

Q_SIGNALS:
    void levelChanged(siphon::EntityLevel level);
    void entityChanged();
    void rangeChanged();
    void requestChanged();

private:
    EntityLevel level_ = EntityLevel::Account;
    QString entity_;
    std::optional<int64_t> clusterId_;
    std::optional<TimeRange> range_;
    std::optional<int64_t> requestId_;
};

} // namespace siphon::ui
