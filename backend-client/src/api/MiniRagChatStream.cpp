#include "ragdesk/client/api/ChatStream.h"

#include "Decoders.h"
#include "JsonDecode.h"
#include "Session.h"

#include "ragdesk/client/sse/SseParser.h"

#include <spdlog/spdlog.h>

namespace ragdesk::client::api {
namespace {

using nlohmann::json;
using Clock = std::chrono::steady_clock;
using std::chrono::duration_cast;
using std::chrono::microseconds;

HttpOptions streamingOptions(HttpOptions options)
{
    options.totalTimeout = std::chrono::milliseconds(0);
    if (options.idleTimeout.count() == 0) {
        options.idleTimeout = std::chrono::seconds(120);
    }
    return options;
}

// Applies one event to the result and the handlers; returns false for an event whose data is not the JSON the
// contract describes (the stream is then treated as broken).
class EventSink {
public:
    EventSink(ChatStreamResult& result, const ChatStreamHandlers& handlers, Clock::time_point start)
        : m_result(result), m_handlers(handlers), m_start(start)
    {
    }

    void onEvent(const sse::SseEvent& event)
    {
        ++m_events;
        if (event.type == "delta") {
            onDelta(event.data);
            return;
        }
        const json data = json::parse(event.data, nullptr, /*allow_exceptions=*/false);
        try {
            if (event.type == "sources") {
                m_result.metrics.timeToSources = elapsed();
                m_result.sources = decode::chunksFrom(data.at("sources"));
                if (m_handlers.onSources) {
                    m_handlers.onSources(m_result.sources);
                }
            } else if (event.type == "done") {
                m_result.chatId = decode::id<ChatId>(data, "chat_id");
                m_result.messageId = decode::id<MessageId>(data, "message_id");
                m_result.usage = decode::usageFrom(data.at("usage"));
                m_result.outcome = ChatStreamOutcome::Completed;
                m_result.savedOnServer = true;
                m_finished = true;
            } else if (event.type == "error") {
                m_result.errorDetail =
                    data.is_object() ? data.value("detail", std::string(event.data)) : std::string(event.data);
                m_result.outcome = ChatStreamOutcome::ServerError;
                m_finished = true;
            } else if (m_handlers.onOtherEvent) {
                m_handlers.onOtherEvent(event.type, event.data);
            }
        } catch (const json::exception& e) {
            spdlog::warn("chat stream: malformed {} event: {}", event.type, e.what());
            m_malformed = true;
        }
    }

    bool finished() const { return m_finished; }
    bool malformed() const { return m_malformed; }
    bool receivedAny() const { return m_events > 0; }
    microseconds elapsed() const { return duration_cast<microseconds>(Clock::now() - m_start); }

    void closeMetrics()
    {
        ChatStreamMetrics& metrics = m_result.metrics;
        metrics.total = elapsed();
        if (metrics.deltaCount > 1) {
            const double seconds = std::chrono::duration<double>(m_lastDelta - m_firstDelta).count();
            metrics.tokensPerSecond = seconds > 0 ? (metrics.deltaCount - 1) / seconds : 0;
        }
    }

private:
    void onDelta(std::string_view data)
    {
        const json parsed = json::parse(data, nullptr, /*allow_exceptions=*/false);
        const auto content = parsed.is_object() ? parsed.find("content") : parsed.end();
        if (!parsed.is_object() || content == parsed.end() || !content->is_string()) {
            spdlog::warn("chat stream: malformed delta event");
            m_malformed = true;
            return;
        }
        const auto now = Clock::now();
        if (m_result.metrics.deltaCount++ == 0) {
            m_result.metrics.timeToFirstToken = duration_cast<microseconds>(now - m_start);
            m_firstDelta = now;
        }
        m_lastDelta = now;
        const std::string& text = content->get_ref<const std::string&>();
        m_result.answer += text;
        if (m_handlers.onDelta) {
            m_handlers.onDelta(text);
        }
    }

    ChatStreamResult& m_result;
    const ChatStreamHandlers& m_handlers;
    Clock::time_point m_start;
    Clock::time_point m_firstDelta;
    Clock::time_point m_lastDelta;
    int m_events = 0;
    bool m_finished = false;
    bool m_malformed = false;
};

} // namespace

MiniRagChatStream::MiniRagChatStream(std::string baseUrl, Credentials credentials, HttpOptions options)
    : m_session(
          std::make_unique<Session>(std::move(baseUrl), streamingOptions(std::move(options)), std::move(credentials)))
{
}

MiniRagChatStream::~MiniRagChatStream() = default;

Result<ChatStreamResult> MiniRagChatStream::stream(
    const ChatRequest& request, const ChatStreamHandlers& handlers, const CancelToken& cancel)
{
    ChatStreamResult result;
    if (cancel.stop_requested()) {
        result.outcome = ChatStreamOutcome::Stopped; // stopped while the question was being prepared: nothing sent
        return result;
    }
    json body{{"bot_profile_id", request.botProfileId.str()}, {"message", request.message}, {"stream", true}};
    if (request.chatId) {
        body["chat_id"] = request.chatId->str();
    }
    const Clock::time_point start = Clock::now();
    EventSink sink(result, handlers, start);
    sse::SseParser parser([&sink](const sse::SseEvent& event) { sink.onEvent(event); });

    HttpRequest http = jsonRequest("POST", "/v1/chat", body);
    http.headers.emplace_back("Accept", "text/event-stream");
    http.cancel = cancel;
    http.onBodyChunk = [&](std::string_view chunk) {
        parser.feed(chunk);
        // The contract ends the stream after done or error; a malformed event means we cannot follow it.
        return !cancel.stop_requested() && !sink.finished() && !sink.malformed();
    };
    const Result<HttpResponse> response = m_session->send(std::move(http));
    sink.closeMetrics();

    if (sink.finished()) {
        return result;
    }
    if (cancel.stop_requested()) {
        result.outcome = ChatStreamOutcome::Stopped;
        return result;
    }
    if (!response && !sink.receivedAny()) {
        return response.error(); // refused before the stream started, or never connected
    }
    if (sink.malformed()) {
        return Error{
            ErrorKind::Protocol, 200, "the chat stream sent an event this client cannot read", result.answer, {}};
    }
    result.outcome = ChatStreamOutcome::Dropped;
    result.errorDetail = response ? "the server closed the stream before it finished" : response.error().message;
    return result;
}

} // namespace ragdesk::client::api
