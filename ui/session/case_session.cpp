#include "session/case_session.h"

#include "util/log.h"

#include <QtGlobal>

namespace siphon::ui {

CaseSession::CaseSession(QObject* parent)
    : QObject(parent),
      reader_(std::make_unique<DbWorker>("reader", store::CaseAccess::Read)),
      slowReader_(std::make_unique<DbWorker>("slow-reader", store::CaseAccess::Read)),
      writer_(std::make_unique<DbWorker>("writer", store::CaseAccess::Write)) {
    for (DbWorker* w : {reader_.get(), slowReader_.get(), writer_.get()}) w->setInFlightListener(this, [this] { updateBusy(); });
}

CaseSession::~CaseSession() = default;

void CaseSession::open(const QString& path, CaseOpenMode mode) {
    const uint64_t gen = ++openGeneration_;
    qCInfo(log::lcStore) << (mode == CaseOpenMode::Create     ? "creating case"
                             : mode == CaseOpenMode::ReadOnly ? "opening case read-only"
                                                              : "opening case")
                         << path;
    writer_->cancelAll();
    readOnlyByChoice_ = mode == CaseOpenMode::ReadOnly;
    if (readOnlyByChoice_) {
        openReadOnly(gen, path);
        return;
    }
    // The writer opens (creating or migrating) first, so readers then find a current schema.
    const std::string p = path.toStdString();
    writer_->setCase(p, mode == CaseOpenMode::Create ? store::CaseAccess::CreateWrite : store::CaseAccess::Write);
    writer_->submit<bool>(
        this, "open", [](store::Database&) -> Result<bool> { return true; },
        [this, gen, path](Result<bool> r) {
            if (gen != openGeneration_) return;
            writable_ = r.ok();
            if (!r) {
                // A case we cannot write (read-only file or folder) still opens for reading.
                writer_->setCase({});
                qCWarning(log::lcStore) << "cannot open" << path << "for writing:" << r.error().describe().c_str();
                if (r.error().code != ErrorCode::ReadOnly) {
                    Q_EMIT openFailed(path, QString::fromStdString(r.error().describe()));
                    return;
                }
            }
            openReaders(path);
        });
}

// No writer at all: the reader checks that the file is a case before the views are told.
void CaseSession::openReadOnly(uint64_t gen, const QString& path) {
    writer_->setCase({});
    writable_ = false;
    reader_->cancelAll();
    reader_->setCase(path.toStdString());
    reader_->submit<store::CaseInfo>(
        this, "open", [](store::Database& db) { return store::loadCaseInfo(db); },
        [this, gen, path](Result<store::CaseInfo> r) {
            if (gen != openGeneration_) return;
            if (!r) {
                reader_->setCase({});
                Q_EMIT openFailed(path, QString::fromStdString(r.error().describe()));
                return;
            }
            openReaders(path);
        });
}

void CaseSession::openReaders(const QString& path) {
    const std::string p = path.toStdString();
    reader_->cancelAll();
    slowReader_->cancelAll();
    reader_->setCase(p);
    slowReader_->setCase(p);
    path_ = path;
    info_ = {};
    selection_.clear();
    review_ = {};
    Q_EMIT caseOpened(path);
    reloadInfo();
    checkReviewCase();
}

// Every record of a review case is hashed again on open, off the GUI thread.
void CaseSession::checkReviewCase() {
    const uint64_t gen = openGeneration_;
    reader_->submit<evidence::ReviewCheck>(
        this, "review-check", [](store::Database& db) { return evidence::verifyReviewCase(db); },
        [this, gen](Result<evidence::ReviewCheck> r) {
            if (gen != openGeneration_) return;
            if (r) {
                review_ = std::move(r.value());
            } else {
                review_ = {};
                qCWarning(log::lcStore) << "review case check failed:" << r.error().describe().c_str();
            }
            Q_EMIT reviewChecked();
        });
}

void CaseSession::close() {
    ++openGeneration_;
    reader_->cancelAll();
    slowReader_->cancelAll();
    writer_->cancelAll();
    reader_->setCase({});
    slowReader_->setCase({});
    writer_->setCase({});
    path_.clear();
    readOnlyByChoice_ = false;
    info_ = {};
    review_ = {};
    selection_.clear();
    Q_EMIT caseClosed();
}

int CaseSession::busy() const { return reader_->inFlight() + slowReader_->inFlight() + writer_->inFlight(); }

void CaseSession::notifyContentChanged() {
    reloadInfo();
    Q_EMIT contentChanged();
}

void CaseSession::notifyTagsChanged() { Q_EMIT tagsChanged(); }

void CaseSession::updateBusy() {
    const bool now = busy() > 0;
    if (now == busy_) return;
    busy_ = now;
    Q_EMIT busyChanged(now);
}

QString CaseSession::author() const {
    QString user = qEnvironmentVariable("SIPHON_AUTHOR");
    if (user.isEmpty()) user = qEnvironmentVariable("USER");
    return user.isEmpty() ? QStringLiteral("investigator") : user;
}

void CaseSession::reloadInfo() {
    const uint64_t gen = openGeneration_;
    reader_->submit<store::CaseInfo>(
        this, "case-info", [](store::Database& db) { return store::loadCaseInfo(db); },
        [this, gen](Result<store::CaseInfo> r) {
            if (gen != openGeneration_ || !r) return;
            info_ = std::move(r.value());
            Q_EMIT infoChanged();
        });
}

} // namespace siphon::ui
