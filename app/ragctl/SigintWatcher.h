#pragma once

#include <atomic>
#include <functional>
#include <thread>

#include <csignal>

namespace ragdesk::ragctl {

/// Turns Ctrl-C into a clean stop while it lives. The SIGINT handler only writes a byte to a pipe
/// (async-signal-safe); a small thread reads it and calls `onInterrupt` (e.g. a CancelSource's request_stop(), which
/// also holds when it lands before the request began).
/// A second Ctrl-C falls back to the default action and ends the process.
class SigintWatcher {
public:
    explicit SigintWatcher(std::function<void()> onInterrupt);
    ~SigintWatcher();
    SigintWatcher(const SigintWatcher&) = delete;
    SigintWatcher& operator=(const SigintWatcher&) = delete;

    bool interrupted() const { return m_interrupted; }

private:
    void watch();

    std::function<void()> m_onInterrupt;
    std::atomic<bool> m_interrupted{false};
    int m_pipe[2] = {-1, -1};
    struct sigaction m_previous { };
    std::thread m_thread;
};

} // namespace ragdesk::ragctl
