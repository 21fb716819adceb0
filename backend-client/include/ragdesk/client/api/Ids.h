#pragma once

#include <compare>
#include <string>
#include <utility>

namespace ragdesk::client::api {

/// A server-assigned id (a UUID string, or a provider's own chunk id) typed by what it names, so a chat id
/// can never be passed where a bot id is expected.
template <typename Tag> class Id {
public:
    Id() = default;
    explicit Id(std::string value) : m_value(std::move(value)) { }

    const std::string& str() const { return m_value; }
    bool empty() const { return m_value.empty(); }
    auto operator<=>(const Id&) const = default;

private:
    std::string m_value;
};

using TenantId = Id<struct TenantTag>;
using UserId = Id<struct UserTag>;
using ApiTokenId = Id<struct ApiTokenTag>;
using BotId = Id<struct BotTag>;
using SourceId = Id<struct SourceTag>;
using ChatId = Id<struct ChatTag>;
using MessageId = Id<struct MessageTag>;
using WebhookId = Id<struct WebhookTag>;
using ChunkId = Id<struct ChunkTag>;

} // namespace ragdesk::client::api
