#include "ragdesk/client/ops/LogBuffer.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <fstream>
#include <limits>
#include <numeric>
#include <ostream>
#include <queue>
#include <system_error>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace ragdesk::client::ops {
namespace {

// Text blocks are this large unless one line needs more; few enough for a binary search, large enough that a
// block's allocation is rare (STYLE rule 8: no growing string to copy at millions of lines).
constexpr size_t kBlockBytes = size_t{1} << 20;
constexpr size_t kSaveChunkBytes = size_t{1} << 20;
constexpr size_t kMetaBytes = 16;

// Meta::flags bits.
constexpr unsigned kRejoined = 1;
constexpr unsigned kRepaired = 2;
constexpr unsigned kTruncated = 4;
constexpr unsigned kMalformed = 8;
constexpr unsigned kGapBefore = 16;
constexpr unsigned kHasSpans = 32;

/// What LogBufferLimits::maxBytes counts for a record.
size_t recordCost(const LogRecord& record)
{
    return record.text.size() + kMetaBytes + record.spans.size() * sizeof(StyleSpan);
}

constexpr std::array<char, 256> makeFoldTable()
{
    std::array<char, 256> table{};
    for (size_t c = 0; c < 256; ++c) {
        table[c] = static_cast<char>((c >= 'A' && c <= 'Z') ? c - 'A' + 'a' : c);
    }
    return table;
}
constexpr std::array<char, 256> kFold = makeFoldTable();

inline char fold(char c)
{
    return kFold[static_cast<unsigned char>(c)];
}

bool equalFolded(const char* text, const char* foldedNeedle, size_t count)
{
    for (size_t k = 0; k < count; ++k) {
        if (fold(text[k]) != foldedNeedle[k]) {
            return false;
        }
    }
    return true;
}

char upperOf(char c)
{
    return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
}

// Substring search over a block's text. Candidates are positions whose first and last bytes match the needle's
// (in either case when ignoring case), found 16 at a time with SSE2 where the target has it (x86-64 always does),
// then checked whole. Elsewhere memmem, or a plain scan when ignoring case.
class Searcher {
public:
    Searcher(std::string_view needle, bool caseSensitive) : m_caseSensitive(caseSensitive)
    {
        m_needle.reserve(needle.size());
        for (const char c : needle) {
            m_needle.push_back(caseSensitive ? c : fold(c));
        }
    }

    size_t size() const { return m_needle.size(); }

    // The first match in [from, to) of data, or npos.
    size_t find(const char* data, size_t from, size_t to) const
    {
        const size_t n = m_needle.size();
        if (n == 0 || to < from + n) {
            return n == 0 && from <= to ? from : std::string_view::npos;
        }
        const char first = m_needle.front();
        const char last = m_needle.back();
        size_t i = from;
#if defined(__SSE2__)
        const __m128i firstLower = _mm_set1_epi8(first);
        const __m128i firstUpper = _mm_set1_epi8(m_caseSensitive ? first : upperOf(first));
        const __m128i lastLower = _mm_set1_epi8(last);
        const __m128i lastUpper = _mm_set1_epi8(m_caseSensitive ? last : upperOf(last));
        for (; i + n - 1 + 16 <= to; i += 16) {
            const __m128i heads = _mm_loadu_si128(reinterpret_cast<const __m128i*>(data + i));
            const __m128i tails = _mm_loadu_si128(reinterpret_cast<const __m128i*>(data + i + n - 1));
            const __m128i headMatch =
                _mm_or_si128(_mm_cmpeq_epi8(heads, firstLower), _mm_cmpeq_epi8(heads, firstUpper));
            const __m128i tailMatch = _mm_or_si128(_mm_cmpeq_epi8(tails, lastLower), _mm_cmpeq_epi8(tails, lastUpper));
            auto mask = static_cast<unsigned>(_mm_movemask_epi8(_mm_and_si128(headMatch, tailMatch)));
            while (mask != 0) {
                const auto bit = static_cast<size_t>(__builtin_ctz(mask));
                if (n <= 2 ||
                    (m_caseSensitive ? std::memcmp(data + i + bit + 1, m_needle.data() + 1, n - 2) == 0
                                     : equalFolded(data + i + bit + 1, m_needle.data() + 1, n - 2))) {
                    return i + bit;
                }
                mask &= mask - 1;
            }
        }
#else
        if (m_caseSensitive) {
            const void* hit = memmem(data + from, to - from, m_needle.data(), n);
            return hit ? static_cast<size_t>(static_cast<const char*>(hit) - data) : std::string_view::npos;
        }
#endif
        for (; i + n <= to; ++i) {
            if (m_caseSensitive ? (data[i] == first && std::memcmp(data + i, m_needle.data(), n) == 0)
                                : (fold(data[i]) == first && equalFolded(data + i, m_needle.data(), n))) {
                return i;
            }
        }
        return std::string_view::npos;
    }

private:
    bool m_caseSensitive;
    std::string m_needle;
};

void appendTime(std::string& out, ContainerTime time)
{
    using namespace std::chrono;
    const auto day = floor<days>(time);
    const year_month_day date(day);
    const hh_mm_ss<microseconds> clock(time - day);
    char text[32];
    const int year = static_cast<int>(date.year());
    auto put = [&](size_t at, unsigned value, size_t width) {
        for (size_t k = width; k-- > 0;) {
            text[at + k] = static_cast<char>('0' + value % 10);
            value /= 10;
        }
    };
    put(0, static_cast<unsigned>(std::clamp(year, 0, 9999)), 4);
    text[4] = '-';
    put(5, static_cast<unsigned>(date.month()), 2);
    text[7] = '-';
    put(8, static_cast<unsigned>(date.day()), 2);
    text[10] = 'T';
    put(11, static_cast<unsigned>(clock.hours().count()), 2);
    text[13] = ':';
    put(14, static_cast<unsigned>(clock.minutes().count()), 2);
    text[16] = ':';
    put(17, static_cast<unsigned>(clock.seconds().count()), 2);
    text[19] = '.';
    put(20, static_cast<unsigned>(clock.subseconds().count()), 6);
    text[26] = 'Z';
    out.append(text, 27);
}

Error writeError(std::string message)
{
    Error error;
    error.kind = ErrorKind::Protocol;
    error.message = std::move(message);
    return error;
}

} // namespace

// --- LogBatch --------------------------------------------------------------------------------------------------

ContainerTime LogBatch::time(size_t index) const
{
    return ContainerTime(std::chrono::microseconds(m_metas[m_first + index].micros));
}

size_t LogBatch::cost() const
{
    const auto firstSpans = spanEntryFrom(m_first);
    const size_t spans = firstSpans == m_spanIndex.end() ? 0 : m_spans.size() - firstSpans->second;
    return textBytes() + size() * kMetaBytes + spans * sizeof(StyleSpan);
}

size_t LogBatch::cost(size_t index) const
{
    const size_t line = m_first + index;
    return m_metas[line].textEnd - textBegin(line) + kMetaBytes + spansOf(line).size() * sizeof(StyleSpan);
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
    result.time = ContainerTime(std::chrono::microseconds(meta.micros));
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
    static_assert(sizeof(Meta) == kMetaBytes);
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
    m_metas.push_back(Meta{head.time.time_since_epoch().count(), static_cast<uint32_t>(m_text.size()), head.source,
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
}

size_t LogBatch::allocatedBytes() const
{
    return m_text.capacity() + m_metas.capacity() * sizeof(Meta) + m_spanIndex.capacity() * sizeof(m_spanIndex[0]) +
        m_spans.capacity() * sizeof(StyleSpan);
}

// --- LogBuffer -------------------------------------------------------------------------------------------------

/// A batch of lines and where it sits in the buffer; the batch's dropped lines are the evicted ones.
struct LogBuffer::Block {
    LogBatch lines;
    LogLineId firstId = 0; ///< id of the batch's first line, dropped or not

    size_t end() const { return lines.m_metas.size(); }
};

uint8_t LogFilter::atLeast(LogLevel level)
{
    unsigned mask = 0;
    for (unsigned k = static_cast<unsigned>(level); k <= static_cast<unsigned>(LogLevel::Fatal); ++k) {
        mask |= 1u << k;
    }
    if (level != LogLevel::Unknown) {
        mask &= ~1u;
    }
    return static_cast<uint8_t>(mask);
}

LogBuffer::LogBuffer(LogBufferLimits limits) : m_limits(limits) { }

LogBuffer::~LogBuffer() = default;
LogBuffer::LogBuffer(LogBuffer&&) noexcept = default;
LogBuffer& LogBuffer::operator=(LogBuffer&&) noexcept = default;

uint16_t LogBuffer::addSource(std::string_view name)
{
    for (size_t k = 0; k < m_sources.size(); ++k) {
        if (m_sources[k] == name) {
            return static_cast<uint16_t>(k);
        }
    }
    if (m_sources.size() > std::numeric_limits<uint16_t>::max()) {
        return std::numeric_limits<uint16_t>::max();
    }
    m_sources.emplace_back(name);
    return static_cast<uint16_t>(m_sources.size() - 1);
}

std::string_view LogBuffer::sourceName(uint16_t source) const
{
    return source < m_sources.size() ? std::string_view(m_sources[source]) : std::string_view();
}

size_t LogBuffer::sourceCount() const
{
    return m_sources.size();
}

bool LogBuffer::full() const
{
    return m_size >= m_limits.maxLines || m_usedBytes >= m_limits.maxBytes;
}

void LogBuffer::append(std::span<const LogRecord> records)
{
    // More than fits at all: the oldest of them would be evicted at once.
    if (records.size() > m_limits.maxLines) {
        const size_t skip = records.size() - m_limits.maxLines;
        for (size_t k = 0; k < skip; ++k) {
            m_droppedUnread += records[k].skippedBefore;
        }
        m_droppedOlder += skip;
        records = records.subspan(skip);
    }
    for (const LogRecord& record : records) {
        Block* back = m_blocks.empty() ? nullptr : m_blocks.back().get();
        if (!back || !back->lines.fits(record.text.size())) {
            auto block = std::make_unique<Block>();
            block->lines = LogBatch(std::max(kBlockBytes, record.text.size()));
            block->firstId = m_firstId + static_cast<LogLineId>(m_size);
            if (back) {
                block->lines.m_metas.reserve(back->lines.m_metas.size()); // lines of the same source are alike
                back->lines.shrinkToFit();
            }
            m_blocks.push_back(std::move(block));
            back = m_blocks.back().get();
        }
        back->lines.add(record);
        ++m_size;
        m_usedBytes += recordCost(record);
        m_droppedUnread += record.skippedBefore;
        enforceLimits();
    }
}

size_t LogBuffer::prepend(std::span<const LogRecord> records)
{
    // As batches of up to a block's size, the newest first: each keeps the newest of its lines that fit.
    size_t kept = 0;
    size_t end = records.size();
    while (end > 0) {
        size_t begin = end - 1;
        size_t bytes = records[begin].text.size();
        while (begin > 0 && bytes + records[begin - 1].text.size() <= kBlockBytes) {
            bytes += records[--begin].text.size();
        }
        LogBatch batch(bytes);
        for (size_t k = begin; k < end; ++k) {
            batch.add(records[k]);
        }
        const size_t took = prepend(std::move(batch));
        for (size_t k = end - took; k < end; ++k) {
            m_droppedUnread += records[k].skippedBefore;
        }
        kept += took;
        if (took < end - begin) {
            m_droppedOlder += begin; // full: the older batches are refused too
            break;
        }
        end = begin;
    }
    return kept;
}

size_t LogBuffer::prepend(LogBatch&& batch)
{
    // The newest that fit: all of them, as a rule.
    size_t keep = 0;
    size_t bytes = 0;
    const size_t all = batch.cost();
    if (m_size + batch.size() <= m_limits.maxLines && m_usedBytes + all <= m_limits.maxBytes) {
        keep = batch.size();
        bytes = all;
    }
    while (keep < batch.size()) {
        const size_t cost = batch.cost(batch.size() - 1 - keep);
        if (m_size + keep + 1 > m_limits.maxLines || m_usedBytes + bytes + cost > m_limits.maxBytes) {
            break;
        }
        bytes += cost;
        ++keep;
    }
    m_droppedOlder += batch.size() - keep;
    if (keep == 0) {
        return 0;
    }
    batch.dropFront(batch.size() - keep);
    batch.shrinkToFit();
    auto block = std::make_unique<Block>();
    block->firstId = m_firstId - static_cast<LogLineId>(keep) - static_cast<LogLineId>(batch.m_first);
    block->lines = std::move(batch);
    m_blocks.push_front(std::move(block));
    m_firstId -= static_cast<LogLineId>(keep);
    m_size += keep;
    m_usedBytes += bytes;
    return keep;
}

void LogBuffer::enforceLimits()
{
    while (m_size > 0 && (m_size > m_limits.maxLines || m_usedBytes > m_limits.maxBytes)) {
        evictFront(1);
    }
}

void LogBuffer::evictFront(size_t count)
{
    while (count > 0 && !m_blocks.empty()) {
        LogBatch& lines = m_blocks.front()->lines;
        const size_t take = std::min(lines.size(), count);
        for (size_t line = 0; line < take; ++line) {
            m_usedBytes -= lines.cost(line);
        }
        lines.dropFront(take);
        m_firstId += static_cast<LogLineId>(take);
        m_size -= take;
        m_droppedOlder += take;
        count -= take;
        if (lines.empty()) {
            m_blocks.pop_front();
        }
    }
}

void LogBuffer::clear()
{
    m_firstId += static_cast<LogLineId>(m_size);
    m_blocks.clear();
    m_size = 0;
    m_usedBytes = 0;
    m_droppedOlder = 0;
    m_droppedUnread = 0;
}

size_t LogBuffer::allocatedBytes() const
{
    size_t total = 0;
    for (const auto& block : m_blocks) {
        total += block->lines.allocatedBytes();
    }
    return total;
}

LogBuffer::Place LogBuffer::locate(size_t index) const
{
    const LogLineId id = m_firstId + static_cast<LogLineId>(index);
    const auto it = std::upper_bound(m_blocks.begin(), m_blocks.end(), id,
        [](LogLineId value, const std::unique_ptr<Block>& block) { return value < block->firstId; });
    const Block& block = **(it - 1);
    return Place{&block, static_cast<size_t>(id - block.firstId)};
}

LogLine LogBuffer::lineAt(const Block& block, size_t line) const
{
    return block.lines.lineAt(line, block.firstId + static_cast<LogLineId>(line));
}

LogLine LogBuffer::at(size_t index) const
{
    const Place place = locate(index);
    return lineAt(*place.block, place.line);
}

std::optional<size_t> LogBuffer::indexOf(LogLineId id) const
{
    if (id < m_firstId || id >= m_firstId + static_cast<LogLineId>(m_size)) {
        return std::nullopt;
    }
    return static_cast<size_t>(id - m_firstId);
}

bool LogBuffer::matches(const LogFilter& filter, const LogLine& line) const
{
    if (!(filter.levels & (1u << static_cast<unsigned>(line.level)))) {
        return false;
    }
    if (filter.stream && *filter.stream != line.stream) {
        return false;
    }
    if (!filter.sources.empty() &&
        std::find(filter.sources.begin(), filter.sources.end(), line.source) == filter.sources.end()) {
        return false;
    }
    if (filter.text.empty()) {
        return true;
    }
    const Searcher searcher(filter.text, filter.caseSensitive);
    return searcher.find(line.text.data(), 0, line.text.size()) != std::string_view::npos;
}

void LogBuffer::filterBlock(
    const Block& block, size_t from, size_t to, const LogFilter& filter, std::vector<LogLineId>& out) const
{
    const bool anyLevel = (filter.levels & 0x7F) == 0x7F;
    const LogBatch& lines = block.lines;
    const auto& metas = lines.m_metas;
    auto metaMatches = [&](const LogBatch::Meta& meta) {
        if (!anyLevel && !(filter.levels & (1u << (meta.levelStream & 7u)))) {
            return false;
        }
        if (filter.stream && ((meta.levelStream & 8u) != 0) != (*filter.stream == LogStream::Stderr)) {
            return false;
        }
        return filter.sources.empty() ||
            std::find(filter.sources.begin(), filter.sources.end(), meta.source) != filter.sources.end();
    };
    if (filter.text.empty()) {
        for (size_t line = from; line < to; ++line) {
            if (metaMatches(metas[line])) {
                out.push_back(block.firstId + static_cast<LogLineId>(line));
            }
        }
        return;
    }
    const Searcher searcher(filter.text, filter.caseSensitive);
    const char* data = lines.m_text.data();
    const size_t end = metas[to - 1].textEnd;
    size_t pos = lines.textBegin(from);
    size_t line = from;
    while (line < to) {
        const size_t hit = searcher.find(data, pos, end);
        if (hit == std::string_view::npos) {
            break;
        }
        while (metas[line].textEnd <= hit) {
            ++line;
        }
        if (hit + searcher.size() <= metas[line].textEnd) {
            if (metaMatches(metas[line])) {
                out.push_back(block.firstId + static_cast<LogLineId>(line));
            }
            pos = metas[line].textEnd;
            ++line;
        } else {
            pos = hit + 1; // across two lines: not a match
        }
    }
}

std::vector<LogLineId> LogBuffer::filter(const LogFilter& filter, size_t first, size_t last) const
{
    std::vector<LogLineId> out;
    last = std::min(last, m_size);
    if (first >= last) {
        return out;
    }
    const LogLineId firstId = m_firstId + static_cast<LogLineId>(first);
    const LogLineId lastId = m_firstId + static_cast<LogLineId>(last);
    for (const auto& block : m_blocks) {
        const LogLineId blockEnd = block->firstId + static_cast<LogLineId>(block->end());
        if (blockEnd <= firstId) {
            continue;
        }
        if (block->firstId >= lastId) {
            break;
        }
        const auto from = static_cast<size_t>(std::max(firstId, block->firstId) - block->firstId);
        const auto to = static_cast<size_t>(std::min(lastId, blockEnd) - block->firstId);
        filterBlock(*block, std::max(from, block->lines.m_first), to, filter, out);
    }
    return out;
}

// --- LogQueue --------------------------------------------------------------------------------------------------

LogQueue::LogQueue(size_t maxRecords, size_t maxBytes) : m_maxRecords(maxRecords), m_maxBytes(maxBytes) { }

size_t LogQueue::push(std::vector<LogRecord>&& records)
{
    const std::lock_guard lock(m_mutex);
    size_t taken = 0;
    for (LogRecord& record : records) {
        const size_t bytes = record.text.size() + record.spans.size() * sizeof(StyleSpan);
        if (m_records.size() >= m_maxRecords || m_bytes + bytes > m_maxBytes) {
            break;
        }
        if (m_pendingSkip > 0) {
            record.skippedBefore = std::max(record.skippedBefore, m_pendingSkip);
            m_pendingSkip = 0;
        }
        m_bytes += bytes;
        m_records.push_back(std::move(record));
        ++taken;
    }
    const size_t dropped = records.size() - taken;
    m_dropped += dropped;
    const uint64_t skip = uint64_t{m_pendingSkip} + dropped;
    m_pendingSkip = static_cast<uint32_t>(std::min<uint64_t>(skip, std::numeric_limits<uint32_t>::max()));
    records.clear();
    return taken;
}

std::vector<LogRecord> LogQueue::drain(size_t maxRecords)
{
    const std::lock_guard lock(m_mutex);
    const size_t count = std::min(maxRecords, m_records.size());
    std::vector<LogRecord> out;
    out.reserve(count);
    for (size_t k = 0; k < count; ++k) {
        m_bytes -= m_records.front().text.size() + m_records.front().spans.size() * sizeof(StyleSpan);
        out.push_back(std::move(m_records.front()));
        m_records.pop_front();
    }
    return out;
}

size_t LogQueue::size() const
{
    const std::lock_guard lock(m_mutex);
    return m_records.size();
}

uint64_t LogQueue::dropped() const
{
    const std::lock_guard lock(m_mutex);
    return m_dropped;
}

// --- Merging ---------------------------------------------------------------------------------------------------

LogBatch mergeByTime(std::vector<LogBatch> batches)
{
    // Each batch's lines by time: as they are where sorted (the rule), else through a stably sorted order.
    std::vector<std::vector<size_t>> orders(batches.size());
    size_t textBytes = 0;
    size_t filled = 0;
    for (size_t b = 0; b < batches.size(); ++b) {
        const LogBatch& batch = batches[b];
        if (batch.empty()) {
            continue;
        }
        ++filled;
        textBytes += batch.textBytes();
        for (size_t k = 1; k < batch.size(); ++k) {
            if (batch.time(k) < batch.time(k - 1)) {
                std::vector<size_t>& order = orders[b];
                order.resize(batch.size());
                std::iota(order.begin(), order.end(), size_t{0});
                std::stable_sort(
                    order.begin(), order.end(), [&](size_t x, size_t y) { return batch.time(x) < batch.time(y); });
                break;
            }
        }
    }
    if (filled == 0) {
        return {};
    }
    if (filled == 1) {
        for (size_t b = 0; b < batches.size(); ++b) {
            if (!batches[b].empty() && orders[b].empty()) {
                return std::move(batches[b]); // one sorted batch: nothing to copy
            }
        }
    }
    auto lineOf = [&](size_t b, size_t k) { return orders[b].empty() ? k : orders[b][k]; };
    LogBatch out(textBytes);
    using Head = std::pair<ContainerTime, size_t>;
    std::priority_queue<Head, std::vector<Head>, std::greater<Head>> heads;
    std::vector<size_t> next(batches.size(), 0);
    for (size_t b = 0; b < batches.size(); ++b) {
        if (!batches[b].empty()) {
            heads.emplace(batches[b].time(lineOf(b, 0)), b);
        }
    }
    while (!heads.empty()) {
        const size_t b = heads.top().second;
        heads.pop();
        const size_t line = lineOf(b, next[b]);
        out.add(batches[b], line, line + 1);
        if (++next[b] < batches[b].size()) {
            heads.emplace(batches[b].time(lineOf(b, next[b])), b);
        }
    }
    return out;
}

LiveMerger::LiveMerger(std::chrono::milliseconds window, size_t maxPending) : m_window(window), m_maxPending(maxPending)
{
}

void LiveMerger::insert(LogRecord&& record)
{
    Held held{std::move(record), m_order++};
    const auto byTime = [](const Held& a, const Held& b) { return a.record.time < b.record.time; };
    if (m_records.empty() || !(held.record.time < m_records.back().record.time)) {
        m_records.push_back(std::move(held));
    } else {
        m_records.insert(std::upper_bound(m_records.begin(), m_records.end(), held, byTime), std::move(held));
    }
}

void LiveMerger::add(LogRecord record, Clock::time_point arrived)
{
    if (m_released && record.time < *m_released) {
        ++m_late;
    }
    m_arrivals.emplace_back(arrived, record.time);
    insert(std::move(record));
}

void LiveMerger::add(std::vector<LogRecord>&& records, Clock::time_point arrived)
{
    for (LogRecord& record : records) {
        add(std::move(record), arrived);
    }
    records.clear();
}

std::vector<LogRecord> LiveMerger::releaseUpTo(ContainerTime time)
{
    std::vector<LogRecord> out;
    while (!m_records.empty() && !(time < m_records.front().record.time)) {
        out.push_back(std::move(m_records.front().record));
        m_records.pop_front();
    }
    return out;
}

std::vector<LogRecord> LiveMerger::release(Clock::time_point now)
{
    std::optional<ContainerTime> due;
    while (!m_arrivals.empty() && m_arrivals.front().first + m_window <= now) {
        due = due ? std::max(*due, m_arrivals.front().second) : m_arrivals.front().second;
        m_arrivals.pop_front();
    }
    // Late records sort before everything held, so they go out first, as they are.
    if (m_released && !m_records.empty() && m_records.front().record.time < *m_released) {
        due = due ? std::max(*due, *m_released) : *m_released;
    }
    std::vector<LogRecord> out = due ? releaseUpTo(*due) : std::vector<LogRecord>{};
    while (m_records.size() > m_maxPending) {
        out.push_back(std::move(m_records.front().record));
        m_records.pop_front();
    }
    if (m_records.empty()) {
        m_arrivals.clear();
    }
    if (!out.empty()) {
        m_released = m_released ? std::max(*m_released, out.back().time) : out.back().time;
    }
    return out;
}

std::vector<LogRecord> LiveMerger::flush()
{
    std::vector<LogRecord> out;
    out.reserve(m_records.size());
    for (Held& held : m_records) {
        out.push_back(std::move(held.record));
    }
    m_records.clear();
    m_arrivals.clear();
    if (!out.empty()) {
        m_released = m_released ? std::max(*m_released, out.back().time) : out.back().time;
    }
    return out;
}

// --- Saving ----------------------------------------------------------------------------------------------------

std::string formatLogTime(ContainerTime time)
{
    std::string text;
    appendTime(text, time);
    return text;
}

Result<SaveSummary> saveLogs(const LogBuffer& buffer, std::ostream& out, const SaveBounds& bounds)
{
    const size_t first = std::min(bounds.first, buffer.size());
    const size_t last = std::min(bounds.last, buffer.size());
    auto selected = [&](const LogLine& line) {
        if ((bounds.from && line.time < *bounds.from) || (bounds.to && *bounds.to < line.time)) {
            return false;
        }
        return !bounds.filter || buffer.matches(*bounds.filter, line);
    };
    auto lineBytes = [&](const LogLine& line) {
        const size_t streamMark = line.stream == LogStream::Stderr ? 9 : 0; // " (stderr)"
        return 27 + 1 + buffer.sourceName(line.source).size() + streamMark + 3 + line.text.size() + 1;
    };
    // Which lines go out: count from the kept end until a bound is reached.
    SaveSummary summary;
    size_t begin = first;
    size_t end = last;
    {
        size_t lines = 0;
        size_t bytes = 0;
        bool stopped = false;
        auto consider = [&](size_t index) {
            const LogLine line = buffer.at(index);
            if (!selected(line)) {
                return true;
            }
            const size_t cost = lineBytes(line);
            if (stopped || lines + 1 > bounds.maxLines || bytes + cost > bounds.maxBytes) {
                stopped = true;
                ++summary.skipped;
                return false;
            }
            ++lines;
            bytes += cost;
            return true;
        };
        if (bounds.keepNewest) {
            for (size_t index = last; index > first; --index) {
                if (!consider(index - 1) && begin == first) {
                    begin = index;
                }
            }
        } else {
            for (size_t index = first; index < last; ++index) {
                if (!consider(index) && end == last) {
                    end = index;
                }
            }
        }
    }
    std::string chunk;
    chunk.reserve(kSaveChunkBytes);
    auto flush = [&] {
        out.write(chunk.data(), static_cast<std::streamsize>(chunk.size()));
        chunk.clear();
    };
    for (size_t index = begin; index < end; ++index) {
        const LogLine line = buffer.at(index);
        if (!selected(line)) {
            continue;
        }
        const size_t before = chunk.size();
        appendTime(chunk, line.time);
        chunk += ' ';
        chunk += buffer.sourceName(line.source);
        if (line.stream == LogStream::Stderr) {
            chunk += " (stderr)";
        }
        chunk += " | ";
        chunk += line.text;
        chunk += '\n';
        summary.bytes += chunk.size() - before;
        ++summary.lines;
        if (chunk.size() >= kSaveChunkBytes) {
            flush();
            if (!out) {
                return writeError("could not write the log lines");
            }
        }
    }
    flush();
    out.flush();
    if (!out) {
        return writeError("could not write the log lines");
    }
    return summary;
}

Result<SaveSummary> saveLogs(const LogBuffer& buffer, const std::filesystem::path& path, const SaveBounds& bounds)
{
    std::filesystem::path part = path;
    part += ".part";
    Result<SaveSummary> result = SaveSummary{};
    {
        std::ofstream out(part, std::ios::binary | std::ios::trunc);
        if (!out) {
            return writeError("could not create " + part.string());
        }
        result = saveLogs(buffer, out, bounds);
        out.close();
        if (result && !out) {
            result = writeError("could not write " + part.string());
        }
    }
    std::error_code error;
    if (!result) {
        std::filesystem::remove(part, error);
        return writeError(result.error().message + " (" + path.string() + ")");
    }
    std::filesystem::rename(part, path, error);
    if (error) {
        std::filesystem::remove(part, error);
        return writeError("could not rename " + part.string() + " to " + path.string() + ": " + error.message());
    }
    return result;
}

} // namespace ragdesk::client::ops
