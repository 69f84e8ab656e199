#include "accounts/score_delegate.h"

#include "accounts/entity_table_model.h"
#include "util/format.h"

#include <QApplication>
#include <QPainter>

#include <algorithm>

namespace siphon::ui {

void ScoreDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const {
    const QVariant v = index.data(EntityTableModel::ScoreRole);
    if (!v.isValid()) {
        QStyledItemDelegate::paint(painter, option, index);
        return;
    }
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    opt.text.clear();
    QApplication::style()->drawControl(QStyle::CE_ItemViewItem, &opt, painter, opt.widget);
    const double score = v.toDouble();
    const QRect r = option.rect.adjusted(4, 5, -4, -5);
    const int textW = option.fontMetrics.horizontalAdvance(QStringLiteral("0.00")) + 6;
    QRect bar(r.left(), r.top(), std::max(0, r.width() - textW), r.height());
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setPen(Qt::NoPen);
    QColor track = option.palette.color(QPalette::Mid);
    track.setAlpha(60);
    painter->setBrush(track);
    painter->drawRoundedRect(bar, 3, 3);
    QRect fill = bar;
    fill.setWidth(static_cast<int>(bar.width() * std::clamp(score, 0.0, 1.0)));
    painter->setBrush(scoreColour(score));
    painter->drawRoundedRect(fill, 3, 3);
    painter->setPen(option.state & QStyle::State_Selected ? option.palette.color(QPalette::HighlightedText)
                                                           : option.palette.color(QPalette::Text));
    painter->drawText(QRect(bar.right() + 4, option.rect.top(), textW, option.rect.height()),
                      Qt::AlignVCenter | Qt::AlignLeft, QString::number(score, 'f', 2));
    painter->restore();
}

QSize ScoreDelegate::sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const {
    QSize s = QStyledItemDelegate::sizeHint(option, index);
    s.setWidth(std::max(s.width(), 110));
    return s;
}

} // namespace siphon::ui
