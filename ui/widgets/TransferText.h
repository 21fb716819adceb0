#pragma once

#include <QString>

#include <cstdint>

// Sizes and transfer rates as the pages show them: binary units ("2.8 MiB"), in the person's locale.
namespace ragdesk::ui {

/// "2.8 MiB": a size in binary units with one decimal.
QString sizeText(std::uint64_t bytes);

/// "12.3 MiB/s, 4 s left": the rate of a transfer (an upload, a download) from the bytes it moved in `seconds`, and
/// the time the bytes left take at that rate. Empty until there is enough to say (nothing moved, or under 0.2 s).
QString transferRateText(std::uint64_t moved, std::uint64_t left, double seconds);

} // namespace ragdesk::ui
