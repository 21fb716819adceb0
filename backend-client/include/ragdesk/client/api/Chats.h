#pragma once

#include "ragdesk/client/api/Ids.h"
#include "ragdesk/client/api/Timestamp.h"
#include "ragdesk/client/common/Result.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ragdesk::client::api {

class Session;

enum class MessageRole { System, User, Assistant, Unknown };
enum class Feedback { Positive, Negative };
std::string_view toString(MessageRole role);
std::string_view toString(Feedback feedback);
MessageRole messageRoleFromString(std::string_view text); ///< Unknown for values this client does not know
std::optional<Feedback> feedbackFromString(std::string_view text); ///< nullopt for anything but the two values

struct Chat {
    ChatId id;
    TenantId tenantId;
    BotId botProfileId;
    std::string title;
    int messageCount = 0;
    std::int64_t totalPromptTokens = 0;
    std::int64_t totalCompletionTokens = 0;
    Timestamp createdAt;
    Timestamp updatedAt;
};

struct Message {
    MessageId id;
    ChatId chatId;
    MessageRole role = MessageRole::Unknown;
    std::string content;
    std::int64_t promptTokens = 0;
    std::int64_t completionTokens = 0;
    std::optional<Feedback> feedback;
    Timestamp createdAt;
};

/// A chunk retrieval found for an answer: the server sends at most its first 200 characters.
struct RetrievedChunk {
    ChunkId chunkId;
    std::string content;
    double score = 0; ///< 0-1, cosine-like
    SourceId sourceId;
};

struct Usage {
    std::string model;
    std::int64_t promptTokens = 0;
    std::int64_t completionTokens = 0;
    std::int64_t totalTokens = 0;
};

/// One question to a bot; without chatId a new chat starts.
struct ChatRequest {
    BotId botProfileId;
    std::string message; ///< 1-32000 characters
    std::optional<ChatId> chatId;
};

/// The non-streaming answer.
struct ChatAnswer {
    ChatId chatId;
    Message message;
    std::vector<RetrievedChunk> sources;
    Usage usage;
};

struct ChatListQuery {
    std::optional<BotId> botProfileId;
    int limit = 50; ///< the server caps it at 100
    int offset = 0;
};

enum class ExportFormat { Json, Csv };

/// Bulk export filter: dates are whole UTC days, "YYYY-MM-DD", inclusive.
struct ChatExportQuery {
    ExportFormat format = ExportFormat::Json;
    std::optional<BotId> botProfileId;
    std::optional<std::string> fromDate;
    std::optional<std::string> toDate;
    int limit = 100; ///< the server caps it at 1000
};

/// Chat history, export and feedback, and non-streaming questions (contract §6.8). Streaming: ChatStream.
class ChatsApi {
public:
    explicit ChatsApi(Session& session) : m_session(session) { }

    Result<ChatAnswer> ask(const ChatRequest& request);
    Result<std::vector<Chat>> list(const ChatListQuery& query = {});
    Result<Chat> get(const ChatId& id);
    Result<std::vector<Message>> messages(const ChatId& id);
    /// The export as the server produced it (JSON or CSV text), to save as it is.
    Result<std::string> exportChats(const ChatExportQuery& query);
    Result<std::string> exportChat(const ChatId& id, ExportFormat format);
    /// Only assistant messages take feedback; nullopt clears it.
    Result<Message> setFeedback(const ChatId& chat, const MessageId& message, std::optional<Feedback> feedback);

private:
    Session& m_session;
};

} // namespace ragdesk::client::api
