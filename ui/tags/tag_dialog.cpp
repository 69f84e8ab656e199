#include "tags/tag_dialog.h"

#include "tags/tag_store.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>

namespace siphon::ui {

TagDialog::TagDialog(TagStore* tags, const QString& what, QWidget* parent) : QDialog(parent) {
    setWindowTitle(tr("Tag"));
    label_ = new QComboBox(this);
    for (const auto& l : tags->labels()) {
        QPixmap swatch(12, 12);
        swatch.fill(QColor(QString::fromStdString(l.colour)));
        label_->addItem(QIcon(swatch), QString::fromStdString(l.name));
        label_->setItemData(label_->count() - 1, QString::fromStdString(l.description), Qt::ToolTipRole);
    }
    note_ = new QLineEdit(this);
    note_->setPlaceholderText(tr("Why this matters (kept in the audit log)"));
    auto* title = new QLabel(what, this);
    title->setTextFormat(Qt::PlainText);
    title->setWordWrap(true);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* form = new QFormLayout(this);
    form->addRow(title);
    form->addRow(tr("Label"), label_);
    form->addRow(tr("Note"), note_);
    form->addRow(buttons);
    resize(440, sizeHint().height());
}

QString TagDialog::label() const { return label_->currentText(); }
QString TagDialog::note() const { return note_->text(); }

} // namespace siphon::ui
