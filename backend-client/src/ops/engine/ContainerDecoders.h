#pragma once

// One decoder per source of container facts (see ContainerParsers.h for the sources): a JSON object as that source
// prints it, into a ContainerStatus or a ResourceSample. They throw ParseError or nlohmann's exceptions on input
// they cannot read; the parsers catch them and name the line or item. Private to the client library.

#include "ragdesk/client/ops/engine/Containers.h"

#include <nlohmann/json_fwd.hpp>

namespace ragdesk::client::ops::parse {

ContainerStatus decodeDockerPs(const nlohmann::json& object);
ContainerStatus decodePodmanPs(const nlohmann::json& object);
ContainerStatus decodeCompose(const nlohmann::json& object);
ContainerStatus decodeInspect(const nlohmann::json& object);
ContainerStatus decodeEngineList(const nlohmann::json& object);
ResourceSample decodeStats(const nlohmann::json& object);

/// Fills service, project and image revision from the container's labels.
void applyLabels(ContainerStatus& container);

} // namespace ragdesk::client::ops::parse
