#include "ChatPane.h"

#include "Transcript.h"
#include "bridge/ApiSession.h"
#include "bridge/ChatRun.h"
#include "widgets/BotChoice.h"
#include "widgets/ErrorBanner.h"
#include "widgets/Text.h"

#include "ragdesk/client/api/ApiClient.h"

#include <QClipboard>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QSettings>
#include <QSplitter>
#include <QTextBrowser>
#include <QUrl>
#include <QVBoxLayout>

#include <chrono>

namespace ragdesk::ui {
namespace {

using client::api::ChatStreamOutcome;
using client::api::ChatStreamResult;

constexpr double kDefaultThreshold = 0.5; // cosine-like scores under this rarely answer the question
constexpr int kRecentChats = 50;

QString duration(std::chrono::microseconds time)
{
    const double ms = static_cast<double>(time.count()) / 1000.0;
    return ms < 1000 ? QObject::tr("%1 ms").arg(qRound(ms)) : QObject::tr("%1 s").arg(ms / 1000.0, 0, 'f', 1);
}

/// "sources 120 ms · first token 380 ms · 52 tok/s · 4.2 s · 1,234 + 456 tokens (model) · $0.0012"
QString metricsText(const ChatStreamResult& result, const std::optional<client::api::Pricing>& pricing)
{
    QStringList parts;
    const client::api::ChatStreamMetrics& metrics = result.metrics;
    if (metrics.timeToSources) {
        parts << QObject::tr("sources %1").arg(duration(*metrics.timeToSources));
    }
    if (metrics.timeToFirstToken) {
        parts << QObject::tr("first token %1").arg(duration(*metrics.timeToFirstToken));
    }
    if (metrics.tokensPerSecond > 0) {
        parts << QObject::tr("%1 tok/s").arg(qRound(metrics.tokensPerSecond));
    }
    parts << QObject::tr("total %1").arg(duration(metrics.total));
    if (result.usage) {
        const QLocale locale;
        parts << QObject::tr("%1 + %2 tokens (%3)")
                     .arg(locale.toString(static_cast<qlonglong>(result.usage->promptTokens)),
                         locale.toString(static_cast<qlonglong>(result.usage->completionTokens)),
                         qs(result.usage->model));
        if (pricing) {
            const double cost =
                pricing->costUsd(result.usage->model, result.usage->promptTokens, result.usage->completionTokens);
            parts << QStringLiteral("$%1").arg(cost, 0, 'f', cost < 0.01 ? 5 : 3);
        }
    }
    return parts.join(QStringLiteral(" · "));
}

QString outcomeName(ChatStreamOutcome outcome)
{
    switch (outcome) {
    case ChatStreamOutcome::Completed:
        return QStringLiteral("completed");
    case ChatStreamOutcome::ServerError:
        return QStringLiteral("server_error");
    case ChatStreamOutcome::Stopped:
        return QStringLiteral("stopped");
    case ChatStreamOutcome::Dropped:
        return QStringLiteral("dropped");
    }
    return {};
}

double milliseconds(std::chrono::microseconds time)
{
    return static_cast<double>(time.count()) / 1000.0;
}

} // namespace

ChatPane::ChatPane(ApiSession* session, QSettings* settings, QWidget* parent)
    : QWidget(parent),
      m_session(session),
      m_settings(settings),
      m_bot(new QComboBox(this)),
      m_chat(new QComboBox(this)),
      m_threshold(new QDoubleSpinBox(this)),
      m_split(new QSplitter(Qt::Horizontal, this)),
      m_transcript(new Transcript(this)),
      m_sources(new QTextBrowser(this)),
      m_sourceWarning(new QLabel(this)),
      m_phaseLabel(new QLabel(this)),
      m_metrics(new QLabel(this)),
      m_stop(new QPushButton(tr("Stop"), this)),
      m_retry(new QPushButton(tr("Retry"), this)),
      m_regenerate(new QPushButton(tr("Regenerate"), this)),
      m_copy(new QPushButton(tr("Copy as Markdown"), this)),
      m_up(new QPushButton(tr("👍 Helpful"), this)),
      m_down(new QPushButton(tr("👎 Not helpful"), this))
{
    auto* header = new QHBoxLayout;
    auto* botLabel = new QLabel(tr("Bot"), this);
    botLabel->setBuddy(m_bot);
    auto* chatLabel = new QLabel(tr("Chat"), this);
    chatLabel->setBuddy(m_chat);
    auto* thresholdLabel = new QLabel(tr("Min score"), this);
    thresholdLabel->setBuddy(m_threshold);
    m_bot->setMinimumContentsLength(10);
    m_chat->setMinimumContentsLength(10);
    m_chat->setToolTip(tr("Continue one of the bot's chats, or start a new one"));
    m_threshold->setRange(0, 1);
    m_threshold->setSingleStep(0.05);
    m_threshold->setDecimals(2);
    m_threshold->setToolTip(tr("Warn when the best source scores under this; kept per bot"));
    header->addWidget(botLabel);
    header->addWidget(m_bot, 1);
    header->addWidget(chatLabel);
    header->addWidget(m_chat, 1);
    header->addWidget(thresholdLabel);
    header->addWidget(m_threshold);

    m_transcript->setPlaceholderText(tr("Ask a question below: the answer streams here, its sources beside it."));
    auto* sourcesBox = new QWidget(this);
    auto* sourcesLayout = new QVBoxLayout(sourcesBox);
    sourcesLayout->setContentsMargins(0, 0, 0, 0);
    auto* sourcesTitle = new QLabel(tr("<b>Sources</b>"), sourcesBox);
    m_sourceWarning->setWordWrap(true);
    m_sourceWarning->setStyleSheet(QStringLiteral("color: #b45309;"));
    m_sourceWarning->hide();
    m_sources->setOpenLinks(false);
    m_sources->setPlaceholderText(tr("The chunks retrieval finds for an answer show here before its first word."));
    sourcesLayout->addWidget(sourcesTitle);
    sourcesLayout->addWidget(m_sourceWarning);
    sourcesLayout->addWidget(m_sources, 1);
    m_split->addWidget(m_transcript);
    m_split->addWidget(sourcesBox);
    m_split->setStretchFactor(0, 3);
    m_split->setStretchFactor(1, 1);
    m_split->setSizes({650, 300});

    m_phaseLabel->setTextFormat(Qt::PlainText);
    m_metrics->setTextFormat(Qt::PlainText);
    m_metrics->setWordWrap(true);
    m_metrics->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto* status = new QHBoxLayout;
    status->addWidget(m_phaseLabel);
    status->addWidget(m_metrics, 1);

    m_stop->setToolTip(tr("Stop the answer: what arrived stays here, but a stopped answer is not saved on the server"));
    m_retry->setToolTip(tr("Ask the same question again in place of the broken answer"));
    m_regenerate->setToolTip(
        tr("Ask the last question again in place of its answer (the server keeps both turns in the chat)"));
    m_copy->setToolTip(tr("Copy the last answer as the Markdown it came as"));
    m_up->setToolTip(tr("Helpful: stored as the answer's feedback on the server"));
    m_down->setToolTip(tr("Not helpful: stored as the answer's feedback on the server"));
    for (QPushButton* thumb : {m_up, m_down}) {
        thumb->setCheckable(true);
    }
    auto* buttons = new QHBoxLayout;
    for (QPushButton* button : {m_stop, m_retry, m_regenerate, m_copy}) {
        buttons->addWidget(button);
    }
    buttons->addStretch(1);
    buttons->addWidget(m_up);
    buttons->addWidget(m_down);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(header);
    layout->addWidget(m_split, 1);
    layout->addLayout(status);
    layout->addLayout(buttons);

    connect(m_bot, &QComboBox::activated, this, &ChatPane::botChosen);
    connect(m_chat, &QComboBox::activated, this, &ChatPane::chatChosen);
    connect(m_threshold, &QDoubleSpinBox::valueChanged, this, [this](double value) {
        if (!thresholdKey().isEmpty()) {
            m_settings->setValue(thresholdKey(), value);
        }
        renderSources();
    });
    connect(m_sources, &QTextBrowser::anchorClicked, this, [this](const QUrl& link) {
        const auto bot = chosenBot(m_bot);
        if (bot && link.scheme() == QLatin1String("source")) {
            emit showSourceRequested(qs(bot->str()), link.path());
        }
    });
    connect(m_stop, &QPushButton::clicked, this, &ChatPane::stop);
    connect(m_retry, &QPushButton::clicked, this, [this] { askAgain(m_turns.back().question); });
    connect(m_regenerate, &QPushButton::clicked, this, [this] { askAgain(m_turns.back().question); });
    connect(m_copy, &QPushButton::clicked, this, [this] { QGuiApplication::clipboard()->setText(lastAnswer()); });
    connect(m_up, &QPushButton::clicked, this, [this](bool on) { sendFeedback(client::api::Feedback::Positive, on); });
    connect(
        m_down, &QPushButton::clicked, this, [this](bool on) { sendFeedback(client::api::Feedback::Negative, on); });
    setPhase(Phase::Idle);
}

ChatPane::~ChatPane() = default;

void ChatPane::setBots(const std::vector<client::api::BotProfile>& bots, size_t preferred)
{
    const QString kept = m_bot->currentData().toString();
    m_bots = bots;
    m_bot->clear();
    for (const client::api::BotProfile& bot : bots) {
        m_bot->addItem(botLabel(bot), qs(bot.id.str()));
    }
    const int keptIndex = m_bot->findData(kept);
    if (!kept.isEmpty() && keptIndex >= 0) {
        m_bot->setCurrentIndex(keptIndex); // a reload keeps the bot and its conversation
        return;
    }
    m_bot->setCurrentIndex(preferred < bots.size() ? static_cast<int>(preferred) : 0);
    botChosen();
}

void ChatPane::setPricing(std::optional<client::api::Pricing> pricing)
{
    m_pricing = std::move(pricing);
}

void ChatPane::clear()
{
    delete m_run; // stops it; its result is not wanted
    ++m_generation;
    m_bots.clear();
    m_bot->clear();
    m_chat->clear();
    m_sourceNames.clear();
    m_pricing.reset();
    startNewChat();
}

void ChatPane::setSourcesBeside(bool beside)
{
    m_split->setOrientation(beside ? Qt::Horizontal : Qt::Vertical);
}

QString ChatPane::botName() const
{
    return m_bot->currentText();
}

QString ChatPane::thresholdKey() const
{
    const auto bot = chosenBot(m_bot);
    if (!bot || !m_session->stack()) {
        return {};
    }
    return QStringLiteral("playground/threshold/%1/%2").arg(qs(m_session->stack()->name), qs(bot->str()));
}

void ChatPane::botChosen()
{
    delete m_run; // another bot: the answer of the one before is not this conversation's
    startNewChat();
    {
        const QSignalBlocker quiet(m_threshold); // reading the bot's value is not a change to store
        m_threshold->setValue(thresholdKey().isEmpty()
                ? kDefaultThreshold
                : m_settings->value(thresholdKey(), kDefaultThreshold).toDouble());
    }
    m_sourceNames.clear();
    m_chat->clear();
    m_chat->addItem(tr("New chat"), QString());
    const auto bot = chosenBot(m_bot);
    if (!bot) {
        return;
    }
    loadChats();
    // The names of the bot's sources (children too: chunks come from them), for the sources panel.
    m_session->run<std::vector<client::api::Source>>(
        this,
        [bot](client::api::ApiClient& api, const TaskContext&) {
            return api.sources().list({.botProfileId = bot, .includeChildren = true});
        },
        [this, generation = m_generation](client::Result<std::vector<client::api::Source>> sources) {
            if (generation != m_generation || !sources) {
                return; // unnamed sources show their id
            }
            for (const client::api::Source& source : *sources) {
                m_sourceNames[source.id.str()] = qs(source.name);
            }
            if (!m_shownSources.empty()) {
                showSources(std::vector(m_shownSources)); // a copy: showSources replaces what it reads
            }
        });
}

void ChatPane::loadChats()
{
    const auto bot = chosenBot(m_bot);
    m_session->run<std::vector<client::api::Chat>>(
        this,
        [bot](client::api::ApiClient& api, const TaskContext&) {
            return api.chats().list({.botProfileId = bot, .limit = kRecentChats});
        },
        [this, generation = m_generation](client::Result<std::vector<client::api::Chat>> chats) {
            if (generation != m_generation) {
                return;
            }
            if (!chats) {
                emit failed(failureText(tr("load the bot's chats"), chats.error()));
                return;
            }
            for (const client::api::Chat& chat : *chats) {
                if (m_chat->findData(qs(chat.id.str())) < 0) {
                    m_chat->addItem(qs(chat.title), qs(chat.id.str()));
                }
            }
        });
}

void ChatPane::startNewChat()
{
    ++m_generation;
    m_chatId.reset();
    m_turns.clear();
    m_transcript->reset();
    showSources({});
    m_metrics->clear();
    m_up->setChecked(false);
    m_down->setChecked(false);
    setPhase(Phase::Idle);
    if (m_chat->count() > 0) {
        m_chat->setCurrentIndex(0);
    }
}

void ChatPane::newChat()
{
    delete m_run;
    startNewChat();
}

void ChatPane::chatChosen()
{
    const QString id = m_chat->currentData().toString();
    newChat();
    if (id.isEmpty()) {
        return;
    }
    m_chat->setCurrentIndex(m_chat->findData(id));
    const client::api::ChatId chat(id.toStdString());
    m_chatId = chat;
    m_session->run<std::vector<client::api::Message>>(
        this, [chat](client::api::ApiClient& api, const TaskContext&) { return api.chats().messages(chat); },
        [this, chat, generation = m_generation](client::Result<std::vector<client::api::Message>> messages) {
            if (generation != m_generation) {
                return;
            }
            if (!messages) {
                emit failed(failureText(tr("load the chat"), messages.error()));
                return;
            }
            // Each question with the answer after it, shown whole; feedback works on the last one.
            QString question;
            for (const client::api::Message& message : *messages) {
                if (message.role == client::api::MessageRole::User) {
                    question = qs(message.content);
                } else if (message.role == client::api::MessageRole::Assistant) {
                    ChatStreamResult earlier;
                    earlier.outcome = ChatStreamOutcome::Completed;
                    earlier.answer = message.content;
                    earlier.chatId = chat;
                    earlier.messageId = message.id;
                    earlier.savedOnServer = true;
                    m_turns.push_back({question, client::Result<ChatStreamResult>(std::move(earlier))});
                    m_transcript->addFinishedTurn(question, qs(message.content), tr("Earlier in this chat"));
                    m_up->setChecked(message.feedback == client::api::Feedback::Positive);
                    m_down->setChecked(message.feedback == client::api::Feedback::Negative);
                }
            }
            setPhase(m_turns.empty() ? Phase::Idle : Phase::Saved);
            emit chatShown();
        });
}

void ChatPane::ask(const QString& question)
{
    const auto bot = chosenBot(m_bot);
    if (running() || question.trimmed().isEmpty()) {
        return;
    }
    if (!bot) {
        setPhase(Phase::Failed, tr("choose a bot first"));
        emit answerEnded();
        return;
    }
    m_turns.push_back({question, std::nullopt});
    m_transcript->beginTurn(question);
    showSources({});
    m_metrics->clear();
    m_up->setChecked(false);
    m_down->setChecked(false);
    setPhase(Phase::Retrieving);
    ChatRun* run =
        m_session->startChat({.botProfileId = *bot, .message = question.toStdString(), .chatId = m_chatId}, this);
    m_run = run;
    connect(run, &ChatRun::sourcesArrived, this, [this](const std::vector<client::api::RetrievedChunk>& sources) {
        setPhase(Phase::Waiting); // first: retrieval has answered, so "no sources" is true now
        showSources(sources);
        emit sourcesShown();
    });
    connect(run, &ChatRun::textArrived, this, [this](const QString& text) {
        if (m_phase != Phase::Streaming) {
            setPhase(Phase::Streaming);
        }
        m_transcript->appendAnswer(text);
        emit textShown();
    });
    connect(run, &ChatRun::finished, this, &ChatPane::answerFinished);
    updateButtons();
}

void ChatPane::askAgain(QString question)
{
    if (running()) {
        return;
    }
    if (!m_turns.empty()) {
        m_turns.pop_back();
        m_transcript->removeLastTurn();
    }
    ask(question);
}

void ChatPane::stop()
{
    if (m_run) {
        m_run->stop(); // `finished` follows with what arrived
    }
}

QString ChatPane::lastAnswer() const
{
    if (m_turns.empty() || !m_turns.back().result || !*m_turns.back().result) {
        return {};
    }
    return qs(m_turns.back().result->value().answer);
}

void ChatPane::answerFinished(const client::Result<ChatStreamResult>& result)
{
    m_run->deleteLater();
    m_run = nullptr;
    Turn& turn = m_turns.back();
    turn.result = result;
    if (!result) {
        setPhase(Phase::Failed, qs(result.error().message));
    } else {
        const ChatStreamResult& answer = result.value();
        m_metrics->setText(metricsText(answer, m_pricing));
        switch (answer.outcome) {
        case ChatStreamOutcome::Completed:
            if (!m_chatId && answer.chatId) {
                // The new chat exists now: the next question continues it, and the chooser lists it.
                m_chatId = answer.chatId;
                m_chat->insertItem(1, turn.question.left(60).simplified(), qs(answer.chatId->str()));
                m_chat->setCurrentIndex(1);
            }
            setPhase(Phase::Saved);
            break;
        case ChatStreamOutcome::Stopped:
            setPhase(Phase::Stopped);
            break;
        case ChatStreamOutcome::Dropped:
            setPhase(Phase::Dropped);
            break;
        case ChatStreamOutcome::ServerError:
            setPhase(Phase::Failed, qs(answer.errorDetail));
            break;
        }
    }
    m_transcript->endTurn(footerOf(turn));
    emit answerEnded();
}

QString ChatPane::footerOf(const Turn& turn) const
{
    if (!turn.result) {
        return {};
    }
    if (!*turn.result) {
        return tr("Could not ask: %1").arg(qs(turn.result->error().message));
    }
    const ChatStreamResult& answer = turn.result->value();
    const QString metrics = metricsText(answer, m_pricing);
    switch (answer.outcome) {
    case ChatStreamOutcome::Completed:
        return tr("Saved · %1").arg(metrics);
    case ChatStreamOutcome::Stopped:
        return tr("Stopped, not saved on the server · %1").arg(metrics);
    case ChatStreamOutcome::Dropped:
        return tr("Connection dropped: partial answer, not saved on the server · %1").arg(metrics);
    case ChatStreamOutcome::ServerError:
        return tr("The server ended the answer: %1 · %2").arg(qs(answer.errorDetail), metrics);
    }
    return metrics;
}

void ChatPane::setPhase(Phase phase, const QString& detail)
{
    m_phase = phase;
    struct Look {
        QString text;
        const char* colour;
    };
    const Look look = [&]() -> Look {
        switch (phase) {
        case Phase::Idle:
            return {tr("Ready"), "palette(placeholder-text)"};
        case Phase::Retrieving:
            return {tr("● Retrieving sources…"), "#1565c0"};
        case Phase::Waiting:
            return {tr("● Waiting for the model…"), "#1565c0"};
        case Phase::Streaming:
            return {tr("● Streaming…"), "#1565c0"};
        case Phase::Saved:
            return {tr("✓ Saved on the server"), "#2e7d32"};
        case Phase::Stopped:
            return {tr("■ Stopped: a stopped answer is not saved on the server"), "#b45309"};
        case Phase::Dropped:
            return {
                tr("⚠ Connection dropped: the partial answer is kept here, not saved. Retry asks again."), "#c62828"};
        case Phase::Failed:
            return {tr("✗ Failed: %1").arg(detail), "#c62828"};
        }
        return {};
    }();
    m_phaseLabel->setText(look.text);
    m_phaseLabel->setStyleSheet(QStringLiteral("color: %1; font-weight: bold;").arg(QLatin1String(look.colour)));
    updateButtons();
}

void ChatPane::updateButtons()
{
    const bool busy = running();
    const bool ended = !busy && !m_turns.empty();
    m_stop->setEnabled(busy);
    m_regenerate->setEnabled(ended);
    m_retry->setVisible(ended && (m_phase == Phase::Dropped || m_phase == Phase::Failed));
    m_copy->setEnabled(!lastAnswer().isEmpty());
    const bool saved = ended && m_phase == Phase::Saved && m_turns.back().result->value().messageId.has_value();
    m_up->setEnabled(saved);
    m_down->setEnabled(saved);
}

void ChatPane::showSources(const std::vector<client::api::RetrievedChunk>& sources)
{
    m_shownSources = sources;
    renderSources();
}

QString ChatPane::sourceTitle(const client::api::SourceId& id) const
{
    const auto named = m_sourceNames.find(id.str());
    return named != m_sourceNames.end() ? named->second : tr("source %1").arg(qs(id.str()).left(8));
}

void ChatPane::renderSources()
{
    // Only once retrieval has answered: while it runs, "no sources" is not yet true.
    const bool retrieved = m_phase != Phase::Idle && m_phase != Phase::Retrieving;
    double best = 0;
    for (const client::api::RetrievedChunk& chunk : m_shownSources) {
        best = std::max(best, chunk.score);
    }
    QString warning;
    if (retrieved && m_shownSources.empty() && !m_turns.empty()) {
        warning = tr("⚠ No sources: this answer is not grounded in the bot's knowledge.");
    } else if (!m_shownSources.empty() && best < m_threshold->value()) {
        warning = tr("⚠ The best source scores %1, under this bot's threshold of %2: the answer may not be grounded.")
                      .arg(best, 0, 'f', 2)
                      .arg(m_threshold->value(), 0, 'f', 2);
    }
    m_sourceWarning->setText(warning);
    m_sourceWarning->setVisible(!warning.isEmpty());

    // Each chunk as the answer cites it ([1], [2]…): the server's text escaped, never rendered.
    QString html;
    int number = 1;
    for (const client::api::RetrievedChunk& chunk : m_shownSources) {
        const bool weak = chunk.score < m_threshold->value();
        html += QStringLiteral("<p style=\"margin-bottom:10px\"><b>[%1] %2</b> &nbsp;<span style=\"color:%3\">%4</span>"
                               "<br><span style=\"color:gray\">%5</span><br><a href=\"source:%6\">%7</a></p>")
                    .arg(number++)
                    .arg(sourceTitle(chunk.sourceId).toHtmlEscaped(), QLatin1String(weak ? "#b45309" : "#2e7d32"))
                    .arg(chunk.score, 0, 'f', 2)
                    .arg(qs(chunk.content).simplified().toHtmlEscaped(),
                        QString::fromUtf8(QUrl::toPercentEncoding(qs(chunk.sourceId.str()))), tr("Show in Sources"));
    }
    m_sources->setHtml(html);
}

void ChatPane::sendFeedback(client::api::Feedback feedback, bool on)
{
    if (m_turns.empty() || !m_turns.back().result || !*m_turns.back().result) {
        return;
    }
    const ChatStreamResult& answer = m_turns.back().result->value();
    if (!answer.chatId || !answer.messageId) {
        return;
    }
    // One of the two at most: the server replaces the answer's feedback.
    (feedback == client::api::Feedback::Positive ? m_down : m_up)->setChecked(false);
    const std::optional<client::api::Feedback> value = on ? std::optional(feedback) : std::nullopt;
    m_session->run<client::api::Message>(
        this,
        [chat = *answer.chatId, message = *answer.messageId, value](
            client::api::ApiClient& api, const TaskContext&) { return api.chats().setFeedback(chat, message, value); },
        [this, generation = m_generation](client::Result<client::api::Message> stored) {
            if (generation != m_generation) {
                return;
            }
            QString error;
            if (stored) {
                m_up->setChecked(stored->feedback == client::api::Feedback::Positive);
                m_down->setChecked(stored->feedback == client::api::Feedback::Negative);
            } else {
                error = failureText(tr("store the feedback"), stored.error());
                m_up->setChecked(false);
                m_down->setChecked(false);
                emit failed(error);
            }
            emit feedbackSent(error);
        });
}

QString ChatPane::toMarkdown() const
{
    QString markdown = QStringLiteral("## %1\n\n").arg(botName());
    for (const Turn& turn : m_turns) {
        markdown += QStringLiteral("### Question\n\n%1\n\n### Answer\n\n").arg(turn.question);
        if (turn.result && *turn.result) {
            const ChatStreamResult& answer = turn.result->value();
            markdown += qs(answer.answer) + QStringLiteral("\n\n");
            if (!answer.sources.empty()) {
                markdown += QStringLiteral("Sources:\n\n");
                int number = 1;
                for (const client::api::RetrievedChunk& chunk : answer.sources) {
                    markdown += QStringLiteral("%1. %2 (score %3)\n")
                                    .arg(number++)
                                    .arg(sourceTitle(chunk.sourceId))
                                    .arg(chunk.score, 0, 'f', 2);
                }
                markdown += QLatin1Char('\n');
            }
        }
        markdown += QStringLiteral("_%1_\n\n").arg(footerOf(turn));
    }
    return markdown;
}

QJsonObject ChatPane::toJson() const
{
    QJsonArray turns;
    for (const Turn& turn : m_turns) {
        QJsonObject entry{{QStringLiteral("question"), turn.question}};
        if (turn.result && !*turn.result) {
            entry.insert(QStringLiteral("error"), qs(turn.result->error().message));
        } else if (turn.result) {
            const ChatStreamResult& answer = turn.result->value();
            QJsonArray sources;
            for (const client::api::RetrievedChunk& chunk : answer.sources) {
                sources.append(QJsonObject{{QStringLiteral("source_id"), qs(chunk.sourceId.str())},
                    {QStringLiteral("title"), sourceTitle(chunk.sourceId)}, {QStringLiteral("score"), chunk.score},
                    {QStringLiteral("preview"), qs(chunk.content)}});
            }
            const client::api::ChatStreamMetrics& metrics = answer.metrics;
            QJsonObject measured{{QStringLiteral("total_ms"), milliseconds(metrics.total)},
                {QStringLiteral("tokens_per_second"), metrics.tokensPerSecond},
                {QStringLiteral("deltas"), metrics.deltaCount}};
            if (metrics.timeToSources) {
                measured.insert(QStringLiteral("time_to_sources_ms"), milliseconds(*metrics.timeToSources));
            }
            if (metrics.timeToFirstToken) {
                measured.insert(QStringLiteral("time_to_first_token_ms"), milliseconds(*metrics.timeToFirstToken));
            }
            entry.insert(QStringLiteral("answer"), qs(answer.answer));
            entry.insert(QStringLiteral("outcome"), outcomeName(answer.outcome));
            entry.insert(QStringLiteral("saved_on_server"), answer.savedOnServer);
            entry.insert(QStringLiteral("sources"), sources);
            entry.insert(QStringLiteral("metrics"), measured);
            if (answer.chatId) {
                entry.insert(QStringLiteral("chat_id"), qs(answer.chatId->str()));
            }
            if (answer.usage) {
                QJsonObject usage{{QStringLiteral("model"), qs(answer.usage->model)},
                    {QStringLiteral("prompt_tokens"), static_cast<qint64>(answer.usage->promptTokens)},
                    {QStringLiteral("completion_tokens"), static_cast<qint64>(answer.usage->completionTokens)}};
                if (m_pricing) {
                    usage.insert(QStringLiteral("cost_usd"),
                        m_pricing->costUsd(
                            answer.usage->model, answer.usage->promptTokens, answer.usage->completionTokens));
                }
                entry.insert(QStringLiteral("usage"), usage);
            }
        }
        turns.append(entry);
    }
    return {{QStringLiteral("bot"), botName()}, {QStringLiteral("bot_id"), m_bot->currentData().toString()},
        {QStringLiteral("turns"), turns}};
}

} // namespace ragdesk::ui
