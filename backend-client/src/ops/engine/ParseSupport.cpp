#include "ops/engine/ParseSupport.h"

#include "ops/engine/ContainerParsers.h"

#include "common/Ascii.h"

#include <algorithm>
#include <cmath>
#include <vector>

namespace ragdesk::client::ops::parse {
namespace {

using ascii::equalsIgnoreCase;
using ascii::lower;
using nlohmann::json;

constexpr size_t kMaxDetailBytes = 2000;
// A hostile "1-65535/tcp, 1-65535/udp, ..." must not grow memory without bound.
constexpr size_t kMaxPortsPerContainer = 65536;

// nlohmann's dump() recurses once per nesting level, so a hostile "[[[[...]]]]" would exhaust the stack; this
// walk does not.
bool nestedDeeperThan(const json& value, size_t limit)
{
    std::vector<std::pair<const json*, size_t>> pending{{&value, 0}};
    while (!pending.empty()) {
        const auto [node, depth] = pending.back();
        pending.pop_back();
        if (depth > limit) {
            return true;
        }
        if (node->is_structured()) {
            for (const json& child : *node) {
                pending.emplace_back(&child, depth + 1);
            }
        }
    }
    return false;
}

} // namespace

std::string_view trim(std::string_view text)
{
    return ascii::trimmed(text, " \t\r\n");
}

std::string lowered(std::string_view text)
{
    std::string result(text);
    std::transform(result.begin(), result.end(), result.begin(), lower);
    return result;
}

std::optional<double> parseDecimal(std::string_view text)
{
    double value = 0;
    const char* end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, value, std::chars_format::fixed);
    if (text.empty() || ec != std::errc() || ptr != end || !std::isfinite(value)) {
        return std::nullopt;
    }
    return value;
}

// "[json.exception.type_error.302] type must be ..." reads better without the bracketed tag.
std::string describe(const std::exception& error)
{
    std::string_view text = error.what();
    if (!text.empty() && text.front() == '[') {
        const size_t close = text.find("] ");
        if (close != std::string_view::npos) {
            text.remove_prefix(close + 2);
        }
    }
    return std::string(text);
}

// JSON text for labels and error details: never throws, even on strings that are not UTF-8 (a caller-built json
// may hold them), and never recurses deeply.
std::string safeDump(const json& value)
{
    if (nestedDeeperThan(value, 100)) {
        return "(nested too deeply to show)";
    }
    return value.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string detailOf(const json& value)
{
    return safeDump(value).substr(0, kMaxDetailBytes);
}

Error protocolError(std::string message, std::string_view detail)
{
    return Error{ErrorKind::Protocol, 0, std::move(message), std::string(detail.substr(0, kMaxDetailBytes)), {}};
}

std::vector<std::string> splitCommas(std::string_view text)
{
    std::vector<std::string> parts;
    size_t start = 0;
    while (start <= text.size()) {
        size_t comma = text.find(',', start);
        if (comma == std::string_view::npos) {
            comma = text.size();
        }
        parts.emplace_back(text.substr(start, comma - start));
        start = comma + 1;
    }
    return parts;
}

void addPorts(std::vector<PortMapping>& ports, PortMapping first, size_t count)
{
    if (count == 0 || ports.size() + count > kMaxPortsPerContainer ||
        size_t(first.containerPort) + count - 1 > UINT16_MAX ||
        (first.hostPort != 0 && size_t(first.hostPort) + count - 1 > UINT16_MAX)) {
        throw ParseError("port range out of bounds");
    }
    for (size_t i = 0; i < count; ++i) {
        ports.push_back(first);
        ++first.containerPort;
        if (first.hostPort != 0) {
            ++first.hostPort;
        }
    }
}

const json* member(const json& object, const char* key)
{
    const auto it = object.find(key);
    if (it == object.end() || it->is_null()) {
        return nullptr;
    }
    return &*it;
}

[[noreturn]] void wrongType(const char* key, const json& value, const char* expected)
{
    throw ParseError(std::string(key) + " is " + value.type_name() + ", expected " + expected);
}

std::string stringField(const json& object, const char* key)
{
    const json* value = member(object, key);
    if (!value) {
        return {};
    }
    if (!value->is_string()) {
        wrongType(key, *value, "a string");
    }
    return value->get<std::string>();
}

bool boolField(const json& object, const char* key)
{
    const json* value = member(object, key);
    if (!value) {
        return false;
    }
    if (!value->is_boolean()) {
        wrongType(key, *value, "true or false");
    }
    return value->get<bool>();
}

const json* objectField(const json& object, const char* key)
{
    const json* value = member(object, key);
    if (value && !value->is_object()) {
        wrongType(key, *value, "an object");
    }
    return value;
}

const json* arrayField(const json& object, const char* key)
{
    const json* value = member(object, key);
    if (value && !value->is_array()) {
        wrongType(key, *value, "an array");
    }
    return value;
}

std::map<std::string, std::string> labelObject(const json& object, const char* key)
{
    std::map<std::string, std::string> labels;
    if (const json* value = objectField(object, key)) {
        for (const auto& [name, text] : value->items()) {
            labels[name] = text.is_string() ? text.get<std::string>() : safeDump(text);
        }
    }
    return labels;
}

// Labels as an object (podman, the Engine API) or as the CLI's "k=v,k=v" string (docker ps, compose 2.21+).
std::map<std::string, std::string> labelsAnyShape(const json& object, const char* key)
{
    const json* value = member(object, key);
    if (value && value->is_string()) {
        return labelsText(value->get_ref<const std::string&>());
    }
    return labelObject(object, key);
}

std::optional<ContainerTime> timeField(const json& object, const char* key)
{
    const std::string text = stringField(object, key);
    if (trim(text).empty()) {
        return std::nullopt;
    }
    const std::optional<ContainerTime> time = parseTime(text);
    if (!time) {
        throw ParseError(std::string(key) + " is not a time: " + text.substr(0, 100));
    }
    if (isUnsetTime(*time)) {
        return std::nullopt;
    }
    return time;
}

// Unix seconds; 0 and Go's zero time (-62135596800, which podman prints) mean "never".
std::optional<ContainerTime> unixTimeField(const json& object, const char* key)
{
    const json* value = member(object, key);
    if (value && value->is_string()) {
        return timeField(object, key);
    }
    const auto seconds = integerField<int64_t>(object, key);
    constexpr int64_t kLimit = int64_t(1) << 40; // keeps the microsecond count far from overflow
    if (seconds <= 0 || seconds > kLimit) {
        return std::nullopt;
    }
    return ContainerTime(std::chrono::seconds(seconds));
}

} // namespace ragdesk::client::ops::parse
