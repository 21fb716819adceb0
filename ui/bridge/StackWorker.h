#pragma once

#include "ragdesk/client/common/Cancel.h"
#include "ragdesk/client/common/Result.h"

#include <QObject>
#include <QPointer>
#include <QString>

#include <chrono>
#include <cstdint>
#include <exception>
#include <functional>
#include <memory>
#include <utility>

namespace ragdesk::ui {

/// How far a running task has got, as it reports it (bytes, rows, files…).
struct TaskProgress {
    std::uint64_t done = 0;
    std::uint64_t total = 0; ///< 0: unknown
};

/// What a task running on a StackWorker is given: its own cancel token and a way to report progress.
class TaskContext {
public:
    TaskContext(client::CancelToken cancel, std::function<void(TaskProgress)> report)
        : m_cancel(std::move(cancel)), m_report(std::move(report))
    {
    }
    /// Pass it to the client call (HttpRequest::cancel, ApiClient::cancelWith, RemoteCommand::cancel…).
    const client::CancelToken& cancel() const { return m_cancel; }
    /// Posted to the GUI thread; only a changed value is posted.
    void progress(TaskProgress value) const { m_report(value); }

private:
    client::CancelToken m_cancel;
    std::function<void(TaskProgress)> m_report;
};

/// A started task: cancel() stops it (at once if it waits on the network, before it starts if it is queued); its
/// result then comes back as the call's Cancelled error. Copies refer to the same task.
class TaskHandle {
public:
    TaskHandle() = default;
    explicit TaskHandle(client::CancelSource source) : m_source(std::move(source)) { }
    void cancel() { m_source.request_stop(); }
    bool cancelled() const { return m_source.stop_requested(); }

private:
    client::CancelSource m_source{std::nostopstate};
};

/// The one worker thread of one stack connection (an API session, an SSH connection): client calls run on it one
/// after another, so the client objects they use are only ever touched by this thread, and each call's Result comes
/// back to the GUI thread by a queued call in the receiver's context. A receiver destroyed before then drops its
/// result (and its progress). Destroying the worker cancels what is queued or running and returns at once, never
/// waiting for a call in flight: that call ends on the worker's own thread (its token stopped), which then exits and
/// releases what the tasks held.
class StackWorker : public QObject {
    Q_OBJECT

public:
    /// `name` names the thread (ps, gdb): "api:prod", "ssh:prod".
    explicit StackWorker(const QString& name, QObject* parent = nullptr);
    ~StackWorker() override;
    StackWorker(const StackWorker&) = delete;
    StackWorker& operator=(const StackWorker&) = delete;

    /// Queues `work`; `done` runs on the GUI thread with its result unless `receiver` is gone by then; `progress`
    /// (optional) likewise for each changed value the task reports. `cancel`: the task's source, when the caller
    /// handed out its handle before queueing it.
    template <typename T>
    TaskHandle run(QObject* receiver, std::function<client::Result<T>(const TaskContext&)> work,
        std::function<void(client::Result<T>)> done, std::function<void(TaskProgress)> progress = {},
        client::CancelSource cancel = {})
    {
        return enqueue(
            std::move(cancel), receiver,
            [work = std::move(work), done = std::move(done)](
                const TaskContext& context) mutable -> std::function<void()> {
                auto result = std::make_shared<client::Result<T>>(guarded<T>(work, context));
                return [done = std::move(done), result] { done(std::move(*result)); };
            },
            std::move(progress));
    }

    /// Tasks queued or running now.
    int pending() const;

    /// Waits, at most `bound`, until the threads of destroyed workers have ended (their calls are cancelled, so they
    /// end within moments): called once the event loop has returned, so no task runs during static destruction.
    /// False when one is still running after `bound`.
    static bool waitForFinishedThreads(std::chrono::milliseconds bound);

private:
    /// The work's result, or an error naming what it threw: a task must never take the worker's thread down.
    template <typename T>
    static client::Result<T> guarded(
        std::function<client::Result<T>(const TaskContext&)>& work, const TaskContext& context)
    {
        try {
            return work(context);
        } catch (const std::exception& error) {
            return thrownError(error.what());
        } catch (...) {
            return thrownError("an unknown exception");
        }
    }
    static client::Error thrownError(const char* what);

    class State;
    /// Runs on the worker: does the work, and returns what to call on the GUI thread with its result.
    using Job = std::function<std::function<void()>(const TaskContext&)>;
    TaskHandle enqueue(
        client::CancelSource cancel, QObject* receiver, Job job, std::function<void(TaskProgress)> progress);

    std::shared_ptr<State> m_state; ///< shared with the thread, which may outlive this object
};

} // namespace ragdesk::ui
