#pragma once

#include "ragdesk/client/api/Chats.h"

#include <nlohmann/json.hpp>

// Decoders shared by the non-streaming chat calls and the SSE chat stream.
namespace ragdesk::client::api::decode {

Message messageFrom(const nlohmann::json& o);
RetrievedChunk chunkFrom(const nlohmann::json& o);
Usage usageFrom(const nlohmann::json& o);
std::vector<RetrievedChunk> chunksFrom(const nlohmann::json& array);

} // namespace ragdesk::client::api::decode
