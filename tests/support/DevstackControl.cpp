#include "DevstackControl.h"

#include "DevstackEnv.h"

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <stdexcept>

#include <unistd.h>

namespace ragdesk::test {

void devstackControl(const std::string& arguments)
{
    const std::string command = devstackEnv("RAGDESK_DEVSTACK_CTL") + " " + arguments + " >/dev/null";
    if (std::system(command.c_str()) != 0) {
        throw std::runtime_error("devstack control failed: " + command);
    }
}

void recreateDevstackService(const std::string& service)
{
    const std::string command = "ssh -q -o BatchMode=yes -i '" + devstackEnv("RAGDESK_SSH_KEY") +
        "' -o UserKnownHostsFile='" + devstackEnv("RAGDESK_KNOWN_HOSTS") + "' -p " + devstackEnv("RAGDESK_SSH_PORT") +
        " " + devstackEnv("RAGDESK_SSH_USER") + "@" + devstackEnv("RAGDESK_SSH_HOST") + " 'cd " +
        devstackEnv("RAGDESK_STACK_DIR") + " && docker-compose -p " + devstackEnv("RAGDESK_COMPOSE_PROJECT") +
        " up -d --no-deps --force-recreate " + service + "' >/dev/null 2>&1";
    if (std::system(command.c_str()) != 0) {
        throw std::runtime_error("recreating " + service + " failed: " + command);
    }
}

ScopedKnob::ScopedKnob(std::string name, const std::string& value) : m_name(std::move(name))
{
    devstackControl("knob " + m_name + " '" + value + "'");
}

ScopedKnob::~ScopedKnob()
{
    try {
        devstackControl("knob --reset " + m_name);
    } catch (const std::exception&) {
        // The fixture's reset on the next `up` restores it; a destructor must not throw.
    }
}

std::string uniqueName(const std::string& prefix)
{
    static std::atomic<int> counter{0};
    const auto now = std::chrono::system_clock::now().time_since_epoch();
    return prefix + "-" + std::to_string(getpid()) + "-" +
        std::to_string(std::chrono::duration_cast<std::chrono::microseconds>(now).count() % 100000000) + "-" +
        std::to_string(counter++);
}

} // namespace ragdesk::test
