#pragma once

#include <chrono>
#include <cstdint>
#include <ostream>
#include <string>

namespace ragdesk::ragctl {

/// One transfer's progress as a bar with percentage and rate, redrawn in place on a terminal. Disabled (when
/// the stream is not a terminal) it prints nothing, so piped output stays clean.
class ProgressBar {
public:
    ProgressBar(std::ostream& out, const std::string& label, bool enabled);
    ~ProgressBar();
    ProgressBar(const ProgressBar&) = delete;
    ProgressBar& operator=(const ProgressBar&) = delete;

    /// Redraws only when the percentage changes or a fifth of a second has passed (the rate moves constantly).
    void update(std::uint64_t done, std::uint64_t total);
    /// Ends the bar's line; later output starts on a fresh one.
    void finish();

private:
    using Clock = std::chrono::steady_clock;

    std::ostream& m_out;
    std::string m_label;
    bool m_enabled;
    bool m_drawn = false;
    Clock::time_point m_start = Clock::now();
    Clock::time_point m_lastDraw;
    int m_lastPercent = -1;
};

} // namespace ragdesk::ragctl
