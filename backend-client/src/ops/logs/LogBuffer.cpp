#include "ragdesk/client/ops/logs/LogBuffer.h"

#include "ops/logs/LogCost.h"
#include "ops/logs/LogMatcherParts.h"

#include <algorithm>
#include <limits>

namespace ragdesk::client::ops {
namespace {

// Text blocks are this large unless one line needs more; few enough for a binary search, large enough that a
// block's allocation is rare (STYLE rule 8: no growing string to copy at millions of lines).
constexpr size_t kBlockBytes = size_t{1} << 20;

} // namespace

/// A batch of lines and where it sits in the buffer; the batch's dropped lines are the evicted ones.
struct LogBuffer::Block {
    LogBatch lines;
    LogLineId firstId = 0; ///< id of the batch's first line, dropped or not

    size_t end() const { return lines.m_metas.size(); }
};

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
        if (!back || m_backShared || !back->lines.fits(record.text.size())) {
            auto block = std::make_shared<Block>();
            block->lines = LogBatch(std::max(kBlockBytes, record.text.size()));
            block->firstId = m_firstId + static_cast<LogLineId>(m_size);
            if (back) {
                block->lines.m_metas.reserve(back->lines.m_metas.size()); // lines of the same source are alike
                if (!m_backShared) {
                    back->lines.shrinkToFit();
                }
            }
            m_blocks.push_back(std::move(block));
            back = m_blocks.back().get();
            m_backShared = false;
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
    auto block = std::make_shared<Block>();
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
        [](LogLineId value, const std::shared_ptr<Block>& block) { return value < block->firstId; });
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

void LogBuffer::filterBlock(
    const Block& block, size_t from, size_t to, const LogMatcher& matcher, std::vector<LogLineId>& out)
{
    const LogMatcher::Compiled& compiled = matcher.compiled();
    const LogBatch& lines = block.lines;
    const auto& metas = lines.m_metas;
    const char* data = lines.m_text.data();
    auto headMatches = [&](size_t line) {
        const unsigned levelStream = metas[line].levelStream;
        return compiled.headMatches(levelStream & 7u, (levelStream & 8u) != 0, metas[line].source);
    };
    auto textOf = [&](size_t line) {
        const size_t begin = lines.textBegin(line);
        return std::string_view(data + begin, metas[line].textEnd - begin);
    };
    auto keep = [&](size_t line) { out.push_back(block.firstId + static_cast<LogLineId>(line)); };
    // Calls found(line) for each line in [from, to) whose text holds the searcher's needle, in order: one search
    // over the block's whole text, never a match running from one line into the next.
    auto eachHolding = [&](const Searcher& searcher, auto&& found) {
        const size_t end = metas[to - 1].textEnd;
        size_t pos = lines.textBegin(from);
        size_t line = from;
        while (line < to) {
            const size_t hit = searcher.find(data, pos, end);
            if (hit == std::string_view::npos) {
                return;
            }
            while (metas[line].textEnd <= hit) {
                ++line;
            }
            if (hit + searcher.size() <= metas[line].textEnd) {
                found(line);
                pos = metas[line].textEnd;
                ++line;
            } else {
                pos = hit + 1;
            }
        }
    };
    if (matcher.matchesAnyText()) {
        for (size_t line = from; line < to; ++line) {
            if (headMatches(line)) {
                keep(line);
            }
        }
    } else if (compiled.substring) {
        eachHolding(*compiled.substring, [&](size_t line) {
            if (headMatches(line)) {
                keep(line);
            }
        });
    } else {
        // The expression runs on the lines holding one of its literals, or on every line when it has none.
        std::vector<bool> candidate(to - from, compiled.literals.empty());
        for (const Searcher& literal : compiled.literals) {
            eachHolding(literal, [&](size_t line) { candidate[line - from] = true; });
        }
        for (size_t line = from; line < to; ++line) {
            if (candidate[line - from] && headMatches(line) && compiled.textMatches(textOf(line))) {
                keep(line);
            }
        }
    }
}

template <typename Visit> void LogBuffer::forEachBlockIn(size_t first, size_t last, Visit&& visit) const
{
    last = std::min(last, m_size);
    if (first >= last) {
        return;
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
        visit(block, std::max(from, block->lines.m_first), to);
    }
}

std::vector<LogLineId> LogBuffer::filter(const LogMatcher& matcher, size_t first, size_t last) const
{
    std::vector<LogLineId> out;
    forEachBlockIn(first, last, [&](const std::shared_ptr<Block>& block, size_t from, size_t to) {
        filterBlock(*block, from, to, matcher, out);
    });
    return out;
}

LogSnapshot LogBuffer::snapshot(size_t first, size_t last)
{
    LogSnapshot snapshot;
    forEachBlockIn(first, last, [&](const std::shared_ptr<Block>& block, size_t from, size_t to) {
        snapshot.m_parts.push_back({block, from, to});
    });
    if (snapshot.m_parts.empty()) {
        return snapshot;
    }
    if (snapshot.m_parts.back().block == m_blocks.back() && !m_backShared) {
        // From now on the last block is read elsewhere: it no longer changes, not even to give back spare room.
        m_blocks.back()->lines.shrinkToFit();
        m_backShared = true;
    }
    return snapshot;
}

size_t LogSnapshot::size() const
{
    size_t lines = 0;
    for (const Part& part : m_parts) {
        lines += part.to - part.from;
    }
    return lines;
}

std::vector<LogSnapshot> LogSnapshot::split(size_t parts) const
{
    std::vector<LogSnapshot> dealt(std::clamp<size_t>(m_parts.size(), 1, std::max<size_t>(parts, 1)));
    for (size_t part = 0; part < m_parts.size(); ++part) {
        dealt[part % dealt.size()].m_parts.push_back(m_parts[part]);
    }
    return dealt;
}

void LogSnapshot::filter(const LogMatcher& matcher, const std::function<bool(std::vector<LogLineId>&&)>& hits) const
{
    for (auto part = m_parts.rbegin(); part != m_parts.rend(); ++part) {
        std::vector<LogLineId> found;
        LogBuffer::filterBlock(*part->block, part->from, part->to, matcher, found);
        if (!hits(std::move(found))) {
            return;
        }
    }
}

} // namespace ragdesk::client::ops
