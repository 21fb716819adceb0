#include "pages/ConnectionsPage.h"

#include "DevstackEnv.h"
#include "LocalShell.h"
#include "bridge/StackDirectory.h"
#include "dialogs/Confirmation.h"
#include "models/StackProfileModel.h"

#include <QAction>
#include <QSignalSpy>
#include <QTest>
#include <QTreeWidget>

using ragdesk::client::StackProfile;
using ragdesk::test::devstackEnv;
using ragdesk::ui::ConnectionsPage;
using ragdesk::ui::HealthState;
using ragdesk::ui::SecretStore;
using ragdesk::ui::StackDirectory;

/// The Stacks page probing real endpoints: a closed port, and the devstack's API and sshd (ctest label "devstack").
class ConnectionsPageTest : public QObject {
    Q_OBJECT

private slots:
    void unreachableStackShowsTheReason()
    {
        ragdesk::test::TempDir dir;
        SecretStore secrets(QStringLiteral("RagDesk-test"));
        StackDirectory stacks(
            dir.path() / "stacks.json", {{.name = "closed", .apiUrl = "http://127.0.0.1:1"}}, std::nullopt, &secrets);
        ConnectionsPage page(&stacks);
        stacks.startHealthChecks();
        QTRY_COMPARE_WITH_TIMEOUT(stacks.model()->health(0).state, HealthState::Unreachable, 20000);
        QVERIFY(stacks.model()->health(0).message.contains(QStringLiteral("127.0.0.1:1")));
        QCOMPARE(stacks.model()->sshHealth(0).state, HealthState::NotConfigured);
        QCOMPARE(page.details()->topLevelItemCount(), 0);
    }

    void noStacksStillFinishesARound()
    {
        ragdesk::test::TempDir dir;
        SecretStore secrets(QStringLiteral("RagDesk-test"));
        StackDirectory stacks(dir.path() / "stacks.json", {}, std::nullopt, &secrets);
        ConnectionsPage page(&stacks);
        QSignalSpy finished(&stacks, &StackDirectory::healthRoundFinished);
        stacks.startHealthChecks();
        QVERIFY(finished.count() == 1 || finished.wait(10000));
        QVERIFY(!page.editAction()->isEnabled());
    }

    void removingAsksFirstNamingTheStack()
    {
        ragdesk::test::TempDir dir;
        SecretStore secrets(QStringLiteral("RagDesk-test"));
        StackDirectory stacks(
            dir.path() / "stacks.json", {{.name = "prod", .apiUrl = "https://127.0.0.1:1"}}, std::nullopt, &secrets);
        ConnectionsPage page(&stacks);
        ragdesk::ui::Confirmation::setNextAnswer(false);
        page.removeAction()->trigger();
        QCOMPARE(stacks.model()->rowCount(), 1);
        ragdesk::ui::Confirmation::setNextAnswer(true);
        page.removeAction()->trigger();
        QCOMPARE(stacks.model()->rowCount(), 0);
    }

    void devstackShowsBothRoadsHealthyWithComponentVersions()
    {
        ragdesk::test::TempDir dir;
        SecretStore secrets(QStringLiteral("RagDesk-test"));
        const StackProfile devstack{.name = "devstack",
            .apiUrl = devstackEnv("RAGDESK_API_URL"),
            .sshHost = devstackEnv("RAGDESK_SSH_HOST"),
            .sshPort = static_cast<std::uint16_t>(std::stoi(devstackEnv("RAGDESK_SSH_PORT"))),
            .sshUser = devstackEnv("RAGDESK_SSH_USER"),
            .sshKeyPath = devstackEnv("RAGDESK_SSH_KEY"),
            .sshKnownHostsFile = devstackEnv("RAGDESK_KNOWN_HOSTS")};
        StackDirectory stacks(dir.path() / "stacks.json", {devstack}, std::nullopt, &secrets);
        ConnectionsPage page(&stacks);
        stacks.startHealthChecks();
        page.show();
        QTRY_COMPARE_WITH_TIMEOUT(stacks.model()->health(0).state, HealthState::Healthy, 20000);
        QTRY_COMPARE_WITH_TIMEOUT(stacks.model()->sshHealth(0).state, HealthState::Healthy, 20000);
        QCOMPARE(page.details()->topLevelItemCount(), 3);
        const QTreeWidgetItem* postgres = page.details()->topLevelItem(0);
        QCOMPARE(postgres->text(0), QStringLiteral("postgres"));
        QCOMPARE(postgres->text(1), QStringLiteral("ok"));
        QVERIFY2(postgres->text(2).startsWith(QStringLiteral("PostgreSQL 15")), qPrintable(postgres->text(2)));
    }
};

QTEST_MAIN(ConnectionsPageTest)
#include "ConnectionsPageTest.moc"
