#pragma once

#include "StackWorker.h"

#include "ragdesk/client/common/Secret.h"
#include "ragdesk/client/common/StackProfile.h"

#include <QObject>
#include <QPointer>

#include <array>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

namespace ragdesk::client::ops {
class StackOps;
}

namespace ragdesk::ui {

class StackDirectory;

/// The current stack's operations over SSH: kept SshConnections to its VPS with a StackOps on each, shared by the
/// ops pages — one for the log follows (a channel per container for as long as they run), one for the rest, so
/// neither waits for a free channel behind the other. Calls run on workers of their lane ("ops-status:<stack>", …),
/// so a long command never holds up the status refresh; each lane runs its calls one after another. The key's
/// passphrase comes from the SecretStore, read on the first call; a host key not in known_hosts is not trusted here but
/// refused with an error that says where to review it (the Stacks page's Test connection), and a changed one is refused
/// by the client. A switch to another stack or an edit of this one starts a new session (signal `changed`): the old
/// one's calls are cancelled, their commands stopped, and their results dropped.
class OpsSession : public QObject {
    Q_OBJECT

public:
    /// Where a call runs: calls of one lane wait for each other, calls of different lanes do not.
    /// Deploy: following a run, which lasts minutes. Backups: making, verifying and downloading one, which take
    /// minutes too, and never hold up a switch of maintenance or a restart.
    enum class Lane { Status, Actions, Logs, Deploy, Backups };

    explicit OpsSession(StackDirectory* stacks, QObject* parent = nullptr);
    ~OpsSession() override;

    /// The stack this session works on; null when none is configured.
    const client::StackProfile* stack() const { return m_profile ? &*m_profile : nullptr; }

    /// The shared part of a session that its calls hold on to (the connection, the operations on it).
    struct Link;
    using Call = std::function<void(const std::shared_ptr<Link>&)>;

    /// The session's operations, shared: what a call keeps holds the connection open (a log follow it starts).
    using Ops = std::shared_ptr<client::ops::StackOps>;

    /// Runs `work` with the session's StackOps on the lane's worker, cancelled through the handle (or by the next
    /// session); `done` gets the result on the GUI thread unless `receiver` is gone.
    template <typename T>
    TaskHandle run(QObject* receiver, Lane lane, std::function<client::Result<T>(const Ops&, const TaskContext&)> work,
        std::function<void(client::Result<T>)> done, std::function<void(TaskProgress)> progress = {})
    {
        client::CancelSource cancel;
        submit([receiver = QPointer<QObject>(receiver), self = QPointer<OpsSession>(this), generation = m_generation,
                   lane, work, done, progress, cancel](const std::shared_ptr<Link>& link) {
            if (!receiver || !self || self->m_generation != generation) {
                return; // gone while the passphrase was being read
            }
            self->worker(lane).run<T>(
                receiver.data(),
                [link, lane, work](const TaskContext& context) -> client::Result<T> {
                    const auto ops = opsOf(link, lane);
                    if (!ops) {
                        return ops.error();
                    }
                    return work(*ops, context);
                },
                [self, generation, done](client::Result<T> result) {
                    // Posted just before a switch: the old stack's answer is not shown under the new one.
                    if (self && self->m_generation == generation) {
                        done(std::move(result));
                    }
                },
                progress, cancel);
        });
        return TaskHandle(cancel);
    }

signals:
    /// Another stack, or this one edited: pages load their data anew.
    void changed();

private:
    /// The link's StackOps for the lane, or why there is none (no SSH host, no stack directory).
    static client::Result<Ops> opsOf(const std::shared_ptr<Link>& link, Lane lane);
    StackWorker& worker(Lane lane);
    void submit(Call call);
    void restart();
    void connectLink(std::optional<client::Secret> passphrase);

    StackDirectory* m_stacks;
    std::optional<client::StackProfile> m_profile;
    std::array<std::unique_ptr<StackWorker>, 5> m_workers; ///< per lane, made on its first call
    std::shared_ptr<Link> m_link; ///< null until the passphrase was read
    std::vector<Call> m_waiting; ///< calls made before that
    quint64 m_generation = 0; ///< bumped by each restart: a late answer of an older session is dropped
};

} // namespace ragdesk::ui
