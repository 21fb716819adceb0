#include "pages/ContainersPage.h"

#include "DevstackSession.h"
#include "dialogs/Confirmation.h"
#include "dialogs/ExecDialog.h"
#include "widgets/RecordTable.h"
#include "widgets/ResourceChart.h"

#include "ragdesk/client/ops/AuditLog.h"

#include <QDialog>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QLineSeries>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>

#include <set>

using ragdesk::client::ops::ContainerAction;
using ragdesk::client::ops::ContainerResources;
using ragdesk::client::ops::ContainerState;
using ragdesk::client::ops::Health;
using ragdesk::test::DevstackSession;
using ragdesk::ui::ContainersPage;
using ragdesk::ui::ExecDialog;

namespace {

/// The devstack's containers page, shown, with the audit trail kept in a directory of the test's own.
struct Page {
    Page() : page(devstack.ops())
    {
        page.resize(1100, 700);
        page.show();
    }
    /// The row of that service once a refresh has shown it, or -1.
    int rowOf(const QString& service) const
    {
        for (int row = 0; row < page.model()->rowCount(); ++row) {
            if (page.model()->data(page.model()->index(row, 0), Qt::DisplayRole).toString() == service) {
                return row;
            }
        }
        return -1;
    }
    const ContainerResources& record(const QString& service) const { return page.model()->record(rowOf(service)); }
    void select(const QString& service)
    {
        page.table()->selectId(QString::fromStdString(record(service).container.id));
    }

    DevstackSession devstack;
    ContainersPage page;
};

} // namespace

/// The Containers page against the devstack's "VPS": the stack's services live with their resources charted, a
/// restart confirmed by name and recorded in the audit trail, and a one-off command streamed and stopped.
class ContainersPageTest : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { ragdesk::test::useOpsStateDir(); }

    void theStacksServicesShowLiveWithTheirResourcesCharted()
    {
        Page t;
        QTRY_VERIFY_WITH_TIMEOUT(t.rowOf(QStringLiteral("web")) >= 0, 30000);
        std::set<QString> services;
        for (int row = 0; row < t.page.model()->rowCount(); ++row) {
            services.insert(t.page.model()->data(t.page.model()->index(row, 0), Qt::DisplayRole).toString());
        }
        for (const char* service : {"web", "worker", "postgres", "redis", "proxy", "noise"}) {
            QVERIFY2(services.count(QString::fromLatin1(service)), service);
        }
        const ContainerResources& web = t.record(QStringLiteral("web"));
        QCOMPARE(web.container.state, ContainerState::Running);
        QCOMPARE(web.container.health, Health::Healthy);
        QVERIFY(web.resources.has_value());
        QVERIFY(!t.page.model()
                     ->data(t.page.model()->index(t.rowOf(QStringLiteral("web")), 3), Qt::DisplayRole)
                     .toString()
                     .isEmpty()); // the uptime
        // The refresh goes on by itself: a second sample adds a second point to each running container's line.
        QTRY_VERIFY_WITH_TIMEOUT(t.page.cpuChart()->line(QStringLiteral("web")) &&
                t.page.cpuChart()->line(QStringLiteral("web"))->count() >= 2,
            30000);
        QVERIFY(t.page.memoryChart()->line(QStringLiteral("postgres")));
        QVERIFY(t.page.memoryChart()->line(QStringLiteral("postgres"))->at(0).y() > 1); // MiB, not bytes or 0
    }

    void aStopAsksForTheServicesNameAndCancelDoesNothing()
    {
        Page t;
        QTRY_VERIFY_WITH_TIMEOUT(t.rowOf(QStringLiteral("noise")) >= 0, 30000);
        t.select(QStringLiteral("noise"));
        QSignalSpy finished(&t.page, &ContainersPage::actionFinished);
        t.page.actOnSelected(ContainerAction::Stop);
        QDialog* dialog = nullptr;
        QTRY_VERIFY((dialog = t.page.findChild<QDialog*>()) != nullptr);
        auto* typed = dialog->findChild<QLineEdit*>();
        QPushButton* confirm = nullptr;
        for (QPushButton* button : dialog->findChildren<QPushButton*>()) {
            if (button->text() == QStringLiteral("Stop")) {
                confirm = button;
            }
        }
        QVERIFY(typed && confirm);
        QVERIFY(!confirm->isEnabled());
        QTest::keyClicks(typed, QStringLiteral("nois"));
        QVERIFY(!confirm->isEnabled());
        QTest::keyClicks(typed, QStringLiteral("e"));
        QVERIFY(confirm->isEnabled());
        dialog->findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Cancel)->click();
        // A confirmed action starts at the click (its buttons are disabled while it runs): nothing started.
        QCOMPARE(finished.count(), 0);
        QVERIFY(t.page.findChild<QDialog*>() == nullptr || !t.page.findChild<QDialog*>()->isVisible());
        QCOMPARE(t.record(QStringLiteral("noise")).container.state, ContainerState::Running);
    }

    void aConfirmedRestartIsSeenAndRecordedInTheAuditTrail()
    {
        Page t;
        QTRY_VERIFY_WITH_TIMEOUT(t.rowOf(QStringLiteral("noise")) >= 0, 30000);
        const auto startedBefore = t.record(QStringLiteral("noise")).container.startedAt;
        QVERIFY(startedBefore);
        t.select(QStringLiteral("noise"));
        QSignalSpy finished(&t.page, &ContainersPage::actionFinished);
        ragdesk::ui::Confirmation::setNextAnswer(true);
        t.page.actOnSelected(ContainerAction::Restart);
        QVERIFY(finished.wait(120000));
        QCOMPARE(finished.first().first().toBool(), true);
        QTRY_VERIFY_WITH_TIMEOUT(t.rowOf(QStringLiteral("noise")) >= 0 &&
                t.record(QStringLiteral("noise")).container.startedAt > startedBefore &&
                t.record(QStringLiteral("noise")).container.state == ContainerState::Running,
            30000);
        const auto records = ragdesk::test::localAuditRecords();
        QVERIFY(!records.empty());
        QCOMPARE(records.back().action, std::string("restart"));
        QCOMPARE(records.back().target, std::string("noise"));
        QCOMPARE(records.back().outcome, std::string("ok"));
    }

    void aCommandStreamsItsOutputInertAndStopsInTheContainer()
    {
        Page t;
        QTRY_VERIFY_WITH_TIMEOUT(t.rowOf(QStringLiteral("noise")) >= 0, 30000);
        t.select(QStringLiteral("noise"));
        t.page.runCommandOnSelected();
        auto* dialog = t.page.findChild<ExecDialog*>();
        QVERIFY(dialog);
        QSignalSpy ended(dialog, &ExecDialog::runEnded);

        // Escapes that would retitle or recolour a terminal are shown as the text they carry; stderr comes too.
        dialog->command()->setText(
            QStringLiteral("printf '\\033]0;pwned\\007\\033[31mred\\033[0m plain\\n'; echo to-stderr >&2; exit 3"));
        ragdesk::ui::Confirmation::setNextAnswer(true);
        dialog->run();
        QVERIFY(ended.wait(60000));
        QVERIFY2(ended.last().first().toString().contains(QStringLiteral("status 3")),
            qPrintable(ended.last().first().toString()));
        const QString shown = dialog->output()->toPlainText();
        QVERIFY2(shown.contains(QStringLiteral("red plain")), qPrintable(shown));
        QVERIFY2(shown.contains(QStringLiteral("to-stderr")), qPrintable(shown));
        QVERIFY(!shown.contains(QStringLiteral("pwned")));
        QVERIFY(!shown.contains(QChar(0x1b)));

        // A long command shows its first line at once, and Stop ends it well before it would have.
        dialog->command()->setText(QStringLiteral("echo started; sleep 120; echo never"));
        ragdesk::ui::Confirmation::setNextAnswer(true);
        QElapsedTimer clock;
        clock.start();
        dialog->run();
        QTRY_VERIFY_WITH_TIMEOUT(dialog->output()->toPlainText().contains(QStringLiteral("started")), 30000);
        dialog->stop();
        QVERIFY(ended.wait(60000));
        QVERIFY(clock.elapsed() < 100'000);
        QVERIFY2(ended.last().first().toString().startsWith(QStringLiteral("Stopped")),
            qPrintable(ended.last().first().toString()));
        QVERIFY(!dialog->output()->toPlainText().contains(QStringLiteral("never")));
        QVERIFY(!dialog->running());
    }
};

QTEST_MAIN(ContainersPageTest)
#include "ContainersPageTest.moc"
