#pragma once

#include "ragdesk/client/common/Cancel.h"
#include "ragdesk/client/common/Result.h"
#include "ragdesk/client/common/StackProfile.h"
#ifndef Q_MOC_RUN // moc cannot parse what the chat header pulls in (C++20 concepts); the compiler needs it
#include "ragdesk/client/api/ChatStream.h"
#endif

#include <QObject>
#include <QString>

#include <memory>
#include <optional>
#include <vector>

class QTimer;

namespace ragdesk::ui {

class StackWorker;

/// One streamed answer of a stack's chat, on a worker thread of its own ("chat:<stack>"): it never waits behind a
/// page's calls, and several run at once (two bots compared). What arrives is handed to the GUI thread once per
/// frame tick: the sources as they came, the answer's new text coalesced (a burst of tokens is one textArrived), then
/// `finished` with the whole result. stop() ends this answer only; destroying the run stops it and never waits.
class ChatRun : public QObject {
    Q_OBJECT

public:
    explicit ChatRun(QObject* parent = nullptr);
    ~ChatRun() override;

    /// Asks the question on that stack with those credentials (ApiSession::startChat does this once it has them).
    void start(const client::StackProfile& stack, const client::api::Credentials& credentials,
        const client::api::ChatRequest& request);
    /// Ends the run with this error before anything was sent (no stack, no credentials).
    void fail(client::Error error);
    /// Stops the answer; `finished` follows with outcome Stopped and the text received so far.
    void stop();
    bool running() const { return m_running; }

signals:
    /// The retrieved chunks, before the first text.
    void sourcesArrived(const std::vector<ragdesk::client::api::RetrievedChunk>& sources);
    /// New text of the answer since the last textArrived.
    void textArrived(const QString& text);
    /// The answer ended (completed, stopped, dropped, failed) or could not start; everything that arrived before
    /// was delivered first.
    void finished(const ragdesk::client::Result<ragdesk::client::api::ChatStreamResult>& result);

private:
    struct Inbox;
    void deliver();

    std::shared_ptr<Inbox> m_inbox; ///< written on the worker, read at each tick
    std::unique_ptr<StackWorker> m_worker;
    client::CancelSource m_stop;
    QTimer* m_tick;
    bool m_running = false;
};

} // namespace ragdesk::ui
