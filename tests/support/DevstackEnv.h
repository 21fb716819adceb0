#pragma once

#include <string>

namespace ragdesk::test {

/// The value of a variable `devstack env` exports. A missing one fails the calling test with a message
/// saying how to run it (tests never skip for a missing devstack: STYLE rule 10).
std::string devstackEnv(const char* name);

} // namespace ragdesk::test
