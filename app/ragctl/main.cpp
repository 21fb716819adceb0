// ragctl: the command-line front end on ragdesk_client. Composition root: parses the global options,
// picks the stack, and hands over to one command.
#include "ExitCode.h"
#include "HealthCommand.h"

#include "ragdesk/client/common/StackProfile.h"
#include "ragdesk/client/common/Version.h"

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <cstdlib>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

namespace {

using ragdesk::client::StackProfile;
using ragdesk::ragctl::ExitCode;

constexpr const char* kUsage = R"USAGE(Usage: ragctl [--stack NAME] [--json] [--verbose] COMMAND

Manage a self-hosted MiniRAG stack from the terminal.

Commands:
  health        liveness and dependency health (PostgreSQL, vector store, Redis)

Options:
  --stack NAME  a stack from the stacks file (default: the environment's RAGDESK_API_URL,
                else the only stack in the file)
  --json        machine-readable output
  --verbose     log every HTTP request to stderr
  --version     print the version and exit
  --help        print this help and exit

Stacks come from $XDG_CONFIG_HOME/ragdesk/stacks.json or from RAGDESK_API_URL and RAGDESK_SSH_*
(eval "$(devstack/devstack env)" sets them for the local devstack).
Exit codes: 0 ok, 1 unhealthy, 2 usage, 3 auth, 4 validation, 5 not found, 6 conflict, 7 server, 8 network.
)USAGE";

struct CliOptions {
    std::optional<std::string> stack;
    bool json = false;
    bool verbose = false;
    std::vector<std::string> command;
};

const char* lookupEnv(const char* name)
{
    return std::getenv(name);
}

std::optional<StackProfile> chooseStack(const CliOptions& options, std::string& problem)
{
    const std::optional<StackProfile> fromEnv = ragdesk::client::stackProfileFromEnvironment(lookupEnv);
    if (!options.stack && fromEnv) {
        return fromEnv;
    }
    if (options.stack && fromEnv && *options.stack == fromEnv->name) {
        return fromEnv;
    }
    const auto file = ragdesk::client::defaultStackConfigPath(lookupEnv);
    const auto profiles = ragdesk::client::StackProfileStore::load(file);
    if (!profiles) {
        problem = profiles.error().message;
        return std::nullopt;
    }
    for (const StackProfile& profile : *profiles) {
        if (options.stack ? profile.name == *options.stack : profiles->size() == 1) {
            return profile;
        }
    }
    problem = options.stack
        ? "no stack named '" + *options.stack + "' in " + file.string()
        : "no stack chosen: set RAGDESK_API_URL or pass --stack NAME (stacks file: " + file.string() + ")";
    return std::nullopt;
}

} // namespace

int main(int argc, char** argv)
{
    CliOptions options;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--help" || arg == "-h") {
            std::cout << kUsage;
            return 0;
        }
        if (arg == "--version") {
            std::cout << "ragctl " << ragdesk::versionString() << '\n';
            return 0;
        }
        if (arg == "--json") {
            options.json = true;
        } else if (arg == "--verbose") {
            options.verbose = true;
        } else if (arg == "--stack" && i + 1 < argc) {
            options.stack = argv[++i];
        } else if (!arg.empty() && arg[0] == '-') {
            std::cerr << "ragctl: unknown option " << arg << "\n\n" << kUsage;
            return static_cast<int>(ExitCode::Usage);
        } else {
            options.command.push_back(arg);
        }
    }

    // Logs go to stderr so stdout stays clean for tables and --json.
    spdlog::set_default_logger(spdlog::stderr_logger_mt("ragctl"));
    spdlog::set_level(options.verbose ? spdlog::level::info : spdlog::level::warn);

    if (options.command.empty()) {
        std::cerr << kUsage;
        return static_cast<int>(ExitCode::Usage);
    }
    if (options.command != std::vector<std::string>{"health"}) {
        std::cerr << "ragctl: unknown command '" << options.command.front() << "'\n\n" << kUsage;
        return static_cast<int>(ExitCode::Usage);
    }
    std::string problem;
    const std::optional<StackProfile> stack = chooseStack(options, problem);
    if (!stack) {
        std::cerr << "ragctl: " << problem << '\n';
        return static_cast<int>(ExitCode::Usage);
    }
    return static_cast<int>(ragdesk::ragctl::runHealth(*stack, options.json, std::cout, std::cerr));
}
