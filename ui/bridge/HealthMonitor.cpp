#include "HealthMonitor.h"

#include "StackOpsOf.h"
#include "StackWorker.h"
#include "widgets/Text.h"

#include "ragdesk/client/api/ApiClient.h"
#include "ragdesk/client/ops/StackGlance.h"
#include "ragdesk/client/ops/StackOps.h"
#include "ragdesk/client/ssh/SshConnection.h"
#include "ragdesk/client/ssh/SshTarget.h"

#include <algorithm>
#include <chrono>
#include <mutex>
#include <optional>

namespace ragdesk::ui {
namespace {

using namespace std::chrono_literals;

/// Liveness, then the dependencies' health; runs on the stack's API worker.
StackHealth checkApi(client::api::ApiClient& api, const client::CancelToken& cancel)
{
    const auto scope = api.cancelWith(cancel);
    StackHealth health;
    health.checkedAt = QDateTime::currentDateTimeUtc();
    if (const auto live = api.liveness(); !live) {
        health.state = HealthState::Unreachable;
        health.message = qs(live.error().message);
        return health;
    }
    const auto system = api.systemHealth();
    if (!system) {
        health.state = HealthState::Degraded;
        health.message = QStringLiteral("/v1/system/health: ") + qs(system.error().message);
        return health;
    }
    health.system = *system;
    health.state = system->status == "ok" ? HealthState::Healthy : HealthState::Degraded;
    if (health.state == HealthState::Degraded) {
        QStringList failing;
        for (const client::api::NamedService& service : client::api::services(*system)) {
            if (!service.health->ok) {
                failing << qs(std::string(service.name)) + QStringLiteral(": ") +
                        qs(service.health->detail.value_or("error"));
            }
        }
        health.message = failing.join(QStringLiteral("; "));
    }
    return health;
}

} // namespace

/// What the SSH probe's login may use and what it met: the passphrase is set on the GUI thread, the rest is written
/// by the login's prompts on the connection's thread and read after the probe.
struct HealthMonitor::SshAnswers {
    std::mutex mutex;
    std::optional<client::Secret> passphrase;
    std::optional<client::ssh::HostKeyInfo> unknownHostKey;
    bool passphraseAsked = false;

    /// The login's prompts, answering from and into `self`.
    static client::ssh::SshPrompts promptsOf(const std::shared_ptr<SshAnswers>& self)
    {
        return {.acceptUnknownHost =
                    [self](const client::ssh::HostKeyInfo& presented) {
                        const std::lock_guard lock(self->mutex);
                        self->unknownHostKey = presented;
                        return false; // never trusted without a person: see SshHealth::unknownHostKey
                    },
            .keyPassphrase =
                [self](const std::string&) {
                    const std::lock_guard lock(self->mutex);
                    self->passphraseAsked = true;
                    return self->passphrase;
                }};
    }
};

namespace {

/// A command over the kept connection (logging in first if the link is down); runs on the stack's SSH worker.
SshHealth checkSsh(
    client::ssh::SshConnection& ssh, HealthMonitor::SshAnswers& answers, const client::CancelToken& cancel)
{
    {
        const std::lock_guard lock(answers.mutex);
        answers.unknownHostKey.reset();
        answers.passphraseAsked = false;
    }
    SshHealth health;
    health.checkedAt = QDateTime::currentDateTimeUtc();
    const auto started = std::chrono::steady_clock::now();
    const auto ran = ssh.run({.argv = {"true"}, .timeout = 15s, .cancel = cancel});
    health.latencyMs = static_cast<int>(
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count());
    if (!ran) {
        health.state = HealthState::Unreachable;
        health.message = qs(ran.error().message);
        const std::lock_guard lock(answers.mutex);
        if (ran.error().kind == client::ErrorKind::HostKey && answers.unknownHostKey) {
            health.unknownHostKey = answers.unknownHostKey;
            health.message += QObject::tr(" (Edit the stack and Test connection to review it and trust it.)");
        }
        health.passphraseNeeded = ran.error().kind == client::ErrorKind::Auth && answers.passphraseAsked;
    } else if (!ran->succeeded()) {
        health.state = HealthState::Degraded;
        health.message = QObject::tr("logged in, but `true` exited with %1").arg(ran->exitStatus);
    } else {
        health.state = HealthState::Healthy;
    }
    return health;
}

} // namespace

struct HealthMonitor::SshRoad {
    std::unique_ptr<client::ssh::SshConnection> ssh;
    std::unique_ptr<client::ops::StackOps> ops; ///< null when the profile names no stack directory or project
};

HealthMonitor::HealthMonitor(QObject* parent) : QObject(parent) { }

HealthMonitor::~HealthMonitor() = default;

void HealthMonitor::setKeyPassphrase(const std::string& stack, client::Secret passphrase)
{
    SshAnswers& answers = *answersFor(stack);
    const std::lock_guard lock(answers.mutex);
    answers.passphrase = std::move(passphrase);
}

const std::shared_ptr<HealthMonitor::SshAnswers>& HealthMonitor::answersFor(const std::string& stack)
{
    auto& answers = m_sshAnswers[stack];
    if (!answers) {
        answers = std::make_shared<SshAnswers>();
    }
    return answers;
}

void HealthMonitor::retire(Prober& prober)
{
    m_inFlight -= (prober.probingApi ? 1 : 0) + (prober.probingSsh ? 1 : 0); // their results are dropped
    // Later, not now: this may run inside one of the worker's own deliveries (a slot of healthChecked that probes).
    for (std::unique_ptr<StackWorker>* worker : {&prober.apiWorker, &prober.sshWorker}) {
        if (*worker) {
            worker->release()->deleteLater();
        }
    }
    prober = Prober{};
}

HealthMonitor::Prober& HealthMonitor::proberFor(const client::StackProfile& stack)
{
    Prober& prober = m_probers[stack.name];
    if (prober.apiWorker && prober.profile == stack) {
        return prober;
    }
    retire(prober);
    prober.profile = stack;
    prober.apiWorker = std::make_unique<StackWorker>(QStringLiteral("api:") + qs(stack.name));
    prober.api = std::make_shared<client::api::ApiClient>(stack.apiUrl, client::api::Credentials{},
        client::api::httpOptionsFor(stack, {.connectTimeout = 3s, .totalTimeout = 8s}));
    if (!stack.sshHost.empty()) {
        auto prompts = SshAnswers::promptsOf(answersFor(stack.name));
        prober.sshWorker = std::make_unique<StackWorker>(QStringLiteral("ssh:") + qs(stack.name));
        prober.ssh = std::make_shared<SshRoad>();
        prober.ssh->ssh = std::make_unique<client::ssh::SshConnection>(
            client::ssh::sshTargetOf(stack), std::move(prompts), client::ssh::SshOptions{.connectTimeout = 8s});
        if (!stack.stackDir.empty() || !stack.composeProject.empty()) {
            prober.ssh->ops = stackOpsOf(*prober.ssh->ssh, stack);
        }
    }
    return prober;
}

void HealthMonitor::forget(const std::vector<client::StackProfile>& kept)
{
    for (auto it = m_probers.begin(); it != m_probers.end();) {
        const bool listed = std::any_of(
            kept.begin(), kept.end(), [&](const client::StackProfile& stack) { return stack.name == it->first; });
        if (listed) {
            ++it;
            continue;
        }
        retire(it->second);
        it = m_probers.erase(it);
    }
}

bool HealthMonitor::reported(const std::string& name, const StackWorker* worker, bool Prober::*probing)
{
    const auto current = m_probers.find(name);
    if (current == m_probers.end() ||
        (current->second.apiWorker.get() != worker && current->second.sshWorker.get() != worker)) {
        return false;
    }
    current->second.*probing = false;
    --m_inFlight;
    return true;
}

void HealthMonitor::probeApi(const std::string& name, Prober& prober)
{
    if (prober.probingApi) {
        return;
    }
    prober.probingApi = true;
    ++m_inFlight;
    // The result counts only while the worker that made it is still the stack's: a replaced or forgotten prober's
    // late answer is dropped.
    StackWorker* worker = prober.apiWorker.get();
    worker->run<StackHealth>(
        this,
        [api = prober.api](
            const TaskContext& context) -> client::Result<StackHealth> { return checkApi(*api, context.cancel()); },
        [this, worker, name](client::Result<StackHealth> health) {
            if (reported(name, worker, &Prober::probingApi)) {
                emit healthChecked(qs(name), *health);
                if (m_inFlight == 0) {
                    emit probeRoundFinished();
                }
            }
        });
}

void HealthMonitor::probeSsh(const std::string& name, Prober& prober)
{
    if (!prober.sshWorker) {
        emit sshChecked(qs(name), SshHealth{.state = HealthState::NotConfigured});
        return;
    }
    if (prober.probingSsh) {
        return;
    }
    prober.probingSsh = true;
    ++m_inFlight;
    StackWorker* worker = prober.sshWorker.get();
    worker->run<SshHealth>(
        this,
        [road = prober.ssh, answers = answersFor(name), glancing = m_glancing](
            const TaskContext& context) -> client::Result<SshHealth> {
            SshHealth health = checkSsh(*road->ssh, *answers, context.cancel());
            if (glancing && road->ops && health.state == HealthState::Healthy) {
                health.glance = client::ops::glanceAt(*road->ops);
            }
            return health;
        },
        [this, worker, name](client::Result<SshHealth> health) {
            if (reported(name, worker, &Prober::probingSsh)) {
                emit sshChecked(qs(name), *health);
                if (m_inFlight == 0) {
                    emit probeRoundFinished();
                }
            }
        });
}

void HealthMonitor::probe(const std::vector<client::StackProfile>& stacks)
{
    forget(stacks);
    for (const client::StackProfile& stack : stacks) {
        Prober& prober = proberFor(stack);
        probeApi(stack.name, prober);
        probeSsh(stack.name, prober);
    }
    if (m_inFlight == 0) {
        emit probeRoundFinished();
    }
}

} // namespace ragdesk::ui
