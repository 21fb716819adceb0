#include "RagctlProcess.h"

#include <cerrno>
#include <csignal>
#include <cstring>
#include <stdexcept>

#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace ragdesk::test {
namespace {

std::vector<std::string> childEnvironment(const EnvChanges& changes)
{
    std::map<std::string, std::string> variables;
    for (char** entry = environ; *entry; ++entry) {
        const std::string text = *entry;
        const size_t equals = text.find('=');
        const std::string name = text.substr(0, equals);
        if (equals != std::string::npos && name.rfind("RAGDESK_", 0) != 0) {
            variables[name] = text.substr(equals + 1);
        }
    }
    variables["XDG_CONFIG_HOME"] = "/nonexistent/ragctl-test-config";
    for (const auto& [name, value] : changes) {
        if (value) {
            variables[name] = *value;
        } else {
            variables.erase(name);
        }
    }
    std::vector<std::string> entries;
    for (const auto& [name, value] : variables) {
        entries.push_back(name + "=" + value);
    }
    return entries;
}

void check(bool ok, const char* what)
{
    if (!ok) {
        throw std::runtime_error(std::string(what) + ": " + std::strerror(errno));
    }
}

} // namespace

RagctlProcess::RagctlProcess(const std::vector<std::string>& args, const EnvChanges& env, const RagctlIo& io)
{
    int in[2];
    int out[2];
    int err[2];
    check(pipe2(in, O_CLOEXEC) == 0 && pipe2(out, O_CLOEXEC) == 0, "pipe");
    if (io.stderrOnTerminal || io.interactive) {
        check(openpty(&err[0], &err[1], nullptr, nullptr, nullptr) == 0, "openpty");
        fcntl(err[0], F_SETFD, FD_CLOEXEC);
        fcntl(err[1], F_SETFD, FD_CLOEXEC);
    } else {
        check(pipe2(err, O_CLOEXEC) == 0, "pipe");
    }
    // Everything the child needs is built before fork: only async-signal-safe calls may follow it.
    std::vector<std::string> argStrings{RAGCTL_PATH};
    argStrings.insert(argStrings.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (std::string& arg : argStrings) {
        argv.push_back(arg.data());
    }
    argv.push_back(nullptr);
    std::vector<std::string> envStrings = childEnvironment(env);
    std::vector<char*> envp;
    for (std::string& entry : envStrings) {
        envp.push_back(entry.data());
    }
    envp.push_back(nullptr);
    const int devNull = open("/dev/null", O_RDONLY | O_CLOEXEC);

    m_pid = fork();
    check(m_pid >= 0, "fork");
    if (m_pid == 0) {
        dup2(io.interactive ? err[1] : io.stdinText ? in[0] : devNull, STDIN_FILENO);
        dup2(out[1], STDOUT_FILENO);
        dup2(err[1], STDERR_FILENO);
        execve(argv[0], argv.data(), envp.data());
        _exit(127);
    }
    close(devNull);
    close(in[0]);
    close(out[1]);
    close(err[1]);
    if (io.stdinText) {
        // Small inputs fit the pipe buffer, so this never blocks on a child that reads late.
        [[maybe_unused]] const ssize_t written = write(in[1], io.stdinText->data(), io.stdinText->size());
    }
    close(in[1]);
    m_outFd = out[0];
    m_errFd = err[0];
    if (io.interactive) {
        m_terminalFd = dup(err[0]);
    }
}

RagctlProcess::~RagctlProcess()
{
    if (m_pid > 0) {
        kill(m_pid, SIGKILL);
        waitpid(m_pid, nullptr, 0);
    }
    for (const int fd : {m_outFd, m_errFd, m_terminalFd}) {
        if (fd >= 0) {
            close(fd);
        }
    }
}

bool RagctlProcess::pump(std::chrono::milliseconds timeout)
{
    std::vector<pollfd> fds;
    for (const int fd : {m_outFd, m_errFd}) {
        if (fd >= 0) {
            fds.push_back({fd, POLLIN, 0});
        }
    }
    if (fds.empty()) {
        return false;
    }
    if (poll(fds.data(), fds.size(), static_cast<int>(timeout.count())) <= 0) {
        return true;
    }
    for (const pollfd& polled : fds) {
        if (!polled.revents) {
            continue;
        }
        char buffer[8192];
        const ssize_t n = read(polled.fd, buffer, sizeof buffer);
        int& fd = polled.fd == m_outFd ? m_outFd : m_errFd;
        std::string& text = polled.fd == m_outFd ? m_run.out : m_run.err;
        if (n > 0) {
            text.append(buffer, static_cast<size_t>(n));
        } else if (n == 0 || errno != EINTR) { // a pty master reports the child's end as EIO
            close(fd);
            fd = -1;
        }
    }
    return true;
}

bool RagctlProcess::waitFor(
    const std::function<bool(const RagctlRun& sofar)>& condition, std::chrono::milliseconds deadline)
{
    const auto end = std::chrono::steady_clock::now() + deadline;
    while (!condition(m_run)) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(end - std::chrono::steady_clock::now());
        if (left.count() <= 0 || !pump(std::min(left, std::chrono::milliseconds(1000)))) {
            return condition(m_run);
        }
    }
    return true;
}

void RagctlProcess::typeLine(const std::string& text)
{
    const std::string line = text + "\n";
    if (m_terminalFd < 0 || write(m_terminalFd, line.data(), line.size()) != static_cast<ssize_t>(line.size())) {
        throw std::runtime_error("cannot type on the terminal of this run");
    }
}

void RagctlProcess::sendSignal(int signal)
{
    kill(m_pid, signal);
}

RagctlRun RagctlProcess::finish(std::chrono::milliseconds deadline)
{
    const auto end = std::chrono::steady_clock::now() + deadline;
    while (pump(std::chrono::milliseconds(1000))) {
        if (std::chrono::steady_clock::now() >= end) {
            kill(m_pid, SIGKILL);
            m_run.err += "\n[test: ragctl killed after the deadline]";
            break;
        }
    }
    int status = 0;
    waitpid(m_pid, &status, 0);
    m_pid = -1;
    m_run.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return m_run;
}

RagctlRun runRagctl(const std::vector<std::string>& args, const EnvChanges& env, const RagctlIo& io)
{
    return RagctlProcess(args, env, io).finish();
}

std::vector<std::string> linesOf(const std::string& text)
{
    std::vector<std::string> lines;
    size_t start = 0;
    while (start < text.size()) {
        const size_t end = text.find('\n', start);
        lines.push_back(text.substr(start, end == std::string::npos ? std::string::npos : end - start));
        if (end == std::string::npos) {
            break;
        }
        start = end + 1;
    }
    return lines;
}

} // namespace ragdesk::test
