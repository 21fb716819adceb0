#pragma once

#include "StackHealth.h"

#include "ragdesk/client/common/Secret.h"
#include "ragdesk/client/common/StackProfile.h"

#include <QObject>

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace ragdesk::client::api {
class ApiClient;
}
namespace ragdesk::client::ssh {
class SshConnection;
}

namespace ragdesk::client::ops {
class StackOps;
}

namespace ragdesk::ui {

class StackWorker;

/// Probes both roads to each stack: its API's health, and its SSH login (a command over the kept connection). Each
/// road of each stack has its own worker ("api:<stack>", "ssh:<stack>") and kept connection, all probed at once: a
/// stack or a road that does not answer never delays the others. Results come back on the GUI thread. The SSH probe
/// never asks a person anything: an unknown host key is not trusted but handed back in SshHealth for a person to
/// check, and a key's passphrase is the one given with setKeyPassphrase (SshHealth says when one is needed).
/// Destroying it never waits for a probe in flight (see StackWorker).
class HealthMonitor : public QObject {
    Q_OBJECT

public:
    explicit HealthMonitor(QObject* parent = nullptr);
    ~HealthMonitor() override;

    /// Starts a probe of each of these stacks, the configured ones (a stack no longer listed is forgotten, its probe
    /// dropped); a road whose previous probe is still running is left to finish it.
    void probe(const std::vector<client::StackProfile>& stacks);
    /// The passphrase of the stack's SSH key, for the SSH probe's login (from the keychain or a dialog).
    void setKeyPassphrase(const std::string& stack, client::Secret passphrase);
    /// On: each SSH probe of a stack with a stack directory also reads the stack at a glance (services, maintenance,
    /// last deploy, newest backup: SshHealth::glance), for the fleet overview while it is shown.
    void setGlancing(bool on) { m_glancing = on; }
    /// Probes started and not reported yet.
    int probesInFlight() const { return m_inFlight; }

    /// The SSH probe's side of its login prompts (the passphrase to give, what the login met); internal.
    struct SshAnswers;

signals:
    void healthChecked(const QString& stackName, const ragdesk::ui::StackHealth& health);
    void sshChecked(const QString& stackName, const ragdesk::ui::SshHealth& health);
    /// Every probe started so far has reported.
    void probeRoundFinished();

private:
    /// The SSH probe's kept connection, and the stack's operations on it when the stack has a directory there.
    struct SshRoad;
    struct Prober {
        std::unique_ptr<StackWorker> apiWorker;
        std::unique_ptr<StackWorker> sshWorker; ///< null when the profile names no SSH host
        std::shared_ptr<client::api::ApiClient> api; ///< used on apiWorker only
        std::shared_ptr<SshRoad> ssh; ///< used on sshWorker only
        client::StackProfile profile; ///< what the clients were made for: a changed profile gets new ones
        bool probingApi = false;
        bool probingSsh = false;
    };
    Prober& proberFor(const client::StackProfile& stack);
    const std::shared_ptr<SshAnswers>& answersFor(const std::string& stack);
    void forget(const std::vector<client::StackProfile>& kept);
    void retire(Prober& prober);
    void probeApi(const std::string& name, Prober& prober);
    void probeSsh(const std::string& name, Prober& prober);
    /// A probe of this road reported: counts it, unless its prober was replaced meanwhile.
    bool reported(const std::string& name, const StackWorker* worker, bool Prober::*probing);

    std::map<std::string, Prober> m_probers;
    std::map<std::string, std::shared_ptr<SshAnswers>> m_sshAnswers; ///< kept across a prober's replacement
    int m_inFlight = 0;
    bool m_glancing = false;
};

} // namespace ragdesk::ui
