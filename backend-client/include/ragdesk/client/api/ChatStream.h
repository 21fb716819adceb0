#pragma once

#include "ragdesk/client/api/Chats.h"
#include "ragdesk/client/api/Credentials.h"
#include "ragdesk/client/api/HttpClient.h"
#include "ragdesk/client/common/Cancel.h"
#include "ragdesk/client/common/Result.h"

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ragdesk::client::api {

class Session;

/// Called on the thread that runs the stream, in the order the events arrive.
struct ChatStreamHandlers {
    std::function<void(const std::vector<RetrievedChunk>& sources)> onSources;
    std::function<void(std::string_view text)> onDelta;
    /// Events this client does not know, passed through rather than dropped.
    std::function<void(std::string_view type, std::string_view data)> onOtherEvent;
};

enum class ChatStreamOutcome {
    Completed, ///< `done` arrived: the turn is saved on the server
    ServerError, ///< an `error` event ended the answer (its text is in errorDetail)
    Stopped, ///< the caller stopped it
    Dropped, ///< the connection ended before `done` or `error`
};

/// Measured where the bytes arrive, not where they are shown.
struct ChatStreamMetrics {
    std::optional<std::chrono::microseconds> timeToSources; ///< request sent → `sources` (retrieval)
    std::optional<std::chrono::microseconds> timeToFirstToken; ///< request sent → first `delta`
    std::chrono::microseconds total{0}; ///< request sent → end of the stream
    int deltaCount = 0;
    /// Deltas per second from the first delta to the last (0 with fewer than two).
    double tokensPerSecond = 0;
};

struct ChatStreamResult {
    ChatStreamOutcome outcome = ChatStreamOutcome::Dropped;
    std::string answer; ///< all text received, kept when stopped, dropped or failed
    std::vector<RetrievedChunk> sources;
    std::optional<ChatId> chatId; ///< from `done` only: a new chat's id exists only once the turn is saved
    std::optional<MessageId> messageId;
    std::optional<Usage> usage;
    std::string errorDetail;
    /// MiniRAG commits a streamed turn only after `done`: a stopped, dropped or failed answer is not saved,
    /// and neither is the question that started it.
    bool savedOnServer = false;
    ChatStreamMetrics metrics;
};

/// Where a streamed answer comes from. MiniRAG's SSE chat is one; other stacks' chat shapes plug in here.
class ChatEndpoint {
public:
    virtual ~ChatEndpoint() = default;
    /// Sends the question and blocks until the answer ends, calling the handlers as events arrive. A refusal
    /// before the stream starts (401, 404, 422, a plain-text 500) is an Error; once streaming, the outcome says
    /// how it ended. Stopping `cancel` (from any thread) ends this answer with outcome Stopped, at once; one
    /// stopped before the call sends nothing. Each question gets its own source: a Stop pressed as `done` arrived
    /// stops an answer that has already ended, never the next one.
    virtual Result<ChatStreamResult> stream(
        const ChatRequest& request, const ChatStreamHandlers& handlers, const CancelToken& cancel) = 0;
};

/// POST /v1/chat with "stream": true, read as server-sent events (contract §7.2). Owns its own connection, so
/// stopping a stream never disturbs other calls to the same stack.
class MiniRagChatStream final : public ChatEndpoint {
public:
    /// options.idleTimeout bounds the silence between events (default here: 120 s); there is no total timeout.
    MiniRagChatStream(std::string baseUrl, Credentials credentials, HttpOptions options = {});
    ~MiniRagChatStream() override;

    Result<ChatStreamResult> stream(
        const ChatRequest& request, const ChatStreamHandlers& handlers, const CancelToken& cancel) override;

private:
    std::unique_ptr<Session> m_session;
};

} // namespace ragdesk::client::api
