#pragma once

#include "ragdesk/client/api/ChatStream.h"
#include "ragdesk/client/api/Chats.h"

#include <chrono>
#include <memory>
#include <optional>
#include <ostream>
#include <string_view>
#include <vector>

namespace ragdesk::ragctl {

/// How a chat answer is shown as it arrives: text for people (sources, the answer flushed per delta, a metrics
/// line last) or NDJSON events for scripts. Every call flushes, so a reader sees each part when it arrives.
class ChatView {
public:
    virtual ~ChatView() = default;

    virtual void sources(const std::vector<client::api::RetrievedChunk>& chunks) = 0;
    virtual void delta(std::string_view text) = 0;
    virtual void otherEvent(std::string_view type, std::string_view data) = 0;
    /// The end of a streamed answer, however it ended; `costUsd` when the usage could be priced.
    virtual void streamEnded(const client::api::ChatStreamResult& result, std::optional<double> costUsd) = 0;
    /// A whole non-streamed answer and the time it took.
    virtual void answered(
        const client::api::ChatAnswer& answer, std::chrono::microseconds total, std::optional<double> costUsd) = 0;
};

std::unique_ptr<ChatView> makeTextChatView(std::ostream& out);
std::unique_ptr<ChatView> makeJsonChatView(std::ostream& out);

} // namespace ragdesk::ragctl
