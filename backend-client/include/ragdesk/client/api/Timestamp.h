#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace ragdesk::client::api {

/// A server time in UTC with microsecond resolution.
using Timestamp = std::chrono::sys_time<std::chrono::microseconds>;

/// Reads the API's ISO-8601 times: "2026-03-25T19:50:12.345678", with 0 to 6 fraction digits and no zone
/// (treated as UTC); a trailing "Z" or "+00:00" is accepted too. nullopt for anything else.
std::optional<Timestamp> parseTimestamp(std::string_view text);
/// The API's own form: six fraction digits, or none when the microseconds are zero.
std::string formatTimestamp(Timestamp time);

} // namespace ragdesk::client::api
