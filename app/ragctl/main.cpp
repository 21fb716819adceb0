// ragctl: the command-line front end on ragdesk_client. Composition root: wires the nouns, the environment,
// the terminal and the standard streams into the command line and runs it.
#include "CommandLine.h"
#include "Nouns.h"
#include "Terminal.h"

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <cstdlib>
#include <iostream>

int main(int argc, char** argv)
{
    using namespace ragdesk::ragctl;

    // Logs go to stderr so stdout stays clean for tables and --json.
    spdlog::set_default_logger(spdlog::stderr_logger_mt("ragctl"));
    spdlog::set_level(spdlog::level::warn);

    const Terminal terminal;
    CommandLine commandLine(
        {loginNoun(), healthNoun(), tenantsNoun(), usersNoun(), tokensNoun(), botsNoun(), sourcesNoun(), chatNoun(),
            chatsNoun(), webhooksNoun(), statsNoun(), opsNoun()},
        [](const char* name) { return std::getenv(name); }, terminal, std::cout, std::cerr);
    const ExitCode code = commandLine.run({argv + 1, argv + argc});
    std::cout.flush();
    return static_cast<int>(code);
}
