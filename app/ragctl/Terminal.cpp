#include "Terminal.h"

#include <cerrno>
#include <csignal>
#include <iostream>
#include <iterator>

#include <termios.h>
#include <unistd.h>

namespace ragdesk::ragctl {
namespace {

// The terminal state to restore if Ctrl-C arrives while echo is off: a signal handler can reach only globals.
termios g_savedTerminal{};

extern "C" void restoreEchoAndDie(int signal)
{
    tcsetattr(STDIN_FILENO, TCSANOW, &g_savedTerminal); // async-signal-safe
    std::signal(signal, SIG_DFL);
    std::raise(signal);
}

std::optional<std::string> readLineFromStdin()
{
    std::string line;
    if (!std::getline(std::cin, line)) {
        return std::nullopt;
    }
    if (!line.empty() && line.back() == '\r') {
        line.pop_back();
    }
    return line;
}

} // namespace

bool Terminal::stdinIsTerminal() const
{
    return isatty(STDIN_FILENO) == 1;
}

bool Terminal::stdoutIsTerminal() const
{
    return isatty(STDOUT_FILENO) == 1;
}

bool Terminal::stderrIsTerminal() const
{
    return isatty(STDERR_FILENO) == 1;
}

std::optional<std::string> Terminal::readLine(const std::string& prompt) const
{
    std::cerr << prompt << std::flush;
    return readLineFromStdin();
}

std::optional<std::string> Terminal::readSecret(const std::string& prompt) const
{
    if (tcgetattr(STDIN_FILENO, &g_savedTerminal) != 0) {
        return readLine(prompt);
    }
    termios silent = g_savedTerminal;
    silent.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    struct sigaction restoring { };
    restoring.sa_handler = restoreEchoAndDie;
    struct sigaction previous { };
    sigaction(SIGINT, &restoring, &previous);
    tcsetattr(STDIN_FILENO, TCSANOW, &silent);
    // The prompt comes after echo is off, so nothing typed ahead of it shows.
    std::cerr << prompt << std::flush;
    std::optional<std::string> secret = readLineFromStdin();
    tcsetattr(STDIN_FILENO, TCSANOW, &g_savedTerminal);
    sigaction(SIGINT, &previous, nullptr);
    std::cerr << '\n'; // the Enter the user typed was not echoed
    return secret;
}

std::string Terminal::readAllStdin() const
{
    std::string text(std::istreambuf_iterator<char>(std::cin), {});
    if (!text.empty() && text.back() == '\n') {
        text.pop_back();
        if (!text.empty() && text.back() == '\r') {
            text.pop_back();
        }
    }
    return text;
}

std::string Terminal::readStdinBytes() const
{
    // read(2) in large blocks: std::cin synced with stdio goes a character at a time, slow for a database dump.
    // Nothing has read stdin through std::cin before (no prompt runs off a terminal), so no byte waits there.
    std::string bytes;
    char buffer[1 << 16];
    for (;;) {
        const ssize_t n = read(STDIN_FILENO, buffer, sizeof buffer);
        if (n > 0) {
            bytes.append(buffer, static_cast<size_t>(n));
        } else if (n == 0 || errno != EINTR) {
            return bytes;
        }
    }
}

} // namespace ragdesk::ragctl
