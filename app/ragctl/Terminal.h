#pragma once

#include <optional>
#include <string>

namespace ragdesk::ragctl {

/// The process's standard streams as a person sees them: whether they are terminals, prompts (secrets without
/// echo), and stdin read whole. Prompts go to stderr so stdout stays clean for tables and --json.
class Terminal {
public:
    bool stdinIsTerminal() const;
    bool stdoutIsTerminal() const;
    bool stderrIsTerminal() const;

    /// Prompts on stderr and reads one line from stdin; nullopt at end of input.
    std::optional<std::string> readLine(const std::string& prompt) const;
    /// Like readLine with echo turned off; the echo comes back even when Ctrl-C ends the prompt.
    std::optional<std::string> readSecret(const std::string& prompt) const;
    /// All of stdin, with one trailing newline removed (as `echo` and here-strings add it).
    std::string readAllStdin() const;
    /// All of stdin byte for byte, for data passed on to another program (`ops exec`); not after a prompt.
    std::string readStdinBytes() const;
};

} // namespace ragdesk::ragctl
