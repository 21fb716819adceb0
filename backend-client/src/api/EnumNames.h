#pragma once

#include <string_view>
#include <utility>

namespace ragdesk::client::api {

/// A table of an enum's wire names, read both ways; values missing from it are "unknown" on the wire and
/// wire names missing from it read as `unknown`, so a newer server's values never fail a decode.
template <typename Enum, std::size_t N> struct EnumNames {
    std::pair<Enum, std::string_view> entries[N];
    Enum unknown;

    std::string_view name(Enum value) const
    {
        for (const auto& [entry, text] : entries) {
            if (entry == value) {
                return text;
            }
        }
        return "unknown";
    }

    Enum value(std::string_view text) const
    {
        for (const auto& [entry, name] : entries) {
            if (name == text) {
                return entry;
            }
        }
        return unknown;
    }
};

} // namespace ragdesk::client::api
