#pragma once

#include "ragdesk/client/api/Timestamp.h"

#include <chrono>
#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ragdesk::ragctl {

/// Rows printed in aligned columns for people (--json output never goes through here).
class Table {
public:
    explicit Table(std::vector<std::string> headers) : m_headers(std::move(headers)) { }

    void add(std::vector<std::string> row) { m_rows.push_back(std::move(row)); }
    bool empty() const { return m_rows.empty(); }
    /// Columns two spaces apart, widths by characters (UTF-8 aware); the last column is not padded.
    void print(std::ostream& out) const;

private:
    std::vector<std::string> m_headers;
    std::vector<std::vector<std::string>> m_rows;
};

/// "label  value" lines with the labels aligned, for one object (`bots show`).
void printFields(std::ostream& out, const std::vector<std::pair<std::string, std::string>>& fields);

/// Characters (code points) in UTF-8 text.
size_t displayWidth(std::string_view text);
/// At most `maxChars` characters on one line: line breaks become spaces, a cut ends with "…".
std::string oneLine(std::string_view text, size_t maxChars);
/// "2026-03-25 19:50" (UTC), or "-" for none.
std::string shortTime(const std::optional<client::api::Timestamp>& time);
std::string yesNo(bool value);
/// 1536 → "1.5 KiB".
std::string humanBytes(std::uint64_t bytes);
/// A duration in ms with one decimal, e.g. "341.2 ms"; seconds above 10 s.
std::string humanDuration(std::chrono::microseconds duration);
/// A coarse age in its two largest units: "42s", "7m 3s", "5h 12m", "3d 4h".
std::string humanAge(std::chrono::seconds age);
/// Milliseconds with one decimal, for JSON.
double milliseconds(std::chrono::microseconds duration);
/// US dollars with 6 decimals, as the API rounds costs.
std::string dollars(double usd);
/// A number with a fixed count of decimals.
std::string fixed(double value, int decimals);
/// The first 8 characters of an id, enough to tell ids apart on screen.
std::string shortId(const std::string& id);

} // namespace ragdesk::ragctl
