#include "main/theme.h"

#include <QApplication>
#include <QFile>
#include <QPalette>
#include <QStyleFactory>

namespace siphon::ui {

void applyTheme(bool dark) {
    QApplication::setStyle(QStyleFactory::create("Fusion"));
    QPalette p;
    if (dark) {
        p.setColor(QPalette::Window, QColor(0x26, 0x28, 0x2b));
        p.setColor(QPalette::WindowText, QColor(0xe6, 0xe6, 0xe6));
        p.setColor(QPalette::Base, QColor(0x1e, 0x1f, 0x22));
        p.setColor(QPalette::AlternateBase, QColor(0x2b, 0x2d, 0x31));
        p.setColor(QPalette::Text, QColor(0xe6, 0xe6, 0xe6));
        p.setColor(QPalette::Button, QColor(0x33, 0x35, 0x39));
        p.setColor(QPalette::ButtonText, QColor(0xe6, 0xe6, 0xe6));
        p.setColor(QPalette::Highlight, QColor(0x2f, 0x6f, 0xb5));
        p.setColor(QPalette::HighlightedText, Qt::white);
        p.setColor(QPalette::ToolTipBase, QColor(0x33, 0x35, 0x39));
        p.setColor(QPalette::ToolTipText, QColor(0xe6, 0xe6, 0xe6));
        p.setColor(QPalette::PlaceholderText, QColor(0x90, 0x90, 0x90));
        p.setColor(QPalette::Mid, QColor(0x55, 0x55, 0x55));
        p.setColor(QPalette::Disabled, QPalette::Text, QColor(0x80, 0x80, 0x80));
        p.setColor(QPalette::Disabled, QPalette::ButtonText, QColor(0x80, 0x80, 0x80));
    } else {
        p.setColor(QPalette::Window, QColor(0xf4, 0xf5, 0xf7));
        p.setColor(QPalette::WindowText, QColor(0x21, 0x21, 0x21));
        p.setColor(QPalette::Base, Qt::white);
        p.setColor(QPalette::AlternateBase, QColor(0xf2, 0xf4, 0xf7));
        p.setColor(QPalette::Text, QColor(0x21, 0x21, 0x21));
        p.setColor(QPalette::Button, QColor(0xfa, 0xfa, 0xfb));
        p.setColor(QPalette::ButtonText, QColor(0x21, 0x21, 0x21));
        p.setColor(QPalette::Highlight, QColor(0x1e, 0x6f, 0xd9));
        p.setColor(QPalette::HighlightedText, Qt::white);
        p.setColor(QPalette::Mid, QColor(0xb0, 0xb4, 0xba));
    }
    QApplication::setPalette(p);
    QFile qss(":/style/siphon.qss");
    if (qss.open(QIODevice::ReadOnly)) qApp->setStyleSheet(QString::fromUtf8(qss.readAll()));
}

} // namespace siphon::ui
