#pragma once

#include "ragdesk/client/api/Ids.h"
#include "ragdesk/client/api/Timestamp.h"
#include "ragdesk/client/common/Result.h"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>

// Tolerant reading of API replies: unknown fields are ignored, optional fields may be absent or null, and a
// missing required field or a wrong type throws nlohmann's exception, which decodeReply turns into a Protocol
// error naming what was being read.
namespace ragdesk::client::api::decode {

using nlohmann::json;

template <typename T> T required(const json& object, const char* key)
{
    return object.at(key).get<T>();
}

template <typename T> std::optional<T> optional(const json& object, const char* key)
{
    const auto it = object.find(key);
    if (it == object.end() || it->is_null()) {
        return std::nullopt;
    }
    return it->get<T>();
}

template <typename T> T orDefault(const json& object, const char* key, T fallback)
{
    return optional<T>(object, key).value_or(std::move(fallback));
}

template <typename IdType> IdType id(const json& object, const char* key)
{
    return IdType(required<std::string>(object, key));
}

template <typename IdType> std::optional<IdType> optionalId(const json& object, const char* key)
{
    if (auto text = optional<std::string>(object, key)) {
        return IdType(std::move(*text));
    }
    return std::nullopt;
}

std::optional<Timestamp> optionalTime(const json& object, const char* key);
Timestamp time(const json& object, const char* key);

/// Runs a decoder on a reply; a thrown json error becomes Error{Protocol} naming `what`.
template <typename T, typename Decoder> Result<T> reply(const Result<json>& body, const char* what, Decoder decoder)
{
    if (!body) {
        return body.error();
    }
    try {
        return decoder(*body);
    } catch (const json::exception& e) {
        return Error{ErrorKind::Protocol, 0, std::string("unexpected ") + what + " in the reply: " + e.what(),
            body->dump().substr(0, 2000), {}};
    }
}

/// The same for a JSON array of items.
template <typename T, typename Decoder>
Result<std::vector<T>> list(const Result<json>& body, const char* what, Decoder decoder)
{
    return reply<std::vector<T>>(body, what, [&](const json& array) {
        std::vector<T> items;
        for (const json& item : array.get_ref<const json::array_t&>()) {
            items.push_back(decoder(item));
        }
        return items;
    });
}

/// Request bodies: a key is sent only when the caller set it (absent means "server default" or "unchanged").
template <typename T> void setIf(json& body, const char* key, const std::optional<T>& value)
{
    if (value) {
        body[key] = *value;
    }
}

/// For calls whose reply carries nothing the caller needs (204s).
inline Result<Done> done(const Result<json>& body)
{
    if (!body) {
        return body.error();
    }
    return Done{};
}

} // namespace ragdesk::client::api::decode
