#include "pages/ChatPlaygroundPage.h"

#include "DevstackControl.h"
#include "DevstackSession.h"
#include "chat/ChatPane.h"
#include "chat/Transcript.h"
#include "pages/SourcesPage.h"
#include "widgets/RecordTable.h"

#include <QAction>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTest>
#include <QTextBrowser>

using ragdesk::client::api::ChatStreamOutcome;
using ragdesk::test::DevstackSession;
using ragdesk::ui::ChatPane;
using ragdesk::ui::ChatPlaygroundPage;
using Phase = ChatPane::Phase;

namespace {

constexpr int kAnswerTimeout = 60000;
const std::string kKnowledge = "The Pro plan costs 49 euros per month. The Starter plan costs 19 euros per month.";

/// The playground of a test tenant with two bots that know the plans, shown and loaded.
struct Playground {
    Playground()
        : settings(QString::fromStdString((dir.path() / "settings.ini").string()), QSettings::IniFormat),
          older(devstack.addBot(DevstackSession::unique("Right "), kKnowledge)),
          newer(devstack.addBot(DevstackSession::unique("Left "), kKnowledge)),
          page(devstack.session(), &settings)
    {
        QSignalSpy loaded(&page, &ChatPlaygroundPage::loaded);
        page.resize(1200, 800);
        page.show();
        if (!loaded.wait(20000)) {
            throw std::runtime_error("the playground did not load");
        }
    }

    ChatPane* left() const { return page.pane(0); }
    ChatPane* right() const { return page.pane(1); }

    /// Types the question and sends it with the page's Send.
    void ask(const QString& question)
    {
        page.question()->setPlainText(question);
        page.send();
    }

    const ragdesk::client::api::ChatStreamResult& lastResult(ChatPane* pane) const
    {
        return pane->turns().back().result->value();
    }

    DevstackSession devstack;
    ragdesk::test::TempDir dir;
    QSettings settings;
    ragdesk::client::api::BotId older;
    ragdesk::client::api::BotId newer;
    ChatPlaygroundPage page;
};

/// The page's action on that key, as the key would trigger it.
QAction* actionOn(QWidget& page, const QKeySequence& key)
{
    for (QAction* action : page.actions()) {
        if (action->shortcut() == key) {
            return action;
        }
    }
    throw std::runtime_error("no action on " + key.toString().toStdString());
}

} // namespace

/// The chat playground against the devstack: answers streamed whole and in order with their sources first, the
/// phase and metrics, stop, retry after a drop, regenerate and edit, feedback, continuing a chat, compare, export.
class ChatPlaygroundPageTest : public QObject {
    Q_OBJECT

private slots:
    void aThousandTokensASecondArriveWholeInOrderAfterTheSources()
    {
        Playground playground;
        ragdesk::test::ScopedKnob rate("token_rate", "1000");
        ragdesk::test::ScopedKnob length("answer_tokens", "3000");
        ChatPane* pane = playground.left();
        QCOMPARE(pane->botChoice()->currentData().toString(), QString::fromStdString(playground.newer.str()));
        QStringList order;
        connect(pane, &ChatPane::sourcesShown, this, [&] { order << QStringLiteral("sources"); });
        connect(pane, &ChatPane::textShown, this, [&] {
            if (order.isEmpty() || order.last() != QStringLiteral("text")) {
                order << QStringLiteral("text");
            }
        });
        QList<Phase> phases;
        connect(pane, &ChatPane::textShown, this, [&] { phases << pane->phase(); });
        // Typed and sent with Ctrl+Enter, as one does.
        playground.page.question()->setFocus();
        QTest::keyClicks(playground.page.question(), QStringLiteral("What does the Pro plan cost?"));
        QTest::keyClick(playground.page.question(), Qt::Key_Return, Qt::ControlModifier);
        QCOMPARE(pane->phase(), Phase::Retrieving);
        QVERIFY(!playground.page.question()->toPlainText().size());
        QSignalSpy ended(pane, &ChatPane::answerEnded);
        QVERIFY(ended.wait(kAnswerTimeout));

        QCOMPARE(order, (QStringList{QStringLiteral("sources"), QStringLiteral("text")}));
        QCOMPARE(phases.first(), Phase::Streaming);
        QCOMPARE(pane->phase(), Phase::Saved);
        const auto& result = playground.lastResult(pane);
        QCOMPARE(result.outcome, ChatStreamOutcome::Completed);
        QCOMPARE(result.metrics.deltaCount, 3000);
        QCOMPARE(pane->lastAnswer(), QString::fromStdString(result.answer));
        // The transcript shows the whole answer as a one-shot rendering would, after the question.
        QTextDocument oneShot;
        oneShot.setMarkdown(QString::fromStdString(result.answer));
        const QString shown = pane->transcript()->toPlainText();
        QVERIFY(shown.startsWith(QStringLiteral("What does the Pro plan cost?")));
        QVERIFY2(shown.contains(oneShot.toPlainText()), "every token, in order");
        QVERIFY(!pane->shownSources().empty());
        QVERIFY(pane->metricsLabel()->text().contains(QStringLiteral("tok/s")));
        QVERIFY(pane->metricsLabel()->text().contains(QStringLiteral("first token")));
        QVERIFY2(pane->metricsLabel()->text().contains(QLatin1Char('$')), "the cost from the stack's prices");
        QVERIFY(pane->thumbsUp()->isEnabled());
        // The new chat is listed, and the next question continues it.
        QCOMPARE(pane->chatChoice()->currentData().toString(), QString::fromStdString(result.chatId->str()));
        const auto firstChat = *result.chatId;
        playground.ask(QStringLiteral("And the Starter plan?"));
        QVERIFY(ended.wait(kAnswerTimeout));
        QCOMPARE(*playground.lastResult(pane).chatId, firstChat);
        QCOMPARE(pane->turns().size(), size_t{2});
    }

    void aStopKeepsThePartialAnswerAndSaysItIsNotSaved()
    {
        Playground playground;
        ragdesk::test::ScopedKnob rate("token_rate", "50");
        ChatPane* pane = playground.left();
        QSignalSpy shown(pane, &ChatPane::textShown);
        playground.ask(QStringLiteral("What does the Pro plan cost?"));
        QVERIFY(shown.wait(kAnswerTimeout));
        QVERIFY(pane->stopButton()->isEnabled());
        QSignalSpy ended(pane, &ChatPane::answerEnded);
        QTest::keyClick(&playground.page, Qt::Key_Escape);
        QVERIFY(ended.wait(kAnswerTimeout));
        QCOMPARE(pane->phase(), Phase::Stopped);
        QVERIFY(pane->phaseLabel()->text().contains(QStringLiteral("not saved on the server")));
        QVERIFY(!pane->lastAnswer().isEmpty());
        QVERIFY(pane->transcript()->toPlainText().contains(QStringLiteral("Stopped, not saved")));
        QVERIFY(!pane->thumbsUp()->isEnabled());
        QVERIFY(pane->regenerateButton()->isEnabled());
    }

    void aStopPressedAsTheAnswerEndsDoesNotEndTheNextQuestion()
    {
        Playground playground;
        ragdesk::test::ScopedKnob rate("token_rate", "0");
        ragdesk::test::ScopedKnob length("answer_tokens", "40");
        ChatPane* pane = playground.left();
        int answers = 0;
        // The moment the first answer ends, Stop (as one presses it while `done` arrives), then the next question.
        connect(pane, &ChatPane::answerEnded, this, [&] {
            if (++answers == 1) {
                actionOn(playground.page, QKeySequence(Qt::Key_Escape))->trigger();
                playground.ask(QStringLiteral("And the Starter plan?"));
            }
        });
        playground.ask(QStringLiteral("What does the Pro plan cost?"));
        QTRY_COMPARE_WITH_TIMEOUT(answers, 2, kAnswerTimeout);
        QCOMPARE(pane->turns().size(), size_t{2});
        QCOMPARE(pane->phase(), Phase::Saved);
        QCOMPARE(playground.lastResult(pane).outcome, ChatStreamOutcome::Completed);
        QCOMPARE(playground.lastResult(pane).metrics.deltaCount, 40);
    }

    void aDropKeepsThePartialAnswerAndRetryAsksAgain()
    {
        Playground playground;
        ChatPane* pane = playground.left();
        QSignalSpy ended(pane, &ChatPane::answerEnded);
        {
            ragdesk::test::ScopedKnob rate("token_rate", "0");
            ragdesk::test::ScopedKnob drop("stream_drop_after", "25");
            playground.ask(QStringLiteral("What does the Pro plan cost?"));
            QVERIFY(ended.wait(kAnswerTimeout));
        }
        QCOMPARE(pane->phase(), Phase::Dropped);
        QCOMPARE(playground.lastResult(pane).metrics.deltaCount, 25);
        QVERIFY(!pane->lastAnswer().isEmpty());
        QVERIFY(pane->transcript()->toPlainText().contains(QStringLiteral("Connection dropped")));
        QVERIFY(pane->retryButton()->isVisible());

        ragdesk::test::ScopedKnob length("answer_tokens", "30");
        pane->retryButton()->click();
        QVERIFY(ended.wait(kAnswerTimeout));
        QCOMPARE(pane->phase(), Phase::Saved);
        QCOMPARE(pane->turns().size(), size_t{1});
        QVERIFY(!pane->retryButton()->isVisible());
        QVERIFY(!pane->transcript()->toPlainText().contains(QStringLiteral("Connection dropped")));
    }

    void editAndResendReplacesTheLastTurn()
    {
        Playground playground;
        ragdesk::test::ScopedKnob rate("token_rate", "0");
        ragdesk::test::ScopedKnob length("answer_tokens", "20");
        ChatPane* pane = playground.left();
        QSignalSpy ended(pane, &ChatPane::answerEnded);
        playground.ask(QStringLiteral("What does Pro cost?"));
        QVERIFY(ended.wait(kAnswerTimeout));
        playground.page.editAction()->trigger();
        QCOMPARE(playground.page.question()->toPlainText(), QStringLiteral("What does Pro cost?"));
        playground.page.question()->setPlainText(QStringLiteral("What does Starter cost?"));
        playground.page.send();
        QVERIFY(ended.wait(kAnswerTimeout));
        QCOMPARE(pane->turns().size(), size_t{1});
        QCOMPARE(pane->turns().back().question, QStringLiteral("What does Starter cost?"));
        QVERIFY(!pane->transcript()->toPlainText().contains(QStringLiteral("What does Pro cost?")));

        pane->regenerateButton()->click();
        QVERIFY(ended.wait(kAnswerTimeout));
        QCOMPARE(pane->turns().size(), size_t{1});
        QCOMPARE(pane->phase(), Phase::Saved);
    }

    void feedbackIsStoredOnTheAnswer()
    {
        Playground playground;
        ragdesk::test::ScopedKnob rate("token_rate", "0");
        ragdesk::test::ScopedKnob length("answer_tokens", "20");
        ChatPane* pane = playground.left();
        QSignalSpy ended(pane, &ChatPane::answerEnded);
        playground.ask(QStringLiteral("What does Pro cost?"));
        QVERIFY(ended.wait(kAnswerTimeout));
        QSignalSpy sent(pane, &ChatPane::feedbackSent);
        pane->thumbsDown()->click();
        QVERIFY(sent.wait(20000));
        QCOMPARE(sent.last().at(0).toString(), QString());
        QVERIFY(pane->thumbsDown()->isChecked());

        ragdesk::client::api::ApiClient api(ragdesk::test::devstackEnv("RAGDESK_API_URL"),
            {.email = playground.devstack.ownerEmail(),
                .password = ragdesk::client::Secret(DevstackSession::kOwnerPassword)});
        const auto messages = api.chats().messages(*playground.lastResult(pane).chatId);
        QVERIFY(messages);
        QCOMPARE(messages->back().feedback, std::optional(ragdesk::client::api::Feedback::Negative));

        pane->thumbsUp()->click(); // the other one replaces it
        QVERIFY(sent.wait(20000));
        QVERIFY(pane->thumbsUp()->isChecked());
        QVERIFY(!pane->thumbsDown()->isChecked());
    }

    void anEarlierChatIsShownAndContinued()
    {
        Playground playground;
        ragdesk::test::ScopedKnob rate("token_rate", "0");
        ragdesk::test::ScopedKnob length("answer_tokens", "20");
        ChatPane* pane = playground.left();
        QSignalSpy ended(pane, &ChatPane::answerEnded);
        playground.ask(QStringLiteral("Remember the Pro plan?"));
        QVERIFY(ended.wait(kAnswerTimeout));
        const auto chat = *playground.lastResult(pane).chatId;

        actionOn(playground.page, QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_N))->trigger();
        QVERIFY(pane->transcript()->toPlainText().isEmpty());
        const int listed = pane->chatChoice()->findData(QString::fromStdString(chat.str()));
        QVERIFY(listed > 0);
        QSignalSpy shown(pane, &ChatPane::chatShown);
        pane->chatChoice()->setCurrentIndex(listed);
        emit pane->chatChoice()->activated(listed); // what choosing it in the list does
        QVERIFY(shown.wait(20000));
        QVERIFY(pane->transcript()->toPlainText().contains(QStringLiteral("Remember the Pro plan?")));
        playground.ask(QStringLiteral("And Starter?"));
        QVERIFY(ended.wait(kAnswerTimeout));
        QCOMPARE(*playground.lastResult(pane).chatId, chat);
    }

    void theSourceWarningFollowsTheBotsThreshold()
    {
        Playground playground;
        const auto ignorant = playground.devstack.addBot(DevstackSession::unique("Blank "), "");
        ragdesk::test::ScopedKnob rate("token_rate", "0");
        ragdesk::test::ScopedKnob length("answer_tokens", "10");
        ChatPane* pane = playground.left();
        QSignalSpy ended(pane, &ChatPane::answerEnded);
        pane->threshold()->setValue(1.0); // no score reaches it
        playground.ask(QStringLiteral("What does Pro cost?"));
        QVERIFY(ended.wait(kAnswerTimeout));
        QVERIFY(pane->sourceWarning()->isVisible());
        QVERIFY(pane->sourceWarning()->text().contains(QStringLiteral("threshold")));

        // A source's link shows it on the Sources page.
        const QString source = QString::fromStdString(pane->shownSources().front().sourceId.str());
        QSignalSpy linked(pane, &ChatPane::showSourceRequested);
        emit pane->sources()->anchorClicked(QUrl(QStringLiteral("source:") + source)); // what a click on it does
        QCOMPARE(linked.count(), 1);
        QCOMPARE(linked.last().at(1).toString(), source);
        ragdesk::ui::SourcesPage sources(playground.devstack.session());
        QSignalSpy sourcesLoaded(&sources, &ragdesk::ui::SourcesPage::loaded);
        sources.showSource(linked.last().at(0).toString(), source);
        sources.show();
        QVERIFY(sourcesLoaded.wait(20000));
        QTRY_VERIFY(sources.table()->selectedRow() >= 0);
        QCOMPARE(QString::fromStdString(sources.model()->record(sources.table()->selectedRow()).id.str()), source);
        pane->threshold()->setValue(0.0);
        QVERIFY(!pane->sourceWarning()->isVisible());
        // Kept per bot: a new page over the same settings reads it back.
        QCOMPARE(playground.settings
                     .value(QStringLiteral("playground/threshold/devstack/%1")
                                .arg(QString::fromStdString(playground.newer.str())))
                     .toDouble(),
            0.0);

        playground.page.reload();
        QSignalSpy loaded(&playground.page, &ChatPlaygroundPage::loaded);
        QVERIFY(loaded.wait(20000));
        const int blank = pane->botChoice()->findData(QString::fromStdString(ignorant.str()));
        pane->botChoice()->setCurrentIndex(blank);
        emit pane->botChoice()->activated(blank);
        playground.ask(QStringLiteral("What does Pro cost?"));
        QVERIFY(ended.wait(kAnswerTimeout));
        QVERIFY(pane->shownSources().empty());
        QVERIFY(pane->sourceWarning()->text().contains(QStringLiteral("No sources")));
    }

    void compareStreamsTwoBotsAtOnce()
    {
        Playground playground;
        ragdesk::test::ScopedKnob rate("token_rate", "200");
        ragdesk::test::ScopedKnob length("answer_tokens", "300");
        playground.page.setCompare(true);
        QVERIFY(playground.right()->isVisible());
        QCOMPARE(
            playground.right()->botChoice()->currentData().toString(), QString::fromStdString(playground.older.str()));
        QSignalSpy leftText(playground.left(), &ChatPane::textShown);
        QSignalSpy rightText(playground.right(), &ChatPane::textShown);
        QSignalSpy leftEnded(playground.left(), &ChatPane::answerEnded);
        QSignalSpy rightEnded(playground.right(), &ChatPane::answerEnded);
        playground.ask(QStringLiteral("What does Pro cost?"));
        // Both have text before either ends: side by side, not one after the other.
        QTRY_VERIFY_WITH_TIMEOUT(leftText.count() > 0 && rightText.count() > 0, kAnswerTimeout);
        QVERIFY(leftEnded.isEmpty() || rightEnded.isEmpty());
        QTRY_VERIFY_WITH_TIMEOUT(!leftEnded.isEmpty() && !rightEnded.isEmpty(), kAnswerTimeout);
        for (ChatPane* pane : {playground.left(), playground.right()}) {
            QCOMPARE(pane->phase(), Phase::Saved);
            QVERIFY(!pane->shownSources().empty());
            QVERIFY(!pane->metricsLabel()->text().isEmpty());
        }
        QVERIFY(*playground.lastResult(playground.left()).chatId != *playground.lastResult(playground.right()).chatId);

        // The session exports with both panes.
        const QString json = QString::fromStdString((playground.dir.path() / "session.json").string());
        QSignalSpy exported(&playground.page, &ChatPlaygroundPage::exported);
        playground.page.exportSession(json);
        QCOMPARE(exported.last().at(0).toString(), QString());
        QFile file(json);
        QCOMPARE(file.permissions() & (QFileDevice::ReadGroup | QFileDevice::ReadOther), QFileDevice::Permissions());
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QJsonArray panes =
            QJsonDocument::fromJson(file.readAll()).object().value(QStringLiteral("panes")).toArray();
        QCOMPARE(panes.size(), 2);
        const QJsonObject turn = panes.at(1).toObject().value(QStringLiteral("turns")).toArray().at(0).toObject();
        QCOMPARE(turn.value(QStringLiteral("answer")).toString(), playground.right()->lastAnswer());
        QCOMPARE(turn.value(QStringLiteral("outcome")).toString(), QStringLiteral("completed"));
        QVERIFY(!turn.value(QStringLiteral("sources")).toArray().isEmpty());

        const QString markdown = QString::fromStdString((playground.dir.path() / "session.md").string());
        playground.page.exportSession(markdown);
        QFile text(markdown);
        QVERIFY(text.open(QIODevice::ReadOnly));
        const QString written = QString::fromUtf8(text.readAll());
        QVERIFY(written.contains(QStringLiteral("What does Pro cost?")));
        QVERIFY(written.contains(playground.left()->lastAnswer()));
    }
};

QTEST_MAIN(ChatPlaygroundPageTest)
#include "ChatPlaygroundPageTest.moc"
