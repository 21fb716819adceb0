#include "pages/FleetPage.h"

#include "DevstackSession.h"
#include "MainWindow.h"
#include "bridge/ApiSession.h"
#include "bridge/SecretStore.h"
#include "bridge/StackDirectory.h"
#include "models/StackProfileModel.h"
#include "widgets/RecordTable.h"

#include <QListWidget>
#include <QSettings>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

using ragdesk::client::StackProfile;
using ragdesk::test::TempDir;
using ragdesk::ui::FleetPage;
using ragdesk::ui::HealthState;
using ragdesk::ui::SecretStore;
using ragdesk::ui::StackDirectory;

namespace {

/// A listening socket on 127.0.0.1, on the port the kernel picks.
int listeningSocket(bool listening)
{
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
    if (listening) {
        ::listen(fd, 16);
    }
    return fd;
}

std::uint16_t portOf(int fd)
{
    sockaddr_in address{};
    socklen_t length = sizeof address;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
    return ntohs(address.sin_port);
}

/// A host that takes connections and never says a word (the kernel completes the handshake; nobody accepts): an
/// SSH login or an HTTP request to it waits until its timeout, as with a VPS that hangs.
class SilentHost {
public:
    SilentHost() : m_fd(listeningSocket(true)) { }
    ~SilentHost() { ::close(m_fd); }
    SilentHost(const SilentHost&) = delete;
    SilentHost& operator=(const SilentHost&) = delete;
    std::uint16_t port() const { return portOf(m_fd); }

private:
    int m_fd;
};

/// A port nothing listens on.
std::uint16_t closedPort()
{
    const int fd = listeningSocket(false);
    const std::uint16_t port = portOf(fd);
    ::close(fd);
    return port;
}

/// The devstack, a stack whose host hangs, and one whose host refuses: the fleet of the test.
std::vector<StackProfile> fleetOf(const SilentHost& silent, std::uint16_t refused)
{
    const auto elsewhere = [](const std::string& name, std::uint16_t port) {
        StackProfile stack = ragdesk::test::devstackProfile(name);
        stack.apiUrl = "http://127.0.0.1:" + std::to_string(port);
        stack.sshPort = port;
        return stack;
    };
    return {ragdesk::test::devstackProfile("devstack"), elsewhere("hanging", silent.port()),
        elsewhere("refusing", refused)};
}

} // namespace

/// The fleet overview against the devstack and two stacks that are down: the devstack's glance is shown while the
/// hanging one is still being waited for, each down one says why, and several stacks make it the landing page.
class FleetPageTest : public QObject {
    Q_OBJECT

private slots:
    void aHangingStackNeverHoldsUpTheOthers()
    {
        TempDir dir;
        SilentHost silent;
        SecretStore secrets(QStringLiteral("RagDesk-test"));
        StackDirectory stacks(dir.path() / "stacks.json", fleetOf(silent, closedPort()), std::nullopt, &secrets);
        FleetPage page(&stacks);
        page.resize(1300, 400);
        page.show();
        stacks.startHealthChecks();
        QCOMPARE(page.fleet()->rowCount(), 3);

        // The devstack at a glance, while the hanging stack's login is still waiting for an answer.
        QTRY_VERIFY_WITH_TIMEOUT(page.row(QStringLiteral("devstack"))->ssh.glance.has_value(), 60000);
        QCOMPARE(page.row(QStringLiteral("hanging"))->ssh.state, HealthState::Checking);
        const auto& glance = *page.row(QStringLiteral("devstack"))->ssh.glance;
        QVERIFY(glance.services);
        QVERIFY(glance.services->total >= 5);
        QVERIFY(glance.maintenance);
        QVERIFY(glance.lastRun);
        QVERIFY(glance.newestDump);
        int devstackRow = -1;
        for (int row = 0; row < page.fleet()->rowCount(); ++row) {
            devstackRow = page.fleet()->record(row).profile.name == "devstack" ? row : devstackRow;
        }
        const auto cell = [&](int row, int column) {
            return page.fleet()->data(page.fleet()->index(row, column), Qt::DisplayRole).toString();
        };
        QVERIFY2(cell(devstackRow, 3).contains(QStringLiteral("healthy")), qPrintable(cell(devstackRow, 3)));
        QVERIFY2(!cell(devstackRow, 4).isEmpty() && !cell(devstackRow, 4).startsWith(QStringLiteral("error")),
            qPrintable(cell(devstackRow, 4)));

        // Each down stack says why, and sorts before the devstack (the worst first).
        QTRY_COMPARE_WITH_TIMEOUT(page.row(QStringLiteral("refusing"))->ssh.state, HealthState::Unreachable, 30000);
        QTRY_COMPARE_WITH_TIMEOUT(page.row(QStringLiteral("hanging"))->ssh.state, HealthState::Unreachable, 60000);
        QTRY_COMPARE_WITH_TIMEOUT(page.row(QStringLiteral("hanging"))->api.state, HealthState::Unreachable, 60000);
        QVERIFY(!page.row(QStringLiteral("refusing"))->ssh.message.isEmpty());
        QVERIFY(!page.row(QStringLiteral("hanging"))->ssh.glance.has_value());
        QCOMPARE(ragdesk::ui::fleetState(*page.row(QStringLiteral("hanging"))), HealthState::Unreachable);
        const auto* view = page.table()->view();
        const QString top = view->model()->index(0, 0).data().toString();
        QVERIFY2(top == QStringLiteral("hanging") || top == QStringLiteral("refusing"), qPrintable(top));

        // Opening a stack makes it the current one.
        QSignalSpy opened(&page, &FleetPage::stackOpened);
        page.table()->selectId(QStringLiteral("devstack"));
        emit page.table()->activated();
        QCOMPARE(opened.count(), 1);
        QCOMPARE(QString::fromStdString(stacks.current()->name), QStringLiteral("devstack"));
    }

    void withSeveralStacksTheWindowOpensOnTheFleet()
    {
        TempDir dir;
        SilentHost silent;
        SecretStore secrets(QStringLiteral("RagDesk-test"));
        StackDirectory stacks(dir.path() / "stacks.json", fleetOf(silent, closedPort()), std::nullopt, &secrets);
        ragdesk::ui::ApiSession session(&stacks);
        QSettings settings(QString::fromStdString((dir.path() / "settings.ini").string()), QSettings::IniFormat);
        settings.setValue(QStringLiteral("window/page"), 5); // a page left last time does not win over the fleet
        ragdesk::ui::MainWindow window(&stacks, &session, &settings);
        QCOMPARE(window.sidebar()->currentItem()->text(), QStringLiteral("Fleet"));
        QVERIFY(window.fleetPage());
    }
};

QTEST_MAIN(FleetPageTest)
#include "FleetPageTest.moc"
