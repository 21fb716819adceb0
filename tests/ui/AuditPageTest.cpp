#include "pages/AuditPage.h"

#include "DevstackSession.h"
#include "DevstackSsh.h"
#include "widgets/RecordTable.h"

#include "ragdesk/client/ops/StackOps.h"
#include "ragdesk/client/ssh/SshConnection.h"

#include <QComboBox>
#include <QSignalSpy>
#include <QTest>

using ragdesk::client::ops::AuditLog;
using ragdesk::client::ops::AuditRecord;
using ragdesk::test::devstackEnv;
using ragdesk::test::DevstackSession;
using ragdesk::test::TempDir;
using ragdesk::ui::AuditPage;

namespace {

/// The devstack's audit page, with this machine's audit file in a directory of the test's own.
struct Page {
    Page() : page(devstack.ops()) { page.resize(1100, 700); }
    /// Shows (or reloads) the page and waits for its records.
    void load()
    {
        QSignalSpy loaded(&page, &AuditPage::loaded);
        page.isVisible() ? page.reload() : page.show();
        QVERIFY(loaded.wait(60000));
    }
    /// The rows shown, as "kept|actor|action|target".
    QStringList rows() const
    {
        QStringList shown;
        for (int row = 0; row < page.model()->rowCount(); ++row) {
            const auto& record = page.model()->record(row);
            shown << QStringLiteral("%1|%2|%3|%4")
                         .arg(record.onServer ? QStringLiteral("server") : QStringLiteral("local"),
                             QString::fromStdString(record.record.actor), QString::fromStdString(record.record.action),
                             QString::fromStdString(record.record.target));
        }
        return shown;
    }
    static void choose(QComboBox* choice, const QString& text)
    {
        const int index = choice->findText(text);
        QVERIFY2(index >= 0, qPrintable(text));
        choice->setCurrentIndex(index);
    }

    DevstackSession devstack;
    AuditPage page;
};

} // namespace

/// The Audit page against the devstack: this machine's records and the server's side by side, a command's
/// arguments never among them, and the filters by actor, action and time.
class AuditPageTest : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { ragdesk::test::useOpsStateDir(); }

    void recordsOfThisMachineAndTheServerAreFilteredByActorActionAndTime()
    {
        Page t;
        // An exec through the app's session: recorded here and on the server, by the command's name.
        const std::string secret = DevstackSession::unique("password-");
        bool ran = false;
        t.devstack.ops()->run<ragdesk::client::ssh::CommandResult>(
            &t.page, ragdesk::ui::OpsSession::Lane::Actions,
            [secret](const ragdesk::ui::OpsSession::Ops& ops, const ragdesk::ui::TaskContext&) {
                return ops->exec({.service = "web", .argv = {"sh", "-c", ": " + secret}});
            },
            [&](ragdesk::client::Result<ragdesk::client::ssh::CommandResult> result) { ran = bool(result); });
        QTRY_VERIFY_WITH_TIMEOUT(ran, 60000);
        // Another operator's deploy two days ago, in the server's log only.
        const std::string other = DevstackSession::unique("alice-") + "@laptop";
        ragdesk::client::ssh::SshConnection ssh(ragdesk::test::devstackSshTarget());
        const TempDir elsewhere;
        const auto written = AuditLog(elsewhere.path() / "audit.jsonl", devstackEnv("RAGDESK_STACK_DIR"))
                                 .append(AuditRecord{.time = std::chrono::floor<std::chrono::seconds>(
                                                         std::chrono::system_clock::now() - std::chrono::hours(48)),
                                             .actor = other,
                                             .stack = "devstack",
                                             .action = "deploy started",
                                             .target = "main (run x)",
                                             .outcome = "ok"},
                                     &ssh);
        QVERIFY2(written, written ? "" : written.error().message.c_str());

        t.load();
        const QString exec = QStringLiteral("|%1|exec|web: sh").arg(QString::fromStdString(AuditLog::localActor()));
        QVERIFY2(t.rows().contains(QStringLiteral("local") + exec), qPrintable(t.rows().join(QLatin1Char('\n'))));
        QVERIFY2(t.rows().contains(QStringLiteral("server") + exec), qPrintable(t.rows().join(QLatin1Char('\n'))));
        QVERIFY(!t.rows().join(QLatin1Char('\n')).contains(QString::fromStdString(secret)));

        Page::choose(t.page.actorChoice(), QString::fromStdString(other));
        QCOMPARE(t.rows(),
            QStringList{QStringLiteral("server|%1|deploy started|main (run x)").arg(QString::fromStdString(other))});
        Page::choose(t.page.timeChoice(), QStringLiteral("Last 24 hours"));
        QVERIFY(t.rows().isEmpty());
        t.page.actorChoice()->setCurrentIndex(0);
        Page::choose(t.page.actionChoice(), QStringLiteral("exec"));
        QVERIFY(!t.rows().isEmpty());
        for (const QString& row : t.rows()) {
            QVERIFY2(row.contains(QStringLiteral("|exec|")), qPrintable(row));
        }
        // A reload keeps the choices made.
        t.load();
        QCOMPARE(t.page.actionChoice()->currentText(), QStringLiteral("exec"));
        QCOMPARE(t.page.timeChoice()->currentText(), QStringLiteral("Last 24 hours"));
    }
};

QTEST_MAIN(AuditPageTest)
#include "AuditPageTest.moc"
