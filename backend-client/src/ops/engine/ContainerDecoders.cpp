// One decoder per source of container facts: a JSON object as that source prints it, into a ContainerStatus.

#include "ops/engine/ContainerDecoders.h"

#include "ops/engine/ContainerParsers.h"
#include "ops/engine/ParseSupport.h"

#include <algorithm>
#include <tuple>
#include <utility>

namespace ragdesk::client::ops::parse {
namespace {

using nlohmann::json;

const char* const kServiceLabel = "com.docker.compose.service";
const char* const kProjectLabel = "com.docker.compose.project";
const char* const kRevisionLabel = "org.opencontainers.image.revision";

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

} // namespace

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

} // namespace ragdesk::client::ops::parse
