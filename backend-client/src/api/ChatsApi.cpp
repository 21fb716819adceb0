#include "ragdesk/client/api/Chats.h"

#include "ChatDecode.h"
#include "EnumNames.h"
#include "JsonDecode.h"
#include "Session.h"

namespace ragdesk::client::api {
namespace {

using nlohmann::json;

constexpr EnumNames<MessageRole, 3> kRoles {
    {{MessageRole::System, "system"}, {MessageRole::User, "user"}, {MessageRole::Assistant, "assistant"}},
    MessageRole::Unknown};
constexpr EnumNames<Feedback, 2> kFeedback {
    {{Feedback::Positive, "positive"}, {Feedback::Negative, "negative"}}, Feedback::Negative};

Chat chatFrom(const json& o)
{
    return Chat {decode::id<ChatId>(o, "id"), decode::id<TenantId>(o, "tenant_id"),
        decode::id<BotId>(o, "bot_profile_id"), decode::orDefault<std::string>(o, "title", {}),
        decode::orDefault(o, "message_count", 0), decode::orDefault<std::int64_t>(o, "total_prompt_tokens", 0),
        decode::orDefault<std::int64_t>(o, "total_completion_tokens", 0), decode::time(o, "created_at"),
        decode::time(o, "updated_at")};
}

std::string chatPath(const ChatId& id)
{
    return "/v1/chat/" + pathSegment(id.str());
}

std::string formatQuery(ExportFormat format)
{
    return format == ExportFormat::Csv ? "csv" : "json";
}

// Exports are CSV or JSON text meant to be saved as they came.
Result<std::string> exportText(Session& session, const std::string& path)
{
    Result<HttpResponse> response = session.send(HttpRequest {.method = "GET", .path = path});
    if (!response) {
        return response.error();
    }
    return std::move(response->body);
}

} // namespace

namespace decode {

Message messageFrom(const json& o)
{
    Message message {id<MessageId>(o, "id"), id<ChatId>(o, "chat_id"), kRoles.value(required<std::string>(o, "role")),
        required<std::string>(o, "content"), orDefault<std::int64_t>(o, "prompt_tokens", 0),
        orDefault<std::int64_t>(o, "completion_tokens", 0), std::nullopt, time(o, "created_at")};
    if (const auto feedback = optional<std::string>(o, "feedback")) {
        message.feedback = kFeedback.value(*feedback);
    }
    return message;
}

RetrievedChunk chunkFrom(const json& o)
{
    return RetrievedChunk {id<ChunkId>(o, "chunk_id"), orDefault<std::string>(o, "content", {}),
        required<double>(o, "score"), id<SourceId>(o, "source_id")};
}

std::vector<RetrievedChunk> chunksFrom(const json& array)
{
    std::vector<RetrievedChunk> chunks;
    for (const json& item : array.get_ref<const json::array_t&>()) {
        chunks.push_back(chunkFrom(item));
    }
    return chunks;
}

Usage usageFrom(const json& o)
{
    return Usage {orDefault<std::string>(o, "model", {}), orDefault<std::int64_t>(o, "prompt_tokens", 0),
        orDefault<std::int64_t>(o, "completion_tokens", 0), orDefault<std::int64_t>(o, "total_tokens", 0)};
}

} // namespace decode

std::string_view toString(MessageRole role)
{
    return kRoles.name(role);
}
std::string_view toString(Feedback feedback)
{
    return kFeedback.name(feedback);
}

Result<ChatAnswer> ChatsApi::ask(const ChatRequest& request)
{
    json body {{"bot_profile_id", request.botProfileId.str()}, {"message", request.message}, {"stream", false}};
    if (request.chatId) {
        body["chat_id"] = request.chatId->str();
    }
    return decode::reply<ChatAnswer>(m_session.call("POST", "/v1/chat", body), "chat answer", [](const json& o) {
        return ChatAnswer {decode::id<ChatId>(o, "chat_id"), decode::messageFrom(o.at("message")),
            decode::chunksFrom(o.value("sources", json::array())), decode::usageFrom(o.at("usage"))};
    });
}

Result<std::vector<Chat>> ChatsApi::list(const ChatListQuery& query)
{
    std::string path = "/v1/chat?limit=" + std::to_string(query.limit) + "&offset=" + std::to_string(query.offset);
    if (query.botProfileId) {
        path += "&bot_profile_id=" + pathSegment(query.botProfileId->str());
    }
    return decode::list<Chat>(m_session.call("GET", path), "chats", chatFrom);
}

Result<Chat> ChatsApi::get(const ChatId& id)
{
    return decode::reply<Chat>(m_session.call("GET", chatPath(id)), "chat", chatFrom);
}

Result<std::vector<Message>> ChatsApi::messages(const ChatId& id)
{
    return decode::list<Message>(m_session.call("GET", chatPath(id) + "/messages"), "messages", decode::messageFrom);
}

Result<std::string> ChatsApi::exportChats(const ChatExportQuery& query)
{
    std::string path = "/v1/chat/export?format=" + formatQuery(query.format) + "&limit=" + std::to_string(query.limit);
    if (query.botProfileId) {
        path += "&bot_profile_id=" + pathSegment(query.botProfileId->str());
    }
    if (query.fromDate) {
        path += "&from_date=" + pathSegment(*query.fromDate);
    }
    if (query.toDate) {
        path += "&to_date=" + pathSegment(*query.toDate);
    }
    return exportText(m_session, path);
}

Result<std::string> ChatsApi::exportChat(const ChatId& id, ExportFormat format)
{
    return exportText(m_session, chatPath(id) + "/export?format=" + formatQuery(format));
}

Result<Message> ChatsApi::setFeedback(const ChatId& chat, const MessageId& message, std::optional<Feedback> feedback)
{
    const json body {{"feedback", feedback ? json(toString(*feedback)) : json()}};
    return decode::reply<Message>(
        m_session.call("PATCH", chatPath(chat) + "/messages/" + pathSegment(message.str()) + "/feedback", body),
        "message", decode::messageFrom);
}

} // namespace ragdesk::client::api
