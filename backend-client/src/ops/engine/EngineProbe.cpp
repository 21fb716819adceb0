#include "ops/engine/EngineProbe.h"

#include <cctype>

namespace ragdesk::client::ops {

std::string_view engineProbeScript()
{
    // `docker context inspect` names the endpoint the CLI really uses (DOCKER_HOST, or the current context).
    // Client-side questions only (the server is asked once over its API, or by `docker version` without one),
    // run side by side: docker-compose v1 alone takes ~0.4 s to start.
    return R"SH(
if command -v docker >/dev/null 2>&1; then
    printf 'docker_cli=%s\n' "$(docker --version 2>/dev/null)"
    printf 'engine_host=%s\n' "$(docker context inspect --format '{{.Endpoints.docker.Host}}' 2>/dev/null)"
    v=$(docker compose version --short 2>/dev/null) && printf 'compose_v2=%s\n' "$v"
fi
if [ -z "$v" ] && command -v docker-compose >/dev/null 2>&1; then
    printf 'compose_v1=%s\n' "$(docker-compose version --short 2>/dev/null)" &
fi
if ! command -v docker >/dev/null 2>&1 && command -v podman >/dev/null 2>&1; then
    printf 'podman=%s\n' "$(podman version --format '{{.Client.Version}}' 2>/dev/null)" &
    printf 'podman_socket=%s\n' "$(podman info --format '{{.Host.RemoteSocket.Path}}' 2>/dev/null)" &
fi
printf 'docker_host=%s\n' "${DOCKER_HOST:-}"
wait
)SH";
}

namespace {

std::string_view field(std::string_view& rest, char separator)
{
    const auto at = rest.find(separator);
    const auto value = rest.substr(0, at);
    rest = at == std::string_view::npos ? std::string_view() : rest.substr(at + 1);
    return value;
}

} // namespace

void readServerIdentity(EngineInfo& info, std::string_view version, std::string_view componentNames)
{
    if (version.empty()) {
        return;
    }
    info.serverVersion = version;
    info.server = componentNames.find("Podman") != std::string_view::npos ? EngineInfo::Server::Podman
                                                                          : EngineInfo::Server::Docker;
}

void readPingIdentity(
    EngineInfo& info, std::optional<std::string_view> libpodVersion, std::optional<std::string_view> server)
{
    if (libpodVersion && !libpodVersion->empty()) {
        info.server = EngineInfo::Server::Podman;
        info.serverVersion = *libpodVersion;
        return;
    }
    // "Docker/24.0.7 (linux)"
    std::string_view rest = server.value_or("");
    if (rest.rfind("Docker/", 0) == 0) {
        rest.remove_prefix(7);
        info.server = EngineInfo::Server::Docker;
        info.serverVersion = field(rest, ' ');
    }
}

std::string_view serverVersionCommand()
{
    return "{{.Server.Version}}|{{range .Server.Components}}{{.Name}},{{end}}";
}

EngineInfo parseEngineProbe(std::string_view output)
{
    EngineInfo info;
    std::string dockerHost;
    std::string podmanSocket;
    bool dockerCli = false;
    while (!output.empty()) {
        std::string_view line = field(output, '\n');
        const std::string_view key = field(line, '=');
        const std::string_view value = line;
        if (key == "docker_cli") {
            // "Docker version 28.2.2, build e6534b4"
            std::string_view rest = value;
            field(rest, ' ');
            field(rest, ' ');
            info.cliVersion = field(rest, ',');
            dockerCli = !info.cliVersion.empty();
        } else if (key == "engine_host") {
            info.engineHost = value;
        } else if (key == "compose_v2" && !value.empty()) {
            info.compose = EngineInfo::Compose::V2Plugin;
            info.composeVersion = value;
        } else if (key == "compose_v1" && !value.empty() && info.compose == EngineInfo::Compose::None) {
            info.compose = EngineInfo::Compose::V1Standalone;
            info.composeVersion = value;
        } else if (key == "podman" && !value.empty() && !dockerCli) {
            // Only podman's own CLI: it drives the engine itself.
            info.cli = "podman";
            info.server = EngineInfo::Server::Podman;
            info.serverVersion = value;
        } else if (key == "podman_socket") {
            podmanSocket = value;
        } else if (key == "docker_host") {
            dockerHost = value;
        }
    }
    if (info.engineHost.empty()) {
        info.engineHost = !dockerHost.empty()               ? dockerHost
            : info.cli == "podman" && !podmanSocket.empty() ? "unix://" + podmanSocket
            : dockerCli                                     ? "unix:///var/run/docker.sock"
                                                            : "";
    }
    return info;
}

std::string defaultProjectName(std::string_view stackDir)
{
    while (stackDir.size() > 1 && stackDir.back() == '/') {
        stackDir.remove_suffix(1);
    }
    const auto slash = stackDir.rfind('/');
    const std::string_view base = slash == std::string_view::npos ? stackDir : stackDir.substr(slash + 1);
    std::string name;
    for (const char c : base) {
        const char lower = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        if ((lower >= 'a' && lower <= 'z') || (lower >= '0' && lower <= '9') || lower == '_' || lower == '-') {
            name += lower;
        }
    }
    return name;
}

std::string_view name(EngineInfo::Server server)
{
    switch (server) {
    case EngineInfo::Server::Docker:
        return "docker";
    case EngineInfo::Server::Podman:
        return "podman";
    case EngineInfo::Server::Unreachable:
        break;
    }
    return "unreachable";
}

std::string_view name(EngineInfo::Compose compose)
{
    switch (compose) {
    case EngineInfo::Compose::V2Plugin:
        return "compose v2";
    case EngineInfo::Compose::V1Standalone:
        return "docker-compose v1";
    case EngineInfo::Compose::None:
        break;
    }
    return "none";
}

} // namespace ragdesk::client::ops
