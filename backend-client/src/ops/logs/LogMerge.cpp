// LogQueue and the mergers: how records read on other threads and from several containers meet, in time order.

#include "ragdesk/client/ops/logs/LogBuffer.h"

#include <algorithm>
#include <limits>
#include <numeric>
#include <queue>

namespace ragdesk::client::ops {

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

} // namespace ragdesk::client::ops
