#pragma once

#include "Command.h"

#include <ostream>
#include <vector>

namespace ragdesk::ragctl {

/// The options every command accepts, before or after the command words.
const std::vector<OptionSpec>& globalOptions();

/// `ragctl --help`: commands, global options, credentials, exit codes.
void printMainHelp(std::ostream& out, const std::vector<NounSpec>& nouns);
/// `ragctl NOUN --help`: the noun's verbs.
void printNounHelp(std::ostream& out, const NounSpec& noun);
/// `ragctl NOUN VERB --help`: usage, options and details of one command.
void printVerbHelp(std::ostream& out, const NounSpec& noun, const VerbSpec& verb);
/// "bots create", or "chat" for a noun that is a command.
std::string commandName(const NounSpec& noun, const VerbSpec& verb);

} // namespace ragdesk::ragctl
