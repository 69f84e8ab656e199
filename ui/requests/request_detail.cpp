#include "requests/request_detail.h"

#include "query/request_query.h"
#include "session/case_session.h"
#include "util/format.h"

#include <QFontDatabase>
#include <QLabel>
#include <QPlainTextEdit>
#include <QTabWidget>
#include <QVBoxLayout>

namespace siphon::ui {
namespace {
QPlainTextEdit* makeText(QWidget* parent, bool mono) {
    auto* t = new QPlainTextEdit(parent);
    t->setReadOnly(true);
    t->setLineWrapMode(QPlainTextEdit::WidgetWidth);
    if (mono) t->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    return t;
}
} // namespace

RequestDetail::RequestDetail(CaseSession* session, QWidget* parent) : QWidget(parent), session_(session) {
    title_ = new QLabel(tr("Select a request to see its prompt, response and original source record."), this);
    title_->setTextFormat(Qt::PlainText);
    title_->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    title_->setObjectName("sectionTitle");
    tabs_ = new QTabWidget(this);
    prompt_ = makeText(this, false);
    response_ = makeText(this, false);
    fields_ = makeText(this, true);
    source_ = makeText(this, true);
    tabs_->addTab(prompt_, tr("Prompt"));
    tabs_->addTab(response_, tr("Response"));
    tabs_->addTab(fields_, tr("All fields"));
    tabs_->addTab(source_, tr("Original record"));
    auto* lay = new QVBoxLayout(this);
    lay->setContentsMargins(0, 0, 0, 0);
    lay->addWidget(title_);
    lay->addWidget(tabs_, 1);
    connect(tabs_, &QTabWidget::currentChanged, this, &RequestDetail::fillTab);
}

void RequestDetail::fillTab(int index) {
    if (index < 0 || index >= 4 || filled_[index]) return;
    filled_[index] = true;
    QPlainTextEdit* edits[] = {prompt_, response_, fields_, source_};
    edits[index]->setPlainText(texts_[index]);
}

void RequestDetail::clear() {
    ++gen_;
    title_->setText(tr("Select a request to see its prompt, response and original source record."));
    for (auto* t : {prompt_, response_, fields_, source_}) t->clear();
    for (int i = 0; i < 4; ++i) {
        texts_[i].clear();
        filled_[i] = false;
    }
}

QString RequestDetail::promptText() const { return texts_[0]; }
QString RequestDetail::sourceText() const { return texts_[3]; }

void RequestDetail::showRequest(int64_t id) {
    const uint64_t gen = ++gen_;
    session_->reader().submit<std::optional<query::RequestDetail>>(
        this, "request-detail", [id](store::Database& db) { return query::loadRequestDetail(db, id); },
        [this, gen, id](Result<std::optional<query::RequestDetail>> r) {
            if (gen != gen_ || !r || !*r) return;
            const auto& d = **r;
            QString ts;
            for (const auto& [k, v] : d.fields)
                if (k == "ts_start_us" && !v.empty()) ts = formatTimeUsFull(std::stoll(v));
            title_->setText(tr("Request #%1 · %2").arg(id).arg(ts));
            texts_[0] = softWrap(d.prompt ? plainText(*d.prompt) : tr("(this source format carries no prompt text)"));
            texts_[1] = softWrap(d.response ? plainText(*d.response) : tr("(this source format carries no response text)"));
            QString fields;
            for (const auto& [k, v] : d.fields) {
                QString shown = plainText(v, 2000);
                if (k == "ts_start_us" || k == "ts_end_us")
                    if (!v.empty()) shown += "  (" + formatTimeUsFull(std::stoll(v)) + ")";
                fields += QString::fromStdString(k).leftJustified(20) + " " + shown + "\n";
            }
            texts_[2] = fields;
            QString src = tr("File:    %1\nSHA-256: %2\nFormat:  %3\nLine %4, byte offset %5, %6 bytes\n\n")
                              .arg(plainText(d.sourcePath, 1000), QString::fromStdString(d.sourceSha256),
                                   QString::fromStdString(d.sourceFormat))
                              .arg(d.line)
                              .arg(d.byteOffset)
                              .arg(d.byteLength);
            src += tr("(shown with a line break every 1000 characters; the stored bytes are unchanged)\n\n");
            src += softWrap(plainText(d.raw));
            texts_[3] = src;
            for (bool& filled : filled_) filled = false;
            fillTab(tabs_->currentIndex());
            Q_EMIT loaded(id);
        });
}

} // namespace siphon::ui
