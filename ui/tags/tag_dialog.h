#pragma once
// Asks for a label (from the case's labels) and a note before tagging something.
#include <QDialog>

class QComboBox;
class QLineEdit;

namespace siphon::ui {

class TagStore;

class TagDialog : public QDialog {
    Q_OBJECT
public:
    TagDialog(TagStore* tags, const QString& what, QWidget* parent = nullptr);
    QString label() const;
    QString note() const;

private:
    QComboBox* label_;
    QLineEdit* note_;
};

} // namespace siphon::ui
