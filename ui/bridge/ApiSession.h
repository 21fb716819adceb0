#pragma once

#include "StackWorker.h"

#include "ragdesk/client/common/StackProfile.h"

#include <QObject>
#include <QPointer>

#include <functional>
#include <memory>
#include <optional>
#include <vector>

namespace ragdesk::client::api {
class ApiClient;
struct ChatRequest;
struct Credentials;
} // namespace ragdesk::client::api

namespace ragdesk::ui {

class ChatRun;
class StackDirectory;

/// The current stack's API session: one ApiClient signed in with the stack's credentials (the e-mail's password or
/// the tenant token, from the SecretStore) on the stack's API worker. Pages run their calls through it. A switch to
/// another stack or an edit of this one starts a new session (signal `changed`): the old one's calls are cancelled and
/// their results dropped. The credentials are read on the session's first call; calls made meanwhile wait for them.
class ApiSession : public QObject {
    Q_OBJECT

public:
    explicit ApiSession(StackDirectory* stacks, QObject* parent = nullptr);
    ~ApiSession() override;

    /// The stack this session talks to; null when none is configured.
    const client::StackProfile* stack() const { return m_profile ? &*m_profile : nullptr; }

    using Call = std::function<void(const std::shared_ptr<client::api::ApiClient>&, StackWorker&)>;

    /// Runs `work` with the session's client on its worker, cancelled through the handle (or by the next session);
    /// `done` gets the result on the GUI thread unless `receiver` is gone.
    template <typename T>
    TaskHandle run(QObject* receiver,
        std::function<client::Result<T>(client::api::ApiClient&, const TaskContext&)> work,
        std::function<void(client::Result<T>)> done, std::function<void(TaskProgress)> progress = {})
    {
        client::CancelSource cancel;
        submit(
            [receiver = QPointer<QObject>(receiver), self = QPointer<ApiSession>(this), generation = m_generation, work,
                done, progress, cancel](const std::shared_ptr<client::api::ApiClient>& api, StackWorker& worker) {
                if (!receiver) {
                    return; // gone while the credentials were being read
                }
                worker.run<T>(
                    receiver.data(),
                    [api, work](const TaskContext& context) -> client::Result<T> {
                        if (!api) {
                            return noStackError();
                        }
                        const auto scope = scoped(*api, context);
                        return work(*api, context);
                    },
                    [self, generation, done](client::Result<T> result) {
                        // Posted just before a switch: the old stack's answer is not shown under the new one.
                        if (self && self->m_generation == generation) {
                            if (!result && result.error().kind == client::ErrorKind::Auth) {
                                self->askToSignIn(QString::fromStdString(result.error().message));
                            }
                            done(std::move(result));
                        }
                    },
                    progress, cancel);
            });
        return TaskHandle(cancel);
    }

    /// Asks a question on the current stack's chat, streamed on a run of its own (see ChatRun), once the session has
    /// its credentials; the run belongs to `parent`. A session that changes first ends the run with an error.
    ChatRun* startChat(const client::api::ChatRequest& request, QObject* parent);

signals:
    /// Another stack, or this one edited: pages load their data anew.
    void changed();
    /// The stack has no password or token this run, or the server refused it (`reason` says which): the window asks
    /// for one, and keeping it (StackDirectory::keepSecret) starts a new session. Once per session at most.
    void signInNeeded(const QString& stack, const QString& reason);

private:
    /// The scope that binds the task's cancel token to every request of the call.
    static std::shared_ptr<void> scoped(client::api::ApiClient& api, const TaskContext& context);
    static client::Error noStackError();
    void submit(Call call);
    void restart();
    void readCredentials();
    void becomeReady(client::api::Credentials credentials);
    void askToSignIn(const QString& reason);

    StackDirectory* m_stacks;
    std::optional<client::StackProfile> m_profile;
    std::unique_ptr<StackWorker> m_worker;
    std::shared_ptr<client::api::ApiClient> m_api; ///< null until the credentials were read; used on m_worker only
    std::unique_ptr<client::api::Credentials> m_credentials; ///< what m_api signs in with, for chat streams
    bool m_ready = false;
    std::vector<Call> m_waiting; ///< calls made before the credentials were read
    quint64 m_generation = 0; ///< bumped by each restart: a late credentials answer of an older one is dropped
    bool m_signInAsked = false; ///< signInNeeded was emitted for this session
};

} // namespace ragdesk::ui
