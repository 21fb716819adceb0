#pragma once

#include "ragdesk/client/ops/engine/Engine.h"

#include <optional>
#include <string>
#include <string_view>

namespace ragdesk::client::ops {

/// The remote shell script that reports the engine, its CLI and compose as key=value lines (one SSH command).
std::string_view engineProbeScript();
/// Reads the script's output. Keys it does not know are ignored; missing ones leave the defaults.
EngineInfo parseEngineProbe(std::string_view output);

/// Sets the server kind and version from a version string and the names of the server's components (podman
/// names itself "Podman Engine" there).
void readServerIdentity(EngineInfo& info, std::string_view version, std::string_view componentNames);
/// The same from the headers of the Engine API's /_ping: podman's Libpod-Api-Version, else docker's
/// "Server: Docker/24.0.7 (linux)".
void readPingIdentity(
    EngineInfo& info, std::optional<std::string_view> libpodVersion, std::optional<std::string_view> server);
/// The `docker version --format` template whose output readServerIdentity reads as "VERSION|NAME,NAME,".
std::string_view serverVersionCommand();

/// Compose's default project name for a directory: its base name, lower-cased, other than [a-z0-9_-] dropped.
std::string defaultProjectName(std::string_view stackDir);

} // namespace ragdesk::client::ops
