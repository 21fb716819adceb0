#include "ragdesk/client/ssh/RemoteCommand.h"

#include <algorithm>

namespace ragdesk::client::ssh {

namespace {

bool isPlainShellByte(unsigned char byte)
{
    return (byte >= 'a' && byte <= 'z') || (byte >= 'A' && byte <= 'Z') || (byte >= '0' && byte <= '9') ||
        std::string_view("_-./:=@%+,").find(static_cast<char>(byte)) != std::string_view::npos;
}

} // namespace

std::string shellQuote(std::string_view word)
{
    if (!word.empty() &&
        std::all_of(word.begin(), word.end(), [](char c) { return isPlainShellByte(static_cast<unsigned char>(c)); })) {
        return std::string(word);
    }
    // Inside single quotes every byte is literal except the quote itself, which closes, escapes and reopens.
    std::string quoted = "'";
    for (const char c : word) {
        if (c == '\'') {
            quoted += "'\\''";
        } else {
            quoted += c;
        }
    }
    quoted += '\'';
    return quoted;
}

Result<std::string> shellCommandLine(const std::vector<std::string>& argv)
{
    if (argv.empty()) {
        return Error{.kind = ErrorKind::Validation, .message = "no command to run"};
    }
    std::string line;
    for (const auto& word : argv) {
        if (word.find('\0') != std::string::npos) {
            return Error{.kind = ErrorKind::Validation, .message = "a command argument contains a NUL byte"};
        }
        if (!line.empty()) {
            line += ' ';
        }
        line += shellQuote(word);
    }
    return line;
}

Error remoteFailure(std::string_view what, const CommandResult& result)
{
    std::string_view firstLine = result.err;
    firstLine = firstLine.substr(0, firstLine.find('\n'));
    std::string message(what);
    message += result.exitSignal.empty() ? " failed (exit status " + std::to_string(result.exitStatus) + ")"
                                         : " was killed by signal " + result.exitSignal;
    if (!firstLine.empty()) {
        message += ": ";
        message += firstLine;
    }
    return Error{.kind = ErrorKind::Remote, .message = std::move(message), .detail = result.err};
}

} // namespace ragdesk::client::ssh
