#include "ops/engine/ContainerParsers.h"

#include "ops/engine/ContainerDecoders.h"
#include "ops/engine/ParseSupport.h"

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
using nlohmann::json;

bool isSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

bool startsWithIgnoreCase(std::string_view text, std::string_view prefix)
{
    return text.size() >= prefix.size() && equalsIgnoreCase(text.substr(0, prefix.size()), prefix);
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
