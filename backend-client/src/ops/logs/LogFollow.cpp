// LogFollow: containers' logs followed live, merged in time order into a LogQueue.

#include "ops/logs/HistoryFeeds.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>

namespace ragdesk::client::ops {
namespace {

using Clock = std::chrono::steady_clock;
using ssh::ChannelStream;
constexpr auto kFollowPoll = std::chrono::milliseconds(500);
constexpr auto kMergeTick = std::chrono::milliseconds(50);
constexpr auto kRelook = std::chrono::seconds(2); ///< how often a follow looks for recreated containers
constexpr int kIdleLooks = 3;

} // namespace

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
        auto channel = ssh.start(argv, Clock::now() + kLogReadTimeout);
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
