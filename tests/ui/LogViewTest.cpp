#include "widgets/LogView.h"

#include <QScrollBar>
#include <QTest>

using ragdesk::client::ops::ContainerTime;
using ragdesk::client::ops::LogBuffer;
using ragdesk::client::ops::LogFilter;
using ragdesk::client::ops::LogMatcher;
using ragdesk::client::ops::LogRecord;
using ragdesk::ui::LogView;

namespace {

LogRecord record(std::string text, int second)
{
    LogRecord record;
    record.text = std::move(text);
    record.time = ContainerTime(std::chrono::seconds(1'765'000'000 + second));
    return record;
}

/// A shown view over a buffer of short lines with one line of a megabyte among them.
struct Shown {
    Shown()
    {
        buffer.addSource("web");
        for (int k = 0; k < 200; ++k) {
            buffer.append(record(k == 100 ? std::string(1 << 20, 'x') : "line " + std::to_string(k), k));
        }
        view.resize(800, 400);
        view.setBuffer(&buffer);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
    }
    /// The row drawn at a height of the viewport, after a paint.
    std::optional<size_t> rowAtY(int y)
    {
        view.viewport()->repaint();
        return view.rowAt(y);
    }
    LogBuffer buffer;
    LogView view;
};

} // namespace

/// The log view's layout: rows in time order, wrapping, going to a time, marking matches.
class LogViewTest : public QObject {
    Q_OBJECT

private slots:
    void wrappedLongLinesTakeScreenLinesAndTheEndStaysInSight()
    {
        Shown t;
        const int line = t.view.fontMetrics().lineSpacing();
        QVERIFY(t.view.followsEnd());
        QCOMPARE(t.rowAtY(t.view.viewport()->height() - line / 2), std::optional<size_t>(199));
        t.view.setWrap(true);
        QCOMPARE(t.view.horizontalScrollBar()->maximum(), 0);
        // Following with wrapped rows: the last row still at the bottom.
        QCOMPARE(t.rowAtY(t.view.viewport()->height() - line / 2), std::optional<size_t>(199));
        // The megabyte line at the top takes up to 50 screen lines: the rows under it start far down.
        t.view.showLine(t.buffer.idAt(100));
        t.view.verticalScrollBar()->setValue(100);
        QCOMPARE(t.rowAtY(line / 2), std::optional<size_t>(100));
        QCOMPARE(t.rowAtY(line * 5 + line / 2), std::optional<size_t>(100));
        t.view.setWrap(false);
        QCOMPARE(t.rowAtY(line + line / 2), std::optional<size_t>(101));
    }

    void goingToATimeShowsTheFirstLineAtOrAfterIt()
    {
        Shown t;
        QVERIFY(t.view.showTime(ContainerTime(std::chrono::seconds(1'765'000'042))));
        QCOMPARE(t.view.currentLine(), std::optional(t.buffer.idAt(42)));
        QVERIFY(t.view.showTime(ContainerTime(std::chrono::seconds(1'765'000'042) + std::chrono::milliseconds(1))));
        QCOMPARE(t.view.currentLine(), std::optional(t.buffer.idAt(43)));
        QVERIFY(t.view.showTime(ContainerTime(std::chrono::seconds(1'765'009'999))));
        QCOMPARE(t.view.currentLine(), std::optional(t.buffer.idAt(199)));
        // Over a filter's rows: the first of them at or after the time.
        const std::vector<ragdesk::client::ops::LogLineId> rows{
            t.buffer.idAt(10), t.buffer.idAt(50), t.buffer.idAt(90)};
        t.view.setRows(&rows);
        QVERIFY(t.view.showTime(ContainerTime(std::chrono::seconds(1'765'000'011))));
        QCOMPARE(t.view.currentLine(), std::optional(t.buffer.idAt(50)));
    }

    void paintingMatchesOfAnExpressionEnds()
    {
        Shown t;
        auto matcher = LogMatcher::compile(LogFilter{.text = "x+|line [0-9]+", .regex = true});
        QVERIFY(matcher);
        t.view.setHighlight(*matcher);
        t.view.setWrap(true);
        t.view.verticalScrollBar()->setValue(95);
        QVERIFY(!t.view.grab().isNull());
        t.view.setWrap(false);
        QVERIFY(!t.view.grab().isNull());
    }
};

QTEST_MAIN(LogViewTest)
#include "LogViewTest.moc"
