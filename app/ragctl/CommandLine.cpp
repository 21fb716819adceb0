#include "CommandLine.h"

#include "ErrorReport.h"
#include "Help.h"
#include "JsonViews.h"

#include "ragdesk/client/common/Version.h"

#include <spdlog/spdlog.h>

#include <algorithm>

namespace ragdesk::ragctl {
namespace {

// Global options may appear anywhere; later ones add to earlier ones.
void absorbGlobals(const ParsedArgs& parsed, GlobalOptions& options)
{
    if (auto stack = parsed.value("--stack")) {
        options.stack = std::move(stack);
    }
    if (auto email = parsed.value("--email")) {
        options.email = std::move(email);
    }
    options.caFile = parsed.value("--ca-file").value_or(options.caFile);
    options.pinnedKey = parsed.value("--pinned-key").value_or(options.pinnedKey);
    options.acceptNewHostKey = options.acceptNewHostKey || parsed.flag("--accept-new");
    options.json = options.json || parsed.flag("--json");
    options.verbose = options.verbose || parsed.flag("--verbose");
}

std::vector<std::string> tail(const std::vector<std::string>& args, size_t from)
{
    return {args.begin() + static_cast<std::ptrdiff_t>(std::min(from, args.size())), args.end()};
}

void checkPositionals(const VerbSpec& verb, const std::string& command, size_t count)
{
    if (count < verb.minPositionals) {
        throw UsageError("'" + command + "' needs " + verb.arguments);
    }
    if (count > verb.maxPositionals) {
        throw UsageError("'" + command + "' takes " + (verb.arguments.empty() ? "no arguments" : verb.arguments) +
            ", got " + std::to_string(count));
    }
}

} // namespace

CommandLine::CommandLine(
    std::vector<NounSpec> nouns, client::EnvLookup env, const Terminal& terminal, std::ostream& out, std::ostream& err)
    : m_nouns(std::move(nouns)), m_env(std::move(env)), m_terminal(terminal), m_out(out), m_err(err)
{
}

const NounSpec* CommandLine::findNoun(const std::string& name) const
{
    const auto found =
        std::find_if(m_nouns.begin(), m_nouns.end(), [&](const NounSpec& noun) { return noun.name == name; });
    return found == m_nouns.end() ? nullptr : &*found;
}

ExitCode CommandLine::run(const std::vector<std::string>& args)
{
    GlobalOptions options;
    try {
        size_t nounAt = 0;
        const ParsedArgs leading = parseArguments(args, globalOptions(), &nounAt);
        absorbGlobals(leading, options);
        if (leading.flag("--help")) {
            printMainHelp(m_out, m_nouns);
            return ExitCode::Ok;
        }
        if (leading.flag("--version")) {
            m_out << "ragctl " << versionString() << '\n';
            return ExitCode::Ok;
        }
        if (nounAt >= args.size()) {
            printMainHelp(m_err, m_nouns);
            return ExitCode::Usage;
        }
        const NounSpec* noun = findNoun(args[nounAt]);
        if (!noun) {
            throw UsageError("unknown command '" + args[nounAt] + "'");
        }
        std::vector<std::string> rest = tail(args, nounAt + 1);
        if (noun->isCommand()) {
            return runVerb(*noun, noun->verbs.front(), rest, options);
        }
        // Global options may sit between the noun and its verb (`ragctl bots --json list`).
        size_t verbAt = 0;
        const ParsedArgs between = parseArguments(rest, globalOptions(), &verbAt);
        absorbGlobals(between, options);
        if (between.flag("--help")) {
            printNounHelp(m_out, *noun);
            return ExitCode::Ok;
        }
        if (verbAt >= rest.size()) {
            printNounHelp(m_err, *noun);
            return reportUsage("'" + noun->name + "' needs a verb", noun->name, options.json);
        }
        const auto verb = std::find_if(
            noun->verbs.begin(), noun->verbs.end(), [&](const VerbSpec& v) { return v.name == rest[verbAt]; });
        if (verb == noun->verbs.end()) {
            return reportUsage(
                "unknown verb '" + rest[verbAt] + "' for '" + noun->name + "'", noun->name, options.json);
        }
        return runVerb(*noun, *verb, tail(rest, verbAt + 1), options);
    } catch (const UsageError& problem) {
        return reportUsage(problem.what(), "", options.json);
    }
}

ExitCode CommandLine::runVerb(
    const NounSpec& noun, const VerbSpec& verb, const std::vector<std::string>& args, GlobalOptions options)
{
    const std::string command = commandName(noun, verb);
    if (asksForHelp(args)) {
        printVerbHelp(m_out, noun, verb);
        return ExitCode::Ok;
    }
    try {
        std::vector<OptionSpec> accepted = verb.options;
        accepted.insert(accepted.end(), globalOptions().begin(), globalOptions().end());
        const ParsedArgs parsed = parseArguments(args, accepted);
        absorbGlobals(parsed, options);
        if (parsed.flag("--version")) {
            throw UsageError("--version goes before the command");
        }
        checkPositionals(verb, command, parsed.positionals().size());
        spdlog::set_level(options.verbose ? spdlog::level::info : spdlog::level::warn);
        CommandContext context(options, m_env, m_terminal, m_out, m_err);
        return verb.run(context, parsed);
    } catch (const UsageError& problem) {
        return reportUsage(problem.what(), command, options.json);
    } catch (const CommandFailure& failure) {
        return report(failure, options.json);
    }
}

ExitCode CommandLine::report(const CommandFailure& failure, bool json)
{
    const client::Error& error = failure.error();
    if (json) {
        nlohmann::json body = wire::of(error);
        if (!failure.isClientError()) {
            body["kind"] = toString(failure.code());
        }
        m_out << wire::line({{"error", body}}) << '\n';
    }
    m_out.flush();
    printError(m_err, error, failure.isClientError());
    return failure.code();
}

ExitCode CommandLine::reportUsage(const std::string& problem, const std::string& helpCommand, bool json)
{
    if (json) {
        m_out << wire::line({{"error", {{"kind", "usage"}, {"message", problem}}}}) << '\n';
    }
    m_err << "ragctl: " << problem << "\nRun 'ragctl " << (helpCommand.empty() ? "" : helpCommand + " ")
          << "--help' for usage.\n";
    return ExitCode::Usage;
}

} // namespace ragdesk::ragctl
