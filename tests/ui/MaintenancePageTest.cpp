#include "pages/MaintenancePage.h"

#include "DevstackSession.h"
#include "dialogs/Confirmation.h"
#include "widgets/ErrorBanner.h"
#include "widgets/StateBanner.h"

#include "ragdesk/client/api/HttpClient.h"
#include "ragdesk/client/ops/AuditLog.h"

#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

using ragdesk::client::ops::AuditLog;
using ragdesk::test::DevstackSession;
using ragdesk::ui::Confirmation;
using ragdesk::ui::MaintenancePage;
using Tone = ragdesk::ui::StateBanner::Tone;

namespace {

/// The devstack's maintenance page, shown, with the audit trail kept in a directory of the test's own.
struct Page {
    Page() : page(devstack.ops())
    {
        page.resize(900, 600);
        page.show();
    }
    bool stateKnown() const { return page.state().has_value(); }

    DevstackSession devstack;
    MaintenancePage page;
};

/// A loopback port nothing listens on: connections to it are refused at once.
int closedPort()
{
    const int listener = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(listener, reinterpret_cast<sockaddr*>(&address), sizeof address);
    socklen_t length = sizeof address;
    ::getsockname(listener, reinterpret_cast<sockaddr*>(&address), &length);
    ::close(listener);
    return ntohs(address.sin_port);
}

} // namespace

/// The Maintenance page against the devstack: the state read from the server's flag and checked through nginx from
/// outside, a switch that asks first and is recorded, and a check that fails said as loudly as it must be.
class MaintenancePageTest : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { ragdesk::test::useOpsStateDir(); }

    void maintenanceTurnedOnAndOffIsVerifiedFromOutsideAndRecorded()
    {
        Page t;
        QTRY_VERIFY_WITH_TIMEOUT(t.stateKnown(), 30000);
        QCOMPARE(t.page.state()->on, false);
        QCOMPARE(t.page.stateBanner()->title(), QStringLiteral("Maintenance OFF"));
        QTRY_COMPARE_WITH_TIMEOUT(t.page.checkBanner()->tone(), Tone::Good, 30000);
        const size_t recordsBefore = ragdesk::test::localAuditRecords().size();

        QSignalSpy switched(&t.page, &MaintenancePage::switched);
        Confirmation::setNextAnswer(true);
        t.page.switchTo(true);
        QVERIFY(switched.wait(60000));
        const long pageWhileOn = ragdesk::test::publicPageStatus();
        const bool shownOn = t.page.checkBanner()->tone() == Tone::Good;
        QTRY_VERIFY_WITH_TIMEOUT(t.page.state() && t.page.state()->on, 30000);
        const QString title = t.page.stateBanner()->title();
        const QString detail = t.page.stateBanner()->detail();
        // Off again before any check can fail and leave the stack down for the tests after this one.
        Confirmation::setNextAnswer(true);
        t.page.switchTo(false);
        QVERIFY(switched.wait(60000));

        QCOMPARE(switched.first().first().toBool(), true);
        QCOMPARE(pageWhileOn, 503L);
        QVERIFY2(shownOn, qPrintable(t.page.checkBanner()->detail()));
        QCOMPARE(title, QStringLiteral("Maintenance ON"));
        QVERIFY2(detail.contains(QString::fromStdString(AuditLog::localActor())), qPrintable(detail));
        QVERIFY2(detail.contains(QRegularExpression(QStringLiteral("\\((just now|.+ ago)\\)"))), qPrintable(detail));
        QCOMPARE(switched.last().first().toBool(), true);
        QCOMPARE(t.page.checkBanner()->tone(), Tone::Good);
        QTRY_VERIFY_WITH_TIMEOUT(t.page.state() && !t.page.state()->on, 30000);
        QCOMPARE(t.page.stateBanner()->title(), QStringLiteral("Maintenance OFF"));
        QVERIFY(ragdesk::test::publicPageStatus() != 503);
        const auto records = ragdesk::test::localAuditRecords();
        QCOMPARE(records.size(), recordsBefore + 2);
        QCOMPARE(records[recordsBefore].action, std::string("maintenance on"));
        QCOMPARE(records.back().action, std::string("maintenance off"));
    }

    void aSwitchNotConfirmedChangesNothing()
    {
        Page t;
        QTRY_VERIFY_WITH_TIMEOUT(t.stateKnown(), 30000);
        const size_t recordsBefore = ragdesk::test::localAuditRecords().size();
        QSignalSpy switched(&t.page, &MaintenancePage::switched);
        Confirmation::setNextAnswer(false);
        t.page.switchTo(true);
        // A confirmed switch shows "Turning maintenance on…" at once: the state as it was means none started.
        QCOMPARE(t.page.stateBanner()->title(), QStringLiteral("Maintenance OFF"));
        QCOMPARE(t.page.stateBanner()->tone(), Tone::Good);
        QVERIFY(switched.isEmpty());
        QCOMPARE(ragdesk::test::localAuditRecords().size(), recordsBefore);
        QVERIFY(ragdesk::test::publicPageStatus() != 503);
    }

    void aPublicUrlThatDoesNotAnswerIsAWarningNotASilentOk()
    {
        Page t;
        QTRY_VERIFY_WITH_TIMEOUT(t.stateKnown(), 30000);
        // The same stack, its public URL now a port nobody listens on: the server's flag reads fine, the check fails.
        auto profile = *t.devstack.stacks()->find("devstack");
        profile.name = "devstack-unanswered";
        profile.apiUrl = "http://127.0.0.1:" + std::to_string(closedPort());
        const auto saved = t.devstack.stacks()->save(profile);
        QVERIFY2(saved, saved ? "" : saved.error().message.c_str());
        t.devstack.stacks()->setCurrent(profile.name);
        QTRY_COMPARE_WITH_TIMEOUT(t.page.checkBanner()->tone(), Tone::Bad, 30000);
        QVERIFY2(t.page.checkBanner()->title().contains(QStringLiteral("NOT verified")),
            qPrintable(t.page.checkBanner()->title()));
        QVERIFY2(t.page.checkBanner()->detail().contains(QStringLiteral("answers 0 for /")),
            qPrintable(t.page.checkBanner()->detail()));
        QCOMPARE(t.page.stateBanner()->title(), QStringLiteral("Maintenance OFF"));
    }
};

QTEST_MAIN(MaintenancePageTest)
#include "MaintenancePageTest.moc"
