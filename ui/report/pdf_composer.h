#pragma once
// A small flowing-layout helper over QPainter for paged reports: it keeps a cursor, breaks pages
// when a block would not fit, and draws the running header (legend, case) and footer (Bates number,
// page, tool) on every page. Units are PDF points (QPdfWriter at 72 dpi).
#include <QFont>
#include <QPainter>
#include <QString>
#include <QStringList>
#include <QTextOption>

#include <functional>
#include <vector>

class QSvgRenderer;

namespace siphon::ui::report {
class PageSink;
}

namespace siphon::ui::report {

struct Column {
    QString title;
    double width;     // fraction of the text width
    bool right = false;
    bool mono = false;
};

class PdfComposer {
public:
    // Pages are Bates-numbered PREFIX-NNNNNN from batesFirst.
    PdfComposer(PageSink& sink, QString legend, QString caseName, QString batesPrefix, long long batesFirst,
                QString footerLeft);

    void title(const QString& text, const QString& subtitle);
    void heading(const QString& text);          // section heading; starts a new page if low on space
    void subheading(const QString& text, const QColor& accent = QColor(0x1f, 0x4e, 0x79));
    void paragraph(const QString& text, bool italic = false);
    void bullets(const QStringList& items);
    void keyValues(const std::vector<std::pair<QString, QString>>& rows);
    void table(const std::vector<Column>& cols, const std::vector<QStringList>& rows);
    void svg(QSvgRenderer& renderer, double aspect);   // full text width
    void newPage();
    void finish();

    int pages() const { return page_; }

private:
    double textHeight(const QString& text, const QFont& font, double width, int flags);
    void drawWrapped(const QRectF& rect, int flags, const QString& text);
    static QTextOption wrapOption(int flags);
    void ensure(double height);
    void drawChrome();

    PageSink& sink_;
    QPainter p_;
    QString legend_, caseName_, bates_, footerLeft_;
    long long batesFirst_ = 1;
    double left_ = 54, right_ = 0, top_ = 0, bottom_ = 0, width_ = 0, y_ = 0;
    int page_ = 1;
    QFont body_, bold_, small_, mono_, head_;
};

} // namespace siphon::ui::report
