#include "bridge/ChatRun.h"

#include "DevstackControl.h"
#include "DevstackSession.h"

#include "ragdesk/client/api/ApiClient.h"

#include <QSignalSpy>
#include <QTest>

using ragdesk::client::api::ChatStreamOutcome;
using ragdesk::client::api::ChatStreamResult;
using ragdesk::test::DevstackSession;
using ragdesk::ui::ChatRun;

namespace {

/// A bot of the test's tenant that knows one text, ingested.
ragdesk::client::api::BotId botWithKnowledge(DevstackSession& devstack, const std::string& name)
{
    return devstack.addBot(name, "The Pro plan costs 49 euros per month.");
}

/// What one run delivered to the GUI thread, in order.
struct Delivered {
    explicit Delivered(ChatRun* run)
    {
        QObject::connect(
            run, &ChatRun::sourcesArrived, run, [this](const auto&) { events << QStringLiteral("sources"); });
        QObject::connect(run, &ChatRun::textArrived, run, [this](const QString& arrived) {
            events << QStringLiteral("text");
            text += arrived;
        });
        QObject::connect(run, &ChatRun::finished, run,
            [this](const ragdesk::client::Result<ChatStreamResult>& ended) { result = ended; });
    }
    QStringList events;
    QString text;
    std::optional<ragdesk::client::Result<ChatStreamResult>> result;
};

} // namespace

/// A streamed answer through the app's session against the devstack: sources first, the text complete and in order
/// (coalesced per frame), a stop that keeps what arrived, and two runs streaming at once.
class ChatRunTest : public QObject {
    Q_OBJECT

private slots:
    void aThousandTokensASecondArriveCompleteAndInOrderAfterTheSources()
    {
        DevstackSession devstack;
        const auto bot = botWithKnowledge(devstack, "Streamer");
        ragdesk::test::ScopedKnob rate("token_rate", "1000");
        ChatRun* run = devstack.session()->startChat({.botProfileId = bot, .message = "What does Pro cost?"}, this);
        Delivered got(run);
        QTRY_VERIFY_WITH_TIMEOUT(got.result.has_value(), 60000);
        QVERIFY2(*got.result, got.result->ok() ? "" : got.result->error().message.c_str());
        const ChatStreamResult& result = got.result->value();
        QCOMPARE(result.outcome, ChatStreamOutcome::Completed);
        QCOMPARE(got.text, QString::fromStdString(result.answer));
        QVERIFY(!result.answer.empty());
        QCOMPARE(got.events.first(), QStringLiteral("sources"));
        QVERIFY2(got.events.count(QStringLiteral("text")) < result.metrics.deltaCount,
            "tokens of one frame are delivered together");
        delete run;
    }

    void aStopKeepsTheTextThatArrived()
    {
        DevstackSession devstack;
        const auto bot = botWithKnowledge(devstack, "Stopped");
        ragdesk::test::ScopedKnob rate("token_rate", "50");
        ChatRun* run = devstack.session()->startChat({.botProfileId = bot, .message = "What does Pro cost?"}, this);
        Delivered got(run);
        QTRY_VERIFY_WITH_TIMEOUT(!got.text.isEmpty(), 30000);
        run->stop();
        QTRY_VERIFY_WITH_TIMEOUT(got.result.has_value(), 30000);
        QVERIFY(*got.result);
        QCOMPARE(got.result->value().outcome, ChatStreamOutcome::Stopped);
        QVERIFY(QString::fromStdString(got.result->value().answer).startsWith(got.text));
        QVERIFY(!got.result->value().savedOnServer);
        delete run;
    }

    void twoBotsStreamAtOnce()
    {
        DevstackSession devstack;
        const auto first = botWithKnowledge(devstack, "Left");
        const auto second = botWithKnowledge(devstack, "Right");
        ragdesk::test::ScopedKnob rate("token_rate", "200");
        ChatRun* left = devstack.session()->startChat({.botProfileId = first, .message = "Price?"}, this);
        ChatRun* right = devstack.session()->startChat({.botProfileId = second, .message = "Price?"}, this);
        Delivered fromLeft(left);
        Delivered fromRight(right);
        // Both have text before either ends: they stream side by side, not one after the other.
        QTRY_VERIFY_WITH_TIMEOUT(!fromLeft.text.isEmpty() && !fromRight.text.isEmpty(), 30000);
        QVERIFY(!fromLeft.result.has_value() || !fromRight.result.has_value());
        QTRY_VERIFY_WITH_TIMEOUT(fromLeft.result.has_value() && fromRight.result.has_value(), 60000);
        QCOMPARE(fromLeft.result->value().outcome, ChatStreamOutcome::Completed);
        QCOMPARE(fromRight.result->value().outcome, ChatStreamOutcome::Completed);
        delete left;
        delete right;
    }
};

QTEST_MAIN(ChatRunTest)
#include "ChatRunTest.moc"
