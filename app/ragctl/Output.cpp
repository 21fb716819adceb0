#include "Output.h"

#include <fmt/chrono.h>
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <sstream>

namespace ragdesk::ragctl {
namespace {

bool isContinuationByte(char c)
{
    return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
}

void printPadded(std::ostream& out, const std::string& text, size_t width)
{
    out << text << std::string(width - std::min(width, displayWidth(text)), ' ');
}

} // namespace

void Table::print(std::ostream& out) const
{
    std::vector<size_t> widths(m_headers.size(), 0);
    const auto measure = [&](const std::vector<std::string>& row) {
        for (size_t i = 0; i < row.size() && i < widths.size(); ++i) {
            widths[i] = std::max(widths[i], displayWidth(row[i]));
        }
    };
    measure(m_headers);
    std::for_each(m_rows.begin(), m_rows.end(), measure);
    const auto printRow = [&](const std::vector<std::string>& row) {
        std::ostringstream line;
        for (size_t i = 0; i < row.size() && i < widths.size(); ++i) {
            if (i + 1 == row.size()) {
                line << row[i];
            } else {
                printPadded(line, row[i], widths[i] + 2);
            }
        }
        // An empty last cell would leave the padding of the one before it.
        std::string text = std::move(line).str();
        text.erase(text.find_last_not_of(' ') + 1);
        out << text << '\n';
    };
    printRow(m_headers);
    std::for_each(m_rows.begin(), m_rows.end(), printRow);
}

void printFields(std::ostream& out, const std::vector<std::pair<std::string, std::string>>& fields)
{
    size_t width = 0;
    for (const auto& field : fields) {
        width = std::max(width, displayWidth(field.first));
    }
    for (const auto& [label, value] : fields) {
        printPadded(out, label, width + 2);
        out << value << '\n';
    }
}

size_t displayWidth(std::string_view text)
{
    return static_cast<size_t>(std::count_if(text.begin(), text.end(), [](char c) { return !isContinuationByte(c); }));
}

std::string oneLine(std::string_view text, size_t maxChars)
{
    std::string line;
    size_t chars = 0;
    for (size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (!isContinuationByte(c) && chars++ == maxChars) {
            line += "…";
            break;
        }
        line += (c == '\n' || c == '\r' || c == '\t') ? ' ' : c;
    }
    return line;
}

std::string shortTime(const std::optional<client::api::Timestamp>& time)
{
    if (!time) {
        return "-";
    }
    return fmt::format("{:%Y-%m-%d %H:%M}", std::chrono::floor<std::chrono::seconds>(*time));
}

std::string yesNo(bool value)
{
    return value ? "yes" : "no";
}

std::string humanBytes(std::uint64_t bytes)
{
    static constexpr const char* kUnits[] = {"B", "KiB", "MiB", "GiB"};
    auto value = static_cast<double>(bytes);
    size_t unit = 0;
    while (value >= 1024 && unit + 1 < std::size(kUnits)) {
        value /= 1024;
        ++unit;
    }
    return unit == 0 ? fmt::format("{} B", bytes) : fmt::format("{:.1f} {}", value, kUnits[unit]);
}

std::string humanDuration(std::chrono::microseconds duration)
{
    const double ms = milliseconds(duration);
    return ms < 10000 ? fmt::format("{:.1f} ms", ms) : fmt::format("{:.2f} s", ms / 1000);
}

std::string humanAge(std::chrono::seconds age)
{
    const long long seconds = std::max<long long>(0, age.count());
    if (seconds < 60) {
        return fmt::format("{}s", seconds);
    }
    if (seconds < 3600) {
        return fmt::format("{}m {}s", seconds / 60, seconds % 60);
    }
    if (seconds < 86400) {
        return fmt::format("{}h {}m", seconds / 3600, seconds % 3600 / 60);
    }
    return fmt::format("{}d {}h", seconds / 86400, seconds % 86400 / 3600);
}

double milliseconds(std::chrono::microseconds duration)
{
    return std::round(static_cast<double>(duration.count()) / 100.0) / 10.0;
}

std::string dollars(double usd)
{
    return fmt::format("${:.6f}", usd);
}

std::string fixed(double value, int decimals)
{
    return fmt::format("{:.{}f}", value, decimals);
}

std::string shortId(const std::string& id)
{
    return id.substr(0, 8);
}

} // namespace ragdesk::ragctl
