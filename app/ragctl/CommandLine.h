#pragma once

#include "Command.h"
#include "CommandContext.h"
#include "Terminal.h"

#include <ostream>
#include <string>
#include <vector>

namespace ragdesk::ragctl {

/// The ragctl front end: reads the global options, finds the noun and verb, prints help, runs the command and
/// reports its failure in the one place that maps failures to exit codes.
class CommandLine {
public:
    CommandLine(std::vector<NounSpec> nouns, client::EnvLookup env, const Terminal& terminal, std::ostream& out,
        std::ostream& err);

    ExitCode run(const std::vector<std::string>& args);

private:
    const NounSpec* findNoun(const std::string& name) const;
    ExitCode runVerb(
        const NounSpec& noun, const VerbSpec& verb, const std::vector<std::string>& args, GlobalOptions options);
    ExitCode report(const CommandFailure& failure, bool json);
    ExitCode reportUsage(const std::string& problem, const std::string& helpCommand, bool json);

    std::vector<NounSpec> m_nouns;
    client::EnvLookup m_env;
    const Terminal& m_terminal;
    std::ostream& m_out;
    std::ostream& m_err;
};

} // namespace ragdesk::ragctl
