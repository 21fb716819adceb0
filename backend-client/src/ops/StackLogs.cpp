#include "ragdesk/client/ops/StackLogs.h"

#include "LogParsers.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <string>
#include <thread>

namespace ragdesk::client::ops {

namespace {

using Clock = std::chrono::steady_clock;
using ssh::ChannelStream;
constexpr auto kReadTimeout = std::chrono::seconds(60);
constexpr auto kLookTimeout = std::chrono::seconds(30);
constexpr auto kFollowPoll = std::chrono::milliseconds(500);
constexpr auto kMergeTick = std::chrono::milliseconds(50);
constexpr auto kRelook = std::chrono::seconds(2); ///< how often a follow looks for recreated containers
constexpr int kIdleLooks = 3;

Error cancelled()
{
    return Error{.kind = ErrorKind::Cancelled, .message = "log read cancelled"};
}

/// Whole seconds since the epoch, as `docker logs --since/--until` take them.
std::string unixSeconds(ContainerTime time)
{
    return std::to_string(std::chrono::floor<std::chrono::seconds>(time).time_since_epoch().count());
}

std::optional<int64_t> parseSeconds(std::string_view text)
{
    int64_t value = 0;
    if (text.empty() || text.size() > 18) {
        return std::nullopt;
    }
    for (const char c : text) {
        if (c < '0' || c > '9') {
            return std::nullopt;
        }
        value = value * 10 + (c - '0');
    }
    return value;
}

LogFormat fileFormat(const LogSource& source)
{
    return source.jsonFile ? LogFormat::DockerJsonFile : LogFormat::K8sFile;
}

/// Reads one container's log back in time, one range per call.
class HistoryFeed {
public:
    virtual ~HistoryFeed() = default;
    /// The next older range's lines (oldest first) into out, which is empty; false once the log's start has been
    /// read.
    virtual Result<bool> nextOlder(LogBatch& out) = 0;
    /// Everything at or after this time has been read, when the feed knows (time windows).
    virtual std::optional<ContainerTime> coveredFrom() const { return std::nullopt; }
    virtual uint64_t bytes() const = 0;
};

/// The log file read newest range first by one command that streams ranges [size - R, size), [size - 2R,
/// size - R), ... back to back (`dd` per range): the client knows where each range ends, and the channel's flow
/// control keeps the server from reading far ahead. Each older range is parsed by its own parser from historyCut
/// on; the bytes before the cut go to the end of the next older range.
class FileFeed final : public HistoryFeed {
public:
    FileFeed(ssh::SshConnection& ssh, const LogSource& source, uint16_t index, size_t rangeBytes, CancelToken cancel)
        : m_ssh(ssh),
          m_source(source),
          m_index(index),
          m_cancel(std::move(cancel)),
          m_range(std::clamp<size_t>(rangeBytes, 4096, size_t{1} << 30)), // a LogBatch holds up to 4 GiB
          m_end(source.fileSize)
    {
    }

    ~FileFeed() override
    {
        {
            const std::lock_guard lock(m_mutex);
            m_stop = true;
        }
        m_wake.notify_all();
        if (m_channel) {
            m_channel->cancel();
        }
        if (m_thread.joinable()) {
            m_thread.join();
        }
    }

    /// The ranges are received and parsed on a thread of the feed's own, up to kAhead ranges ahead, while the
    /// caller merges and stores the previous ones.
    Result<bool> nextOlder(LogBatch& out) override
    {
        if (m_end == 0 && !m_thread.joinable()) {
            return false;
        }
        if (!m_channel) {
            auto started = m_ssh.start({"sh", "-c",
                                           "f=$1 end=$2 r=$3; while [ \"$end\" -gt 0 ]; do a=$((end - r)); "
                                           "[ \"$a\" -lt 0 ] && a=0; dd if=\"$f\" bs=1M iflag=skip_bytes,count_bytes "
                                           "skip=\"$a\" count=$((end - a)) status=none || exit; end=$a; done",
                                           "sh", m_source.logPath, std::to_string(m_end), std::to_string(m_range)},
                Clock::now() + kReadTimeout, m_cancel);
            if (!started) {
                return started.error();
            }
            m_channel = std::move(started.value());
            m_thread = std::thread([this] { produce(); });
        }
        std::unique_lock lock(m_mutex);
        if (!m_wake.wait(lock, m_cancel, [&] { return !m_ready.empty(); })) {
            return cancelled(); // the destructor stops the feed's thread and channel
        }
        Parsed parsed = std::move(m_ready.front());
        m_ready.pop_front();
        lock.unlock();
        m_wake.notify_all();
        if (parsed.error) {
            return *parsed.error;
        }
        out = std::move(parsed.lines);
        return parsed.more;
    }

    uint64_t bytes() const override { return m_bytes; }

private:
    struct Parsed {
        LogBatch lines;
        bool more = false;
        std::optional<Error> error;
    };
    static constexpr size_t kAhead = 2;
    static constexpr size_t kHeldBackLines = 256;

    void produce()
    {
        for (;;) {
            Parsed parsed;
            auto more = readRange(parsed.lines);
            if (more) {
                parsed.more = *more;
            } else {
                parsed.error = more.error();
            }
            const bool last = !more || !*more;
            std::unique_lock lock(m_mutex);
            m_ready.push_back(std::move(parsed));
            m_wake.notify_all();
            if (last) {
                return;
            }
            m_wake.wait(lock, [&] { return m_stop || m_ready.size() < kAhead; });
            if (m_stop) {
                return;
            }
        }
    }

    /// Receives and parses the next older range (on the feed's thread).
    Result<bool> readRange(LogBatch& out)
    {
        const uint64_t begin = m_end > m_range ? m_end - m_range : 0;
        const auto want = static_cast<size_t>(m_end - begin);
        // The range's bytes go straight into one reused buffer (no fresh 8 MiB allocation per range): what arrived
        // beyond this range is the start of the next one.
        std::string& range = m_buffer;
        range.clear();
        range.reserve(want + m_carry.size());
        const size_t fromSurplus = std::min(want, m_surplus.size() - m_surplusAt);
        range.append(m_surplus, m_surplusAt, fromSurplus);
        m_surplusAt += fromSurplus;
        if (m_surplusAt == m_surplus.size()) {
            m_surplus.clear(); // the loop below only appends to an empty surplus
            m_surplusAt = 0;
        }
        while (range.size() < want && !m_finished) {
            auto got = m_channel->read(Clock::now() + kReadTimeout);
            if (!got) {
                return got.error();
            }
            m_bytes += got->out.size();
            const size_t fits = std::min(want - range.size(), got->out.size());
            range.append(got->out, 0, fits);
            m_surplus.append(got->out, fits);
            m_errors += got->err;
            m_finished = got->finished;
        }
        const size_t take = range.size();
        if (take < want && !m_errors.empty()) {
            return Error{.kind = ErrorKind::Remote,
                .message = "reading " + m_source.logPath + ": " + m_errors.substr(0, m_errors.find('\n')),
                .detail = m_errors};
        }
        range += m_carry;
        m_carry.clear();
        m_end = begin;
        // A file cut short under us (rotated, truncated) ends the read as if its start had been reached.
        const bool atStart = begin == 0 || take < want;
        if (atStart) {
            m_end = 0;
            parse(range, out);
            m_buffer = std::string();
            return false;
        }
        const size_t cut = historyCut(fileFormat(m_source), range);
        if (cut == std::string::npos) {
            m_carry = range; // no line end at all: read further back first
            return true;
        }
        parse(std::string_view(range).substr(cut), out);
        m_carry.assign(range, 0, cut);
        return true;
    }

    void parse(std::string_view bytes, LogBatch& out) const
    {
        // The text is never longer than the bytes it comes from. The rest is given back here, on the feed's thread,
        // but for room for the lines the history merge holds back from the newer range and appends.
        out = LogBatch(bytes.size());
        LogParser parser(fileFormat(m_source), {.source = m_index});
        parser.feed(bytes, out);
        parser.finish(out);
        out.shrinkToFit(kHeldBackLines);
    }

    ssh::SshConnection& m_ssh;
    const LogSource& m_source;
    uint16_t m_index;
    CancelToken m_cancel;
    uint64_t m_range;
    uint64_t m_end;
    std::unique_ptr<ChannelStream> m_channel;
    std::string m_buffer; ///< the range being parsed
    std::string m_surplus; ///< received beyond it: the next older range's start, from m_surplusAt
    size_t m_surplusAt = 0;
    std::string m_carry;
    std::string m_errors;
    bool m_finished = false;
    std::atomic<uint64_t> m_bytes = 0;
    std::thread m_thread;
    std::mutex m_mutex; // guards m_ready and m_stop
    std::condition_variable_any m_wake; // _any: the consumer's wait also ends when the token stops
    std::deque<Parsed> m_ready;
    bool m_stop = false;
};

/// `docker logs -t --since S --until E` windows going back in time from the moment the sources were looked at.
/// Both edges are inclusive whole seconds (podman prints whole-second stamps), so a window ends where the older one
/// begins: only a line stamped at exactly that second's first nanosecond comes twice. A window that comes back
/// thin makes the next one twice as long.
class DockerLogsFeed final : public HistoryFeed {
public:
    DockerLogsFeed(ssh::SshConnection& ssh, std::string cli, const LogSource& source, uint16_t index,
        std::chrono::seconds firstWindow, std::optional<ContainerTime> since, std::optional<ContainerTime> until,
        CancelToken cancel)
        : m_ssh(ssh),
          m_cli(std::move(cli)),
          m_source(source),
          m_index(index),
          m_window(std::max(firstWindow, std::chrono::seconds(1))),
          m_cancel(std::move(cancel)),
          m_end(source.lookedAt)
    {
        if (source.created) {
            m_floor = std::chrono::floor<std::chrono::seconds>(*source.created);
        }
        if (since && (!m_floor || *since > *m_floor)) {
            m_floor = std::chrono::floor<std::chrono::seconds>(*since);
        }
        if (until && *until < m_end) {
            m_end = std::chrono::ceil<std::chrono::seconds>(*until);
        }
    }

    Result<bool> nextOlder(LogBatch& out) override
    {
        if (m_done) {
            return false;
        }
        ContainerTime begin = m_end - m_window;
        if (m_floor && begin <= *m_floor) {
            begin = *m_floor;
            m_done = true;
        }
        LogParser outParser(LogFormat::DockerTimestamped, {.source = m_index, .stream = LogStream::Stdout});
        LogParser errParser(LogFormat::DockerTimestamped, {.source = m_index, .stream = LogStream::Stderr});
        std::vector<LogBatch> pipes(2); // stdout, stderr
        auto result = m_ssh.run({.argv = {m_cli, "logs", "-t", "--since", unixSeconds(begin), "--until",
                                     unixSeconds(m_end), m_source.containerId},
            .timeout = std::chrono::minutes(30),
            .onStdout =
                [&](std::string_view bytes) {
                    m_bytes += bytes.size();
                    outParser.feed(bytes, pipes[0]);
                },
            .onStderr =
                [&](std::string_view bytes) {
                    m_bytes += bytes.size();
                    errParser.feed(bytes, pipes[1]);
                },
            .cancel = m_cancel});
        if (!result) {
            return result.error();
        }
        if (!result->succeeded()) {
            return ssh::remoteFailure("docker logs of " + m_source.container, *result);
        }
        outParser.finish(pipes[0]);
        errParser.finish(pipes[1]);
        const size_t count = pipes[0].size() + pipes[1].size();
        out = mergeByTime(std::move(pipes));
        if (count < 10'000 && m_window < std::chrono::hours(24 * 30)) {
            m_window *= 2;
        }
        m_end = begin;
        return !m_done;
    }

    std::optional<ContainerTime> coveredFrom() const override { return m_end; }
    uint64_t bytes() const override { return m_bytes; }

private:
    ssh::SshConnection& m_ssh;
    std::string m_cli;
    const LogSource& m_source;
    uint16_t m_index;
    std::chrono::seconds m_window;
    CancelToken m_cancel;
    ContainerTime m_end; ///< the newest second the next window takes
    std::optional<ContainerTime> m_floor; ///< nothing older exists or is wanted
    bool m_done = false;
    uint64_t m_bytes = 0;
};

/// One feed's state in the merge: records read but not yet put into the buffer, oldest first.
struct FeedState {
    std::unique_ptr<HistoryFeed> feed;
    LogBatch pending;
    std::optional<ContainerTime> frontier; ///< the oldest time read so far
    bool started = false;
    bool exhausted = false;
};

/// The lines of a batch within the request's since/until (the batch itself when all are).
LogBatch inWindow(LogBatch lines, const LogHistoryRequest& request)
{
    if (!request.since && !request.until) {
        return lines;
    }
    auto within = [&](size_t k) {
        const ContainerTime time = lines.time(k);
        return (!request.since || time >= *request.since) && (!request.until || time <= *request.until);
    };
    size_t outside = 0; // the first line outside the window
    while (outside < lines.size() && within(outside)) {
        ++outside;
    }
    if (outside == lines.size()) {
        return lines;
    }
    LogBatch kept;
    kept.add(lines, 0, outside);
    for (size_t k = outside + 1; k < lines.size(); ++k) {
        if (within(k)) {
            kept.add(lines, k, k + 1);
        }
    }
    return kept;
}

} // namespace

std::string_view name(LogAccess access)
{
    return access == LogAccess::File ? "file" : "docker logs";
}

// ---------------------------------------------------------------- LogFollow

class LogFollow::Impl {
public:
    struct Reader {
        std::unique_ptr<ChannelStream> channel;
        LogParser outParser;
        LogParser errParser;
        bool parseErr = false; ///< docker logs: stderr carries the container's stderr; tail: only tail's messages
        std::string containerId;
        std::string service;
        uint16_t index = 0; ///< LogRecord::source of its records
        int missedLooks = 0; ///< consecutive looks at the stack that did not find its container
        std::thread thread;
    };

    /// Starts the log command of one source; fromStart: its whole log (a container that came up while following).
    using StartReader =
        std::function<Result<std::unique_ptr<Reader>>(const LogSource& source, uint16_t index, bool fromStart)>;
    /// The stack's sources now, looked at again.
    using LookAgain = std::function<Result<std::vector<LogSource>>()>;

    Impl(std::vector<LogSource> sources, LogQueue& queue, std::chrono::milliseconds window)
        : m_sources(std::move(sources)), m_queue(queue), m_merger(window)
    {
    }

    ~Impl() { stop(); }

    /// Runs the readers added so far; with lookAgain, also looks at the stack every kRelook for containers that
    /// replaced a followed one (a deploy or `up -d` recreates them) and follows those from their start.
    void start(StartReader startReader, LookAgain lookAgain)
    {
        m_startReader = std::move(startReader);
        m_lookAgain = std::move(lookAgain);
        {
            const std::lock_guard lock(m_readersMutex);
            for (auto& reader : m_readers) {
                launch(*reader);
            }
        }
        m_mergeThread = std::thread([this] { mergeLoop(); });
        if (m_lookAgain) {
            m_watchThread = std::thread([this] { watch(); });
        }
    }

    void add(std::unique_ptr<Reader> reader)
    {
        const std::lock_guard lock(m_readersMutex);
        m_readers.push_back(std::move(reader));
    }

    void stop()
    {
        {
            const std::lock_guard lock(m_mutex);
            m_stopping = true;
        }
        m_wake.notify_all();
        if (m_watchThread.joinable()) {
            m_watchThread.join();
        }
        const std::lock_guard lock(m_readersMutex); // no reader is added once the watcher is gone
        for (auto& reader : m_readers) {
            if (reader->channel) {
                reader->channel->cancel();
            }
        }
        for (auto& reader : m_readers) {
            if (reader->thread.joinable()) {
                reader->thread.join();
            }
        }
        m_wake.notify_all();
        if (m_mergeThread.joinable()) {
            m_mergeThread.join();
        }
    }

    /// Every reader has ended and, when replacements are looked for, the last kIdleLooks looks found none: a
    /// container that a deploy stops before its replacement starts does not end the follow.
    bool finished() const { return m_ended == m_started && (!m_lookAgain || m_idleLooks >= kIdleLooks); }

    /// Called with m_readersMutex held.
    void launch(Reader& reader)
    {
        ++m_started;
        reader.thread = std::thread([this, r = &reader] { read(*r); });
    }

    void watch()
    {
        std::unique_lock lock(m_mutex);
        while (!m_wake.wait_for(lock, kRelook, [this] { return m_stopping.load(); })) {
            lock.unlock();
            relook();
            m_idleLooks = m_ended == m_started ? m_idleLooks + 1 : 0;
            lock.lock();
            if (finished()) {
                return; // nothing is followed any more: no reader may start after the merge loop has ended
            }
        }
    }

    /// Follows containers that replaced a followed one of the same service; a followed container missing from two
    /// looks in a row has been removed, and its reader (a `tail -F` of a deleted file) is ended. A look that fails
    /// (the engine busy in a deploy) changes nothing.
    void relook()
    {
        auto found = m_lookAgain();
        if (!found) {
            return;
        }
        const std::lock_guard lock(m_readersMutex);
        for (auto& reader : m_readers) {
            const bool present = std::any_of(found->begin(), found->end(),
                [&](const LogSource& source) { return source.containerId == reader->containerId; });
            reader->missedLooks = present ? 0 : reader->missedLooks + 1;
            if (reader->missedLooks == 2 && reader->channel) {
                reader->channel->cancel();
            }
        }
        for (const LogSource& source : *found) {
            const auto followed = [&](const std::unique_ptr<Reader>& reader) {
                return reader->containerId == source.containerId;
            };
            const auto sameService = std::find_if(m_readers.begin(), m_readers.end(),
                [&](const std::unique_ptr<Reader>& reader) { return reader->service == source.service; });
            // A service that was not followed stays so (its name has no index in the caller's table).
            if (m_stopping || std::any_of(m_readers.begin(), m_readers.end(), followed) ||
                sameService == m_readers.end()) {
                continue;
            }
            auto reader = m_startReader(source, (*sameService)->index, true);
            if (!reader) {
                problem("following the new container " + source.container + ": " + reader.error().message);
                continue;
            }
            m_readers.push_back(std::move(reader).value());
            launch(*m_readers.back());
        }
    }

    void read(Reader& reader)
    {
        std::vector<LogRecord> records;
        bool finished = false;
        while (!m_stopping && !finished) {
            auto got = reader.channel->read(Clock::now() + kFollowPoll);
            if (!got) {
                if (got.error().kind == ErrorKind::Timeout) {
                    continue;
                }
                if (!m_stopping && got.error().kind != ErrorKind::Cancelled) {
                    problem(got.error().message);
                }
                break;
            }
            reader.outParser.feed(got->out, records);
            if (reader.parseErr) {
                reader.errParser.feed(got->err, records);
            } else if (!got->err.empty() && got->err.find("has become inaccessible") != std::string::npos) {
                problem(got->err.substr(0, got->err.find('\n')));
            }
            finished = got->finished;
            if (finished) {
                reader.outParser.finish(records);
                reader.errParser.finish(records);
            }
            hand(records);
        }
        if (finished && !m_stopping) {
            const auto status = reader.channel->exitStatus();
            if (status && *status != 0) {
                problem("a log command ended with status " + std::to_string(*status));
            }
        }
        ++m_ended;
        m_wake.notify_all();
    }

    void hand(std::vector<LogRecord>& records)
    {
        if (records.empty()) {
            return;
        }
        {
            const std::lock_guard lock(m_mutex);
            m_merger.add(std::move(records), Clock::now());
        }
        records.clear();
        m_wake.notify_all();
    }

    void mergeLoop()
    {
        std::unique_lock lock(m_mutex);
        while (!m_stopping && !finished()) {
            // The tick is the merge window's resolution, not a wait for another thread's result.
            m_wake.wait_for(lock, kMergeTick);
            auto released = m_merger.release(Clock::now());
            if (!released.empty()) {
                lock.unlock();
                push(std::move(released));
                lock.lock();
            }
        }
        auto rest = m_merger.flush();
        lock.unlock();
        push(std::move(rest));
    }

    void push(std::vector<LogRecord>&& records)
    {
        if (!records.empty()) {
            m_records += records.size();
            m_queue.push(std::move(records));
        }
    }

    void problem(std::string text)
    {
        const std::lock_guard lock(m_problemMutex);
        m_problems.push_back(std::move(text));
    }

    std::vector<LogSource> m_sources;
    LogQueue& m_queue;
    StartReader m_startReader;
    LookAgain m_lookAgain;
    std::mutex m_readersMutex; // guards m_readers (the vector; each reader's thread owns its parsers)
    std::vector<std::unique_ptr<Reader>> m_readers;
    std::mutex m_mutex; // guards m_merger; with m_wake, the merge and watch loops' waits
    std::condition_variable m_wake;
    LiveMerger m_merger;
    std::thread m_mergeThread;
    std::thread m_watchThread;
    std::atomic<bool> m_stopping = false;
    std::atomic<size_t> m_started = 0;
    std::atomic<size_t> m_ended = 0;
    std::atomic<int> m_idleLooks = 0; ///< consecutive looks after which no reader was running
    std::atomic<uint64_t> m_records = 0;
    mutable std::mutex m_problemMutex;
    std::vector<std::string> m_problems;
};

LogFollow::LogFollow(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) { }

LogFollow::~LogFollow()
{
    stop();
}

const std::vector<LogSource>& LogFollow::sources() const
{
    return m_impl->m_sources;
}

uint64_t LogFollow::records() const
{
    return m_impl->m_records;
}

bool LogFollow::finished() const
{
    return m_impl->finished();
}

std::vector<std::string> LogFollow::problems() const
{
    const std::lock_guard lock(m_impl->m_problemMutex);
    return m_impl->m_problems;
}

void LogFollow::stop()
{
    m_impl->stop();
}

// ---------------------------------------------------------------- StackLogs

StackLogs::StackLogs(StackOps& ops) : m_ops(ops) { }

Result<std::vector<LogSource>> StackLogs::sources(const std::vector<std::string>& services, bool allowFile)
{
    const auto engine = m_ops.engine();
    if (!engine) {
        return engine.error();
    }
    const auto containers = m_ops.status();
    if (!containers) {
        return containers.error();
    }
    std::vector<LogSource> sources;
    for (const auto& container : *containers) {
        if (!services.empty() && std::find(services.begin(), services.end(), container.service) == services.end()) {
            continue;
        }
        LogSource source{.service = container.service,
            .container = container.name,
            .containerId = container.id,
            .logPath = container.logPath,
            .created = container.createdAt};
        sources.push_back(std::move(source));
    }
    for (const auto& service : services) {
        if (std::none_of(sources.begin(), sources.end(), [&](const LogSource& s) { return s.service == service; })) {
            return Error{.kind = ErrorKind::NotFound, .message = "no container of service " + service};
        }
    }
    for (auto& source : sources) {
        const bool shared = std::count_if(sources.begin(), sources.end(),
                                [&](const LogSource& other) { return other.service == source.service; }) > 1;
        source.name = shared || source.service.empty() ? source.container : source.service;
    }

    // Which files the account may read (`test -r`), their sizes and first bytes (the format), in one command.
    // Only json-file and k8s-file paths are log files of a known format (podman says json-file for k8s-file).
    std::vector<std::string> argv = {"sh", "-c",
        "date +%s; for f; do if [ -r \"$f\" ] && s=$(stat -L -c %s -- \"$f\"); then "
        "printf '%s %s\\n' \"$s\" \"$(head -c 1 -- \"$f\" | od -An -tx1 | tr -d ' \\n')\"; else echo -; fi; done",
        "sh"};
    std::vector<LogSource*> files;
    for (auto& source : sources) {
        const auto it = std::find_if(containers->begin(), containers->end(),
            [&](const ContainerStatus& c) { return c.id == source.containerId; });
        const std::string driver = it == containers->end() ? "" : it->logDriver;
        if (allowFile && !source.logPath.empty() && (driver == "json-file" || driver == "k8s-file")) {
            argv.push_back(source.logPath);
            files.push_back(&source);
        }
    }
    const auto looked = m_ops.ssh().run({.argv = argv, .timeout = kLookTimeout});
    if (!looked) {
        return looked.error();
    }
    if (!looked->succeeded()) {
        return ssh::remoteFailure("looking at the log files", *looked);
    }
    std::string_view out = looked->out;
    const size_t dateEnd = out.find('\n');
    const auto now = parseSeconds(out.substr(0, dateEnd));
    if (dateEnd == std::string_view::npos || !now) {
        return Error{.kind = ErrorKind::Protocol,
            .message = "no server time before the log files' sizes",
            .detail = looked->out};
    }
    out.remove_prefix(dateEnd + 1);
    for (auto& source : sources) {
        source.lookedAt = ContainerTime(std::chrono::seconds(*now));
    }
    for (LogSource* source : files) {
        const size_t end = out.find('\n');
        const std::string_view line = out.substr(0, end);
        out = end == std::string_view::npos ? std::string_view() : out.substr(end + 1);
        if (line.empty() || line == "-") {
            continue;
        }
        const size_t space = line.find(' ');
        source->access = LogAccess::File;
        source->fileSize = static_cast<uint64_t>(parseSeconds(line.substr(0, space)).value_or(0));
        const std::string_view first = space == std::string_view::npos ? "" : line.substr(space + 1);
        // '{' starts a json-file entry, a digit a k8s-file timestamp; an empty file goes by the engine.
        source->jsonFile = first.empty() ? engine->server == EngineInfo::Server::Docker : first == "7b";
    }
    return sources;
}

Result<LogHistoryResult> StackLogs::history(const LogHistoryRequest& request, LogBuffer& buffer)
{
    auto found = sources(request.services, request.allowFile);
    if (!found) {
        return found.error();
    }
    const auto engine = m_ops.engine();
    if (!engine) {
        return engine.error();
    }
    LogHistoryResult result;
    result.sources = std::move(*found);
    std::vector<FeedState> feeds;
    for (const auto& source : result.sources) {
        const uint16_t index = buffer.addSource(source.name);
        FeedState state;
        if (source.access == LogAccess::File) {
            state.feed = std::make_unique<FileFeed>(m_ops.ssh(), source, index, request.rangeBytes, request.cancel);
        } else {
            state.feed = std::make_unique<DockerLogsFeed>(m_ops.ssh(), engine->cli, source, index, request.firstWindow,
                request.since, request.until, request.cancel);
        }
        feeds.push_back(std::move(state));
    }

    auto bytes = [&] {
        uint64_t total = 0;
        for (const auto& state : feeds) {
            total += state.feed->bytes();
        }
        return total;
    };
    size_t remaining = request.maxLines;
    while (remaining > 0) {
        if (request.cancel.stop_requested()) {
            return cancelled();
        }
        // Read a feed that has shown no time yet, else the one whose oldest record read is the newest: records newer
        // than every unfinished feed's oldest are final and go into the buffer.
        FeedState* next = nullptr;
        for (auto& state : feeds) {
            if (state.exhausted) {
                continue;
            }
            if (!state.started || !state.frontier) {
                next = &state;
                break;
            }
            if (!next || (state.frontier && (!next->frontier || *state.frontier > *next->frontier))) {
                next = &state;
            }
        }
        if (!next) {
            break;
        }
        LogBatch lines;
        auto more = next->feed->nextOlder(lines);
        if (!more) {
            return more.error();
        }
        next->started = true;
        next->exhausted = !*more;
        if (const auto covered = next->feed->coveredFrom()) {
            next->frontier = next->frontier ? std::min(*next->frontier, *covered) : *covered;
        }
        if (!lines.empty()) {
            ContainerTime oldest = lines.time(0);
            for (size_t k = 1; k < lines.size(); ++k) {
                oldest = std::min(oldest, lines.time(k));
            }
            next->frontier = next->frontier ? std::min(*next->frontier, oldest) : oldest;
            lines.add(next->pending, 0, next->pending.size());
            next->pending = std::move(lines);
        }
        if (request.since && next->frontier && *next->frontier < *request.since) {
            next->exhausted = true;
        }
        if (std::any_of(feeds.begin(), feeds.end(), [](const FeedState& s) { return !s.started && !s.exhausted; })) {
            continue;
        }
        std::optional<ContainerTime> bound;
        bool unknown = false; // a feed still going that has shown no time yet: nothing is final
        for (const auto& state : feeds) {
            if (!state.exhausted) {
                unknown = unknown || !state.frontier;
                if (state.frontier) {
                    bound = bound ? std::max(*bound, *state.frontier) : *state.frontier;
                }
            }
        }
        const bool unfinished =
            std::any_of(feeds.begin(), feeds.end(), [](const FeedState& s) { return !s.exhausted; });
        if (unknown) {
            continue;
        }
        std::vector<LogBatch> batches;
        for (auto& state : feeds) {
            size_t split = 0;
            if (unfinished) {
                split = state.pending.size();
                while (split > 0 && state.pending.time(split - 1) > *bound) {
                    --split;
                }
            }
            if (split < state.pending.size()) {
                batches.push_back(inWindow(state.pending.splitAt(split), request));
            }
        }
        LogBatch merged = mergeByTime(std::move(batches));
        if (merged.empty()) {
            continue;
        }
        merged.dropFront(merged.size() > remaining ? merged.size() - remaining : 0);
        const size_t offered = merged.size();
        const size_t kept = buffer.prepend(std::move(merged));
        result.lines += kept;
        remaining -= std::min(remaining, offered);
        if (request.progress) {
            request.progress({.lines = result.lines, .bytes = bytes()});
        }
        if (kept < offered) {
            break; // the buffer is full
        }
    }
    result.bytes = bytes();
    return result;
}

Result<std::unique_ptr<LogFollow>> StackLogs::follow(const LogFollowRequest& request, LogQueue& queue)
{
    std::vector<LogSource> chosen;
    if (!request.resumeFrom.empty()) {
        chosen = request.resumeFrom;
    } else {
        auto found = sources(request.services, request.allowFile);
        if (!found) {
            return found.error();
        }
        chosen = std::move(*found);
    }
    const auto engine = m_ops.engine();
    if (!engine) {
        return engine.error();
    }
    auto impl = std::make_unique<LogFollow::Impl>(chosen, queue, request.mergeWindow);
    ssh::SshConnection& ssh = m_ops.ssh();
    auto startReader = [&ssh, cli = engine->cli](const LogSource& source, uint16_t index,
                           bool fromStart) -> Result<std::unique_ptr<LogFollow::Impl::Reader>> {
        const bool file = source.access == LogAccess::File;
        std::vector<std::string> argv;
        if (file) {
            argv = {
                "tail", "-c", "+" + std::to_string(fromStart ? 1 : source.fileSize + 1), "-F", "--", source.logPath};
        } else {
            argv = {cli, "logs", "-t", "-f"};
            if (!fromStart) {
                argv.insert(argv.end(), {"--since", unixSeconds(source.lookedAt)});
            }
            argv.push_back(source.containerId);
        }
        auto channel = ssh.start(argv, Clock::now() + kReadTimeout);
        if (!channel) {
            return channel.error();
        }
        return std::make_unique<LogFollow::Impl::Reader>(LogFollow::Impl::Reader{.channel = std::move(channel.value()),
            .outParser = LogParser(file ? fileFormat(source) : LogFormat::DockerTimestamped,
                {.source = index, .stream = LogStream::Stdout}),
            .errParser = LogParser(LogFormat::DockerTimestamped, {.source = index, .stream = LogStream::Stderr}),
            .parseErr = !file,
            .containerId = source.containerId,
            .service = source.service,
            .index = index,
            .missedLooks = 0,
            .thread = {}});
    };
    for (size_t i = 0; i < chosen.size(); ++i) {
        const LogSource& source = chosen[i];
        const uint16_t index = request.sourceIndex ? request.sourceIndex(source.name) : static_cast<uint16_t>(i);
        auto reader = startReader(source, index, false);
        if (!reader) {
            return reader.error();
        }
        impl->add(std::move(reader).value());
    }
    LogFollow::Impl::LookAgain lookAgain;
    if (request.followReplacements) {
        lookAgain = [this, services = request.services, allowFile = request.allowFile] {
            return sources(services, allowFile);
        };
    }
    impl->start(std::move(startReader), std::move(lookAgain));
    return std::make_unique<LogFollow>(std::move(impl));
}

} // namespace ragdesk::client::ops
