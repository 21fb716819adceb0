#include "ragdesk/client/api/Chats.h"

#include "Decoders.h"
#include "EnumNames.h"
#include "JsonDecode.h"
#include "Session.h"

namespace ragdesk::client::api {
namespace {

using nlohmann::json;

constexpr EnumNames<MessageRole, 3> kRoles{
    {{MessageRole::System, "system"}, {MessageRole::User, "user"}, {MessageRole::Assistant, "assistant"}},
    MessageRole::Unknown};
// Feedback has no "unknown" value of its own: feedbackFromString reports one as nullopt instead.
constexpr EnumNames<Feedback, 2> kFeedback{
    {{Feedback::Positive, "positive"}, {Feedback::Negative, "negative"}}, Feedback::Positive};

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
    Result<HttpResponse> response = session.send(HttpRequest{.method = "GET", .path = path});
    if (!response) {
        return response.error();
    }
    return std::move(response->body);
}

} // namespace

std::string_view toString(MessageRole role)
{
    return kRoles.name(role);
}
std::string_view toString(Feedback feedback)
{
    return kFeedback.name(feedback);
}

MessageRole messageRoleFromString(std::string_view text)
{
    return kRoles.value(text);
}

std::optional<Feedback> feedbackFromString(std::string_view text)
{
    if (kFeedback.name(kFeedback.value(text)) != text) {
        return std::nullopt;
    }
    return kFeedback.value(text);
}

Result<ChatAnswer> ChatsApi::ask(const ChatRequest& request)
{
    json body{{"bot_profile_id", request.botProfileId.str()}, {"message", request.message}, {"stream", false}};
    if (request.chatId) {
        body["chat_id"] = request.chatId->str();
    }
    return decode::reply<ChatAnswer>(m_session.call("POST", "/v1/chat", body), "chat answer", decode::chatAnswerFrom);
}

Result<std::vector<Chat>> ChatsApi::list(const ChatListQuery& query)
{
    PathWithQuery path("/v1/chat");
    path.add("limit", std::to_string(query.limit)).add("offset", std::to_string(query.offset));
    if (query.botProfileId) {
        path.add("bot_profile_id", query.botProfileId->str());
    }
    return decode::list<Chat>(m_session.call("GET", path.str()), "chats", decode::chatFrom);
}

Result<Chat> ChatsApi::get(const ChatId& id)
{
    return decode::reply<Chat>(m_session.call("GET", chatPath(id)), "chat", decode::chatFrom);
}

Result<std::vector<Message>> ChatsApi::messages(const ChatId& id)
{
    return decode::list<Message>(m_session.call("GET", chatPath(id) + "/messages"), "messages", decode::messageFrom);
}

Result<std::string> ChatsApi::exportChats(const ChatExportQuery& query)
{
    PathWithQuery path("/v1/chat/export");
    path.add("format", formatQuery(query.format)).add("limit", std::to_string(query.limit));
    if (query.botProfileId) {
        path.add("bot_profile_id", query.botProfileId->str());
    }
    if (query.fromDate) {
        path.add("from_date", *query.fromDate);
    }
    if (query.toDate) {
        path.add("to_date", *query.toDate);
    }
    return exportText(m_session, path.str());
}

Result<std::string> ChatsApi::exportChat(const ChatId& id, ExportFormat format)
{
    return exportText(m_session, chatPath(id) + "/export?format=" + formatQuery(format));
}

Result<Message> ChatsApi::setFeedback(const ChatId& chat, const MessageId& message, std::optional<Feedback> feedback)
{
    const json body{{"feedback", feedback ? json(toString(*feedback)) : json()}};
    return decode::reply<Message>(
        m_session.call("PATCH", chatPath(chat) + "/messages/" + pathSegment(message.str()) + "/feedback", body),
        "message", decode::messageFrom);
}

} // namespace ragdesk::client::api
