#include "pages/AnalyticsPage.h"

#include "DevstackControl.h"
#include "DevstackSession.h"
#include "widgets/DailyChart.h"

#include <QBarSet>
#include <QFile>
#include <QHorizontalBarSeries>
#include <QLabel>
#include <QLineSeries>
#include <QPieSeries>
#include <QSignalSpy>
#include <QTest>

using ragdesk::test::DevstackSession;
using ragdesk::ui::AnalyticsPage;

namespace {

/// A test tenant whose bot answered three questions today (two chats), one rated helpful.
struct UsedTenant {
    UsedTenant()
        : api(ragdesk::test::devstackEnv("RAGDESK_API_URL"),
              {.email = devstack.ownerEmail(), .password = ragdesk::client::Secret(DevstackSession::kOwnerPassword)})
    {
        const auto bot = devstack.addBot(DevstackSession::unique("Analyst "), "The Pro plan costs 49 euros.");
        const auto first = api.chats().ask({.botProfileId = bot, .message = "What does Pro cost?"});
        const auto second = api.chats().ask({.botProfileId = bot, .message = "Is there a trial?"});
        if (!first || !second ||
            !api.chats().ask({.botProfileId = bot, .message = "And yearly?", .chatId = first->chatId}) ||
            !api.chats().setFeedback(first->chatId, first->message.id, ragdesk::client::api::Feedback::Positive)) {
            throw std::runtime_error("could not use the tenant's bot");
        }
    }

    DevstackSession devstack;
    ragdesk::client::api::ApiClient api;
};

QList<qreal> valuesOf(const QLineSeries* line)
{
    QList<qreal> values;
    for (const QPointF& point : line->points()) {
        values.append(point.y());
    }
    return values;
}

} // namespace

/// The analytics page against the devstack: every day of the range shown (zero where the stats say nothing), the
/// day's chats, answers, tokens and feedback where they happened, custom ranges, one replace per series per refresh,
/// and the CSV of what is shown.
class AnalyticsPageTest : public QObject {
    Q_OBJECT

private slots:
    void theRangeShowsEveryDayWithTodaysUsage()
    {
        ragdesk::test::ScopedKnob fresh("stats_cache", "false");
        UsedTenant tenant;
        AnalyticsPage page(tenant.devstack.session());
        page.showLastDays(7);
        QSignalSpy loaded(&page, &AnalyticsPage::loaded);
        page.show();
        QVERIFY(loaded.wait(20000));

        QCOMPARE(page.days().size(), size_t{7});
        const auto& today = page.days().back();
        QCOMPARE(today.chatsStarted, 2);
        QCOMPARE(today.answers, std::int64_t{3});
        QCOMPARE(today.helpful, std::int64_t{1});
        QCOMPARE(
            valuesOf(page.activityChart()->line(QStringLiteral("Chats started"))), (QList<qreal>{0, 0, 0, 0, 0, 0, 2}));
        QCOMPARE(valuesOf(page.activityChart()->line(QStringLiteral("Answers"))), (QList<qreal>{0, 0, 0, 0, 0, 0, 3}));

        // Tokens: one line per model, a point every day, today's adding up to the tenant's whole usage.
        const auto overview = tenant.api.stats().overview();
        QVERIFY(overview);
        qreal tokensToday = 0;
        const auto lines = page.tokensChart()->chart()->series();
        QVERIFY(!lines.isEmpty());
        for (QAbstractSeries* series : lines) {
            const auto* line = static_cast<QLineSeries*>(series);
            QCOMPARE(line->count(), 7);
            tokensToday += line->at(6).y();
        }
        QCOMPARE(tokensToday, static_cast<qreal>(overview->tokens.totalTokens));
        QVERIFY(static_cast<QLineSeries*>(page.costChart()->chart()->series().first())->at(6).y() > 0);

        qreal rated = 0;
        for (QPieSlice* slice : page.feedbackSeries()->slices()) {
            rated += slice->value();
        }
        QCOMPARE(rated, 3.0);
        QCOMPARE(page.feedbackSeries()->slices().first()->value(), 1.0);
        QCOMPARE(page.botsSeries()->barSets().size(), 1);
        QCOMPARE(page.botsSeries()->barSets().first()->at(0), static_cast<qreal>(overview->tokens.totalTokens));
        QVERIFY(page.totals()->text().contains(QStringLiteral("2 chats started")));

        // A refresh replaces each line's points in one call.
        QLineSeries* chats = page.activityChart()->line(QStringLiteral("Chats started"));
        QSignalSpy replaced(chats, &QXYSeries::pointsReplaced);
        QSignalSpy added(chats, &QXYSeries::pointAdded);
        page.reload();
        QVERIFY(loaded.wait(20000));
        QCOMPARE(replaced.count(), 1);
        QCOMPARE(added.count(), 0);

        // The CSV: a row per day, then the bot.
        ragdesk::test::TempDir dir;
        const QString path = QString::fromStdString((dir.path() / "analytics.csv").string());
        QSignalSpy exported(&page, &AnalyticsPage::exported);
        page.exportCsv(path);
        QCOMPARE(exported.last().at(0).toString(), QString());
        QFile file(path);
        QCOMPARE(file.permissions() & (QFileDevice::ReadGroup | QFileDevice::ReadOther), QFileDevice::Permissions());
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QStringList rows = QString::fromUtf8(file.readAll()).split(QStringLiteral("\r\n"));
        QVERIFY(rows.at(0).startsWith(QStringLiteral("date,chats_started,answers,helpful,not_helpful,")));
        QVERIFY(rows.at(7).startsWith(
            QDateTime::currentDateTimeUtc().date().toString(Qt::ISODate) + QStringLiteral(",2,3,1,0,")));
        QCOMPARE(rows.at(8), QString());
        QVERIFY(rows.at(10).contains(QStringLiteral("Analyst ")));
    }

    void aCustomRangeShowsJustItsDays()
    {
        ragdesk::test::ScopedKnob fresh("stats_cache", "false");
        UsedTenant tenant;
        AnalyticsPage page(tenant.devstack.session());
        QSignalSpy loaded(&page, &AnalyticsPage::loaded);
        page.show();
        QVERIFY(loaded.wait(20000));
        QCOMPARE(page.days().size(), size_t{30}); // the first range shown

        const QDate today = QDateTime::currentDateTimeUtc().date();
        page.showDays(today.addDays(-3), today.addDays(-1));
        QVERIFY(loaded.wait(20000));
        QCOMPARE(page.days().size(), size_t{3});
        QCOMPARE(valuesOf(page.activityChart()->line(QStringLiteral("Chats started"))), (QList<qreal>{0, 0, 0}));
        QCOMPARE(page.feedbackSeries()->slices().first()->value(), 0.0);

        page.showLastDays(90);
        QVERIFY(loaded.wait(20000));
        QCOMPARE(page.days().size(), size_t{90});
        QCOMPARE(page.days().back().chatsStarted, 2);
    }
};

QTEST_MAIN(AnalyticsPageTest)
#include "AnalyticsPageTest.moc"
