#pragma once

// A GUI program started from outside, as a user starts it, for the benchmarks that measure the whole process:
// bench_startup (time to the first paint, memory) and bench_idle (CPU while it sits on a page).

#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

extern char** environ;

/// A program started with its stdout on a pipe and waited for to its "painted" line (`ragdesk --report-first-paint`
/// and the bare-window floor print it); ended with SIGTERM when this goes.
class SpawnedApp {
public:
    SpawnedApp(const std::string& program, const std::vector<std::string>& args)
    {
        int out[2];
        if (pipe(out) != 0) {
            throw std::runtime_error("pipe failed");
        }
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
        posix_spawn_file_actions_addclose(&actions, out[0]);
        std::vector<char*> argv{const_cast<char*>(program.c_str())};
        for (const std::string& arg : args) {
            argv.push_back(const_cast<char*>(arg.c_str()));
        }
        argv.push_back(nullptr);
        const auto started = std::chrono::steady_clock::now();
        const int spawned = posix_spawn(&m_pid, program.c_str(), &actions, nullptr, argv.data(), environ);
        posix_spawn_file_actions_destroy(&actions);
        close(out[1]);
        m_out = out[0];
        if (spawned != 0) {
            close(m_out);
            throw std::runtime_error("cannot start " + program);
        }
        std::string seen;
        char buffer[256];
        while (seen.find("painted\n") == std::string::npos) {
            const ssize_t got = read(m_out, buffer, sizeof buffer);
            if (got <= 0) {
                end();
                throw std::runtime_error(program + " ended before its first paint");
            }
            seen.append(buffer, static_cast<size_t>(got));
        }
        m_firstPaintMs = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
    }
    ~SpawnedApp() { end(); }
    SpawnedApp(const SpawnedApp&) = delete;
    SpawnedApp& operator=(const SpawnedApp&) = delete;

    /// From the start to the "painted" line.
    double firstPaintMs() const { return m_firstPaintMs; }

    double residentMiB() const
    {
        std::ifstream status("/proc/" + std::to_string(m_pid) + "/status");
        for (std::string line; std::getline(status, line);) {
            if (line.rfind("VmRSS:", 0) == 0) {
                return std::stod(line.substr(6)) / 1024.0; // kB
            }
        }
        return 0;
    }

    /// User + system CPU time the process (all its threads) used so far.
    double cpuSeconds() const
    {
        std::ifstream stat("/proc/" + std::to_string(m_pid) + "/stat");
        std::string all((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
        // Fields after the command name (which may hold spaces) in parentheses; utime and stime are 14 and 15.
        std::istringstream fields(all.substr(all.rfind(')') + 2));
        std::string field;
        double ticks = 0;
        for (int number = 3; number <= 15 && fields >> field; ++number) {
            ticks += number >= 14 ? std::stod(field) : 0;
        }
        return ticks / static_cast<double>(sysconf(_SC_CLK_TCK));
    }

private:
    void end()
    {
        if (m_pid > 0) {
            kill(m_pid, SIGTERM);
            waitpid(m_pid, nullptr, 0);
            close(m_out);
            m_pid = 0;
        }
    }

    pid_t m_pid = 0;
    int m_out = -1;
    double m_firstPaintMs = 0;
};
