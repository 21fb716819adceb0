#include "bridge/HealthMonitor.h"

#include "SelfSignedServer.h"
#include "SilentListener.h"
#include "WaitUntil.h"

#include <QSignalSpy>
#include <QTest>

#include <memory>
#include <unistd.h>

using ragdesk::client::StackProfile;
using ragdesk::ui::HealthMonitor;
using ragdesk::ui::StackHealth;

/// Stacks are probed in parallel: one that never answers does not hold back the others, and closing the monitor
/// with a probe in flight neither waits for it nor delivers it.
class HealthMonitorTest : public QObject {
    Q_OBJECT

private slots:
    void aSilentStackDoesNotDelayTheOthers()
    {
        ragdesk::test::SelfSignedServer answering;
        ragdesk::test::SilentListener silent;
        StackProfile good{.name = "good", .apiUrl = answering.url()};
        good.pinnedPublicKey = answering.pin();
        const StackProfile hung{.name = "hung", .apiUrl = silent.url()};

        auto monitor = std::make_unique<HealthMonitor>();
        QSignalSpy checked(monitor.get(), &HealthMonitor::healthChecked);
        monitor->probe({hung, good});
        QTRY_COMPARE_WITH_TIMEOUT(checked.count(), 1, 10000);
        QCOMPARE(checked.first().at(0).toString(), QStringLiteral("good"));
        // The HTTPS server answers /health but not /v1/system/health: reachable, degraded.
        QCOMPARE(checked.first().at(1).value<StackHealth>().state, StackHealth::State::Degraded);
        QCOMPARE(monitor->probesInFlight(), 1); // the silent one still waits for its answer

        // A second round while it hangs probes only the stack that is free.
        monitor->probe({hung, good});
        QTRY_COMPARE_WITH_TIMEOUT(checked.count(), 2, 10000);
        QCOMPARE(checked.last().at(0).toString(), QStringLiteral("good"));

        const int connection = silent.acceptOne(); // the hung probe's connection
        monitor.reset(); // closing the window: returns with the probe in flight, which is cancelled
        // The cancelled probe closes its connection: its request, then the end of the stream.
        char buffer[4096];
        ssize_t got = 0;
        while ((got = ::read(connection, buffer, sizeof buffer)) > 0) { }
        QCOMPARE(got, ssize_t{0});
        ::close(connection);
        QCoreApplication::sendPostedEvents();
        QCOMPARE(checked.count(), 2);
    }
};

QTEST_GUILESS_MAIN(HealthMonitorTest)
#include "HealthMonitorTest.moc"
