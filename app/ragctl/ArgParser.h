#pragma once

#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace ragdesk::ragctl {

/// A command line the user got wrong: ragctl prints it with a pointer to --help and exits with ExitCode::Usage.
class UsageError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// One option a command accepts. Options without a valueName are flags.
struct OptionSpec {
    std::string name; ///< with its dashes: "--bot"
    std::string valueName; ///< shown in help ("ID"); empty for a flag
    std::string help;
    std::string shortName = {}; ///< an alias such as "-o"
    bool repeatable = false; ///< may be given several times (values() returns them all)
};

/// What a command line said: options by their long name, and the positional arguments in order.
class ParsedArgs {
public:
    bool flag(const std::string& name) const { return m_values.contains(name); }
    std::optional<std::string> value(const std::string& name) const;
    std::vector<std::string> values(const std::string& name) const;
    /// The option as an integer in [min, max]; a UsageError naming the option otherwise.
    std::optional<int> intValue(const std::string& name, int min, int max) const;
    std::optional<double> doubleValue(const std::string& name, double min, double max) const;
    /// The option, which must be given.
    std::string required(const std::string& name) const;

    const std::vector<std::string>& positionals() const { return m_positionals; }
    /// How many positionals came before a `--`; nullopt when the line had none. Tells a command's own arguments
    /// from the command line it runs (`ops exec SERVICE -- CMD...`).
    std::optional<size_t> positionalsBeforeDashDash() const { return m_beforeDashDash; }

private:
    friend ParsedArgs parseArguments(const std::vector<std::string>&, const std::vector<OptionSpec>&, size_t*);
    std::map<std::string, std::vector<std::string>> m_values;
    std::vector<std::string> m_positionals;
    std::optional<size_t> m_beforeDashDash;
};

/// Parses `--opt value`, `--opt=value`, `-o value`, flags, positionals and `--` (everything after it is
/// positional; a lone `-` is positional too, conventionally stdin). With `stoppedAt` set, parsing stops at the
/// first positional and stores its index there (the global options before the command); otherwise the
/// whole list is read. Unknown options, missing values and values given to flags are UsageErrors naming the
/// argument.
ParsedArgs parseArguments(
    const std::vector<std::string>& args, const std::vector<OptionSpec>& options, size_t* stoppedAt = nullptr);

/// Whether --help or -h appears before any `--`.
bool asksForHelp(const std::vector<std::string>& args);

} // namespace ragdesk::ragctl
