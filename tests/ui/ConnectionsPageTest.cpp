#include "pages/ConnectionsPage.h"
#include "DevstackEnv.h"
#include "models/StackProfileModel.h"

#include <QSignalSpy>
#include <QTest>
#include <QTreeWidget>

using ragdesk::client::StackProfile;
using ragdesk::ui::ConnectionsPage;
using ragdesk::ui::StackHealth;

/// The Connections page probing real endpoints: a closed port, and the devstack (ctest label "devstack").
class ConnectionsPageTest : public QObject {
    Q_OBJECT

private slots:
    void unreachableStackShowsTheReason()
    {
        ConnectionsPage page({{"closed", "http://127.0.0.1:1", "", 22, "", ""}}, "/tmp/stacks.json");
        QTRY_COMPARE_WITH_TIMEOUT(page.model()->health(0).state, StackHealth::State::Unreachable, 20000);
        QVERIFY(page.model()->health(0).message.contains(QStringLiteral("127.0.0.1:1")));
        QCOMPARE(page.details()->topLevelItemCount(), 0);
    }

    void noStacksStillFinishesARound()
    {
        ConnectionsPage page({}, "/tmp/stacks.json");
        QSignalSpy finished(&page, &ConnectionsPage::healthRoundFinished);
        QVERIFY(finished.wait(10000));
    }

    void devstackShowsHealthyWithComponentVersions()
    {
        const QString url = QString::fromStdString(ragdesk::test::devstackEnv("RAGDESK_API_URL"));
        ConnectionsPage page({{"devstack", url.toStdString(), "127.0.0.1", 22, "deploy", ""}}, "/tmp/stacks.json");
        page.show();
        QTRY_COMPARE_WITH_TIMEOUT(page.model()->health(0).state, StackHealth::State::Healthy, 20000);
        QCOMPARE(page.details()->topLevelItemCount(), 3);
        const QTreeWidgetItem* postgres = page.details()->topLevelItem(0);
        QCOMPARE(postgres->text(0), QStringLiteral("postgres"));
        QCOMPARE(postgres->text(1), QStringLiteral("ok"));
        QVERIFY2(postgres->text(2).startsWith(QStringLiteral("PostgreSQL 15")), qPrintable(postgres->text(2)));
    }
};

QTEST_MAIN(ConnectionsPageTest)
#include "ConnectionsPageTest.moc"
