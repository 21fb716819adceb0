#pragma once

#include <chrono>
#include <functional>
#include <thread>

namespace ragdesk::test {

/// Polls a condition until it holds or the deadline passes; returns whether it held. The short pause between
/// polls is a poll interval, not synchronisation: the test asserts on the condition, never on elapsed time.
inline bool waitUntil(const std::function<bool()>& condition,
    std::chrono::milliseconds deadline = std::chrono::seconds(30),
    std::chrono::milliseconds interval = std::chrono::milliseconds(50))
{
    const auto end = std::chrono::steady_clock::now() + deadline;
    while (!condition()) {
        if (std::chrono::steady_clock::now() >= end) {
            return false;
        }
        std::this_thread::sleep_for(interval);
    }
    return true;
}

} // namespace ragdesk::test
