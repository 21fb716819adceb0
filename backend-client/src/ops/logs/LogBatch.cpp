// LogBatch: lines stored as one text, one meta record each and their style spans.

#include "ops/logs/LogCost.h"
#include "ragdesk/client/ops/logs/LogBuffer.h"

#include <algorithm>
#include <limits>

namespace ragdesk::client::ops {
namespace {

// Meta::flags bits.
constexpr unsigned kRejoined = 1;
constexpr unsigned kRepaired = 2;
constexpr unsigned kTruncated = 4;
constexpr unsigned kMalformed = 8;
constexpr unsigned kGapBefore = 16;
constexpr unsigned kHasSpans = 32;

/// Meta::micros of a line whose time is too far from the batch's first to fit: it is in m_farTimes.
constexpr int32_t kTimeElsewhere = std::numeric_limits<int32_t>::min();

} // namespace

ContainerTime LogBatch::time(size_t index) const
{
    return timeOf(m_first + index);
}

ContainerTime LogBatch::timeOf(size_t line) const
{
    const int32_t micros = m_metas[line].micros;
    if (micros != kTimeElsewhere) {
        return ContainerTime(std::chrono::microseconds(m_timeBase + micros));
    }
    const auto far = std::lower_bound(m_farTimes.begin(), m_farTimes.end(), line,
        [](const std::pair<uint32_t, int64_t>& entry, size_t value) { return entry.first < value; });
    return ContainerTime(std::chrono::microseconds(far->second));
}

size_t LogBatch::cost() const
{
    const auto firstSpans = spanEntryFrom(m_first);
    const size_t spans = firstSpans == m_spanIndex.end() ? 0 : m_spans.size() - firstSpans->second;
    return textBytes() + size() * kLineMetaBytes + spans * sizeof(StyleSpan);
}

size_t LogBatch::cost(size_t index) const
{
    const size_t line = m_first + index;
    return m_metas[line].textEnd - textBegin(line) + kLineMetaBytes + spansOf(line).size() * sizeof(StyleSpan);
}

LogBatch::SpanEntry LogBatch::spanEntryFrom(size_t line) const
{
    return std::lower_bound(m_spanIndex.begin(), m_spanIndex.end(), line,
        [](const std::pair<uint32_t, uint32_t>& entry, size_t value) { return entry.first < value; });
}

std::span<const StyleSpan> LogBatch::spansOf(size_t line) const
{
    if (!(m_metas[line].flags & kHasSpans)) {
        return {};
    }
    const auto it = spanEntryFrom(line);
    const size_t begin = it->second;
    const size_t end = (it + 1) == m_spanIndex.end() ? m_spans.size() : (it + 1)->second;
    return std::span<const StyleSpan>(m_spans.data() + begin, end - begin);
}

LogLine LogBatch::lineAt(size_t line, LogLineId id) const
{
    const Meta& meta = m_metas[line];
    LogLine result;
    result.id = id;
    result.time = timeOf(line);
    result.level = static_cast<LogLevel>(meta.levelStream & 7u);
    result.stream = (meta.levelStream & 8u) ? LogStream::Stderr : LogStream::Stdout;
    result.source = meta.source;
    result.rejoined = meta.flags & kRejoined;
    result.repairedUtf8 = meta.flags & kRepaired;
    result.truncated = meta.flags & kTruncated;
    result.malformed = meta.flags & kMalformed;
    result.gapBefore = meta.flags & kGapBefore;
    const size_t begin = textBegin(line);
    result.text = std::string_view(m_text.data() + begin, meta.textEnd - begin);
    result.spans = spansOf(line);
    return result;
}

bool LogBatch::fits(size_t textBytes) const
{
    return m_text.size() + textBytes <= m_text.capacity() && m_metas.size() < std::numeric_limits<uint32_t>::max();
}

void LogBatch::commit(const LogLineHead& head, bool gapBefore, size_t spansBefore)
{
    static_assert(sizeof(Meta) == kLineMetaBytes);
    const bool hasSpans = m_spans.size() > spansBefore;
    if (hasSpans) {
        m_spanIndex.emplace_back(static_cast<uint32_t>(m_metas.size()), static_cast<uint32_t>(spansBefore));
    }
    unsigned flags = 0;
    flags |= head.rejoined ? kRejoined : 0u;
    flags |= head.repairedUtf8 ? kRepaired : 0u;
    flags |= head.truncated ? kTruncated : 0u;
    flags |= head.malformed ? kMalformed : 0u;
    flags |= gapBefore ? kGapBefore : 0u;
    flags |= hasSpans ? kHasSpans : 0u;
    const int64_t micros = head.time.time_since_epoch().count();
    if (m_metas.empty()) {
        m_timeBase = micros;
    }
    int64_t sinceBase = 0; // a time from a hostile line may be anything: no overflow on the way
    const bool near = !__builtin_sub_overflow(micros, m_timeBase, &sinceBase) && sinceBase > kTimeElsewhere &&
        sinceBase <= std::numeric_limits<int32_t>::max();
    if (!near) {
        m_farTimes.emplace_back(static_cast<uint32_t>(m_metas.size()), micros);
    }
    m_metas.push_back(
        Meta{static_cast<uint32_t>(m_text.size()), near ? static_cast<int32_t>(sinceBase) : kTimeElsewhere, head.source,
            static_cast<uint8_t>(static_cast<unsigned>(head.level) | (head.stream == LogStream::Stderr ? 8u : 0u)),
            static_cast<uint8_t>(flags)});
}

void LogBatch::addLine(std::string_view text, std::span<const StyleSpan> spans, const LogLineHead& head, bool gapBefore)
{
    const size_t spansBefore = m_spans.size();
    m_text += text;
    m_spans.insert(m_spans.end(), spans.begin(), spans.end());
    commit(head, gapBefore, spansBefore);
}

void LogBatch::add(const LogRecord& record)
{
    addLine(record.text, record.spans, record, record.skippedBefore > 0);
}

void LogBatch::add(const LogBatch& from, size_t first, size_t last)
{
    for (size_t line = from.m_first + first; line < from.m_first + last; ++line) {
        const LogLine copied = from.lineAt(line, 0);
        addLine(copied.text, copied.spans, copied, copied.gapBefore);
    }
}

void LogBatch::dropFront(size_t count)
{
    m_first += std::min(count, size());
}

LogBatch LogBatch::splitAt(size_t index)
{
    index = std::min(index, size());
    LogBatch part;
    if (index >= size() - index) {
        part.add(*this, index, size());
        // Cut the copied lines off the back.
        const size_t end = m_first + index;
        m_text.resize(textBegin(end));
        m_metas.resize(end);
        while (!m_spanIndex.empty() && m_spanIndex.back().first >= end) {
            m_spans.resize(m_spanIndex.back().second);
            m_spanIndex.pop_back();
        }
        while (!m_farTimes.empty() && m_farTimes.back().first >= end) {
            m_farTimes.pop_back();
        }
        return part;
    }
    part.add(*this, 0, index);
    dropFront(index);
    std::swap(part, *this);
    return part;
}

namespace {

/// Reallocates a string or vector to its size plus spare when it holds more than that plus 1/16 of its size.
template <typename Storage> void shrinkTo(Storage& storage, size_t spare)
{
    const size_t wanted = storage.size() + spare;
    if (storage.capacity() > wanted + storage.size() / 16) {
        Storage fitted;
        fitted.reserve(wanted);
        fitted.insert(fitted.end(), storage.begin(), storage.end());
        storage.swap(fitted);
    }
}

} // namespace

void LogBatch::shrinkToFit(size_t spareLines)
{
    const size_t lines = std::max<size_t>(m_metas.size(), 1);
    shrinkTo(m_text, m_text.size() / lines * spareLines);
    shrinkTo(m_metas, spareLines);
    shrinkTo(m_spanIndex, 0);
    shrinkTo(m_spans, 0);
    shrinkTo(m_farTimes, 0);
}

size_t LogBatch::allocatedBytes() const
{
    return m_text.capacity() + m_metas.capacity() * sizeof(Meta) + m_spanIndex.capacity() * sizeof(m_spanIndex[0]) +
        m_spans.capacity() * sizeof(StyleSpan) + m_farTimes.capacity() * sizeof(m_farTimes[0]);
}

} // namespace ragdesk::client::ops
