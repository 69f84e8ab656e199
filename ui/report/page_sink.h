#pragma once
// Where the report's pages go: into the PDF, or each onto its own image (for a production's
// page images). The composer lays out in PDF points (72 per inch) either way, so both give the
// same pages; the images are drawn at a higher resolution by scaling.
#include <QImage>
#include <QPainter>
#include <QPdfWriter>

#include <vector>

namespace siphon::ui::report {

class PageSink {
public:
    virtual ~PageSink() = default;
    virtual void begin(QPainter& p) = 0;      // starts the first page
    virtual void nextPage(QPainter& p) = 0;   // ends the current page, starts the next
    virtual void end(QPainter& p) = 0;
};

class PdfPageSink final : public PageSink {
public:
    explicit PdfPageSink(QPdfWriter& writer) : writer_(writer) {}
    void begin(QPainter& p) override;
    void nextPage(QPainter& p) override;
    void end(QPainter& p) override;

private:
    QPdfWriter& writer_;
};

class ImagePageSink final : public PageSink {
public:
    explicit ImagePageSink(int dpi) : dpi_(dpi) {}
    void begin(QPainter& p) override;
    void nextPage(QPainter& p) override;
    void end(QPainter& p) override;
    const std::vector<QImage>& pages() const { return pages_; }

private:
    void startImage(QPainter& p);
    int dpi_;
    QImage current_;
    std::vector<QImage> pages_;
};

} // namespace siphon::ui::report
