#include "JsonDecode.h"

namespace ragdesk::client::api::decode {

std::optional<Timestamp> optionalTime(const json& object, const char* key)
{
    const std::optional<std::string> text = optional<std::string>(object, key);
    if (!text) {
        return std::nullopt;
    }
    std::optional<Timestamp> time = parseTimestamp(*text);
    if (!time) {
        throw json::other_error::create(501, std::string(key) + " is not a timestamp: " + *text, &object);
    }
    return time;
}

Timestamp time(const json& object, const char* key)
{
    std::optional<Timestamp> value = optionalTime(object, key);
    if (!value) {
        throw json::out_of_range::create(403, std::string("key '") + key + "' not found", &object);
    }
    return *value;
}

} // namespace ragdesk::client::api::decode
