#pragma once

#include "SecretStore.h"

#include "ragdesk/client/common/Result.h"
#include "ragdesk/client/common/StackProfile.h"

#include <QDateTime>
#include <QObject>

#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

class QTimer;

namespace ragdesk::ui {

class HealthMonitor;
class StackProfileModel;
struct SshHealth;

/// The configured stacks (stacks.json, plus the one the environment describes) with the live health of both roads,
/// and the stack the window works on: what the pages, the stack switcher and the status bar share. Edits are checked
/// (client::checkStackProfile) and written to stacks.json at once; secrets never go there but to the SecretStore.
/// The environment's stack is never written to the file: it comes from the environment each run.
class StackDirectory : public QObject {
    Q_OBJECT

public:
    StackDirectory(std::filesystem::path configPath, std::vector<client::StackProfile> saved,
        std::optional<client::StackProfile> fromEnvironment, SecretStore* secrets, QObject* parent = nullptr);

    StackProfileModel* model() const { return m_model; }
    SecretStore* secrets() const { return m_secrets; }
    const std::filesystem::path& configPath() const { return m_configPath; }
    const std::vector<client::StackProfile>& profiles() const;
    const client::StackProfile* find(const std::string& name) const;
    /// It came from the environment: shown and used, but neither edited nor removed here.
    bool isFromEnvironment(const std::string& name) const;

    /// Adds a stack, or replaces the one named `replacing` (its secrets follow a rename). A bad field or a name
    /// already taken is a Validation error naming the field; a file that cannot be written changes nothing.
    client::Result<client::Done> save(const client::StackProfile& profile, const std::string& replacing = {});
    /// Removes the stack and its secrets (the VPS and its data are not touched).
    client::Result<client::Done> remove(const std::string& name);

    /// The stack the window works on; null when none is configured.
    const client::StackProfile* current() const;
    void setCurrent(const std::string& name);
    /// What a session on the current stack (ApiSession, OpsSession) connects to: calls `restart` whenever the
    /// current stack is no longer the `followed` one as it was (another became current, or it was edited or
    /// removed), and when a secret of the followed stack it `signsInWith` is kept anew. Ends with `receiver`.
    void whenCurrentStackChanges(QObject* receiver, const std::optional<client::StackProfile>* followed,
        std::function<bool(SecretStore::Kind)> signsInWith, std::function<void()> restart);

    /// Keeps a secret of a stack in the keychain (this run only where none answers); a key passphrase is also
    /// handed to the SSH health probe.
    void keepSecret(const std::string& stack, SecretStore::Kind kind, client::Secret secret);

    /// The SSH probe's result says the key's passphrase is needed, and it was not given since that probe started
    /// (neither typed nor read from the keychain): a person should be asked for it.
    bool keyPassphraseWanted(const std::string& stack, const SshHealth& health) const;

    /// Probes both roads of every stack now and every 15 s from then on, and again after each edit. Until then
    /// nothing is sent anywhere (tests of editing never reach the hosts they type).
    void startHealthChecks();

public slots:
    /// Probes both roads of every stack now (a road still being probed finishes first), once checks are started.
    void refreshHealth();
    /// While on, each SSH probe also reads its stack at a glance (SshHealth::glance), starting with one now: for the
    /// fleet overview while it is shown.
    void setGlancing(bool on);

signals:
    /// Stacks were added, edited or removed (the model is up to date).
    void stacksChanged();
    /// Another stack is now the current one (or none).
    void currentChanged();
    /// Every probe started so far has reported.
    void healthRoundFinished();
    /// A secret of this stack was stored (a corrected password): its sessions sign in anew.
    void secretKept(const std::string& stack, ragdesk::ui::SecretStore::Kind kind);
    /// The keychain answered for every stack's key passphrase (found or not) after startHealthChecks.
    void keyPassphrasesRead();

private:
    void publish(std::vector<client::StackProfile> saved);
    void loadKeyPassphrases();
    void moveSecrets(const std::string& from, const std::string& to);

    std::filesystem::path m_configPath;
    std::vector<client::StackProfile> m_saved; ///< what stacks.json holds
    std::optional<client::StackProfile> m_fromEnvironment;
    SecretStore* m_secrets;
    StackProfileModel* m_model;
    HealthMonitor* m_monitor;
    QTimer* m_refreshTimer;
    std::string m_current;
    bool m_checking = false;
    int m_passphraseReadsPending = 0;
    std::map<std::string, QDateTime> m_passphraseGivenAt; ///< when each stack's key passphrase was last set
};

} // namespace ragdesk::ui
