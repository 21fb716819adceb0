#pragma once

#include <QString>

#include <cstdint>

namespace ragdesk::ui {

/// "12.3 MiB/s, 4 s left": the rate of a transfer (an upload, a download) from the bytes it moved in `seconds`, and
/// the time the bytes left take at that rate. Empty until there is enough to say (nothing moved, or under 0.2 s).
QString transferRateText(std::uint64_t moved, std::uint64_t left, double seconds);

} // namespace ragdesk::ui
