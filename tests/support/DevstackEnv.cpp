#include "DevstackEnv.h"

#include <cstdlib>
#include <stdexcept>

namespace ragdesk::test {

std::string devstackEnv(const char* name)
{
    const char* value = std::getenv(name);
    if (!value || !*value) {
        throw std::runtime_error(std::string(name) +
            " is not set: run this test through ctest (its devstack fixture), or "
            "eval \"$(devstack/devstack env)\" first");
    }
    return value;
}

} // namespace ragdesk::test
