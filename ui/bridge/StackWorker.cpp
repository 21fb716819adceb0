#include "StackWorker.h"

#include <QMetaObject>

#include <pthread.h>

#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>
#include <vector>

namespace ragdesk::ui {
namespace {

/// The worker threads still running, counted so the process can let them end before it exits.
struct LiveThreads {
    std::mutex mutex;
    std::condition_variable ended;
    int count = 0;
};

LiveThreads& liveThreads()
{
    static auto* const threads = new LiveThreads; // never destroyed: threads may end after static destruction began
    return *threads;
}

} // namespace

/// What the worker object and its thread share. The thread holds it to the end, so a worker destroyed while a call
/// is in flight leaves the thread everything it still needs; `poster` is cleared then, so nothing is posted to the
/// destroyed worker.
class StackWorker::State {
public:
    struct Queued {
        Job job;
        client::CancelSource cancel;
        QPointer<QObject> receiver;
        std::function<void(TaskProgress)> progress;
    };

    mutable std::mutex mutex; // guards everything below
    std::condition_variable wake;
    std::deque<Queued> queue;
    std::vector<client::CancelSource> running; ///< at most one: the thread runs tasks in order
    QObject* poster = nullptr; ///< the worker, on the GUI thread; null once it is destroyed
    bool stopping = false;

    /// Calls `call` on the GUI thread in the worker's context, unless the worker is gone. Posting is thread-safe;
    /// holding the mutex keeps the worker from being destroyed halfway, and Qt drops events still queued for it.
    void post(std::function<void()> call)
    {
        const std::lock_guard lock(mutex);
        if (poster) {
            QMetaObject::invokeMethod(poster, std::move(call), Qt::QueuedConnection);
        }
    }

    void loop(const std::string& name)
    {
        pthread_setname_np(pthread_self(), name.substr(0, 15).c_str()); // the kernel keeps 15 bytes
        for (;;) {
            Queued task;
            {
                std::unique_lock lock(mutex);
                wake.wait(lock, [this] { return stopping || !queue.empty(); });
                if (stopping) {
                    // Dropped here, not by the destroyed worker: what they hold (a connection) may take a while to
                    // close, and the GUI thread must not wait for it.
                    const auto dropped = std::move(queue);
                    lock.unlock();
                    return;
                }
                task = std::move(queue.front());
                queue.pop_front();
                running = {task.cancel};
            }
            runOne(std::move(task));
            const std::lock_guard lock(mutex);
            running.clear();
        }
    }

private:
    void runOne(Queued task)
    {
        const QPointer<QObject> receiver = task.receiver;
        auto lastPosted = std::make_shared<TaskProgress>(TaskProgress{~std::uint64_t{0}, 0});
        const TaskContext context(
            task.cancel.get_token(), [this, receiver, lastPosted, report = task.progress](TaskProgress value) {
                if (!report || (value.done == lastPosted->done && value.total == lastPosted->total)) {
                    return;
                }
                *lastPosted = value;
                post([receiver, report, value] {
                    if (receiver) {
                        report(value);
                    }
                });
            });
        std::function<void()> deliver = task.job(context);
        post([receiver, deliver = std::move(deliver)] {
            if (receiver) {
                deliver();
            }
        });
    }
};

StackWorker::StackWorker(const QString& name, QObject* parent) : QObject(parent), m_state(std::make_shared<State>())
{
    m_state->poster = this;
    LiveThreads& live = liveThreads();
    {
        const std::lock_guard lock(live.mutex);
        ++live.count;
    }
    std::thread([state = m_state, name = name.toStdString(), &live]() mutable {
        state->loop(name);
        state.reset(); // what the tasks held (connections) is released before the thread counts as ended
        const std::lock_guard lock(live.mutex);
        --live.count;
        live.ended.notify_all();
    }).detach();
}

StackWorker::~StackWorker()
{
    std::vector<client::CancelSource> toStop;
    {
        const std::lock_guard lock(m_state->mutex);
        m_state->poster = nullptr;
        m_state->stopping = true;
        for (State::Queued& queued : m_state->queue) {
            toStop.push_back(queued.cancel); // the thread drops them without running them
        }
        toStop.insert(toStop.end(), m_state->running.begin(), m_state->running.end());
        m_state->wake.notify_all();
    }
    // Outside the lock: a stop callback (a curl wake-up, a channel's cancel) must not run under it.
    for (client::CancelSource& source : toStop) {
        source.request_stop();
    }
}

bool StackWorker::waitForFinishedThreads(std::chrono::milliseconds bound)
{
    LiveThreads& live = liveThreads();
    std::unique_lock lock(live.mutex);
    return live.ended.wait_for(lock, bound, [&] { return live.count == 0; });
}

client::Error StackWorker::thrownError(const char* what)
{
    return client::Error{.kind = client::ErrorKind::Protocol, .message = std::string("the task failed: ") + what};
}

int StackWorker::pending() const
{
    const std::lock_guard lock(m_state->mutex);
    return static_cast<int>(m_state->queue.size() + m_state->running.size());
}

TaskHandle StackWorker::enqueue(
    client::CancelSource cancel, QObject* receiver, Job job, std::function<void(TaskProgress)> progress)
{
    {
        const std::lock_guard lock(m_state->mutex);
        m_state->queue.push_back({std::move(job), cancel, receiver, std::move(progress)});
    }
    m_state->wake.notify_one();
    return TaskHandle(cancel);
}

} // namespace ragdesk::ui
