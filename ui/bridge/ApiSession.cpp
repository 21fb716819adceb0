#include "ApiSession.h"

#include "ChatRun.h"
#include "StackDirectory.h"

#include "ragdesk/client/api/ApiClient.h"

#include <chrono>

namespace ragdesk::ui {

using namespace std::chrono_literals;

ApiSession::ApiSession(StackDirectory* stacks, QObject* parent) : QObject(parent), m_stacks(stacks)
{
    stacks->whenCurrentStackChanges(
        this, &m_profile, [this](SecretStore::Kind kind) { return m_profile && kind == signInKindOf(*m_profile); },
        [this] { restart(); });
    restart();
}

ApiSession::~ApiSession() = default;

std::shared_ptr<void> ApiSession::scoped(client::api::ApiClient& api, const TaskContext& context)
{
    return std::make_shared<client::api::ApiClient::CancelScope>(api, context.cancel());
}

client::Error ApiSession::noStackError()
{
    return client::Error{
        .kind = client::ErrorKind::NotFound, .message = "no stack is configured: add one on the Stacks page"};
}

void ApiSession::submit(Call call)
{
    if (!m_ready) {
        m_waiting.push_back(std::move(call));
        if (m_waiting.size() == 1) {
            readCredentials(); // on the first call, not before: a page never shown never touches the keychain
        }
        return;
    }
    call(m_api, *m_worker);
}

void ApiSession::restart()
{
    ++m_generation;
    if (m_worker) {
        m_worker.release()->deleteLater(); // cancels the old session's calls; never waits for them
    }
    m_api.reset();
    m_credentials.reset();
    m_ready = false;
    m_signInAsked = false;
    const client::StackProfile* current = m_stacks->current();
    m_profile = current ? std::optional(*current) : std::nullopt;
    m_worker = std::make_unique<StackWorker>(
        QStringLiteral("api:") + QString::fromStdString(m_profile ? m_profile->name : ""));
    m_waiting.clear();
    emit changed();
}

void ApiSession::becomeReady(client::api::Credentials credentials)
{
    m_credentials = std::make_unique<client::api::Credentials>(credentials);
    if (m_profile) {
        m_api = std::make_shared<client::api::ApiClient>(m_profile->apiUrl, std::move(credentials),
            client::api::httpOptionsFor(*m_profile, {.connectTimeout = 5s, .totalTimeout = 0s, .idleTimeout = 60s}));
    }
    m_ready = true;
    for (Call& call : std::exchange(m_waiting, {})) {
        call(m_api, *m_worker);
    }
}

void ApiSession::readCredentials()
{
    if (!m_profile) {
        becomeReady({});
        return;
    }
    const bool password = signInKindOf(*m_profile) == SecretStore::Kind::ApiPassword;
    const QString name = QString::fromStdString(m_profile->name);
    m_stacks->secrets()->read(name, signInKindOf(*m_profile), this,
        [this, generation = m_generation, password](std::optional<client::Secret> secret, const QString& error) {
            if (generation != m_generation) {
                return; // the session restarted meanwhile
            }
            client::api::Credentials credentials;
            if (secret && password) {
                credentials.email = m_profile->apiEmail;
                credentials.password = std::move(*secret);
            } else if (secret) {
                credentials.apiToken = std::move(*secret);
            } else {
                const QString what = password
                    ? tr("No password for %1 is stored").arg(QString::fromStdString(m_profile->apiEmail))
                    : tr("No API token is stored");
                // The dialog says where a secret typed now is kept, and why only for this run if so.
                askToSignIn(what + (error.isEmpty() ? tr(" for this stack.") : tr(": no keychain answers.")));
            }
            becomeReady(std::move(credentials));
        });
}

ChatRun* ApiSession::startChat(const client::api::ChatRequest& request, QObject* parent)
{
    auto* run = new ChatRun(parent);
    const QPointer<ChatRun> waiting(run);
    const quint64 generation = m_generation;
    submit([this, waiting, request, generation](const std::shared_ptr<client::api::ApiClient>&, StackWorker&) {
        if (!waiting) {
            return;
        }
        if (generation != m_generation || !m_profile) {
            waiting->fail(noStackError());
            return;
        }
        waiting->start(*m_profile, *m_credentials, request);
    });
    return run;
}

void ApiSession::askToSignIn(const QString& reason)
{
    if (m_profile && !m_signInAsked) {
        m_signInAsked = true;
        emit signInNeeded(QString::fromStdString(m_profile->name), reason);
    }
}

} // namespace ragdesk::ui
