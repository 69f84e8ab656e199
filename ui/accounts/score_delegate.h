#pragma once
// Paints a score (0..1) as a coloured bar with its value, so risk reads at a glance.
#include <QStyledItemDelegate>

namespace siphon::ui {

class ScoreDelegate : public QStyledItemDelegate {
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;
    void paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const override;
    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override;
};

} // namespace siphon::ui
