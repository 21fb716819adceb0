#pragma once

#include "ArgParser.h"
#include "ExitCode.h"

#include <functional>
#include <string>
#include <vector>

namespace ragdesk::ragctl {

class CommandContext;

using CommandHandler = std::function<ExitCode(CommandContext& context, const ParsedArgs& args)>;

/// One runnable command, e.g. `bots create`: what it takes, its help text, and the function that runs it.
struct VerbSpec {
    std::string name; ///< empty for a noun that is a command by itself (`health`, `chat`)
    std::string summary; ///< one line for the noun's list of verbs
    std::string arguments; ///< positionals as shown in usage, e.g. "ID" or "FILE..."
    size_t minPositionals = 0;
    size_t maxPositionals = 0; ///< SIZE_MAX = any number
    std::vector<OptionSpec> options;
    std::string details; ///< extra help paragraphs (defaults, exit codes peculiar to this command)
    CommandHandler run;
};

/// A noun of the command line (`bots`) and its verbs.
struct NounSpec {
    std::string name;
    std::string summary;
    std::vector<VerbSpec> verbs;

    /// The noun is itself the command: one verb with an empty name.
    bool isCommand() const { return verbs.size() == 1 && verbs.front().name.empty(); }
};

/// The option of every verb that deletes or deactivates something.
inline OptionSpec yesOption()
{
    return {"--yes", "", "do not ask; required when not on a terminal", "-y"};
}

/// A verb that takes exactly one id, the most common shape (`bots show ID`).
inline VerbSpec idVerb(std::string name, std::string summary, std::vector<OptionSpec> options, CommandHandler run)
{
    return {.name = std::move(name),
        .summary = std::move(summary),
        .arguments = "ID",
        .minPositionals = 1,
        .maxPositionals = 1,
        .options = std::move(options),
        .run = std::move(run)};
}

} // namespace ragdesk::ragctl
