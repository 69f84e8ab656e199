#include "report/page_sink.h"

#include <QPageLayout>

namespace siphon::ui::report {

namespace {
constexpr double kPageWPt = 612, kPageHPt = 792;   // US Letter, as the composer lays it out
constexpr int kDotsPerMeterAt72Dpi = 2835;
} // namespace

void PdfPageSink::begin(QPainter& p) {
    writer_.setResolution(72);
    writer_.setPageLayout(QPageLayout(QPageSize(QPageSize::Letter), QPageLayout::Portrait, QMarginsF(0, 0, 0, 0)));
    p.begin(&writer_);
}

void PdfPageSink::nextPage(QPainter&) { writer_.newPage(); }

void PdfPageSink::end(QPainter& p) { p.end(); }

// The image says 72 dpi so fonts size in points exactly as on the PDF; the painter scales up.
void ImagePageSink::startImage(QPainter& p) {
    const double scale = dpi_ / 72.0;
    current_ = QImage(static_cast<int>(kPageWPt * scale), static_cast<int>(kPageHPt * scale), QImage::Format_RGB32);
    current_.setDotsPerMeterX(kDotsPerMeterAt72Dpi);
    current_.setDotsPerMeterY(kDotsPerMeterAt72Dpi);
    current_.fill(Qt::white);
    p.begin(&current_);
    p.setRenderHint(QPainter::Antialiasing);
    p.setRenderHint(QPainter::TextAntialiasing);
    p.scale(scale, scale);
}

void ImagePageSink::begin(QPainter& p) { startImage(p); }

// A painter ends with its image: the pen, brush and font carry over as on a PDF page break.
void ImagePageSink::nextPage(QPainter& p) {
    const QFont font = p.font();
    const QPen pen = p.pen();
    const QBrush brush = p.brush();
    p.end();
    pages_.push_back(current_);
    startImage(p);
    p.setFont(font);
    p.setPen(pen);
    p.setBrush(brush);
}

void ImagePageSink::end(QPainter& p) {
    p.end();
    pages_.push_back(current_);
}

} // namespace siphon::ui::report
