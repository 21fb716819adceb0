#include "bridge/StackWorker.h"

#include "WaitUntil.h"

#include <QSignalSpy>
#include <QTest>
#include <QThread>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <vector>

using ragdesk::client::CancelToken;
using ragdesk::client::Result;
using ragdesk::ui::StackWorker;
using ragdesk::ui::TaskContext;
using ragdesk::ui::TaskHandle;
using ragdesk::ui::TaskProgress;
using namespace std::chrono_literals;

namespace {

/// A gate a task waits at until the test opens it (or the task's token stops).
class Gate {
public:
    void open()
    {
        const std::lock_guard lock(m_mutex);
        m_open = true;
        m_wake.notify_all();
    }
    /// True when opened, false when the token stopped first.
    bool pass(const CancelToken& cancel)
    {
        std::unique_lock lock(m_mutex);
        return m_wake.wait(lock, cancel, [this] { return m_open; });
    }
    /// Waits until opened, whatever happens to the task's token (a call that cannot be woken, e.g. a DNS lookup).
    void passDeaf()
    {
        std::unique_lock lock(m_mutex);
        m_wake.wait(lock, [this] { return m_open; });
    }

private:
    std::mutex m_mutex;
    std::condition_variable_any m_wake;
    bool m_open = false;
};

} // namespace

/// The generic bridge runner: results on the GUI thread, dropped for a destroyed receiver, cancel tokens, progress,
/// and a destructor that never waits for a task in flight.
class StackWorkerTest : public QObject {
    Q_OBJECT

private slots:
    void resultArrivesOnTheGuiThreadAfterTheWorkRanOnTheWorker()
    {
        StackWorker worker(QStringLiteral("test"));
        QObject receiver;
        QThread* workThread = nullptr;
        std::optional<Result<int>> got;
        QThread* doneThread = nullptr;
        worker.run<int>(
            &receiver,
            [&](const TaskContext&) -> Result<int> {
                workThread = QThread::currentThread();
                return 42;
            },
            [&](Result<int> result) {
                doneThread = QThread::currentThread();
                got = std::move(result);
            });
        QTRY_VERIFY_WITH_TIMEOUT(got.has_value(), 10000);
        QCOMPARE(got->value(), 42);
        QCOMPARE(doneThread, QThread::currentThread());
        QVERIFY(workThread != QThread::currentThread());
    }

    void tasksRunInTheOrderTheyWereQueued()
    {
        StackWorker worker(QStringLiteral("test"));
        QObject receiver;
        std::vector<int> order;
        for (int i = 0; i < 20; ++i) {
            worker.run<int>(
                &receiver, [i](const TaskContext&) -> Result<int> { return i; },
                [&](Result<int> result) { order.push_back(*result); });
        }
        QTRY_COMPARE_WITH_TIMEOUT(order.size(), size_t{20}, 10000);
        QVERIFY(std::is_sorted(order.begin(), order.end()));
        QTRY_COMPARE_WITH_TIMEOUT(worker.pending(), 0, 10000);
    }

    void aDestroyedReceiverDropsTheResult()
    {
        StackWorker worker(QStringLiteral("test"));
        auto receiver = std::make_unique<QObject>();
        Gate gate;
        std::atomic<bool> workEnded{false};
        bool delivered = false;
        worker.run<int>(
            receiver.get(),
            [&](const TaskContext& context) -> Result<int> {
                gate.pass(context.cancel());
                workEnded = true;
                return 1;
            },
            [&](Result<int>) { delivered = true; });
        receiver.reset(); // the page went away while its call was running
        gate.open();
        QVERIFY(ragdesk::test::waitUntil([&] { return workEnded.load(); }, 10s));
        // A marker task queued after it: once its result is in, the first one's would have been too.
        QObject marker;
        bool markerDone = false;
        worker.run<int>(
            &marker, [](const TaskContext&) -> Result<int> { return 2; }, [&](Result<int>) { markerDone = true; });
        QTRY_VERIFY_WITH_TIMEOUT(markerDone, 10000);
        QVERIFY(!delivered);
    }

    void cancellingAHandleStopsItsTaskOnlyAndKeepsTheCancelBeforeItStarts()
    {
        StackWorker worker(QStringLiteral("test"));
        QObject receiver;
        Gate never;
        std::optional<bool> firstPassed;
        std::optional<bool> secondSawStop;
        TaskHandle first = worker.run<bool>(
            &receiver, [&](const TaskContext& context) -> Result<bool> { return never.pass(context.cancel()); },
            [&](Result<bool> result) { firstPassed = *result; });
        TaskHandle second = worker.run<bool>(
            &receiver, [](const TaskContext& context) -> Result<bool> { return context.cancel().stop_requested(); },
            [&](Result<bool> result) { secondSawStop = *result; });
        second.cancel(); // while it is still queued behind the first
        first.cancel();
        QTRY_VERIFY_WITH_TIMEOUT(firstPassed.has_value() && secondSawStop.has_value(), 10000);
        QCOMPARE(*firstPassed, false); // woken by its token, not by the gate
        QCOMPARE(*secondSawStop, true); // the early cancel was kept for it

        std::optional<bool> thirdSawStop;
        worker.run<bool>(
            &receiver, [](const TaskContext& context) -> Result<bool> { return context.cancel().stop_requested(); },
            [&](Result<bool> result) { thirdSawStop = *result; });
        QTRY_VERIFY_WITH_TIMEOUT(thirdSawStop.has_value(), 10000);
        QCOMPARE(*thirdSawStop, false); // the next task has a token of its own
    }

    void progressComesOnlyWhenItChanges()
    {
        StackWorker worker(QStringLiteral("test"));
        QObject receiver;
        std::vector<std::uint64_t> seen;
        bool done = false;
        worker.run<int>(
            &receiver,
            [](const TaskContext& context) -> Result<int> {
                for (std::uint64_t step : {0, 0, 1, 1, 1, 2, 3, 3}) {
                    context.progress(TaskProgress{step, 3});
                }
                return 0;
            },
            [&](Result<int>) { done = true; }, [&](TaskProgress progress) { seen.push_back(progress.done); });
        QTRY_VERIFY_WITH_TIMEOUT(done, 10000);
        QCOMPARE(seen, (std::vector<std::uint64_t>{0, 1, 2, 3}));
    }

    void destroyingTheWorkerNeverWaitsForATaskInFlight()
    {
        auto worker = std::make_unique<StackWorker>(QStringLiteral("test"));
        QObject receiver;
        auto gate = std::make_shared<Gate>();
        auto started = std::make_shared<std::atomic<bool>>(false);
        auto ended = std::make_shared<std::atomic<bool>>(false);
        bool delivered = false;
        worker->run<int>(
            &receiver,
            [gate, started, ended](const TaskContext&) -> Result<int> {
                *started = true;
                gate->passDeaf(); // deaf to its token: only the test ends this call
                *ended = true;
                return 0;
            },
            [&](Result<int>) { delivered = true; });
        QVERIFY(ragdesk::test::waitUntil([&] { return started->load(); }, 10s));
        worker.reset(); // a destructor that joined the thread would never return here
        QVERIFY(!ended->load());
        gate->open();
        QVERIFY(ragdesk::test::waitUntil([&] { return ended->load(); }, 10s));
        QCoreApplication::sendPostedEvents(); // a result posted anyway would be delivered here
        QVERIFY(!delivered);
        QVERIFY(StackWorker::waitForFinishedThreads(10s)); // the app's exit waits on this before static destruction
    }

    void aTaskThatThrowsDeliversAnErrorAndTheWorkerGoesOn()
    {
        StackWorker worker(QStringLiteral("test"));
        QObject receiver;
        std::optional<Result<int>> thrown;
        std::optional<Result<int>> next;
        worker.run<int>(
            &receiver, [](const TaskContext&) -> Result<int> { throw std::runtime_error("reply too odd"); },
            [&](Result<int> result) { thrown = std::move(result); });
        worker.run<int>(
            &receiver, [](const TaskContext&) -> Result<int> { return 7; },
            [&](Result<int> result) { next = std::move(result); });
        QTRY_VERIFY_WITH_TIMEOUT(thrown.has_value() && next.has_value(), 10000);
        QVERIFY(!*thrown);
        QVERIFY(QString::fromStdString(thrown->error().message).contains(QStringLiteral("reply too odd")));
        QCOMPARE(next->value(), 7);
    }
};

QTEST_GUILESS_MAIN(StackWorkerTest)
#include "StackWorkerTest.moc"
