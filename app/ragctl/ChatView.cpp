#include "ChatView.h"

#include "JsonViews.h"
#include "Output.h"

#include <nlohmann/json.hpp>

namespace ragdesk::ragctl {
namespace {

using client::api::ChatAnswer;
using client::api::ChatStreamOutcome;
using client::api::ChatStreamResult;
using client::api::RetrievedChunk;
using client::api::Usage;
using nlohmann::json;
using std::chrono::microseconds;

std::string usageText(const Usage& usage)
{
    return "tokens " + std::to_string(usage.promptTokens) + " + " + std::to_string(usage.completionTokens) + " = " +
        std::to_string(usage.totalTokens) + " (" + usage.model + ")";
}

class TextChatView final : public ChatView {
public:
    explicit TextChatView(std::ostream& out) : m_out(out) { }

    void sources(const std::vector<RetrievedChunk>& chunks) override
    {
        if (chunks.empty()) {
            m_out << "Sources: none\n\n" << std::flush;
            return;
        }
        m_out << "Sources:\n";
        for (size_t i = 0; i < chunks.size(); ++i) {
            m_out << "  [" << i + 1 << "] " << shortId(chunks[i].sourceId.str()) << "  " << fixed(chunks[i].score, 2)
                  << "  " << oneLine(chunks[i].content, 90) << '\n';
        }
        m_out << '\n' << std::flush;
    }

    void delta(std::string_view text) override
    {
        m_out << text << std::flush;
        m_lastChar = text.empty() ? m_lastChar : text.back();
    }

    void otherEvent(std::string_view, std::string_view) override { }

    void streamEnded(const ChatStreamResult& result, std::optional<double> costUsd) override
    {
        endAnswerLine();
        const client::api::ChatStreamMetrics& metrics = result.metrics;
        std::string line = "metrics: sources " + optionalDuration(metrics.timeToSources) + ", first token " +
            optionalDuration(metrics.timeToFirstToken) + ", " + fixed(metrics.tokensPerSecond, 1) + " tok/s, total " +
            humanDuration(metrics.total);
        if (result.usage) {
            line += ", " + usageText(*result.usage);
        }
        if (costUsd) {
            line += ", cost " + dollars(*costUsd);
        }
        line += result.chatId ? ", chat " + result.chatId->str() : ", not saved";
        m_out << line << '\n' << std::flush;
    }

    void answered(const ChatAnswer& answer, microseconds total, std::optional<double> costUsd) override
    {
        sources(answer.sources);
        delta(answer.message.content);
        endAnswerLine();
        m_out << "metrics: total " << humanDuration(total) << ", " << usageText(answer.usage)
              << (costUsd ? ", cost " + dollars(*costUsd) : "") << ", chat " << answer.chatId.str() << '\n'
              << std::flush;
    }

private:
    static std::string optionalDuration(const std::optional<microseconds>& duration)
    {
        return duration ? humanDuration(*duration) : "-";
    }

    void endAnswerLine()
    {
        if (m_lastChar && m_lastChar != '\n') {
            m_out << '\n';
        }
        m_lastChar = 0;
    }

    std::ostream& m_out;
    char m_lastChar = 0;
};

class JsonChatView final : public ChatView {
public:
    explicit JsonChatView(std::ostream& out) : m_out(out) { }

    void sources(const std::vector<RetrievedChunk>& chunks) override
    {
        emit({{"event", "sources"}, {"sources", wire::array(chunks)}});
    }

    void delta(std::string_view text) override { emit({{"event", "delta"}, {"text", text}}); }

    void otherEvent(std::string_view type, std::string_view data) override
    {
        emit({{"event", "other"}, {"type", type}, {"data", data}});
    }

    void streamEnded(const ChatStreamResult& result, std::optional<double> costUsd) override
    {
        const client::api::ChatStreamMetrics& metrics = result.metrics;
        json event{{"event", eventName(result.outcome)}, {"saved", result.savedOnServer},
            {"time_to_sources_ms", metrics.timeToSources ? json(milliseconds(*metrics.timeToSources)) : json()},
            {"time_to_first_token_ms",
                metrics.timeToFirstToken ? json(milliseconds(*metrics.timeToFirstToken)) : json()},
            {"tokens_per_second", metrics.tokensPerSecond}, {"total_ms", milliseconds(metrics.total)},
            {"deltas", metrics.deltaCount}};
        if (result.outcome == ChatStreamOutcome::Completed) {
            event["chat_id"] = result.chatId ? json(result.chatId->str()) : json();
            event["message_id"] = result.messageId ? json(result.messageId->str()) : json();
            event["usage"] = result.usage ? wire::of(*result.usage) : json();
            event["cost_usd"] = costUsd ? json(*costUsd) : json();
        } else if (result.outcome != ChatStreamOutcome::Stopped) {
            event["outcome"] = result.outcome == ChatStreamOutcome::ServerError ? "server-error" : "dropped";
            event["detail"] = result.errorDetail;
        }
        emit(event);
    }

    void answered(const ChatAnswer& answer, microseconds total, std::optional<double> costUsd) override
    {
        emit({{"chat_id", answer.chatId.str()}, {"message", wire::of(answer.message)},
            {"sources", wire::array(answer.sources)}, {"usage", wire::of(answer.usage)},
            {"cost_usd", costUsd ? json(*costUsd) : json()}, {"total_ms", milliseconds(total)}});
    }

private:
    static const char* eventName(ChatStreamOutcome outcome)
    {
        switch (outcome) {
        case ChatStreamOutcome::Completed:
            return "done";
        case ChatStreamOutcome::Stopped:
            return "stopped";
        case ChatStreamOutcome::ServerError:
        case ChatStreamOutcome::Dropped:
            break;
        }
        return "error";
    }

    void emit(const json& event) { m_out << wire::line(event) << '\n' << std::flush; }

    std::ostream& m_out;
};

} // namespace

std::unique_ptr<ChatView> makeTextChatView(std::ostream& out)
{
    return std::make_unique<TextChatView>(out);
}

std::unique_ptr<ChatView> makeJsonChatView(std::ostream& out)
{
    return std::make_unique<JsonChatView>(out);
}

} // namespace ragdesk::ragctl
