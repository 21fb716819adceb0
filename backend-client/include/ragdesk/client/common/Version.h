#pragma once

#include <string_view>

namespace ragdesk {

/// The version of this build, read from git when it was built (e.g. "0.1.0~git20261125.ab12cd3").
std::string_view versionString();

} // namespace ragdesk
