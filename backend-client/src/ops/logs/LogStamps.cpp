#include "ops/logs/LogFormats.h"
#include "ops/logs/LogParsers.h"

#include "common/TimeText.h"

namespace ragdesk::client::ops {
namespace logformat {

using namespace std::chrono;
using timetext::kDateTimeBytes;

std::optional<Stamp> readStampAfterClock(std::string_view text, int64_t clock, bool exact)
{
    const auto fraction = timetext::readFraction(text, kDateTimeBytes);
    if (!fraction || fraction->digits > 9) {
        return std::nullopt;
    }
    size_t i = fraction->end;
    int offsetMinutes = 0;
    if (i < text.size() && (text[i] == 'Z' || text[i] == 'z')) {
        ++i;
    } else if (i + 6 <= text.size() && (text[i] == '+' || text[i] == '-') && text[i + 3] == ':') {
        const int offsetHours = timetext::readDigits(text, i + 1, 2);
        const int offsetMins = timetext::readDigits(text, i + 4, 2);
        if (offsetHours < 0 || offsetHours > 23 || offsetMins < 0 || offsetMins > 59) {
            return std::nullopt;
        }
        offsetMinutes = (offsetHours * 60 + offsetMins) * (text[i] == '-' ? -1 : 1);
        i += 6;
    } else {
        return std::nullopt;
    }
    if (exact && i != text.size()) {
        return std::nullopt;
    }
    Stamp stamp;
    stamp.time = ContainerTime(microseconds((clock - int64_t{offsetMinutes} * 60) * 1000000 + fraction->micros));
    stamp.length = i;
    stamp.fractionDigits = static_cast<int>(fraction->digits);
    return stamp;
}

std::optional<Stamp> readStamp(std::string_view text, bool exact)
{
    const auto clock = timetext::readDateTime(text, false);
    return clock ? readStampAfterClock(text, *clock, exact) : std::nullopt;
}

} // namespace logformat

std::optional<ContainerTime> parseLogTime(std::string_view text)
{
    const auto stamp = logformat::readStamp(text, true);
    if (!stamp) {
        return std::nullopt;
    }
    return stamp->time;
}

} // namespace ragdesk::client::ops
