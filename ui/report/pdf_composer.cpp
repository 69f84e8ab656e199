#include "report/pdf_composer.h"

#include "report/page_sink.h"

#include <QSvgRenderer>
#include <QTextOption>

#include <cstdio>

namespace siphon::ui::report {

namespace {

constexpr double kPageW = 612, kPageH = 792;   // US Letter in points
const QColor kInk(0x22, 0x22, 0x22);
const QColor kMuted(0x66, 0x66, 0x66);
const QColor kRule(0xbb, 0xbb, 0xbb);
const QColor kLegend(0x8b, 0x00, 0x00);
const QColor kNavy(0x1f, 0x4e, 0x79);

QFont font(double pt, bool bold = false, bool italic = false, bool mono = false) {
    QFont f(mono ? QStringLiteral("DejaVu Sans Mono") : QStringLiteral("DejaVu Serif"));
    f.setPointSizeF(pt);
    f.setBold(bold);
    f.setItalic(italic);
    // No ligatures: "fi" must stay two letters so pdftotext and searches find the words.
    f.setStyleStrategy(QFont::PreferNoShaping);
    return f;
}

} // namespace

// Word wrap that still breaks a word longer than the line (hashes, hostile unbroken strings),
// so no text ever runs outside its cell.
QTextOption PdfComposer::wrapOption(int flags) {
    QTextOption o(static_cast<Qt::Alignment>(flags & (Qt::AlignHorizontal_Mask | Qt::AlignVertical_Mask)));
    o.setWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
    return o;
}

PdfComposer::PdfComposer(PageSink& sink, QString legend, QString caseName, QString batesPrefix, long long batesFirst,
                         QString footerLeft)
    : sink_(sink), legend_(std::move(legend)), caseName_(std::move(caseName)), bates_(std::move(batesPrefix)),
      footerLeft_(std::move(footerLeft)), batesFirst_(batesFirst) {
    sink_.begin(p_);
    right_ = kPageW - 54;
    width_ = right_ - left_;
    top_ = 66;
    bottom_ = kPageH - 58;
    body_ = font(9.5);
    bold_ = font(9.5, true);
    small_ = font(7.5);
    mono_ = font(7.5, false, false, true);
    head_ = font(14, true);
    drawChrome();
}

void PdfComposer::drawChrome() {
    p_.save();
    // Header: the confidentiality legend on every page, the case on the right, a rule.
    p_.setPen(kLegend);
    p_.setFont(font(8, true));
    p_.drawText(QRectF(left_, 26, width_ * 0.62, 24), Qt::AlignLeft | Qt::AlignVCenter | Qt::TextWordWrap, legend_);
    p_.setPen(kMuted);
    p_.setFont(font(8));
    p_.drawText(QRectF(left_ + width_ * 0.62, 26, width_ * 0.38, 24), Qt::AlignRight | Qt::AlignVCenter | Qt::TextWordWrap,
                caseName_);
    p_.setPen(QPen(kRule, 0.6));
    p_.drawLine(QPointF(left_, 54), QPointF(right_, 54));
    // Footer: tool and time on the left, page in the middle, the Bates number on the right.
    const double fy = kPageH - 40;
    p_.drawLine(QPointF(left_, fy - 6), QPointF(right_, fy - 6));
    p_.setPen(kMuted);
    p_.setFont(font(7.5));
    p_.drawText(QRectF(left_, fy, width_ * 0.5, 14), Qt::AlignLeft | Qt::AlignVCenter, footerLeft_);
    p_.drawText(QRectF(left_, fy, width_, 14), Qt::AlignHCenter | Qt::AlignVCenter,
                QStringLiteral("Page %1").arg(page_));
    char num[24];
    std::snprintf(num, sizeof num, "%06lld", batesFirst_ + page_ - 1);
    p_.setPen(kInk);
    p_.setFont(font(9, true, false, true));
    p_.drawText(QRectF(left_, fy, width_, 14), Qt::AlignRight | Qt::AlignVCenter,
                bates_ + QLatin1Char('-') + QLatin1String(num));
    p_.restore();
    y_ = top_;
}

void PdfComposer::newPage() {
    sink_.nextPage(p_);
    ++page_;
    drawChrome();
}

void PdfComposer::ensure(double height) {
    if (y_ + height > bottom_ && y_ > top_ + 1) newPage();
}

double PdfComposer::textHeight(const QString& text, const QFont& f, double width, int flags) {
    p_.save();
    p_.setFont(f);
    const double h = p_.boundingRect(QRectF(0, 0, width, 1e6), text, wrapOption(flags)).height();
    p_.restore();
    return h;
}

void PdfComposer::drawWrapped(const QRectF& rect, int flags, const QString& text) {
    p_.drawText(rect, text, wrapOption(flags));
}

void PdfComposer::title(const QString& text, const QString& subtitle) {
    p_.setPen(kNavy);
    p_.setFont(font(20, true));
    p_.drawText(QRectF(left_, y_, width_, 30), Qt::AlignLeft | Qt::AlignVCenter, text);
    y_ += 32;
    p_.setPen(kMuted);
    p_.setFont(font(11, false, true));
    p_.drawText(QRectF(left_, y_, width_, 18), Qt::AlignLeft | Qt::AlignVCenter, subtitle);
    y_ += 26;
}

void PdfComposer::heading(const QString& text) {
    ensure(120);
    y_ += 6;
    p_.setPen(kNavy);
    p_.setFont(head_);
    p_.drawText(QRectF(left_, y_, width_, 20), Qt::AlignLeft | Qt::AlignVCenter, text);
    y_ += 21;
    p_.setPen(QPen(kNavy, 1.2));
    p_.drawLine(QPointF(left_, y_), QPointF(left_ + 48, y_));
    y_ += 10;
}

void PdfComposer::subheading(const QString& text, const QColor& accent) {
    const int flags = Qt::AlignLeft;
    const QFont f = font(11.5, true);
    const double h = textHeight(text, f, width_ - 10, flags);
    ensure(h + 80);
    y_ += 4;
    p_.fillRect(QRectF(left_, y_, 3.5, h + 2), accent);
    p_.setPen(kInk);
    p_.setFont(f);
    drawWrapped(QRectF(left_ + 10, y_, width_ - 10, h + 2), flags, text);
    y_ += h + 8;
}

void PdfComposer::paragraph(const QString& text, bool italic) {
    const int flags = Qt::AlignLeft;
    const QFont f = italic ? font(9.5, false, true) : body_;
    const double h = textHeight(text, f, width_, flags);
    ensure(h);
    p_.setPen(italic ? kMuted : kInk);
    p_.setFont(f);
    drawWrapped(QRectF(left_, y_, width_, h), flags, text);
    y_ += h + 6;
}

void PdfComposer::bullets(const QStringList& items) {
    const int flags = Qt::AlignLeft;
    for (const QString& item : items) {
        const double h = textHeight(item, body_, width_ - 14, flags);
        ensure(h);
        p_.setPen(kInk);
        p_.setFont(body_);
        p_.drawText(QRectF(left_ + 2, y_, 10, h), Qt::AlignLeft | Qt::AlignTop, QStringLiteral("•"));
        drawWrapped(QRectF(left_ + 14, y_, width_ - 14, h), flags, item);
        y_ += h + 3;
    }
    y_ += 4;
}

void PdfComposer::keyValues(const std::vector<std::pair<QString, QString>>& rows) {
    const int flags = Qt::AlignLeft;
    const double kw = 150;
    for (const auto& [k, v] : rows) {
        const double h = std::max(textHeight(v, body_, width_ - kw, flags), textHeight(k, bold_, kw - 8, flags)) + 4;
        ensure(h);
        p_.setPen(QPen(QColor(0xe6, 0xe6, 0xe6), 0.5));
        p_.drawLine(QPointF(left_, y_ + h), QPointF(right_, y_ + h));
        p_.setPen(kMuted);
        p_.setFont(bold_);
        drawWrapped(QRectF(left_, y_ + 2, kw - 8, h), flags, k);
        p_.setPen(kInk);
        p_.setFont(body_);
        drawWrapped(QRectF(left_ + kw, y_ + 2, width_ - kw, h), flags, v);
        y_ += h;
    }
    y_ += 10;
}

void PdfComposer::table(const std::vector<Column>& cols, const std::vector<QStringList>& rows) {
    const int flags = 0;
    const QFont hf = font(7.5, true);
    auto drawHeader = [&]() {
        double h = 0;
        for (const auto& c : cols) h = std::max(h, textHeight(c.title, hf, c.width * width_ - 6, flags));
        h += 6;
        p_.fillRect(QRectF(left_, y_, width_, h), QColor(0x1f, 0x4e, 0x79));
        double x = left_;
        p_.setPen(Qt::white);
        p_.setFont(hf);
        for (const auto& c : cols) {
            drawWrapped(QRectF(x + 3, y_ + 3, c.width * width_ - 6, h), flags | (c.right ? Qt::AlignRight : Qt::AlignLeft),
                        c.title);
            x += c.width * width_;
        }
        y_ += h;
    };
    ensure(40);
    drawHeader();
    int n = 0;
    for (const QStringList& row : rows) {
        double h = 0;
        for (size_t i = 0; i < cols.size() && i < static_cast<size_t>(row.size()); ++i)
            h = std::max(h, textHeight(row[static_cast<int>(i)], cols[i].mono ? mono_ : small_, cols[i].width * width_ - 6, flags));
        h += 5;
        if (y_ + h > bottom_) {
            newPage();
            drawHeader();
        }
        if (n++ % 2 == 1) p_.fillRect(QRectF(left_, y_, width_, h), QColor(0xf3, 0xf6, 0xf9));
        double x = left_;
        p_.setPen(kInk);
        for (size_t i = 0; i < cols.size() && i < static_cast<size_t>(row.size()); ++i) {
            p_.setFont(cols[i].mono ? mono_ : small_);
            drawWrapped(QRectF(x + 3, y_ + 2.5, cols[i].width * width_ - 6, h),
                        flags | (cols[i].right ? Qt::AlignRight : Qt::AlignLeft), row[static_cast<int>(i)]);
            x += cols[i].width * width_;
        }
        y_ += h;
    }
    p_.setPen(QPen(kRule, 0.6));
    p_.drawLine(QPointF(left_, y_), QPointF(right_, y_));
    y_ += 12;
}

void PdfComposer::svg(QSvgRenderer& renderer, double aspect) {
    const double h = width_ * aspect;
    ensure(h + 6);
    renderer.render(&p_, QRectF(left_, y_, width_, h));
    p_.setPen(QPen(kRule, 0.5));
    p_.setBrush(Qt::NoBrush);
    p_.drawRect(QRectF(left_, y_, width_, h));
    y_ += h + 10;
}

void PdfComposer::finish() { sink_.end(p_); }

} // namespace siphon::ui::report
