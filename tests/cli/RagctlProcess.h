#pragma once

#include <sys/types.h>

#include <chrono>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace ragdesk::test {

/// Environment changes for one run: a value sets the variable, nullopt removes it.
using EnvChanges = std::map<std::string, std::optional<std::string>>;

/// How a finished ragctl run went: exit code (-1 when killed by a signal) and its two output streams.
struct RagctlRun {
    int exitCode = -1;
    std::string out;
    std::string err;
};

/// Where the child's stdin and stderr come from / go to.
struct RagctlIo {
    std::optional<std::string> stdinText; ///< piped to stdin, then closed; none = /dev/null (also not a terminal)
    bool stderrOnTerminal = false; ///< stderr is a pseudo-terminal (for output drawn only on terminals)
    /// stdin and stderr are one pseudo-terminal, as for a person typing at prompts (typeLine() answers them);
    /// what the terminal shows, echo included, is read as stderr.
    bool interactive = false;
};

/// The built ragctl binary running as a child process, with stdout and stderr captured separately. The
/// environment starts from this process's, minus every RAGDESK_* variable and with an empty config dir, so no
/// developer setting leaks in; `env` adds what the test wants.
class RagctlProcess {
public:
    RagctlProcess(const std::vector<std::string>& args, const EnvChanges& env, const RagctlIo& io = {});
    ~RagctlProcess();
    RagctlProcess(const RagctlProcess&) = delete;
    RagctlProcess& operator=(const RagctlProcess&) = delete;

    /// Reads output until `condition(output so far)` holds; false when the deadline passes or the process ends.
    bool waitFor(const std::function<bool(const RagctlRun& sofar)>& condition,
        std::chrono::milliseconds deadline = std::chrono::seconds(60));
    /// Types a line on the terminal of an interactive run.
    void typeLine(const std::string& text);
    void sendSignal(int signal);
    /// Reads everything to the end and reaps the process (killing it after `deadline`).
    RagctlRun finish(std::chrono::milliseconds deadline = std::chrono::seconds(300));

private:
    /// One poll round over the open streams; false when all have closed.
    bool pump(std::chrono::milliseconds timeout);

    pid_t m_pid = -1;
    int m_outFd = -1;
    int m_errFd = -1;
    int m_terminalFd = -1; ///< the pty master of an interactive run (m_errFd reads the same terminal)
    RagctlRun m_run;
};

/// Runs ragctl to the end.
RagctlRun runRagctl(const std::vector<std::string>& args, const EnvChanges& env = {}, const RagctlIo& io = {});

/// The lines of a text, without their line ends.
std::vector<std::string> linesOf(const std::string& text);

} // namespace ragdesk::test
