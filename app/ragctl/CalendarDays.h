#pragma once

#include <optional>
#include <string>
#include <vector>

namespace ragdesk::ragctl {

/// Every UTC day a daily series should show, oldest first, as "YYYY-MM-DD": the last `window` days up to today
/// (the whole span of `seen` when no window is given), widened to any day in `seen`. The stats API leaves days
/// without data out; a series printed per day fills them with zero.
std::vector<std::string> calendarDays(std::optional<int> window, const std::vector<std::string>& seen);

} // namespace ragdesk::ragctl
