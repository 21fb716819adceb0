#pragma once

// Pure parsers of what container engines print about containers: the docker and podman CLIs, Docker Compose v2
// and the Docker Engine API (also as served by podman). No I/O. Every parser returns a Protocol error naming the
// source and line or item on input it cannot read, and never throws. Unknown fields are ignored, optional
// fields may be absent or null. Private to the client library.

#include "ragdesk/client/common/Result.h"
#include "ragdesk/client/ops/engine/Containers.h"

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ragdesk::client::ops::parse {

/// `docker ps -a --size=false --format '{{json .}}'`: one object per line; health and exit code come from the
/// Status text, labels from the "k=v,k=v" string, ports from the "127.0.0.1:8080->80/tcp, 6379/tcp" string.
Result<std::vector<ContainerStatus>> dockerPsLines(std::string_view ndjson);

/// `podman ps -a --format json` (podman's own shape): one array; Names an array, Labels an object, Ports objects.
Result<std::vector<ContainerStatus>> podmanPsJson(std::string_view json);

/// `docker compose ps -a --format json`: one array before Compose 2.21, one object per line from 2.21 on.
Result<std::vector<ContainerStatus>> composePsJson(std::string_view text);

/// `docker inspect ID...` or `podman inspect ID...`: an array of container objects.
Result<std::vector<ContainerStatus>> inspectArray(std::string_view json);
/// One Engine API `GET /containers/{id}/json` body.
Result<ContainerStatus> inspectOne(std::string_view json);
/// The same for an already parsed object (e.g. one item of a larger reply).
Result<ContainerStatus> inspectObject(const nlohmann::json& object);

/// Engine API `GET /containers/json?all=1`: an array; health and exit code from the Status text unless the
/// engine sends a Health object (API 1.52+).
Result<std::vector<ContainerStatus>> engineContainerList(std::string_view json);

/// Joins a list with inspects of the same containers by id (a short id matches the full id it starts with) and
/// fills what the list lacks: the full id, restart count, times, log path and driver, health when the list did not
/// know it, ports when the list had none. Inspect labels replace the list's (the list's "k=v,..." string is
/// ambiguous). The result is sorted by service, then name.
std::vector<ContainerStatus> mergeInspect(
    std::vector<ContainerStatus> listed, const std::vector<ContainerStatus>& inspected);

/// `docker stats --no-stream --format '{{json .}}'`: one object per line, joined on ID (never on Name).
Result<std::vector<ResourceSample>> statsLines(std::string_view ndjson);

/// Each container with the sample whose id matches its id (short or full); never matched by name.
std::vector<ContainerResources> joinResources(
    const std::vector<ContainerStatus>& containers, const std::vector<ResourceSample>& samples);

// Building blocks, exposed for tests.

/// "1.2MB", "648B", "23.45GiB", "1.5kB" (decimal B/kB/MB/GB/TB/PB and binary KiB/MiB/GiB/TiB/PiB, rounded to a
/// byte); "--" is 0. nullopt for anything else, or a value past 2^64.
std::optional<uint64_t> byteSize(std::string_view text);

/// RFC 3339 with 0 to 9 fraction digits, "Z" or a ±hh:mm offset ("2026-11-25T18:44:45.123456789+01:00"), and Go's
/// time.String() form that `docker ps` prints ("2026-11-25 18:44:45 +0000 UTC"). Cut to microseconds, offset
/// applied. nullopt when malformed; the zero time "0001-01-01T00:00:00Z" parses (see isUnsetTime).
std::optional<ContainerTime> parseTime(std::string_view text);
/// Go's zero time (year 1) and earlier: engines print it for "never".
bool isUnsetTime(ContainerTime time);

/// What a Status text says: "Up 5 minutes (health: starting)", "Exited (137) 2 seconds ago", "Restarting (1) 3
/// seconds ago", "Up 2 hours (Paused)", "Created", "Removal In Progress", "Dead".
struct StatusText {
    std::optional<ContainerState> state;
    Health health = Health::None;
    std::optional<int> exitCode;
};
StatusText statusText(std::string_view text);

/// The docker CLI's Ports column. Ranges ("0.0.0.0:8000-8001->8000-8001/tcp") are expanded; IPv6 hosts may be
/// bare (":::5432->5432/tcp") or bracketed ("[::]:5432->5432/tcp"). nullopt when an entry cannot be read.
std::optional<std::vector<PortMapping>> portsText(std::string_view text);

/// The docker CLI's Labels column "k=v,k=v". A value may itself hold commas: a segment starts a new label only when
/// it looks like "key=" (a key of letters, digits and ._-/), otherwise it continues the previous value.
std::map<std::string, std::string> labelsText(std::string_view text);

/// The docker id rule: equal, or the shorter (at least 12 characters) starts the longer.
bool sameContainer(std::string_view a, std::string_view b);

} // namespace ragdesk::client::ops::parse
