#pragma once

#ifndef Q_MOC_RUN // moc cannot parse what the client headers pull in (C++20 concepts); the compiler needs them
#include "ragdesk/client/api/BotProfiles.h"
#include "ragdesk/client/api/ChatStream.h"
#include "ragdesk/client/api/Stats.h"
#include "ragdesk/client/common/Result.h"
#endif

#include <QJsonObject>
#include <QPointer>
#include <QWidget>

#include <map>
#include <optional>
#include <vector>

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QTextBrowser;
class QPushButton;
class QSettings;
class QSplitter;

namespace ragdesk::ui {

class ApiSession;
class ChatRun;
class Transcript;

/// One bot's side of the chat playground: the bot and the chat it continues (or a new one), the transcript streaming
/// each answer, the answer's sources (with a warning when there are none or the best scores under the bot's
/// threshold), the phase it is in and its metrics, and what one does with an answer: stop, regenerate, retry after a
/// drop, copy as Markdown, thumbs up or down once it is saved. The playground shows one, or two to compare bots.
class ChatPane : public QWidget {
    Q_OBJECT

public:
    /// Where an answer is: what the phase label says.
    enum class Phase { Idle, Retrieving, Waiting, Streaming, Saved, Stopped, Dropped, Failed };

    /// A question and how its answer ended (no result while it streams; the error when it could not start).
    struct Turn {
        QString question;
        std::optional<client::Result<client::api::ChatStreamResult>> result;
    };

    ChatPane(ApiSession* session, QSettings* settings, QWidget* parent = nullptr);
    ~ChatPane() override;

    /// The bots to choose from; `preferred` (an index into them) is chosen on the first fill.
    void setBots(const std::vector<client::api::BotProfile>& bots, size_t preferred = 0);
    /// The stack's prices, for each answer's cost; nullopt hides the cost.
    void setPricing(std::optional<client::api::Pricing> pricing);
    /// Forgets everything of the previous stack, stopping an answer in flight.
    void clear();
    /// The sources beside the transcript (one pane) or under it (two side by side).
    void setSourcesBeside(bool beside);

    /// Asks the chosen bot, continuing the chat shown (a new one unless one was picked or has started).
    void ask(const QString& question);
    /// Asks again in place of the last turn: regenerate, edit and resend, retry after a drop.
    void askAgain(QString question); ///< a copy: the turn it replaces may hold the question
    /// Starts a new conversation with the chosen bot, stopping an answer in flight.
    void newChat();
    /// Stops the answer streaming now; it is kept here, and not saved on the server.
    void stop();
    bool running() const { return !m_run.isNull(); }
    Phase phase() const { return m_phase; }
    const std::vector<Turn>& turns() const { return m_turns; }
    QString botName() const;
    /// The last answer's Markdown as received.
    QString lastAnswer() const;

    /// The session's turns as Markdown (a "##" section) or JSON, with sources and metrics.
    QString toMarkdown() const;
    QJsonObject toJson() const;

    QComboBox* botChoice() const { return m_bot; }
    QComboBox* chatChoice() const { return m_chat; }
    QDoubleSpinBox* threshold() const { return m_threshold; }
    Transcript* transcript() const { return m_transcript; }
    /// The answer's sources: title, score, chunk preview and a link to the source on the Sources page.
    QTextBrowser* sources() const { return m_sources; }
    const std::vector<client::api::RetrievedChunk>& shownSources() const { return m_shownSources; }
    QLabel* sourceWarning() const { return m_sourceWarning; }
    QLabel* phaseLabel() const { return m_phaseLabel; }
    QLabel* metricsLabel() const { return m_metrics; }
    QPushButton* stopButton() const { return m_stop; }
    QPushButton* retryButton() const { return m_retry; }
    QPushButton* regenerateButton() const { return m_regenerate; }
    QPushButton* copyButton() const { return m_copy; }
    QPushButton* thumbsUp() const { return m_up; }
    QPushButton* thumbsDown() const { return m_down; }

signals:
    /// The sources of the answer streaming were shown (before its first text).
    void sourcesShown();
    /// Text of the answer streaming was shown.
    void textShown();
    /// An answer ended, or a question could not be asked; `running()` is false.
    void answerEnded();
    /// The chosen chat's history is shown.
    void chatShown();
    /// Feedback was stored on the server (empty error) or refused.
    void feedbackSent(const QString& error);
    /// Something failed outside an answer (loading the chats, feedback): the page's banner says it.
    void failed(const QString& message);
    /// A source was double-clicked: show it on the Sources page.
    void showSourceRequested(const QString& botId, const QString& sourceId);

private:
    void botChosen();
    void chatChosen();
    void loadChats();
    void startNewChat();
    void showSources(const std::vector<client::api::RetrievedChunk>& sources);
    /// Shows the sources with their scores and the warning, as the bot's threshold judges them.
    void renderSources();
    void answerFinished(const client::Result<client::api::ChatStreamResult>& result);
    void setPhase(Phase phase, const QString& detail = {});
    void updateButtons();
    void sendFeedback(client::api::Feedback feedback, bool on);
    QString thresholdKey() const;
    QString sourceTitle(const client::api::SourceId& id) const;
    QString footerOf(const Turn& turn) const;

    ApiSession* m_session;
    QSettings* m_settings;
    QComboBox* m_bot;
    QComboBox* m_chat;
    QDoubleSpinBox* m_threshold;
    QSplitter* m_split;
    Transcript* m_transcript;
    QTextBrowser* m_sources;
    QLabel* m_sourceWarning;
    QLabel* m_phaseLabel;
    QLabel* m_metrics;
    QPushButton* m_stop;
    QPushButton* m_retry;
    QPushButton* m_regenerate;
    QPushButton* m_copy;
    QPushButton* m_up;
    QPushButton* m_down;

    std::vector<client::api::BotProfile> m_bots;
    std::map<std::string, QString> m_sourceNames; ///< the chosen bot's sources by id
    std::optional<client::api::Pricing> m_pricing;
    std::optional<client::api::ChatId> m_chatId; ///< the chat the next question continues
    std::vector<Turn> m_turns;
    std::vector<client::api::RetrievedChunk> m_shownSources;
    QPointer<ChatRun> m_run; ///< the answer streaming, if any
    Phase m_phase = Phase::Idle;
    int m_generation = 0; ///< bumped by each clear() and chat switch: late answers of the old one are dropped
};

} // namespace ragdesk::ui
