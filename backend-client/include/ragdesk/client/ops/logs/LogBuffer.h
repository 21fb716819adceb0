#pragma once

#include "ragdesk/client/common/Result.h"
#include "ragdesk/client/ops/logs/LogMatcher.h"
#include "ragdesk/client/ops/logs/LogRecord.h"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <functional>
#include <iosfwd>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace ragdesk::client::ops {

/// A line's place in a LogBuffer, stable while it stays there (indices shift when older lines are evicted or
/// prepended, ids do not). Appended lines get increasing ids, prepended ones decreasing.
using LogLineId = int64_t;

/// One stored line as a view into the buffer: valid until the buffer is next changed.
struct LogLine : LogLineHead {
    LogLineId id = 0;
    bool gapBefore = false; ///< lines were dropped right before this one (a full LogQueue)
    std::string_view text;
    std::span<const StyleSpan> spans;
};

/// Log lines stored the way a LogBuffer keeps them: the texts back to back in one string, 12 bytes of metadata per
/// line and the spans of the lines that have any. History is parsed into batches on a reader thread
/// (LogParser::feed) and LogBuffer::prepend takes a batch over as one of its blocks, so a line is neither allocated
/// on its own nor copied on the way. At most 4 GiB of text per batch.
class LogBatch {
public:
    LogBatch() = default;
    /// Room for this many text bytes before the text grows.
    explicit LogBatch(size_t textBytes) { m_text.reserve(textBytes); }

    size_t size() const { return m_metas.size() - m_first; }
    bool empty() const { return size() == 0; }
    /// Line index (0 = the oldest kept) as a view valid until the batch changes; its id is its index.
    LogLine at(size_t index) const { return lineAt(m_first + index, static_cast<LogLineId>(index)); }
    ContainerTime time(size_t index) const;
    /// What LogBufferLimits::maxBytes counts for line index, and for all lines.
    size_t cost(size_t index) const;
    size_t cost() const;
    /// Text bytes of the kept lines.
    size_t textBytes() const { return m_text.size() - textBegin(m_first); }

    void add(const LogRecord& record);
    /// Copies lines [first, last) of another batch to the end.
    void add(const LogBatch& from, size_t first, size_t last);
    /// Adds a line written in place: write(text, spans) appends the line's text to text and its spans (relative to
    /// the line's start) to spans, and returns the rest of the line. The parsers clean text straight into the batch.
    template <typename Write> void addWritten(Write&& write)
    {
        const size_t spansBefore = m_spans.size();
        const LogLineHead head = write(m_text, m_spans);
        commit(head, false, spansBefore);
    }

    /// Forgets the count oldest lines; their text stays allocated until the batch goes.
    void dropFront(size_t count);
    /// Splits off lines [index, size()) as a batch of their own, keeping [0, index). The larger part keeps the
    /// storage; the smaller one is copied.
    LogBatch splitAt(size_t index);
    /// Gives back what the text and the vectors over-allocated beyond room for spareLines more lines of the same
    /// average size, where that is over 1/16 of what they hold (less is not worth a copy).
    void shrinkToFit(size_t spareLines = 0);
    /// Bytes allocated for text, metadata and spans.
    size_t allocatedBytes() const;

private:
    friend class LogBuffer;
    struct Meta {
        uint32_t textEnd; ///< end of this line's text (it starts where the previous one ends)
        int32_t micros; ///< after m_timeBase; kTimeElsewhere: the time is in m_farTimes
        uint16_t source;
        uint8_t levelStream; ///< level in bits 0-2, stream in bit 3
        uint8_t flags;
    };

    using SpanEntry = std::vector<std::pair<uint32_t, uint32_t>>::const_iterator;

    void addLine(std::string_view text, std::span<const StyleSpan> spans, const LogLineHead& head, bool gapBefore);
    void commit(const LogLineHead& head, bool gapBefore, size_t spansBefore);
    /// The span index entry of the first line at or after line that has spans.
    SpanEntry spanEntryFrom(size_t line) const;
    /// The time of a line by its index in m_metas.
    ContainerTime timeOf(size_t line) const;
    size_t textBegin(size_t line) const { return line == 0 ? 0 : m_metas[line - 1].textEnd; }
    std::span<const StyleSpan> spansOf(size_t line) const;
    LogLine lineAt(size_t line, LogLineId id) const;
    /// Whether a line of this many text bytes fits without the text growing.
    bool fits(size_t textBytes) const;

    std::string m_text;
    std::vector<Meta> m_metas; ///< every line, the dropped ones first
    std::vector<std::pair<uint32_t, uint32_t>> m_spanIndex; ///< (line, first span) of lines with spans, by line
    std::vector<StyleSpan> m_spans;
    /// Times are kept in 32 bits as µs after the first line's (±35 minutes); the few lines further away keep theirs
    /// here, by line, so a line costs 12 bytes besides its text.
    int64_t m_timeBase = 0;
    std::vector<std::pair<uint32_t, int64_t>> m_farTimes;
    size_t m_first = 0; ///< lines before it are dropped
};

class LogSnapshot;

/// Bounds of a LogBuffer. maxBytes bounds the live lines' text plus 12 bytes of metadata per line plus their
/// spans; memory adds at most one partly filled text block and the evicted head of the oldest one.
struct LogBufferLimits {
    size_t maxLines = 1'000'000;
    size_t maxBytes = size_t{256} << 20;
};

/// The bounded store behind a log view (STYLE rule 8): text in large blocks with 12 bytes of metadata per line,
/// appended at the end (live, newer) and prepended at the front (history loaded newest range first; a prepended
/// LogBatch becomes a block as it is). When full, appending evicts the oldest lines and prepending refuses the oldest
/// of what it is given; both are counted in droppedOlder() for the view to show ("12,345 older lines dropped"). Lines
/// a full LogQueue dropped are counted in droppedUnread(). Not synchronised: one owner thread (the UI); readers get
/// views valid until the next change.
class LogBuffer {
public:
    explicit LogBuffer(LogBufferLimits limits = {});
    ~LogBuffer();
    LogBuffer(LogBuffer&&) noexcept;
    LogBuffer& operator=(LogBuffer&&) noexcept;

    /// The service/container table that LogRecord::source and LogLine::source index. Returns the index of name,
    /// adding it when new (at most 65536 names; past that everything maps to the last one).
    uint16_t addSource(std::string_view name);
    std::string_view sourceName(uint16_t source) const;
    size_t sourceCount() const;

    /// Newer lines, in order, after the last one. Evicts the oldest when over a limit.
    void append(std::span<const LogRecord> records);
    void append(const LogRecord& record) { append(std::span<const LogRecord>(&record, 1)); }
    /// Older lines, in order (oldest first), before the first one. When they do not all fit, the newest that fit
    /// are kept and the rest counted as dropped. Returns how many were kept: fewer than given means full, so stop
    /// loading history.
    size_t prepend(std::span<const LogRecord> records);
    /// The same for a batch, which becomes one of the buffer's blocks (the oldest lines that do not fit dropped).
    size_t prepend(LogBatch&& batch);

    size_t size() const { return m_size; }
    bool empty() const { return m_size == 0; }
    /// No room for older lines: prepend would drop them.
    bool full() const;
    const LogBufferLimits& limits() const { return m_limits; }

    /// Line i (0 = oldest), i < size().
    LogLine at(size_t index) const;
    /// Id of line i, and back; nullopt when that line is no longer (or not yet) here.
    LogLineId idAt(size_t index) const { return m_firstId + static_cast<LogLineId>(index); }
    std::optional<size_t> indexOf(LogLineId id) const;
    /// Calls visit(line) for lines [first, last) in order, faster than at() per line.
    template <typename Visit> void forEach(size_t first, size_t last, Visit&& visit) const;

    /// Ids of the lines in [first, last) that match, in order. Substring search runs over whole text blocks
    /// (about 10-20 ms per million 125-byte lines).
    std::vector<LogLineId> filter(const LogMatcher& matcher, size_t first = 0, size_t last = SIZE_MAX) const;
    /// Lines [first, last) as they are now, for searching on another thread while this buffer goes on changing.
    LogSnapshot snapshot(size_t first = 0, size_t last = SIZE_MAX);

    /// Lines evicted from the front or refused by prepend since construction/clear().
    uint64_t droppedOlder() const { return m_droppedOlder; }
    /// Lines a LogQueue dropped before they reached this buffer (sum of LogRecord::skippedBefore appended).
    uint64_t droppedUnread() const { return m_droppedUnread; }
    /// Bytes the limits count (text + 16 per line + spans of live lines).
    size_t usedBytes() const { return m_usedBytes; }
    /// Bytes allocated for text, metadata and spans.
    size_t allocatedBytes() const;

    void clear();

private:
    friend class LogSnapshot;
    struct Block;
    struct Place {
        const Block* block;
        size_t line; ///< index in the block
    };

    Place locate(size_t index) const;
    LogLine lineAt(const Block& block, size_t line) const;
    void evictFront(size_t count);
    void enforceLimits();
    /// Calls visit(block, from, to) for each block holding lines of index range [first, last), oldest first, with
    /// the block's live lines of that range as [from, to).
    template <typename Visit> void forEachBlockIn(size_t first, size_t last, Visit&& visit) const;
    static void filterBlock(
        const Block& block, size_t from, size_t to, const LogMatcher& matcher, std::vector<LogLineId>& out);

    LogBufferLimits m_limits;
    /// Shared with snapshots, which keep a block alive (not changing) after it left the buffer.
    std::deque<std::shared_ptr<Block>> m_blocks;
    bool m_backShared = false; ///< a snapshot holds the last block: appending starts a new one
    std::vector<std::string> m_sources;
    LogLineId m_firstId = 0; ///< id of the oldest live line
    size_t m_size = 0;
    size_t m_usedBytes = 0;
    uint64_t m_droppedOlder = 0;
    uint64_t m_droppedUnread = 0;
};

/// Lines of a LogBuffer as they were when it was taken, searchable on any thread while the buffer goes on (its
/// blocks stay alive and unchanged: the buffer starts a new block for lines appended after it). Ids are the
/// buffer's; lines evicted from the buffer meanwhile are still searched, so a caller drops ids older than the
/// buffer's first. Copies share the blocks.
class LogSnapshot {
public:
    size_t size() const;
    /// Searches the newest lines first, a block at a time: hits(ids) gets each block's matches in order (each call's
    /// ids older than the previous call's), and none when the block has none. Stops early when hits returns false.
    void filter(const LogMatcher& matcher, const std::function<bool(std::vector<LogLineId>&&)>& hits) const;
    /// The lines dealt out block by block into at most `parts` snapshots (fewer when there are fewer blocks), to
    /// search on that many threads; each still newest first.
    std::vector<LogSnapshot> split(size_t parts) const;

private:
    friend class LogBuffer;
    struct Part {
        std::shared_ptr<const LogBuffer::Block> block;
        size_t from;
        size_t to;
    };
    std::vector<Part> m_parts; ///< oldest first
};

template <typename Visit> void LogBuffer::forEach(size_t first, size_t last, Visit&& visit) const
{
    last = last < m_size ? last : m_size;
    for (size_t index = first; index < last; ++index) {
        visit(at(index));
    }
}

/// The bounded hand-off between the thread that reads a log source and the consumer (the UI tick): push never
/// waits for the consumer. When the queue is full, pushed records are dropped and counted; the next record that
/// gets in carries the count in LogRecord::skippedBefore, so the buffer marks the gap and counts it. Thread-safe
/// (one mutex, held only to move vectors).
class LogQueue {
public:
    explicit LogQueue(size_t maxRecords = 200'000, size_t maxBytes = size_t{64} << 20);

    /// Reader side. Takes what fits, in order, and drops the rest; returns how many were taken.
    size_t push(std::vector<LogRecord>&& records);
    /// Consumer side: everything queued, oldest first (at most maxRecords at once).
    std::vector<LogRecord> drain(size_t maxRecords = SIZE_MAX);

    size_t size() const;
    /// Records dropped because the queue was full, since construction.
    uint64_t dropped() const;

private:
    mutable std::mutex m_mutex;
    std::deque<LogRecord> m_records;
    size_t m_bytes = 0;
    size_t m_maxRecords;
    size_t m_maxBytes;
    uint64_t m_dropped = 0;
    uint32_t m_pendingSkip = 0; ///< dropped since the last record that got in
};

/// Merges per-container batches into one, ordered by time. Each batch is expected in time order (a batch that is
/// not is sorted first, stably); equal times keep batch order, then order within the batch. Lines are copied only
/// where there is something to merge or sort: a single sorted batch comes back as it is.
LogBatch mergeByTime(std::vector<LogBatch> batches);

/// Orders live records of several containers that arrive slightly out of order (each container's pipes and
/// channels deliver on their own): holds each record for `window` after it arrived, then releases records in time
/// order. A record arriving after newer ones were released goes out at once (counted in late()).
class LiveMerger {
public:
    using Clock = std::chrono::steady_clock;

    explicit LiveMerger(std::chrono::milliseconds window = std::chrono::milliseconds(300), size_t maxPending = 100'000);

    void add(LogRecord record, Clock::time_point arrived);
    void add(std::vector<LogRecord>&& records, Clock::time_point arrived);
    /// Records due at `now`, in time order: those held for the window, and all older ones.
    std::vector<LogRecord> release(Clock::time_point now);
    /// Everything held, in time order.
    std::vector<LogRecord> flush();

    size_t pending() const { return m_records.size(); }
    uint64_t late() const { return m_late; }

private:
    struct Held {
        LogRecord record;
        uint64_t order; ///< arrival order: ties keep it
    };
    void insert(LogRecord&& record);
    std::vector<LogRecord> releaseUpTo(ContainerTime time);

    std::chrono::milliseconds m_window;
    size_t m_maxPending;
    std::deque<Held> m_records; ///< by (time, order)
    std::deque<std::pair<Clock::time_point, ContainerTime>> m_arrivals; ///< arrival order
    std::optional<ContainerTime> m_released; ///< newest time released
    uint64_t m_order = 0;
    uint64_t m_late = 0;
};

/// What to save. Lines outside [from, to] are skipped; of the rest, at most maxLines lines and maxBytes bytes
/// are written, the newest ones when keepNewest (the end of a log is what an operator sends), else the oldest.
struct SaveBounds {
    size_t first = 0; ///< index range of the buffer
    size_t last = SIZE_MAX;
    std::optional<ContainerTime> from;
    std::optional<ContainerTime> to;
    size_t maxLines = SIZE_MAX;
    size_t maxBytes = SIZE_MAX;
    bool keepNewest = true;
    const LogMatcher* filter = nullptr; ///< only matching lines, when set
};

/// What saveLogs wrote.
struct SaveSummary {
    size_t lines = 0;
    size_t bytes = 0;
    size_t skipped = 0; ///< in range and time but over maxLines/maxBytes
};

/// Writes lines as plain text, one per line and never a cut one: `2026-11-25T18:44:44.867458Z web | text` (UTC,
/// µs, the source's name), `... web (stderr) | text` for stderr. A stream or file that fails comes back as an
/// Error of kind Protocol (the client has no local I/O kind; AuditLog does the same).
Result<SaveSummary> saveLogs(const LogBuffer& buffer, std::ostream& out, const SaveBounds& bounds = {});
/// The same into a file (mode 0600), written to "<path>.part" and renamed over path when complete.
Result<SaveSummary> saveLogs(const LogBuffer& buffer, const std::filesystem::path& path, const SaveBounds& bounds = {});

/// "2026-11-25T18:44:44.867458Z".
std::string formatLogTime(ContainerTime time);

} // namespace ragdesk::client::ops
