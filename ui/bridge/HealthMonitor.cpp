#include "HealthMonitor.h"

#include "StackWorker.h"
#include "widgets/Text.h"

#include "ragdesk/client/api/ApiClient.h"
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

/// A command over the kept connection (logging in first if the link is down); runs on the stack's SSH worker.
SshHealth checkSsh(client::ssh::SshConnection& ssh, const client::CancelToken& cancel)
{
    SshHealth health;
    health.checkedAt = QDateTime::currentDateTimeUtc();
    const auto started = std::chrono::steady_clock::now();
    const auto ran = ssh.run({.argv = {"true"}, .timeout = 15s, .cancel = cancel});
    health.latencyMs = static_cast<int>(
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count());
    if (!ran) {
        health.state = HealthState::Unreachable;
        health.message = qs(ran.error().message);
    } else if (!ran->succeeded()) {
        health.state = HealthState::Degraded;
        health.message = QObject::tr("logged in, but `true` exited with %1").arg(ran->exitStatus);
    } else {
        health.state = HealthState::Healthy;
    }
    return health;
}

} // namespace

/// The passphrase the SSH probe's login may use, set on the GUI thread and read on the connection's.
struct HealthMonitor::KeyPassphrase {
    std::mutex mutex;
    std::optional<client::Secret> secret;
};

HealthMonitor::HealthMonitor(QObject* parent) : QObject(parent) { }

HealthMonitor::~HealthMonitor() = default;

void HealthMonitor::setKeyPassphrase(const std::string& stack, client::Secret passphrase)
{
    auto& box = m_passphrases[stack];
    if (!box) {
        box = std::make_shared<KeyPassphrase>();
    }
    const std::lock_guard lock(box->mutex);
    box->secret = std::move(passphrase);
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
        auto& passphrase = m_passphrases[stack.name];
        if (!passphrase) {
            passphrase = std::make_shared<KeyPassphrase>();
        }
        client::ssh::SshPrompts prompts{.acceptUnknownHost = {}, .keyPassphrase = [passphrase](const std::string&) {
                                            const std::lock_guard lock(passphrase->mutex);
                                            return passphrase->secret;
                                        }};
        prober.sshWorker = std::make_unique<StackWorker>(QStringLiteral("ssh:") + qs(stack.name));
        prober.ssh = std::make_shared<client::ssh::SshConnection>(
            client::ssh::sshTargetOf(stack), std::move(prompts), client::ssh::SshOptions{.connectTimeout = 8s});
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
        [ssh = prober.ssh](
            const TaskContext& context) -> client::Result<SshHealth> { return checkSsh(*ssh, context.cancel()); },
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
