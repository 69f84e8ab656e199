// The GUI on a case full of hostile content (tests/cli/hostile_case_util.h): every view opens and
// paints, and what an attacker wrote is shown as the characters it is. The risk checked here is
// Qt's rich-text auto-detection: a tool tip or an AutoText QLabel that merely looks like HTML is
// rendered as HTML, so "<img src=x onerror=…>" in a prompt would become an image, not text.
#include "../cli/hostile_case_util.h"

#include "accounts/accounts_view.h"
#include "accounts/entity_table_model.h"
#include "main/automation.h"
#include "main/main_window.h"
#include "requests/request_detail.h"
#include "requests/request_table_model.h"
#include "requests/requests_view.h"
#include "util/format.h"
#include "tags/tag_list_model.h"
#include "tags/tag_panel.h"

#include <QLabel>
#include <QStandardPaths>
#include <QTextDocument>

#include <catch2/catch.hpp>

using namespace siphon;
using namespace siphon::ui;
using namespace siphon::test::hostile;

namespace {

// What Qt puts on screen for a tool tip (or an AutoText label): rich text when it looks like it.
QString shownAsToolTip(const QString& tip) {
    if (!Qt::mightBeRichText(tip)) return tip;
    QTextDocument doc;
    doc.setHtml(tip);
    return doc.toPlainText();
}

QString q(const std::string& s) { return QString::fromStdString(s); }

// No raw bidi override, zero-width space or escape character reaches the screen.
void checkNoInvisibleControls(const QString& s) {
    INFO(s.left(200).toStdString());
    CHECK_FALSE(s.contains(QChar(0x202e)));
    CHECK_FALSE(s.contains(QChar(0x200b)));
    CHECK_FALSE(s.contains(QChar(0x1b)));
    CHECK_FALSE(s.contains(QChar(0)));
}

} // namespace

TEST_CASE("hostile content is shown literally in every view, never interpreted", "[ui][hostile]") {
    QStandardPaths::setTestModeEnabled(true);
    initResources();
    test::TempDir dir;
    const HostileCase hc = buildHostileCase(dir);

    MainWindow w;
    w.setPersistLayout(false);
    w.resize(1400, 900);
    w.show();
    QString err;
    REQUIRE(openCaseAndWait(w, q(hc.casePath), 60000, &err));

    SECTION("accounts table: every hostile id is listed and paints") {
        auto* m = w.accounts()->model();
        REQUIRE(waitUntil([&] { return m->indexReady() && m->rowCount() == 5; }, 20000));
        for (const std::string& id : {kAcctScript, kAcctFormula, kAcctBidi, kAcctPath, kAcctAbs}) {
            INFO(id);
            const int row = m->rowOf(q(id));
            REQUIRE(row >= 0);
            (void)m->data(m->index(row, EntityTableModel::Entity), Qt::DisplayRole);
            REQUIRE(waitUntil([&] { return m->rowData(row) != nullptr; }, 20000));
            for (int col = 0; col < m->columnCount(); ++col) {
                checkNoInvisibleControls(m->data(m->index(row, col), Qt::DisplayRole).toString());
                const QString tip = m->data(m->index(row, col), Qt::ToolTipRole).toString();
                checkNoInvisibleControls(shownAsToolTip(tip));
            }
        }
        CHECK(m->data(m->index(m->rowOf(q(kAcctScript)), EntityTableModel::Entity), Qt::DisplayRole).toString() ==
              q(kAcctScript));
        CHECK_FALSE(w.grab().isNull());
    }

    SECTION("requests table, tool tips and detail pane of each hostile account") {
        w.showView(MainWindow::View::Requests);
        for (const std::string& id : {kAcctScript, kAcctBidi, kAcctPath, kAcctAbs}) {
            INFO(id);
            REQUIRE(selectEntityAndWait(w, q(id), 60000));
            auto* m = w.requests()->model();
            REQUIRE(waitUntil([&] { return m->rowCount() >= 4; }, 20000));
            for (int row = 0; row < m->rowCount(); ++row) {
                // An uncached row shows a placeholder and fetches its page.
                (void)m->data(m->index(row, 0), Qt::DisplayRole);
                REQUIRE(waitUntil([&] { return m->data(m->index(row, 0), Qt::DisplayRole).toString() != "…"; }, 20000));
                for (int col = 0; col < m->columnCount(); ++col) {
                    checkNoInvisibleControls(m->data(m->index(row, col), Qt::DisplayRole).toString());
                    const QString tip = m->data(m->index(row, col), Qt::ToolTipRole).toString();
                    const QString shown = shownAsToolTip(tip);
                    checkNoInvisibleControls(shown);
                    // The prompt's tip shows the prompt's characters, markup included.
                    if (id == kAcctScript && col == RequestTableModel::Prompt) CHECK(shown.startsWith(q(kScript)));
                }
            }
            // Every row opens in the detail pane; the 10 MB prompt is capped for display.
            for (int row = 0; row < m->rowCount(); ++row) {
                w.requests()->selectRow(row);
                REQUIRE(waitIdle(w, 20000));
                const QString prompt = w.requests()->detail()->promptText();
                CHECK(prompt.size() <= kMaxShownChars + 200);
                checkNoInvisibleControls(prompt);
                checkNoInvisibleControls(w.requests()->detail()->sourceText());
                if (id == kAcctScript) CHECK(prompt.startsWith(q(kScript)));
            }
            CHECK_FALSE(w.grab().isNull());
        }
    }

    SECTION("tag list: notes, targets and authors with markup are plain in cells and tips") {
        TagListModel* m = w.tagPanel()->model();
        REQUIRE(waitUntil([&] { return m->rowCount() == 5; }, 20000));
        int literal = 0;
        for (int row = 0; row < m->rowCount(); ++row)
            for (int col = 0; col < m->columnCount(); ++col) {
                const QString cell = m->data(m->index(row, col), Qt::DisplayRole).toString();
                const QString shown = shownAsToolTip(m->data(m->index(row, col), Qt::ToolTipRole).toString());
                checkNoInvisibleControls(cell);
                checkNoInvisibleControls(shown);
                if (col == TagListModel::Note || col == TagListModel::Author) {
                    CHECK(shown == cell.trimmed());
                    if (shown.contains(q(kScript)) || shown.contains(q(kImg))) ++literal;
                }
            }
        CHECK(literal == 10);   // each tag's note and author
    }

    SECTION("no label that shows case data would interpret it as HTML") {
        for (const std::string& id : {kAcctScript, kAcctPath}) {
            REQUIRE(selectEntityAndWait(w, q(id), 60000));
            for (auto view : {MainWindow::View::Timeline, MainWindow::View::Heatmap, MainWindow::View::Network,
                              MainWindow::View::Requests}) {
                w.showView(view);
                REQUIRE(waitIdle(w, 20000));
                CHECK_FALSE(w.grab().isNull());
                for (QLabel* label : w.findChildren<QLabel*>()) {
                    const QString text = label->text();
                    if (!text.contains(QLatin1String("<script")) && !text.contains(QLatin1String("<img"))) continue;
                    INFO(label->objectName().toStdString() << ": " << text.toStdString());
                    const bool rich = label->textFormat() == Qt::RichText ||
                                      (label->textFormat() == Qt::AutoText && Qt::mightBeRichText(text));
                    CHECK_FALSE(rich);
                }
            }
        }
    }
}
