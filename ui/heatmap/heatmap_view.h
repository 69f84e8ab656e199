#pragma once
// The activity heatmap of the selected entity with a mode switch (hour-of-week / day × hour).
// Loads hourly totals on the reader worker. Thread: GUI only.
#include <QWidget>

class QComboBox;

namespace siphon::ui {

class CaseSession;
class HeatmapWidget;

class HeatmapView : public QWidget {
    Q_OBJECT
public:
    explicit HeatmapView(CaseSession* session, QWidget* parent = nullptr);
    HeatmapWidget* heatmap() const { return heatmap_; }

Q_SIGNALS:
    void loaded();

private:
    void reload();
    CaseSession* session_;
    HeatmapWidget* heatmap_;
    QComboBox* mode_;
    uint64_t gen_ = 0;
};

} // namespace siphon::ui
