// The DockerTimestamped format (`docker logs -t`): the engine's timestamps inside a long line taken out.

#include "ops/logs/LogFormats.h"
#include "ops/logs/LogParsers.h"

#include "common/Ascii.h"

#include <vector>

namespace ragdesk::client::ops {
namespace logformat {
namespace {

using namespace std::chrono;
using ascii::isDigit;

// Where the engine's partial entries may end: docker splits every 16384 bytes exactly; podman's conmon reads
// 8192 bytes at a time, so the first part is at most that, the middle ones exactly that, the last at most that.
struct PartRule {
    size_t firstMin;
    size_t firstMax;
    size_t step;
    size_t lastMax;
};

constexpr auto kRejoinWindow = minutes(10);

// A timestamp of the same shape as the line's own at text[at], followed by a space, not before `notBefore` and
// not later than the window.
std::optional<ContainerTime> innerStamp(
    std::string_view text, size_t at, const Stamp& lead, std::string_view leadText, ContainerTime notBefore)
{
    if (at + lead.length + 1 > text.size() || text[at + lead.length] != ' ') {
        return std::nullopt;
    }
    const std::string_view candidate = text.substr(at, lead.length);
    // Same shape: digits where the line's stamp has digits, the same other characters elsewhere (a zone offset may
    // differ only in its digits).
    for (size_t k = 0; k < lead.length; ++k) {
        if (isDigit(leadText[k]) != isDigit(candidate[k]) || (!isDigit(leadText[k]) && leadText[k] != candidate[k])) {
            return std::nullopt;
        }
    }
    const auto stamp = readStamp(candidate, true);
    if (!stamp || stamp->time < notBefore || stamp->time > lead.time + kRejoinWindow) {
        return std::nullopt;
    }
    return stamp->time;
}

} // namespace

size_t removeInnerStamps(std::string_view text, const Stamp& lead, std::string_view leadText, std::string& out)
{
    PartRule rule{};
    if (lead.fractionDigits == 9) {
        rule = {16384, 16384, 16384, 16384};
    } else if (lead.fractionDigits == 0) {
        rule = {1, 8192, 8192, 8192};
    } else {
        return 1;
    }
    if (text.size() < rule.firstMin + lead.length + 1) {
        return 1;
    }
    // Candidate starts: the first part is at most firstMax long, so the first inner stamp starts there or before.
    const std::string_view yearPrefix = leadText.substr(0, 4);
    std::vector<size_t> firstCandidates;
    for (size_t at = text.find(yearPrefix, rule.firstMin); at != std::string_view::npos && at <= rule.firstMax;
         at = text.find(yearPrefix, at + 1)) {
        if (innerStamp(text, at, lead, leadText, lead.time)) {
            firstCandidates.push_back(at);
            if (firstCandidates.size() == 4) { // a text full of look-alikes: do not search forever
                break;
            }
        }
    }
    const size_t stampBytes = lead.length + 1;
    for (const size_t first : firstCandidates) {
        std::vector<size_t> cuts{first};
        ContainerTime previous = *innerStamp(text, first, lead, leadText, lead.time);
        size_t next = first + stampBytes + rule.step;
        while (next < text.size()) {
            const auto time = innerStamp(text, next, lead, leadText, previous);
            if (!time) {
                break;
            }
            cuts.push_back(next);
            previous = *time;
            next += stampBytes + rule.step;
        }
        const size_t lastPart = text.size() - (cuts.back() + stampBytes);
        if (lastPart > rule.lastMax) {
            continue;
        }
        out.clear();
        out.reserve(text.size());
        size_t from = 0;
        for (const size_t cut : cuts) {
            out.append(text.substr(from, cut - from));
            from = cut + stampBytes;
        }
        out.append(text.substr(from));
        return cuts.size() + 1;
    }
    return 1;
}

} // namespace logformat

using namespace logformat;

void LogParser::timestampedLine(std::string_view text, size_t droppedBytes)
{
    const size_t space = text.find(' ');
    const std::string_view stampText = text.substr(0, space);
    const auto stamp = readStamp(stampText, true);
    if (!stamp) {
        malformedLine(text, droppedBytes);
        return;
    }
    std::string_view content = space == std::string_view::npos ? std::string_view() : text.substr(space + 1);
    size_t parts = 1;
    if (m_options.rejoinTimestampedParts && droppedBytes == 0) {
        parts = removeInnerStamps(content, *stamp, stampText, m_scratch);
        if (parts > 1) {
            content = m_scratch;
        }
    }
    emit(m_options.stream, stamp->time, content, parts, droppedBytes, false);
}

} // namespace ragdesk::client::ops
