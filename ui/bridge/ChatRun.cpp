#include "ChatRun.h"

#include "StackWorker.h"

#include <QTimer>

#include <chrono>
#include <mutex>

namespace ragdesk::ui {

using namespace std::chrono_literals;

/// What the stream's thread has received and the GUI thread not yet taken.
struct ChatRun::Inbox {
    std::mutex mutex;
    std::string text;
    std::optional<std::vector<client::api::RetrievedChunk>> sources;
};

ChatRun::ChatRun(QObject* parent) : QObject(parent), m_inbox(std::make_shared<Inbox>()), m_tick(new QTimer(this))
{
    m_tick->setInterval(16ms); // a frame: tokens that arrive within one are shown together
    connect(m_tick, &QTimer::timeout, this, &ChatRun::deliver);
}

ChatRun::~ChatRun()
{
    m_stop.request_stop(); // the worker's destruction cancels too; this makes the intent plain
}

void ChatRun::start(const client::StackProfile& stack, const client::api::Credentials& credentials,
    const client::api::ChatRequest& request)
{
    m_running = true;
    m_worker = std::make_unique<StackWorker>(QStringLiteral("chat:") + QString::fromStdString(stack.name));
    m_tick->start();
    const auto options =
        client::api::httpOptionsFor(stack, {.connectTimeout = 10s, .totalTimeout = 0s, .idleTimeout = 120s});
    m_worker->run<client::api::ChatStreamResult>(
        this,
        [url = stack.apiUrl, credentials, options, request, inbox = m_inbox](
            const TaskContext& context) -> client::Result<client::api::ChatStreamResult> {
            client::api::MiniRagChatStream stream(url, credentials, options);
            return stream.stream(request,
                {.onSources =
                        [inbox](const std::vector<client::api::RetrievedChunk>& sources) {
                            const std::lock_guard lock(inbox->mutex);
                            inbox->sources = sources;
                        },
                    .onDelta =
                        [inbox](std::string_view text) {
                            const std::lock_guard lock(inbox->mutex);
                            inbox->text.append(text);
                        }},
                context.cancel());
        },
        [this](client::Result<client::api::ChatStreamResult> result) {
            m_tick->stop();
            deliver(); // the last tokens before the end
            m_running = false;
            emit finished(result);
        },
        {}, m_stop);
}

void ChatRun::fail(client::Error error)
{
    // Queued: this may run inside startChat, before its caller has connected to `finished`.
    QMetaObject::invokeMethod(
        this, [this, error = std::move(error)] { emit finished(client::Result<client::api::ChatStreamResult>(error)); },
        Qt::QueuedConnection);
}

void ChatRun::stop()
{
    m_stop.request_stop();
}

void ChatRun::deliver()
{
    std::string text;
    std::optional<std::vector<client::api::RetrievedChunk>> sources;
    {
        const std::lock_guard lock(m_inbox->mutex);
        text.swap(m_inbox->text);
        sources.swap(m_inbox->sources);
    }
    if (sources) {
        emit sourcesArrived(*sources);
    }
    if (!text.empty()) {
        emit textArrived(QString::fromStdString(text));
    }
}

} // namespace ragdesk::ui
