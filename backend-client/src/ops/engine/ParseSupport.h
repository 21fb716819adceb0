#pragma once

// What the container parsers' files (ContainerParsers.cpp, ContainerDecoders.cpp) share: text and number readers,
// JSON accessors that name the field on a wrong type, and the error they report. Private to the client library.

#include "ragdesk/client/common/Result.h"
#include "ragdesk/client/ops/engine/Containers.h"

#include <nlohmann/json.hpp>

#include <charconv>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ragdesk::client::ops::parse {

/// An input the parsers cannot read; caught, like nlohmann's exceptions, at the top of each parser.
struct ParseError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

std::string_view trim(std::string_view text);
std::string lowered(std::string_view text);

/// The whole text as a T, or nullopt.
template <typename T> std::optional<T> parseInteger(std::string_view text)
{
    T value{};
    const char* end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, value);
    if (text.empty() || ec != std::errc() || ptr != end) {
        return std::nullopt;
    }
    return value;
}
/// The whole text as a finite fixed-point decimal, or nullopt.
std::optional<double> parseDecimal(std::string_view text);

std::string describe(const std::exception& error);
std::string safeDump(const nlohmann::json& value);
/// A reply's part quoted in an error: safeDump, cut.
std::string detailOf(const nlohmann::json& value);
Error protocolError(std::string message, std::string_view detail);

/// "a,b,,c" → {"a", "b", "", "c"}.
std::vector<std::string> splitCommas(std::string_view text);
/// Appends count mappings from first on (ports counting up); throws ParseError past the per-container cap.
void addPorts(std::vector<PortMapping>& ports, PortMapping first, size_t count);

// --- JSON accessors: absent and null read as "not given"; a wrong type names the field. ---

const nlohmann::json* member(const nlohmann::json& object, const char* key);
[[noreturn]] void wrongType(const char* key, const nlohmann::json& value, const char* expected);
std::string stringField(const nlohmann::json& object, const char* key);

template <typename T> T integerField(const nlohmann::json& object, const char* key, T fallback = 0)
{
    const nlohmann::json* value = member(object, key);
    if (!value) {
        return fallback;
    }
    if (value->is_number_unsigned()) {
        const auto number = value->get<uint64_t>();
        if (std::in_range<T>(number)) {
            return static_cast<T>(number);
        }
    } else if (value->is_number_integer()) {
        const auto number = value->get<int64_t>();
        if (std::in_range<T>(number)) {
            return static_cast<T>(number);
        }
    } else {
        wrongType(key, *value, "an integer");
    }
    throw ParseError(std::string(key) + " is out of range: " + value->dump());
}

bool boolField(const nlohmann::json& object, const char* key);
const nlohmann::json* objectField(const nlohmann::json& object, const char* key);
const nlohmann::json* arrayField(const nlohmann::json& object, const char* key);
std::map<std::string, std::string> labelObject(const nlohmann::json& object, const char* key);
std::map<std::string, std::string> labelsAnyShape(const nlohmann::json& object, const char* key);
/// An RFC 3339 or Go time text; empty and Go's zero time mean "never" (nullopt).
std::optional<ContainerTime> timeField(const nlohmann::json& object, const char* key);
std::optional<ContainerTime> unixTimeField(const nlohmann::json& object, const char* key);

} // namespace ragdesk::client::ops::parse
