#include "pages/LogsPage.h"

#include "DevstackControl.h"
#include "DevstackSession.h"
#include "LocalShell.h"
#include "widgets/LogView.h"

#include <QAction>
#include <QComboBox>
#include <QDateTime>
#include <QLabel>
#include <QLineEdit>
#include <QSignalSpy>
#include <QTest>

#include <filesystem>
#include <fstream>
#include <set>
#include <vector>

using ragdesk::client::ops::LogLevel;
using ragdesk::test::devstackControl;
using ragdesk::test::DevstackSession;
using ragdesk::test::ScopedKnob;
using ragdesk::test::TempDir;
using ragdesk::ui::LogsPage;

namespace {

/// The record's seq=N (or "seq": N) number, or -1 for lines that carry none.
long seqOf(std::string_view text)
{
    for (const std::string_view key : {std::string_view("seq="), std::string_view("\"seq\": ")}) {
        const size_t at = text.find(key);
        if (at != std::string_view::npos && at < 200 && at + key.size() < text.size() &&
            std::isdigit(static_cast<unsigned char>(text[at + key.size()]))) {
            return std::strtol(text.data() + at + key.size(), nullptr, 10);
        }
    }
    return -1;
}

/// The seq numbers of the page's buffer from line `first` on, in the buffer's order.
std::vector<long> seqsFrom(const LogsPage& page, size_t first = 0)
{
    std::vector<long> seqs;
    page.buffer().forEach(first, page.buffer().size(), [&](const auto& line) {
        if (const long seq = seqOf(line.text); seq >= 0) {
            seqs.push_back(seq);
        }
    });
    return seqs;
}

/// The noise service's log on the devstack, shown and followed.
struct Page {
    Page() : page(devstack.ops())
    {
        QSignalSpy loaded(&page, &LogsPage::historyLoaded);
        page.resize(1100, 600);
        page.show();
        page.setServices({QStringLiteral("noise")});
        if (!QTest::qWaitFor([&] { return loaded.count() >= 1 && page.followAction()->isChecked(); }, 60000)) {
            throw std::runtime_error("the history did not load");
        }
    }
    /// The noise service writing `count` records of its whole mix at once, long lines included, with its knobs
    /// turned for as long as this lives.
    struct Burst {
        explicit Burst(int count) { devstackControl("knob noise_burst " + std::to_string(count)); }
        ScopedKnob mix{"noise_mix", "all"};
        ScopedKnob every{"noise_long_every", "50"};
    };

    DevstackSession devstack;
    LogsPage page;
};

} // namespace

/// The Logs page against the devstack's noise service, whose mix is hostile on purpose (colour codes, OSC titles,
/// bidi overrides, NUL, invalid UTF-8, 16 KiB+ lines): followed without a gap, shown inert, paused with a count,
/// filtered, and saved privately.
class LogsPageTest : public QObject {
    Q_OBJECT

private slots:
    void followedHostileLinesArriveWholeInOrderAndInert()
    {
        Page t;
        // The noise service numbers its records from 0 each time its container starts: the burst's lines are
        // told by where they land in the buffer, after what was there.
        const size_t before = t.page.buffer().size();
        const Page::Burst burst(400);
        QTRY_VERIFY_WITH_TIMEOUT(seqsFrom(t.page, before).size() >= 400, 60000);
        // No gap among the new lines (the service's own lines between them included), none out of order.
        const std::vector<long> seqs = seqsFrom(t.page, before);
        for (size_t k = 1; k < seqs.size(); ++k) {
            QCOMPARE(seqs[k], seqs[k - 1] + 1);
        }
        bool coloured = false;
        const auto& buffer = t.page.buffer();
        for (size_t index = 0; index < buffer.size(); ++index) {
            const auto line = buffer.at(index);
            if (index > 0) {
                QVERIFY(buffer.at(index - 1).time <= line.time);
            }
            for (const char c : line.text) {
                QVERIFY2(static_cast<unsigned char>(c) >= 0x20 || c == '\t', qPrintable(QString::number(index)));
            }
            coloured = coloured || !line.spans.empty();
        }
        QVERIFY(coloured); // the colours are kept as styles, not as escapes
        t.page.view()->scrollToEnd();
        QVERIFY(!t.page.view()->grab().isNull()); // painting the hostile rows, long ones included, ends
    }

    void aFollowGoesOnIntoTheContainerADeployRecreates()
    {
        Page t;
        const size_t before = t.page.buffer().size();
        ragdesk::test::recreateDevstackService("noise");
        // The new container numbers its records from 1 again: all 300 of them come through the same follow.
        const Page::Burst burst(300);
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                std::set<long> seqs;
                for (const long seq : seqsFrom(t.page, before)) {
                    if (seq <= 300) {
                        seqs.insert(seq);
                    }
                }
                return seqs.size() == 300;
            }(),
            60000);
        QVERIFY(t.page.followAction()->isChecked());
        QVERIFY(t.page.statusLabel()->text().contains(QStringLiteral("following")));
    }

    void goToTimeSinceAndJsonOfALine()
    {
        Page t;
        const size_t before = t.page.buffer().size();
        const Page::Burst burst(200);
        QTRY_VERIFY_WITH_TIMEOUT(seqsFrom(t.page, before).size() >= 200, 60000);
        t.page.followAction()->trigger();
        const auto& buffer = t.page.buffer();

        // Go to time: the first line at or after the time typed, in either form.
        const auto target = buffer.at(buffer.size() / 2);
        const auto targetMs = std::chrono::duration_cast<std::chrono::milliseconds>(target.time.time_since_epoch());
        const QDateTime local = QDateTime::fromMSecsSinceEpoch(targetMs.count());
        for (const QString& typed : {local.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz")),
                 local.toString(QStringLiteral("HH:mm:ss.zzz"))}) {
            t.page.view()->showLine(buffer.at(buffer.size() - 1).id);
            QVERIFY2(t.page.goToTime(typed), qPrintable(typed));
            const size_t shown = *buffer.indexOf(*t.page.view()->currentLine());
            QVERIFY(buffer.at(shown).time >= std::chrono::floor<std::chrono::milliseconds>(target.time));
            QVERIFY(
                shown == 0 || buffer.at(shown - 1).time < std::chrono::floor<std::chrono::milliseconds>(target.time));
        }
        QVERIFY(!t.page.goToTime(QStringLiteral("soon")));

        // JSON on demand: the noise service's JSON lines come out indented; a plain line has none.
        std::optional<ragdesk::client::ops::LogLineId> jsonLine;
        std::optional<ragdesk::client::ops::LogLineId> plainLine;
        buffer.forEach(0, buffer.size(),
            [&](const auto& line) { (line.text.starts_with("{\"ts\"") ? jsonLine : plainLine) = line.id; });
        QVERIFY(jsonLine && plainLine);
        t.page.view()->showLine(*jsonLine);
        QVERIFY2(t.page.currentLineAsJson().contains(QStringLiteral("\n    \"seq\": ")),
            qPrintable(t.page.currentLineAsJson()));
        t.page.view()->showLine(*plainLine);
        QVERIFY(t.page.currentLineAsJson().isEmpty() ||
            buffer.at(*buffer.indexOf(*plainLine)).text.find('{') != std::string_view::npos);

        // Since: a read of the last five minutes holds no older line.
        const auto fiveMinutesAgo =
            std::chrono::system_clock::now() - std::chrono::minutes(5) - std::chrono::seconds(1);
        QSignalSpy loaded(&t.page, &LogsPage::historyLoaded);
        t.page.sinceChoice()->setCurrentIndex(t.page.sinceChoice()->findData(5));
        t.page.sinceChoice()->activated(t.page.sinceChoice()->currentIndex());
        QVERIFY(loaded.wait(60000));
        // A new read replaces the page's buffer: `buffer` above is gone.
        QVERIFY(t.page.buffer().size() > 0);
        t.page.buffer().forEach(
            0, t.page.buffer().size(), [&](const auto& line) { QVERIFY(line.time >= fiveMinutesAgo); });
    }

    void pauseHoldsTheViewAndCountsWhatArrives()
    {
        Page t;
        t.page.pauseAction()->trigger();
        const size_t shown = t.page.view()->rowCount();
        const Page::Burst burst(150);
        QTRY_VERIFY_WITH_TIMEOUT(t.page.arrivedWhilePaused() >= 150, 60000);
        QCOMPARE(t.page.view()->rowCount(), shown);
        QVERIFY(t.page.statusLabel()->text().contains(QStringLiteral("paused")));
        const size_t held = t.page.arrivedWhilePaused();
        QSignalSpy arrived(&t.page, &LogsPage::linesArrived);
        t.page.pauseAction()->trigger();
        QVERIFY(arrived.count() > 0 || arrived.wait(10000));
        QVERIFY(t.page.view()->rowCount() >= shown + held);
        QCOMPARE(t.page.arrivedWhilePaused(), size_t{0});
    }

    void aFilterShowsOnlyItsLinesAndSavesThemPrivately()
    {
        Page t;
        const size_t before = t.page.buffer().size();
        const Page::Burst burst(200);
        QTRY_VERIFY_WITH_TIMEOUT(seqsFrom(t.page, before).size() >= 200, 60000);
        t.page.filterText()->setText(QStringLiteral("SEQ="));
        QTRY_VERIFY_WITH_TIMEOUT(!t.page.searching(), 30000);
        size_t expected = 0;
        t.page.buffer().forEach(0, t.page.buffer().size(), [&](const auto& line) {
            expected += QString::fromUtf8(line.text.data(), static_cast<qsizetype>(line.text.size()))
                            .contains(QStringLiteral("seq="), Qt::CaseInsensitive);
        });
        QVERIFY(expected > 0);
        QCOMPARE(t.page.shownLines(), expected);
        QCOMPARE(t.page.view()->rowCount(), expected);
        QVERIFY(t.page.statusLabel()->text().contains(QStringLiteral("match")));

        t.page.filterText()->clear();
        t.page.levelChoice()->setCurrentIndex(t.page.levelChoice()->findData(static_cast<int>(LogLevel::Error)));
        t.page.levelChoice()->activated(t.page.levelChoice()->currentIndex());
        QTRY_VERIFY_WITH_TIMEOUT(!t.page.searching(), 30000);
        QVERIFY(t.page.shownLines() > 0);
        for (size_t row = 0; row < t.page.view()->rowCount(); ++row) {
            QVERIFY(t.page.view()->lineAt(row)->level >= LogLevel::Error);
        }

        TempDir dir;
        const QString path = QString::fromStdString(dir / "errors.log");
        const auto saved = t.page.saveShown(path);
        QVERIFY2(saved, saved ? "" : saved.error().message.c_str());
        QCOMPARE(saved->lines, t.page.shownLines());
        QCOMPARE(std::filesystem::status(path.toStdString()).permissions() & std::filesystem::perms::all,
            std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);

        // Every service read, then one kept by the filter without reading again.
        t.page.levelChoice()->setCurrentIndex(0);
        QSignalSpy loaded(&t.page, &LogsPage::historyLoaded);
        t.page.setServices({});
        QVERIFY(loaded.wait(60000));
        const int noise = t.page.serviceChoice()->findText(QStringLiteral("noise"));
        QVERIFY(noise > 0 && t.page.serviceChoice()->count() > 2);
        t.page.serviceChoice()->setCurrentIndex(noise);
        t.page.serviceChoice()->activated(noise);
        QTRY_VERIFY_WITH_TIMEOUT(!t.page.searching(), 30000);
        QVERIFY(t.page.shownLines() > 0 && t.page.shownLines() < t.page.buffer().size());
        for (size_t row = 0; row < t.page.view()->rowCount(); ++row) {
            QCOMPARE(t.page.buffer().sourceName(t.page.view()->lineAt(row)->source), std::string_view("noise"));
        }
    }

    void aRegularExpressionFindsWhatGrepFindsAndStepsThroughIt()
    {
        Page t;
        const size_t before = t.page.buffer().size();
        const Page::Burst burst(300);
        QTRY_VERIFY_WITH_TIMEOUT(seqsFrom(t.page, before).size() >= 300, 60000);
        t.page.followAction()->trigger(); // the lines compared with grep's stay as they are
        t.page.regexAction()->trigger();
        TempDir dir;
        const std::filesystem::path file = dir / "lines.log";
        const auto& buffer = t.page.buffer();
        {
            std::ofstream out(file);
            buffer.forEach(0, buffer.size(), [&](const auto& line) { out << line.text << '\n'; });
        }
        for (const bool caseSensitive : {false, true}) {
            if (t.page.matchCaseAction()->isChecked() != caseSensitive) {
                t.page.matchCaseAction()->trigger();
            }
            for (const char* pattern : {"seq=[0-9]*[37]( |$)", "(warn|error)[^a-z]", "[[:upper:]]{4,}", "ERROR|Warn"}) {
                t.page.filterText()->setText(QString::fromUtf8(pattern));
                QTRY_VERIFY_WITH_TIMEOUT(!t.page.searching(), 30000);
                std::vector<size_t> found;
                for (const auto id : t.page.matches()) {
                    found.push_back(*buffer.indexOf(id));
                }
                const auto expected = ragdesk::test::grepLines(file, pattern, caseSensitive);
                QVERIFY2(found == expected, pattern);
                QVERIFY2(caseSensitive || !expected.empty(), pattern); // each pattern finds something
                QCOMPARE(t.page.view()->rowCount(), expected.size());
            }
        }
        QVERIFY(!t.page.matches().empty());

        // Every line, the matches marked: Next and Previous step through the matches, round the ends.
        t.page.onlyMatchingAction()->trigger();
        QCOMPARE(t.page.view()->rowCount(), buffer.size());
        const auto& matches = t.page.matches();
        t.page.view()->showLine(matches.back());
        t.page.nextMatchAction()->trigger();
        QCOMPARE(t.page.view()->currentLine(), std::optional(matches.front()));
        if (matches.size() > 1) {
            t.page.nextMatchAction()->trigger();
            QCOMPARE(t.page.view()->currentLine(), std::optional(matches[1]));
        }
        t.page.previousMatchAction()->trigger();
        QCOMPARE(t.page.view()->currentLine(), std::optional(matches.front()));
        t.page.previousMatchAction()->trigger();
        QCOMPARE(t.page.view()->currentLine(), std::optional(matches.back()));

        // A pattern that is no expression says why and filters nothing.
        t.page.filterText()->setText(QStringLiteral("(unclosed"));
        QVERIFY(!t.page.searching());
        QVERIFY(t.page.statusLabel()->text().contains(QStringLiteral("missing )")));
        QCOMPARE(t.page.shownLines(), buffer.size());
    }
};

QTEST_MAIN(LogsPageTest)
#include "LogsPageTest.moc"
