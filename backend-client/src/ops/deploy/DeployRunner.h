#pragma once

#include <string_view>

namespace ragdesk::client::ops {

/// The text of scripts/deploy-runner.sh, which the Deployer installs on the server (built into the library so
/// the client and the script it drives always match).
std::string_view deployRunnerScript();

} // namespace ragdesk::client::ops
