#include "DevstackControl.h"

#include "DevstackEnv.h"
#include "LocalShell.h"

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
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

namespace {

/// A word for /bin/sh, in single quotes (the test's own quoting, not the client's).
std::string quoted(const std::string& word)
{
    std::string out = "'";
    for (const char c : word) {
        out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    }
    return out + "'";
}

/// The OpenSSH client's options for the devstack's "VPS": its key and known_hosts, no prompts.
std::string sshOptions()
{
    return "-F /dev/null -o BatchMode=yes -i " + quoted(devstackEnv("RAGDESK_SSH_KEY")) +
        " -o UserKnownHostsFile=" + quoted(devstackEnv("RAGDESK_KNOWN_HOSTS"));
}

void runOrThrow(const std::string& command, const std::string& what)
{
    if (std::system(command.c_str()) != 0) {
        throw std::runtime_error(what + " failed: " + command);
    }
}

} // namespace

void recreateDevstackService(const std::string& service)
{
    runOrThrow("ssh -q " + sshOptions() + " -p " + devstackEnv("RAGDESK_SSH_PORT") + " " +
            devstackEnv("RAGDESK_SSH_USER") + "@" + devstackEnv("RAGDESK_SSH_HOST") + " " +
            quoted("cd " + devstackEnv("RAGDESK_STACK_DIR") + " && docker-compose -p " +
                devstackEnv("RAGDESK_COMPOSE_PROJECT") + " up -d --no-deps --force-recreate " + service) +
            " >/dev/null 2>&1",
        "recreating " + service);
}

std::string pushDevstackCommit(const std::string& workDir, const std::string& branch, const std::string& message,
    const std::function<void(const std::string& checkout)>& change)
{
    const std::string git = "GIT_SSH_COMMAND=" + quoted("ssh " + sshOptions()) +
        " GIT_AUTHOR_NAME=ragdesk-test GIT_AUTHOR_EMAIL=test@ragdesk.invalid GIT_COMMITTER_NAME=ragdesk-test"
        " GIT_COMMITTER_EMAIL=test@ragdesk.invalid git";
    const std::string checkout = workDir + "/checkout";
    std::filesystem::remove_all(checkout);
    runOrThrow(git + " clone --quiet " + quoted(devstackEnv("RAGDESK_STACK_ORIGIN")) + " " + quoted(checkout) +
            " >/dev/null 2>&1",
        "cloning the devstack's origin");
    change(checkout);
    runOrThrow("cd " + quoted(checkout) + " && " + git + " add -A && " + git + " commit --quiet -m " + quoted(message) +
            " && " + git + " push --quiet --force origin HEAD:refs/heads/" + quoted(branch) + " >/dev/null 2>&1",
        "pushing to the devstack's origin");
    return runLocal("cd " + quoted(checkout) + " && git rev-parse HEAD").substr(0, 40);
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
