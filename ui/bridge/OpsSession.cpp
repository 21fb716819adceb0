#include "OpsSession.h"

#include "StackDirectory.h"
#include "StackOpsOf.h"

#include "ragdesk/client/ops/StackOps.h"
#include "ragdesk/client/ssh/SshConnection.h"
#include "ragdesk/client/ssh/SshTarget.h"

namespace ragdesk::ui {

/// One kept SSH connection with the stack's operations on it.
struct Road {
    std::unique_ptr<client::ssh::SshConnection> ssh;
    std::unique_ptr<client::ops::StackOps> ops;
};

/// Two connections: log follows hold a channel per container for as long as they run, so they get their own, and
/// a deploy's follow, its output and the status polls never wait for a free channel behind them.
struct OpsSession::Link {
    std::optional<client::Error> missing; ///< why this stack has no operations (no SSH host, no stack directory)
    Road main;
    Road logs; ///< for Lane::Logs

    void cancelAll() const
    {
        for (const Road* road : {&main, &logs}) {
            if (road->ssh) {
                road->ssh->cancelAll();
            }
        }
    }
};

namespace {

/// The link of a stack: a connection that trusts only known host keys and gives the passphrase read for it.
std::shared_ptr<OpsSession::Link> linkTo(const client::StackProfile& stack, std::optional<client::Secret> passphrase)
{
    auto link = std::make_shared<OpsSession::Link>();
    if (stack.sshHost.empty()) {
        link->missing = client::Error{.kind = client::ErrorKind::NotFound,
            .message = "stack '" + stack.name + "' has no SSH login: add its host and user on the Stacks page"};
        return link;
    }
    if (stack.stackDir.empty() && stack.composeProject.empty()) {
        link->missing = client::Error{.kind = client::ErrorKind::NotFound,
            .message = "stack '" + stack.name +
                "' has no stack directory on its server: set it (or the compose project) on the Stacks page"};
        return link;
    }
    const client::ssh::SshPrompts prompts{.acceptUnknownHost = [](const client::ssh::HostKeyInfo&) { return false; },
        .keyPassphrase = [passphrase](const std::string&) { return passphrase; }};
    for (Road* road : {&link->main, &link->logs}) {
        road->ssh = std::make_unique<client::ssh::SshConnection>(client::ssh::sshTargetOf(stack), prompts);
        road->ops = stackOpsOf(*road->ssh, stack);
    }
    return link;
}

} // namespace

OpsSession::OpsSession(StackDirectory* stacks, QObject* parent) : QObject(parent), m_stacks(stacks)
{
    stacks->whenCurrentStackChanges(
        this, &m_profile, [](SecretStore::Kind kind) { return kind == SecretStore::Kind::SshPassphrase; },
        [this] { restart(); });
    restart();
}

OpsSession::~OpsSession()
{
    if (m_link) {
        m_link->cancelAll(); // the workers' calls end now; the link goes with the last of them
    }
}

client::Result<OpsSession::Ops> OpsSession::opsOf(const std::shared_ptr<Link>& link, Lane lane)
{
    if (!link) {
        return client::Error{.kind = client::ErrorKind::NotFound,
            .message = "no stack is configured: add one on the "
                       "Stacks page"};
    }
    if (link->missing) {
        return *link->missing;
    }
    // Shares the link's ownership: the connections live while it is held.
    return Ops(link, (lane == Lane::Logs ? link->logs : link->main).ops.get());
}

StackWorker& OpsSession::worker(Lane lane)
{
    static constexpr std::array<const char*, 5> kLaneNames{
        "ops-status:", "ops-actions:", "ops-logs:", "ops-deploy:", "ops-backups:"};
    auto& worker = m_workers.at(static_cast<size_t>(lane));
    if (!worker) {
        worker = std::make_unique<StackWorker>(QString::fromLatin1(kLaneNames.at(static_cast<size_t>(lane))) +
            QString::fromStdString(m_profile ? m_profile->name : ""));
    }
    return *worker;
}

void OpsSession::submit(Call call)
{
    if (m_link || !m_profile) {
        call(m_link);
        return;
    }
    m_waiting.push_back(std::move(call));
    if (m_waiting.size() > 1) {
        return;
    }
    // On the first call, not before: a page never shown never touches the keychain.
    m_stacks->secrets()->read(QString::fromStdString(m_profile->name), SecretStore::Kind::SshPassphrase, this,
        [this, generation = m_generation](std::optional<client::Secret> passphrase, const QString&) {
            if (generation == m_generation) {
                connectLink(std::move(passphrase));
            }
        });
}

void OpsSession::connectLink(std::optional<client::Secret> passphrase)
{
    m_link = linkTo(*m_profile, std::move(passphrase));
    for (Call& call : std::exchange(m_waiting, {})) {
        call(m_link);
    }
}

void OpsSession::restart()
{
    ++m_generation;
    if (m_link) {
        m_link->cancelAll();
    }
    m_link.reset();
    for (auto& worker : m_workers) {
        if (worker) {
            worker.release()->deleteLater(); // cancels the old session's calls; never waits for them
        }
    }
    m_waiting.clear();
    const client::StackProfile* current = m_stacks->current();
    m_profile = current ? std::optional(*current) : std::nullopt;
    emit changed();
}

} // namespace ragdesk::ui
