#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace ragdesk::client::ops {

/// Which container engine and compose runs the stack, found once per connection by asking the server.
struct EngineInfo {
    enum class Server { Docker, Podman, Unreachable };
    enum class Compose { V2Plugin, V1Standalone, None };

    Server server = Server::Unreachable;
    std::string serverVersion; ///< "28.2.2", or podman's "4.3.1"
    std::string cliVersion; ///< the docker CLI's own version; empty when only podman's CLI exists
    std::string cli = "docker"; ///< the command that drives the engine: "docker" or "podman"
    Compose compose = Compose::None;
    std::string composeVersion;
    std::string engineHost; ///< where the CLI talks to the engine, e.g. "unix:///var/run/docker.sock"

    /// The engine's Unix socket path on the server, empty when it is not a unix:// address.
    std::string socketPath() const
    {
        constexpr std::string_view scheme = "unix://";
        return engineHost.rfind(scheme, 0) == 0 ? engineHost.substr(scheme.size()) : std::string();
    }
    /// The argv prefix of a compose command: {"docker", "compose"} or {"docker-compose"}.
    std::vector<std::string> composeCommand() const
    {
        return compose == Compose::V2Plugin ? std::vector<std::string>{cli, "compose"}
                                            : std::vector<std::string>{"docker-compose"};
    }
};

/// "docker", "podman" or "unreachable".
std::string_view name(EngineInfo::Server server);
/// "compose v2", "docker-compose v1" or "none".
std::string_view name(EngineInfo::Compose compose);

} // namespace ragdesk::client::ops
