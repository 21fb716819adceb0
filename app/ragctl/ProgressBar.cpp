#include "ProgressBar.h"

#include "Output.h"

namespace ragdesk::ragctl {
namespace {

constexpr int kBarWidth = 24;
constexpr auto kRedrawInterval = std::chrono::milliseconds(200);

} // namespace

ProgressBar::ProgressBar(std::ostream& out, const std::string& label, bool enabled)
    : m_out(out), m_label(oneLine(label, 32)), m_enabled(enabled)
{
}

ProgressBar::~ProgressBar()
{
    finish();
}

void ProgressBar::update(std::uint64_t done, std::uint64_t total)
{
    if (!m_enabled || total == 0) {
        return;
    }
    const auto now = Clock::now();
    const int percent = static_cast<int>(done >= total ? 100 : done * 100 / total);
    if (percent == m_lastPercent && now - m_lastDraw < kRedrawInterval) {
        return;
    }
    m_lastPercent = percent;
    m_lastDraw = now;
    const double seconds = std::chrono::duration<double>(now - m_start).count();
    const auto rate = static_cast<std::uint64_t>(seconds > 0 ? static_cast<double>(done) / seconds : 0);
    const int filled = percent * kBarWidth / 100;
    // \r returns to the line start, ESC[K clears what a longer earlier line left behind.
    m_out << '\r' << m_label << "  [" << std::string(static_cast<size_t>(filled), '#')
          << std::string(static_cast<size_t>(kBarWidth - filled), '.') << "] " << percent << "%  " << humanBytes(done)
          << " of " << humanBytes(total) << "  " << humanBytes(rate) << "/s\x1b[K" << std::flush;
    m_drawn = true;
}

void ProgressBar::finish()
{
    if (m_drawn) {
        m_out << '\n' << std::flush;
        m_drawn = false;
    }
}

} // namespace ragdesk::ragctl
