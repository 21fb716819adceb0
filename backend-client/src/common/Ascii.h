#pragma once

// ASCII character tests for the client's parsers of machine-written text: locale-free, and letters outside
// ASCII are never letters here. Private to the client library.

#include <string_view>

namespace ragdesk::client::ascii {

inline bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

inline bool isUpper(char c)
{
    return c >= 'A' && c <= 'Z';
}

inline bool isAlpha(char c)
{
    return isUpper(c) || (c >= 'a' && c <= 'z');
}

inline char lower(char c)
{
    return isUpper(c) ? static_cast<char>(c - 'A' + 'a') : c;
}

inline bool equalsIgnoreCase(std::string_view a, std::string_view b)
{
    if (a.size() != b.size()) {
        return false;
    }
    for (size_t i = 0; i < a.size(); ++i) {
        if (lower(a[i]) != lower(b[i])) {
            return false;
        }
    }
    return true;
}

/// text without the characters in `chars` at either end.
inline std::string_view trimmed(std::string_view text, std::string_view chars)
{
    const size_t first = text.find_first_not_of(chars);
    if (first == std::string_view::npos) {
        return {};
    }
    return text.substr(first, text.find_last_not_of(chars) - first + 1);
}

} // namespace ragdesk::client::ascii
