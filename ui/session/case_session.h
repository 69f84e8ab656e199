#pragma once
// The open case as the GUI sees it: its path, three DbWorkers (fast reads for views, slow reads
// for request indexes and search, and the single writer for imports, tags and on-demand indexes),
// the shared Selection, and signals when the case opens or its content changes.
// Thread: GUI only. No SQL here; jobs call core functions on the workers.
#include "session/case_open_mode.h"
#include "session/db_worker.h"
#include "session/selection.h"
#include "evidence/review_verify.h"
#include "store/case_info.h"

#include <QObject>
#include <QString>

#include <memory>

namespace siphon::ui {

class CaseSession : public QObject {
    Q_OBJECT
public:
    explicit CaseSession(QObject* parent = nullptr);
    ~CaseSession() override;

    // Opens asynchronously: caseOpened or openFailed follow.
    void open(const QString& path, CaseOpenMode mode = CaseOpenMode::Existing);
    void close();
    bool isOpen() const { return !path_.isEmpty(); }
    bool writable() const { return writable_; }
    // Read-only because the investigator asked for it (not because the media is read-only).
    bool readOnlyByChoice() const { return readOnlyByChoice_; }
    const QString& path() const { return path_; }
    // A portable review case (evidence/review_case.h): evidence frozen (no import, no analysis),
    // tags and notes allowed. Known once reviewChecked was emitted; its hashes checked on open.
    bool isReviewCase() const { return review_.reviewCase; }
    const evidence::ReviewCheck& reviewCheck() const { return review_; }
    const store::CaseInfo& info() const { return info_; }

    DbWorker& reader() { return *reader_; }
    DbWorker& slowReader() { return *slowReader_; }
    DbWorker& writer() { return *writer_; }
    Selection& selection() { return selection_; }

    // Jobs in flight on every worker: 0 means every view has its data (used by screenshots/tests).
    int busy() const;
    // Call after something wrote to the case (import, analysis): reloads info, emits contentChanged.
    void notifyContentChanged();
    // Call after a tag or label was added or withdrawn: emits tagsChanged (the TagStore reloads).
    void notifyTagsChanged();
    // Author recorded in tags and audit entries (the OS user unless set).
    QString author() const;

Q_SIGNALS:
    void caseOpened(const QString& path);
    void openFailed(const QString& path, const QString& message);
    void caseClosed();
    void infoChanged();
    void contentChanged();   // data of the case changed: views reload
    void tagsChanged();      // tags or labels changed (notifyTagsChanged)
    void busyChanged(bool busy);   // busy() went from 0 to more, or back to 0
    void reviewChecked();          // after each open: reviewCheck() is current

private:
    void reloadInfo();
    void updateBusy();
    void openReaders(const QString& path);
    void openReadOnly(uint64_t gen, const QString& path);
    void checkReviewCase();

    QString path_;
    bool readOnlyByChoice_ = false;
    store::CaseInfo info_;
    evidence::ReviewCheck review_;
    Selection selection_;
    std::unique_ptr<DbWorker> reader_, slowReader_, writer_;
    uint64_t openGeneration_ = 0;
    bool writable_ = false;
    bool busy_ = false;
};

} // namespace siphon::ui
