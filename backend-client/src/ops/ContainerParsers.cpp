#include "ContainerParsers.h"

#include "common/Ascii.h"
#include "common/TimeText.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <stdexcept>
#include <tuple>
#include <utility>
#include <vector>

namespace ragdesk::client::ops::parse {
namespace {

using ascii::equalsIgnoreCase;
using ascii::isDigit;
using ascii::lower;
using nlohmann::json;

// An input this file cannot read; caught, like nlohmann's exceptions, at the top of each parser.
struct ParseError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// A hostile "1-65535/tcp, 1-65535/udp, ..." must not grow memory without bound.
constexpr size_t kMaxPortsPerContainer = 65536;
constexpr size_t kMaxDetailBytes = 2000;

const char* const kServiceLabel = "com.docker.compose.service";
const char* const kProjectLabel = "com.docker.compose.project";
const char* const kRevisionLabel = "org.opencontainers.image.revision";

bool isSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

std::string_view trim(std::string_view text)
{
    return ascii::trimmed(text, " \t\r\n");
}

bool startsWithIgnoreCase(std::string_view text, std::string_view prefix)
{
    return text.size() >= prefix.size() && equalsIgnoreCase(text.substr(0, prefix.size()), prefix);
}

std::string lowered(std::string_view text)
{
    std::string result(text);
    std::transform(result.begin(), result.end(), result.begin(), lower);
    return result;
}

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

// --- JSON accessors: absent and null read as "not given"; a wrong type names the field. -------------------------

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

template <typename T> T integerField(const json& object, const char* key, T fallback = 0)
{
    const json* value = member(object, key);
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

// --- Words and texts shared by the sources. --------------------------------------------------------------------

ContainerState stateFromWord(std::string_view word)
{
    const std::string text = lowered(trim(word));
    if (text == "running") {
        return ContainerState::Running;
    }
    if (text == "exited") {
        return ContainerState::Exited;
    }
    if (text == "created") {
        return ContainerState::Created;
    }
    if (text == "paused") {
        return ContainerState::Paused;
    }
    if (text == "restarting") {
        return ContainerState::Restarting;
    }
    if (text == "removing") {
        return ContainerState::Removing;
    }
    if (text == "dead") {
        return ContainerState::Dead;
    }
    // podman's own states: a configured/initialized container has not run yet; "stopped" has exited; "stopping"
    // still has its process.
    if (text == "configured" || text == "initialized") {
        return ContainerState::Created;
    }
    if (text == "stopped") {
        return ContainerState::Exited;
    }
    if (text == "stopping") {
        return ContainerState::Running;
    }
    return ContainerState::Unknown;
}

Health healthFromWord(std::string_view word)
{
    const std::string text = lowered(trim(word));
    if (text == "healthy") {
        return Health::Healthy;
    }
    if (text == "unhealthy") {
        return Health::Unhealthy;
    }
    if (text == "starting") {
        return Health::Starting;
    }
    return Health::None;
}

// The list's State word wins; the Status text fills in when the word is missing or not one we know.
void applyStateAndStatus(ContainerStatus& container, std::string_view stateWord, const StatusText& status)
{
    container.state = stateFromWord(stateWord);
    if (container.state == ContainerState::Unknown && status.state) {
        container.state = *status.state;
    }
    if (container.health == Health::None) {
        container.health = status.health;
    }
}

// "name" or "/name"; of several ("a,b/link" in docker ps, ["/a", "/b/a"] from the API) the first without a "/".
std::string pickName(const std::vector<std::string>& names)
{
    auto strip = [](std::string_view name) {
        name = trim(name);
        if (!name.empty() && name.front() == '/') {
            name.remove_prefix(1);
        }
        return std::string(name);
    };
    for (const std::string& name : names) {
        const std::string stripped = strip(name);
        if (!stripped.empty() && stripped.find('/') == std::string::npos) {
            return stripped;
        }
    }
    return names.empty() ? std::string() : strip(names.front());
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

std::vector<std::string> nameList(const json& object, const char* key)
{
    const json* value = member(object, key);
    if (!value) {
        return {};
    }
    if (value->is_string()) {
        return splitCommas(value->get_ref<const std::string&>());
    }
    if (!value->is_array()) {
        wrongType(key, *value, "a string or an array");
    }
    std::vector<std::string> names;
    for (const json& name : *value) {
        if (!name.is_string()) {
            wrongType(key, name, "an array of strings");
        }
        names.push_back(name.get<std::string>());
    }
    return names;
}

std::string requiredId(const json& object, const char* key)
{
    std::string id = stringField(object, key);
    if (trim(id).empty()) {
        throw ParseError(std::string(key) + " is missing");
    }
    return id;
}

void applyLabels(ContainerStatus& container)
{
    auto fill = [&](std::string& field, const char* label) {
        if (field.empty()) {
            const auto it = container.labels.find(label);
            if (it != container.labels.end()) {
                field = it->second;
            }
        }
    };
    fill(container.service, kServiceLabel);
    fill(container.project, kProjectLabel);
    fill(container.imageRevision, kRevisionLabel);
}

void sortPorts(std::vector<PortMapping>& ports)
{
    std::sort(ports.begin(), ports.end(), [](const PortMapping& a, const PortMapping& b) {
        return std::tie(a.containerPort, a.protocol, a.hostIp, a.hostPort) <
            std::tie(b.containerPort, b.protocol, b.hostIp, b.hostPort);
    });
}

uint16_t portNumber(const json& object, const char* key)
{
    const json* value = member(object, key);
    if (value && value->is_string()) { // the Engine API's HostPort is a string ("25515", or "" when not bound)
        const std::string_view text = trim(value->get_ref<const std::string&>());
        if (text.empty()) {
            return 0;
        }
        if (const auto number = parseInteger<uint16_t>(text)) {
            return *number;
        }
        throw ParseError(std::string(key) + " is not a port: " + std::string(text.substr(0, 100)));
    }
    return integerField<uint16_t>(object, key);
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

std::string portsFieldFromText(const json& object, const char* key, std::vector<PortMapping>& ports)
{
    const std::string text = stringField(object, key);
    std::optional<std::vector<PortMapping>> parsed = portsText(text);
    if (!parsed) {
        throw ParseError(std::string(key) + " cannot be read: " + text.substr(0, 200));
    }
    ports = std::move(*parsed);
    return text;
}

// Reads lines of one JSON object each; blank lines are skipped.
template <typename Item, typename Decoder>
Result<std::vector<Item>> eachLine(std::string_view text, const char* what, Decoder decode)
{
    std::vector<Item> items;
    size_t lineNumber = 0;
    size_t start = 0;
    while (start < text.size()) {
        size_t end = text.find('\n', start);
        if (end == std::string_view::npos) {
            end = text.size();
        }
        ++lineNumber;
        const std::string_view line = trim(text.substr(start, end - start));
        start = end + 1;
        if (line.empty()) {
            continue;
        }
        try {
            const json object = json::parse(line);
            if (!object.is_object()) {
                throw ParseError(std::string("not a JSON object but ") + object.type_name());
            }
            items.push_back(decode(object));
        } catch (const std::exception& e) {
            return protocolError(std::string(what) + " line " + std::to_string(lineNumber) + ": " + describe(e), line);
        }
    }
    return items;
}

// Reads one JSON array of objects; empty input is an empty list.
template <typename Item, typename Decoder>
Result<std::vector<Item>> eachItem(std::string_view text, const char* what, Decoder decode)
{
    std::vector<Item> items;
    if (trim(text).empty()) {
        return items;
    }
    json document;
    try {
        document = json::parse(text);
    } catch (const std::exception& e) {
        return protocolError(std::string(what) + ": " + describe(e), text);
    }
    if (!document.is_array()) {
        return protocolError(std::string(what) + ": not a JSON array but " + document.type_name(), text);
    }
    size_t itemNumber = 0;
    for (const json& object : document) {
        ++itemNumber;
        try {
            if (!object.is_object()) {
                throw ParseError(std::string("not a JSON object but ") + object.type_name());
            }
            items.push_back(decode(object));
        } catch (const std::exception& e) {
            return protocolError(
                std::string(what) + " item " + std::to_string(itemNumber) + ": " + describe(e), detailOf(object));
        }
    }
    return items;
}

// --- One decoder per source. -----------------------------------------------------------------------------------

ContainerStatus decodeDockerPs(const json& object)
{
    ContainerStatus container;
    container.id = requiredId(object, "ID");
    container.name = pickName(nameList(object, "Names"));
    container.image = stringField(object, "Image");
    container.labels = labelsAnyShape(object, "Labels");
    container.statusText = stringField(object, "Status");
    const StatusText status = statusText(container.statusText);
    applyStateAndStatus(container, stringField(object, "State"), status);
    container.exitCode = status.exitCode.value_or(0);
    container.createdAt = timeField(object, "CreatedAt");
    portsFieldFromText(object, "Ports", container.ports);
    applyLabels(container);
    sortPorts(container.ports);
    return container;
}

ContainerStatus decodePodmanPs(const json& object)
{
    ContainerStatus container;
    container.id = requiredId(object, object.contains("Id") ? "Id" : "ID");
    container.name = pickName(nameList(object, "Names"));
    container.image = stringField(object, "Image");
    container.labels = labelsAnyShape(object, "Labels");
    container.statusText = stringField(object, "Status");
    const StatusText status = statusText(container.statusText);
    applyStateAndStatus(container, stringField(object, "State"), status);
    container.exitCode = integerField<int>(object, "ExitCode", status.exitCode.value_or(0));
    container.createdAt = unixTimeField(object, "Created");
    container.startedAt = unixTimeField(object, "StartedAt");
    container.finishedAt = unixTimeField(object, "ExitedAt");
    if (const json* ports = arrayField(object, "Ports")) {
        for (const json& port : *ports) {
            if (!port.is_object()) {
                wrongType("Ports", port, "an array of objects");
            }
            const bool podman3 = port.contains("containerPort"); // podman 3 spelled them in camelCase
            PortMapping mapping;
            mapping.hostIp = stringField(port, podman3 ? "hostIP" : "host_ip");
            mapping.hostPort = portNumber(port, podman3 ? "hostPort" : "host_port");
            mapping.containerPort = portNumber(port, podman3 ? "containerPort" : "container_port");
            const std::string protocol = stringField(port, "protocol");
            mapping.protocol = protocol.empty() ? "tcp" : protocol;
            addPorts(container.ports, mapping, std::max<size_t>(1, integerField<size_t>(port, "range", 1)));
        }
    }
    applyLabels(container);
    sortPorts(container.ports);
    return container;
}

ContainerStatus decodeCompose(const json& object)
{
    ContainerStatus container;
    container.id = requiredId(object, "ID");
    container.name = stringField(object, "Name");
    if (container.name.empty()) {
        container.name = pickName(nameList(object, "Names"));
    }
    container.image = stringField(object, "Image");
    container.project = stringField(object, "Project");
    container.service = stringField(object, "Service");
    container.labels = labelsAnyShape(object, "Labels");
    container.statusText = stringField(object, "Status");
    const StatusText status = statusText(container.statusText);
    container.health = healthFromWord(stringField(object, "Health"));
    applyStateAndStatus(container, stringField(object, "State"), status);
    container.exitCode = integerField<int>(object, "ExitCode", status.exitCode.value_or(0));
    container.createdAt =
        object.contains("Created") ? unixTimeField(object, "Created") : timeField(object, "CreatedAt");
    if (const json* publishers = arrayField(object, "Publishers")) {
        for (const json& publisher : *publishers) {
            if (!publisher.is_object()) {
                wrongType("Publishers", publisher, "an array of objects");
            }
            PortMapping mapping;
            mapping.hostIp = stringField(publisher, "URL");
            mapping.hostPort = portNumber(publisher, "PublishedPort");
            mapping.containerPort = portNumber(publisher, "TargetPort");
            const std::string protocol = stringField(publisher, "Protocol");
            mapping.protocol = protocol.empty() ? "tcp" : protocol;
            if (mapping.hostPort == 0) {
                mapping.hostIp.clear();
            }
            addPorts(container.ports, mapping, 1);
        }
    } else if (object.contains("Ports")) {
        portsFieldFromText(object, "Ports", container.ports);
    }
    applyLabels(container);
    sortPorts(container.ports);
    return container;
}

ContainerStatus decodeInspect(const json& object)
{
    ContainerStatus container;
    container.id = requiredId(object, "Id");
    container.name = pickName({stringField(object, "Name")});
    const json* config = objectField(object, "Config");
    if (config) {
        container.labels = labelObject(*config, "Labels");
        container.image = stringField(*config, "Image");
    }
    if (container.image.empty()) {
        container.image = stringField(object, "ImageName"); // podman's own inspect
    }
    if (container.image.empty()) {
        container.image = stringField(object, "Image");
    }
    if (const json* state = objectField(object, "State")) {
        container.state = stateFromWord(stringField(*state, "Status"));
        if (container.state == ContainerState::Unknown) { // engines before API 1.21 had only the flags
            if (boolField(*state, "Restarting")) {
                container.state = ContainerState::Restarting;
            } else if (boolField(*state, "Paused")) {
                container.state = ContainerState::Paused;
            } else if (boolField(*state, "Running")) {
                container.state = ContainerState::Running;
            } else if (boolField(*state, "Dead")) {
                container.state = ContainerState::Dead;
            }
        }
        container.exitCode = integerField<int>(*state, "ExitCode");
        container.startedAt = timeField(*state, "StartedAt");
        container.finishedAt = timeField(*state, "FinishedAt");
        // Docker and podman 4.3+ say Health; podman before 4.3 said Healthcheck.
        const json* health = objectField(*state, "Health");
        if (!health) {
            health = objectField(*state, "Healthcheck");
        }
        if (health) {
            container.health = healthFromWord(stringField(*health, "Status"));
        }
    }
    container.restartCount = integerField<int>(object, "RestartCount");
    container.createdAt = timeField(object, "Created");
    if (const json* network = objectField(object, "NetworkSettings")) {
        if (const json* ports = objectField(*network, "Ports")) {
            for (const auto& [key, bindings] : ports->items()) {
                const std::optional<std::vector<PortMapping>> exposed = portsText(key);
                if (!exposed || exposed->size() != 1) {
                    throw ParseError("NetworkSettings.Ports has a key that is not a port: " + key.substr(0, 100));
                }
                if (bindings.is_null() || (bindings.is_array() && bindings.empty())) {
                    addPorts(container.ports, exposed->front(), 1);
                    continue;
                }
                if (!bindings.is_array()) {
                    wrongType("NetworkSettings.Ports", bindings, "an array or null");
                }
                for (const json& binding : bindings) {
                    if (!binding.is_object()) {
                        wrongType("NetworkSettings.Ports", binding, "an array of objects");
                    }
                    PortMapping mapping = exposed->front();
                    mapping.hostIp = stringField(binding, "HostIp");
                    mapping.hostPort = portNumber(binding, "HostPort");
                    addPorts(container.ports, mapping, 1);
                }
            }
        }
    }
    container.logPath = stringField(object, "LogPath");
    if (const json* host = objectField(object, "HostConfig")) {
        if (const json* log = objectField(*host, "LogConfig")) {
            container.logDriver = stringField(*log, "Type");
            if (container.logPath.empty()) {
                container.logPath = stringField(*log, "Path"); // podman's own inspect has it only here
            }
        }
    }
    applyLabels(container);
    sortPorts(container.ports);
    return container;
}

ContainerStatus decodeEngineList(const json& object)
{
    ContainerStatus container;
    container.id = requiredId(object, "Id");
    container.name = pickName(nameList(object, "Names"));
    container.image = stringField(object, "Image");
    container.labels = labelObject(object, "Labels");
    container.statusText = stringField(object, "Status");
    const StatusText status = statusText(container.statusText);
    if (const json* health = member(object, "Health")) { // API 1.52+: {"Status": "healthy", "FailingStreak": 0}
        container.health = health->is_object() ? healthFromWord(stringField(*health, "Status"))
                                               : healthFromWord(stringField(object, "Health"));
    }
    applyStateAndStatus(container, stringField(object, "State"), status);
    container.exitCode = status.exitCode.value_or(0);
    container.createdAt = unixTimeField(object, "Created");
    if (const json* ports = arrayField(object, "Ports")) {
        for (const json& port : *ports) {
            if (!port.is_object()) {
                wrongType("Ports", port, "an array of objects");
            }
            PortMapping mapping;
            mapping.hostPort = portNumber(port, "PublicPort");
            mapping.hostIp = mapping.hostPort == 0 ? std::string() : stringField(port, "IP");
            mapping.containerPort = portNumber(port, "PrivatePort");
            const std::string protocol = stringField(port, "Type");
            mapping.protocol = protocol.empty() ? "tcp" : protocol;
            addPorts(container.ports, mapping, 1);
        }
    }
    applyLabels(container);
    sortPorts(container.ports);
    return container;
}

// "23.4MiB / 23.45GiB"; "--" alone (podman, stopped containers) is both sides unknown.
std::pair<uint64_t, uint64_t> bytePair(const json& object, const char* key)
{
    const std::string text = stringField(object, key);
    const std::string_view trimmed = trim(text);
    if (trimmed.empty() || trimmed == "--") {
        return {0, 0};
    }
    const size_t slash = trimmed.find('/');
    if (slash != std::string_view::npos) {
        const auto first = byteSize(trimmed.substr(0, slash));
        const auto second = byteSize(trimmed.substr(slash + 1));
        if (first && second) {
            return {*first, *second};
        }
    }
    throw ParseError(std::string(key) + " is not \"size / size\": " + text.substr(0, 100));
}

double percentField(const json& object, const char* key)
{
    const std::string text = stringField(object, key);
    std::string_view number = trim(text);
    if (number.empty() || number == "--") {
        return 0;
    }
    if (number.back() == '%') {
        number.remove_suffix(1);
    }
    const std::optional<double> value = parseDecimal(trim(number));
    if (!value || *value < 0) {
        throw ParseError(std::string(key) + " is not a percentage: " + text.substr(0, 100));
    }
    return *value;
}

ResourceSample decodeStats(const json& object)
{
    ResourceSample sample;
    sample.containerId = stringField(object, "ID");
    if (sample.containerId.empty()) {
        sample.containerId = requiredId(object, "Container");
    }
    sample.name = stringField(object, "Name");
    sample.cpuPercent = percentField(object, "CPUPerc");
    sample.memoryPercent = percentField(object, "MemPerc");
    std::tie(sample.memoryUsedBytes, sample.memoryLimitBytes) = bytePair(object, "MemUsage");
    std::tie(sample.netRxBytes, sample.netTxBytes) = bytePair(object, "NetIO");
    std::tie(sample.blockReadBytes, sample.blockWriteBytes) = bytePair(object, "BlockIO");
    const json* pids = member(object, "PIDs");
    if (pids && pids->is_string()) {
        const std::string_view text = trim(pids->get_ref<const std::string&>());
        if (!text.empty() && text != "--") {
            const auto number = parseInteger<uint32_t>(text);
            if (!number) {
                throw ParseError("PIDs is not a count: " + std::string(text.substr(0, 100)));
            }
            sample.pids = *number;
        }
    } else {
        sample.pids = integerField<uint32_t>(object, "PIDs");
    }
    return sample;
}

// Reads one port or a "first-last" range.
std::optional<std::pair<uint16_t, uint16_t>> portRange(std::string_view text)
{
    text = trim(text);
    const size_t dash = text.find('-');
    const auto first = parseInteger<uint16_t>(text.substr(0, dash));
    if (!first) {
        return std::nullopt;
    }
    if (dash == std::string_view::npos) {
        return std::pair{*first, *first};
    }
    const auto last = parseInteger<uint16_t>(text.substr(dash + 1));
    if (!last || *last < *first) {
        return std::nullopt;
    }
    return std::pair{*first, *last};
}

// One entry of the Ports column: "127.0.0.1:8080->80/tcp", ":::5432->5432/tcp", "[::]:53->53/udp", "6379/tcp".
bool portEntry(std::string_view entry, std::vector<PortMapping>& ports)
{
    std::string_view host;
    std::string_view target = entry;
    const size_t arrow = entry.find("->");
    if (arrow != std::string_view::npos) {
        host = entry.substr(0, arrow);
        target = entry.substr(arrow + 2);
    }
    PortMapping mapping;
    const size_t slash = target.find('/');
    if (slash != std::string_view::npos) {
        mapping.protocol = std::string(trim(target.substr(slash + 1)));
        target = target.substr(0, slash);
        if (mapping.protocol.empty()) {
            return false;
        }
    }
    const auto targetPorts = portRange(target);
    if (!targetPorts) {
        return false;
    }
    const size_t count = size_t(targetPorts->second) - targetPorts->first + 1;
    mapping.containerPort = targetPorts->first;
    if (arrow != std::string_view::npos) {
        const size_t colon = host.rfind(':');
        std::string_view ip = colon == std::string_view::npos ? std::string_view() : host.substr(0, colon);
        if (ip.size() >= 2 && ip.front() == '[' && ip.back() == ']') {
            ip = ip.substr(1, ip.size() - 2);
        }
        const auto hostPorts = portRange(colon == std::string_view::npos ? host : host.substr(colon + 1));
        if (!hostPorts || size_t(hostPorts->second) - hostPorts->first + 1 != count || hostPorts->first == 0) {
            return false;
        }
        mapping.hostIp = std::string(trim(ip));
        mapping.hostPort = hostPorts->first;
    }
    addPorts(ports, mapping, count);
    return true;
}

bool looksLikeLabelKey(std::string_view segment)
{
    const size_t equals = segment.find('=');
    if (equals == 0 || equals == std::string_view::npos) {
        return false;
    }
    return std::all_of(segment.begin(), segment.begin() + static_cast<std::ptrdiff_t>(equals), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || isDigit(c) || c == '.' || c == '_' || c == '-' ||
            c == '/';
    });
}

} // namespace

// --- Building blocks. ------------------------------------------------------------------------------------------

std::optional<uint64_t> byteSize(std::string_view text)
{
    text = trim(text);
    if (text == "--") {
        return 0;
    }
    size_t numberEnd = 0;
    while (numberEnd < text.size() && (isDigit(text[numberEnd]) || text[numberEnd] == '.')) {
        ++numberEnd;
    }
    const std::optional<double> value = parseDecimal(text.substr(0, numberEnd));
    if (!value) {
        return std::nullopt;
    }
    const std::string unit = lowered(trim(text.substr(numberEnd)));
    struct Unit {
        const char* name;
        double factor;
    };
    static constexpr Unit units[] = {{"", 1}, {"b", 1}, {"kb", 1e3}, {"mb", 1e6}, {"gb", 1e9}, {"tb", 1e12},
        {"pb", 1e15}, {"eb", 1e18}, {"kib", 1024.0}, {"mib", 1048576.0}, {"gib", 1073741824.0},
        {"tib", 1099511627776.0}, {"pib", 1125899906842624.0}, {"eib", 1152921504606846976.0}};
    for (const Unit& candidate : units) {
        if (unit == candidate.name) {
            const double bytes = std::round(*value * candidate.factor);
            if (bytes >= 18446744073709551616.0) {
                return std::nullopt;
            }
            return static_cast<uint64_t>(bytes);
        }
    }
    return std::nullopt;
}

std::optional<ContainerTime> parseTime(std::string_view text)
{
    text = trim(text);
    const auto clock = timetext::readDateTime(text, true);
    const auto fraction = clock ? timetext::readFraction(text, timetext::kDateTimeBytes) : std::nullopt;
    if (!fraction) {
        return std::nullopt;
    }
    std::string_view zone = text.substr(fraction->end);
    if (!zone.empty() && zone.front() == ' ') { // Go's time.String(): "2026-11-25 18:44:45 +0000 UTC"
        zone.remove_prefix(1);
    }
    int offsetMinutes = 0;
    if (!zone.empty() && (zone.front() == 'Z' || zone.front() == 'z')) {
        zone.remove_prefix(1);
    } else if (!zone.empty() && (zone.front() == '+' || zone.front() == '-')) {
        const int sign = zone.front() == '-' ? -1 : 1;
        const bool colon = zone.size() > 3 && zone[3] == ':';
        const int offsetHours = timetext::readDigits(zone, 1, 2);
        const int offsetMins = timetext::readDigits(zone, colon ? 4 : 3, 2);
        if (offsetHours < 0 || offsetMins < 0 || offsetHours > 23 || offsetMins > 59) {
            return std::nullopt;
        }
        offsetMinutes = sign * (offsetHours * 60 + offsetMins);
        zone.remove_prefix(colon ? 6 : 5);
    } else if (startsWithIgnoreCase(zone, "UTC")) {
        zone.remove_prefix(3);
    }
    // What may follow an offset is Go's zone abbreviation: " UTC", " CEST", " +03".
    if (!zone.empty()) {
        if (zone.front() != ' ' || zone.size() == 1 ||
            std::any_of(zone.begin() + 1, zone.end(), [](char c) { return isSpace(c); })) {
            return std::nullopt;
        }
    }
    return ContainerTime(std::chrono::seconds(*clock - int64_t{offsetMinutes} * 60)) +
        std::chrono::microseconds(fraction->micros);
}

bool isUnsetTime(ContainerTime time)
{
    using namespace std::chrono;
    return year_month_day(floor<days>(time)).year() <= std::chrono::year(1);
}

StatusText statusText(std::string_view text)
{
    StatusText status;
    const std::string lower = lowered(trim(text));
    std::string_view rest = lower;
    auto exitCodeAfter = [&](size_t keyword) {
        std::string_view tail = trim(rest.substr(keyword));
        if (!tail.empty() && tail.front() == '(') {
            const size_t close = tail.find(')');
            if (close != std::string_view::npos) {
                status.exitCode = parseInteger<int>(trim(tail.substr(1, close - 1)));
            }
        }
    };
    if (rest.starts_with("up")) {
        status.state = lower.find("(paused)") != std::string::npos ? ContainerState::Paused : ContainerState::Running;
    } else if (rest.starts_with("exited")) {
        status.state = ContainerState::Exited;
        exitCodeAfter(6);
    } else if (rest.starts_with("restarting")) {
        status.state = ContainerState::Restarting;
        exitCodeAfter(10);
    } else if (rest.starts_with("created")) {
        status.state = ContainerState::Created;
    } else if (rest.starts_with("removal in progress") || rest.starts_with("removing")) {
        status.state = ContainerState::Removing;
    } else if (rest.starts_with("dead")) {
        status.state = ContainerState::Dead;
    } else if (rest.starts_with("paused")) {
        status.state = ContainerState::Paused;
    }
    if (lower.find("(unhealthy)") != std::string::npos) {
        status.health = Health::Unhealthy;
    } else if (lower.find("(healthy)") != std::string::npos) {
        status.health = Health::Healthy;
    } else if (lower.find("(health: starting)") != std::string::npos || lower.find("(starting)") != std::string::npos) {
        status.health = Health::Starting;
    }
    return status;
}

std::optional<std::vector<PortMapping>> portsText(std::string_view text)
{
    std::vector<PortMapping> ports;
    try {
        for (const std::string& part : splitCommas(text)) {
            const std::string_view entry = trim(part);
            if (!entry.empty() && !portEntry(entry, ports)) {
                return std::nullopt;
            }
        }
    } catch (const ParseError&) { // a range past the bounds
        return std::nullopt;
    }
    return ports;
}

std::map<std::string, std::string> labelsText(std::string_view text)
{
    std::map<std::string, std::string> labels;
    std::string* previous = nullptr;
    for (const std::string& segment : splitCommas(trim(text))) {
        if (looksLikeLabelKey(segment)) {
            const size_t equals = segment.find('=');
            std::string& value = labels[segment.substr(0, equals)];
            value = segment.substr(equals + 1);
            previous = &value;
        } else if (previous) {
            *previous += ',';
            *previous += segment;
        } else if (!segment.empty()) {
            const size_t equals = segment.find('=');
            std::string& value = labels[segment.substr(0, equals)];
            value = equals == std::string::npos ? std::string() : segment.substr(equals + 1);
            previous = &value;
        }
    }
    return labels;
}

bool sameContainer(std::string_view a, std::string_view b)
{
    if (a.empty() || b.empty()) {
        return false;
    }
    if (a.size() > b.size()) {
        std::swap(a, b);
    }
    return a == b || (a.size() >= 12 && b.starts_with(a));
}

// --- The parsers. ----------------------------------------------------------------------------------------------

Result<std::vector<ContainerStatus>> dockerPsLines(std::string_view ndjson)
{
    return eachLine<ContainerStatus>(ndjson, "docker ps", decodeDockerPs);
}

Result<std::vector<ContainerStatus>> podmanPsJson(std::string_view json)
{
    return eachItem<ContainerStatus>(json, "podman ps", decodePodmanPs);
}

Result<std::vector<ContainerStatus>> composePsJson(std::string_view text)
{
    const std::string_view trimmed = trim(text);
    if (!trimmed.empty() && trimmed.front() == '[') { // Compose before 2.21
        return eachItem<ContainerStatus>(text, "compose ps", decodeCompose);
    }
    return eachLine<ContainerStatus>(text, "compose ps", decodeCompose);
}

Result<std::vector<ContainerStatus>> inspectArray(std::string_view json)
{
    return eachItem<ContainerStatus>(json, "container inspect", decodeInspect);
}

Result<ContainerStatus> inspectOne(std::string_view text)
{
    json document;
    try {
        document = json::parse(text);
    } catch (const std::exception& e) {
        return protocolError("container inspect: " + describe(e), text);
    }
    return inspectObject(document);
}

Result<ContainerStatus> inspectObject(const nlohmann::json& object)
{
    if (!object.is_object()) {
        return protocolError(
            std::string("container inspect: not a JSON object but ") + object.type_name(), detailOf(object));
    }
    try {
        return decodeInspect(object);
    } catch (const std::exception& e) {
        return protocolError("container inspect: " + describe(e), detailOf(object));
    }
}

Result<std::vector<ContainerStatus>> engineContainerList(std::string_view json)
{
    return eachItem<ContainerStatus>(json, "container list", decodeEngineList);
}

std::vector<ContainerStatus> mergeInspect(
    std::vector<ContainerStatus> listed, const std::vector<ContainerStatus>& inspected)
{
    for (ContainerStatus& container : listed) {
        const auto match = std::find_if(inspected.begin(), inspected.end(),
            [&](const ContainerStatus& candidate) { return sameContainer(container.id, candidate.id); });
        if (match == inspected.end()) {
            continue;
        }
        const ContainerStatus& detail = *match;
        if (detail.id.size() > container.id.size()) {
            container.id = detail.id;
        }
        auto fill = [](std::string& field, const std::string& value) {
            if (field.empty()) {
                field = value;
            }
        };
        fill(container.name, detail.name);
        fill(container.image, detail.image);
        if (!detail.labels.empty()) {
            container.labels = detail.labels;
        }
        applyLabels(container);
        fill(container.service, detail.service);
        fill(container.project, detail.project);
        fill(container.imageRevision, detail.imageRevision);
        if (container.state == ContainerState::Unknown) {
            container.state = detail.state;
        }
        if (container.health == Health::None) {
            container.health = detail.health;
        }
        if (container.exitCode == 0) {
            container.exitCode = detail.exitCode;
        }
        container.restartCount = std::max(container.restartCount, detail.restartCount);
        for (auto [field, value] :
            {std::pair{&container.createdAt, &detail.createdAt}, std::pair{&container.startedAt, &detail.startedAt},
                std::pair{&container.finishedAt, &detail.finishedAt}}) {
            if (!*field) {
                *field = *value;
            }
        }
        if (container.ports.empty()) {
            container.ports = detail.ports;
        }
        fill(container.logPath, detail.logPath);
        fill(container.logDriver, detail.logDriver);
    }
    std::stable_sort(listed.begin(), listed.end(), [](const ContainerStatus& a, const ContainerStatus& b) {
        return std::tie(a.service, a.name) < std::tie(b.service, b.name);
    });
    return listed;
}

Result<std::vector<ResourceSample>> statsLines(std::string_view ndjson)
{
    return eachLine<ResourceSample>(ndjson, "docker stats", decodeStats);
}

std::vector<ContainerResources> joinResources(
    const std::vector<ContainerStatus>& containers, const std::vector<ResourceSample>& samples)
{
    std::vector<ContainerResources> joined;
    joined.reserve(containers.size());
    for (const ContainerStatus& container : containers) {
        ContainerResources entry{container, std::nullopt};
        const auto match = std::find_if(samples.begin(), samples.end(),
            [&](const ResourceSample& sample) { return sameContainer(container.id, sample.containerId); });
        if (match != samples.end()) {
            entry.resources = *match;
        }
        joined.push_back(std::move(entry));
    }
    return joined;
}

} // namespace ragdesk::client::ops::parse
