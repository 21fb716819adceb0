#include "ArgParser.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fmt/format.h>

namespace ragdesk::ragctl {
namespace {

const OptionSpec* findOption(const std::vector<OptionSpec>& options, const std::string& name)
{
    const auto match = std::find_if(options.begin(), options.end(), [&](const OptionSpec& option) {
        return option.name == name || (!option.shortName.empty() && option.shortName == name);
    });
    return match == options.end() ? nullptr : &*match;
}

bool looksLikeOption(const std::string& arg)
{
    return arg.size() > 1 && arg[0] == '-';
}

} // namespace

std::optional<std::string> ParsedArgs::value(const std::string& name) const
{
    const auto found = m_values.find(name);
    if (found == m_values.end() || found->second.empty()) {
        return std::nullopt;
    }
    return found->second.back();
}

std::vector<std::string> ParsedArgs::values(const std::string& name) const
{
    const auto found = m_values.find(name);
    return found == m_values.end() ? std::vector<std::string>{} : found->second;
}

std::optional<int> ParsedArgs::intValue(const std::string& name, int min, int max) const
{
    const std::optional<std::string> text = value(name);
    if (!text) {
        return std::nullopt;
    }
    int number = 0;
    const auto [end, problem] = std::from_chars(text->data(), text->data() + text->size(), number);
    if (problem != std::errc() || end != text->data() + text->size() || number < min || number > max) {
        throw UsageError(name + " wants a whole number from " + std::to_string(min) + " to " + std::to_string(max) +
            ", not '" + *text + "'");
    }
    return number;
}

std::optional<double> ParsedArgs::doubleValue(const std::string& name, double min, double max) const
{
    const std::optional<std::string> text = value(name);
    if (!text) {
        return std::nullopt;
    }
    size_t used = 0;
    double number = 0;
    try {
        number = std::stod(*text, &used);
    } catch (const std::exception&) {
        used = 0;
    }
    if (used == 0 || used != text->size() || !std::isfinite(number) || number < min || number > max) {
        throw UsageError(fmt::format("{} wants a number from {:g} to {:g}, not '{}'", name, min, max, *text));
    }
    return number;
}

std::string ParsedArgs::required(const std::string& name) const
{
    std::optional<std::string> text = value(name);
    if (!text) {
        throw UsageError("missing option " + name);
    }
    return *text;
}

ParsedArgs parseArguments(
    const std::vector<std::string>& args, const std::vector<OptionSpec>& options, size_t* stoppedAt)
{
    ParsedArgs parsed;
    for (size_t i = 0; i < args.size(); ++i) {
        const std::string& arg = args[i];
        if (arg == "--") {
            if (stoppedAt) {
                *stoppedAt = i + 1;
                return parsed;
            }
            parsed.m_beforeDashDash = parsed.m_positionals.size();
            parsed.m_positionals.insert(
                parsed.m_positionals.end(), args.begin() + static_cast<std::ptrdiff_t>(i) + 1, args.end());
            break;
        }
        if (!looksLikeOption(arg)) {
            if (stoppedAt) {
                *stoppedAt = i;
                return parsed;
            }
            parsed.m_positionals.push_back(arg);
            continue;
        }
        const size_t equals = arg.find('=');
        const std::string name = arg.substr(0, equals);
        const OptionSpec* option = findOption(options, name);
        if (!option) {
            throw UsageError("unknown option '" + name + "'");
        }
        std::vector<std::string>& slot = parsed.m_values[option->name];
        if (!slot.empty() && !option->repeatable) {
            throw UsageError("option " + option->name + " is given twice");
        }
        if (option->valueName.empty()) {
            if (equals != std::string::npos) {
                throw UsageError("option " + option->name + " takes no value ('" + arg + "')");
            }
            slot.emplace_back();
        } else if (equals != std::string::npos) {
            slot.push_back(arg.substr(equals + 1));
        } else if (i + 1 < args.size()) {
            slot.push_back(args[++i]);
        } else {
            throw UsageError("option " + option->name + " needs a value (" + option->valueName + ")");
        }
    }
    if (stoppedAt) {
        *stoppedAt = args.size();
    }
    return parsed;
}

bool asksForHelp(const std::vector<std::string>& args)
{
    for (const std::string& arg : args) {
        if (arg == "--") {
            return false;
        }
        if (arg == "--help" || arg == "-h") {
            return true;
        }
    }
    return false;
}

} // namespace ragdesk::ragctl
