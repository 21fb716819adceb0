#include "StackDirectory.h"

#include "StackHealth.h"

#include "HealthMonitor.h"
#include "models/StackProfileModel.h"
#include "widgets/Text.h"

#include <QTimer>

#include <algorithm>
#include <chrono>

namespace ragdesk::ui {
namespace {

using namespace std::chrono_literals;
constexpr auto kRefreshInterval = 15s;
constexpr SecretStore::Kind kAllKinds[] = {
    SecretStore::Kind::ApiPassword, SecretStore::Kind::ApiToken, SecretStore::Kind::SshPassphrase};

client::Error nameTaken(const std::string& name)
{
    return client::Error{.kind = client::ErrorKind::Validation,
        .message = "a stack named " + name + " exists already",
        .fieldErrors = {{"name", "another stack has this name"}}};
}

} // namespace

StackDirectory::StackDirectory(std::filesystem::path configPath, std::vector<client::StackProfile> saved,
    std::optional<client::StackProfile> fromEnvironment, SecretStore* secrets, QObject* parent)
    : QObject(parent),
      m_configPath(std::move(configPath)),
      m_fromEnvironment(std::move(fromEnvironment)),
      m_secrets(secrets),
      m_model(new StackProfileModel(this)),
      m_monitor(new HealthMonitor(this)),
      m_refreshTimer(new QTimer(this))
{
    // A file stack of the environment's name wins: the file is what the person edits.
    if (m_fromEnvironment && std::any_of(saved.begin(), saved.end(), [&](const client::StackProfile& profile) {
            return profile.name == m_fromEnvironment->name;
        })) {
        m_fromEnvironment.reset();
    }
    publish(std::move(saved));
    connect(m_monitor, &HealthMonitor::healthChecked, m_model, &StackProfileModel::setHealth);
    connect(m_monitor, &HealthMonitor::sshChecked, m_model, &StackProfileModel::setSshHealth);
    connect(m_monitor, &HealthMonitor::probeRoundFinished, this, &StackDirectory::healthRoundFinished);
    connect(m_refreshTimer, &QTimer::timeout, this, &StackDirectory::refreshHealth);
}

void StackDirectory::startHealthChecks()
{
    m_checking = true;
    m_refreshTimer->start(kRefreshInterval);
    loadKeyPassphrases(); // only the SSH probe needs them: the keychain is not touched before
    refreshHealth();
}

const std::vector<client::StackProfile>& StackDirectory::profiles() const
{
    return m_model->profiles();
}

const client::StackProfile* StackDirectory::find(const std::string& name) const
{
    const auto& all = profiles();
    const auto found =
        std::find_if(all.begin(), all.end(), [&](const client::StackProfile& profile) { return profile.name == name; });
    return found == all.end() ? nullptr : &*found;
}

bool StackDirectory::isFromEnvironment(const std::string& name) const
{
    return m_fromEnvironment && m_fromEnvironment->name == name;
}

void StackDirectory::publish(std::vector<client::StackProfile> saved)
{
    m_saved = std::move(saved);
    std::vector<client::StackProfile> all = m_saved;
    if (m_fromEnvironment) {
        all.push_back(*m_fromEnvironment);
    }
    m_model->setProfiles(std::move(all));
    if (!find(m_current)) {
        m_current = profiles().empty() ? std::string() : profiles().front().name;
        emit currentChanged();
    }
}

client::Result<client::Done> StackDirectory::save(const client::StackProfile& profile, const std::string& replacing)
{
    if (auto checked = client::checkStackProfile(profile); !checked) {
        return checked;
    }
    if (isFromEnvironment(replacing)) {
        return client::Error{.kind = client::ErrorKind::Validation,
            .message = replacing + " comes from the environment (RAGDESK_API_URL…): change it there"};
    }
    if (profile.name != replacing && find(profile.name)) {
        return nameTaken(profile.name);
    }
    std::vector<client::StackProfile> saved = m_saved;
    const auto replaced = std::find_if(
        saved.begin(), saved.end(), [&](const client::StackProfile& kept) { return kept.name == replacing; });
    if (replaced != saved.end()) {
        *replaced = profile;
    } else {
        saved.push_back(profile);
    }
    if (auto written = client::StackProfileStore::save(m_configPath, saved); !written) {
        return written;
    }
    if (!replacing.empty() && replacing != profile.name) {
        moveSecrets(replacing, profile.name);
    }
    if (!replacing.empty() && m_current == replacing) {
        m_current = profile.name; // a rename of the current stack keeps it current, without a switch on the way
    }
    publish(std::move(saved));
    emit stacksChanged();
    refreshHealth();
    return client::Done{};
}

client::Result<client::Done> StackDirectory::remove(const std::string& name)
{
    if (isFromEnvironment(name)) {
        return client::Error{.kind = client::ErrorKind::Validation,
            .message = name + " comes from the environment (RAGDESK_API_URL…): unset it there"};
    }
    std::vector<client::StackProfile> saved = m_saved;
    std::erase_if(saved, [&](const client::StackProfile& profile) { return profile.name == name; });
    if (saved.size() == m_saved.size()) {
        return client::Error{.kind = client::ErrorKind::NotFound, .message = "no stack named " + name};
    }
    if (auto written = client::StackProfileStore::save(m_configPath, saved); !written) {
        return written;
    }
    for (const SecretStore::Kind kind : kAllKinds) {
        m_secrets->remove(qs(name), kind, this, [](bool, const QString&) {});
    }
    publish(std::move(saved));
    emit stacksChanged();
    m_monitor->probe(m_checking ? profiles() : std::vector<client::StackProfile>{}); // forgets the removed stack
    return client::Done{};
}

void StackDirectory::moveSecrets(const std::string& from, const std::string& to)
{
    for (const SecretStore::Kind kind : kAllKinds) {
        m_secrets->read(
            qs(from), kind, this, [this, from, to, kind](std::optional<client::Secret> secret, const QString& error) {
                if (!error.isEmpty()) {
                    return; // the keychain did not answer: the old entry stays rather than being lost
                }
                if (secret && !m_secrets->knows(qs(to), kind)) { // one typed in the same edit wins
                    keepSecret(to, kind, std::move(*secret));
                }
                m_secrets->remove(qs(from), kind, this, [](bool, const QString&) {});
            });
    }
}

const client::StackProfile* StackDirectory::current() const
{
    return find(m_current);
}

void StackDirectory::setCurrent(const std::string& name)
{
    if (name != m_current && find(name)) {
        m_current = name;
        emit currentChanged();
    }
}

void StackDirectory::whenCurrentStackChanges(QObject* receiver, const std::optional<client::StackProfile>* followed,
    std::function<bool(SecretStore::Kind)> signsInWith, std::function<void()> restart)
{
    const auto restartIfItsStack = [this, followed, restart] {
        const client::StackProfile* now = current();
        if (!now || !*followed || !(*now == **followed)) {
            restart();
        }
    };
    connect(this, &StackDirectory::currentChanged, receiver, restartIfItsStack);
    connect(this, &StackDirectory::stacksChanged, receiver, restartIfItsStack);
    connect(this, &StackDirectory::secretKept, receiver,
        [followed, signsInWith = std::move(signsInWith), restart](const std::string& stack, SecretStore::Kind kind) {
            if (*followed && (*followed)->name == stack && signsInWith(kind)) {
                restart(); // a corrected password, token or passphrase: used from the next call on
            }
        });
}

void StackDirectory::keepSecret(const std::string& stack, SecretStore::Kind kind, client::Secret secret)
{
    if (kind == SecretStore::Kind::SshPassphrase) {
        m_monitor->setKeyPassphrase(stack, secret);
        m_passphraseGivenAt[stack] = QDateTime::currentDateTimeUtc();
    }
    m_secrets->write(qs(stack), kind, std::move(secret), this, [](bool, const QString&) {
        // A keychain that does not answer is shown by SecretStore::keychainProblemChanged.
    });
    emit secretKept(stack, kind);
    if (kind == SecretStore::Kind::SshPassphrase) {
        refreshHealth(); // the login that needed it is tried again now, not at the next round
    }
}

void StackDirectory::loadKeyPassphrases()
{
    for (const client::StackProfile& profile : profiles()) {
        if (profile.sshHost.empty()) {
            continue;
        }
        ++m_passphraseReadsPending;
        m_secrets->read(qs(profile.name), SecretStore::Kind::SshPassphrase, this,
            [this, name = profile.name](std::optional<client::Secret> secret, const QString&) {
                if (secret) {
                    m_monitor->setKeyPassphrase(name, std::move(*secret));
                    m_passphraseGivenAt[name] = QDateTime::currentDateTimeUtc();
                    refreshHealth(); // a probe that ran without it may have failed to log in
                }
                if (--m_passphraseReadsPending == 0) {
                    emit keyPassphrasesRead();
                }
            });
    }
}

bool StackDirectory::keyPassphraseWanted(const std::string& stack, const SshHealth& health) const
{
    if (!health.passphraseNeeded || !m_checking || m_passphraseReadsPending > 0) {
        return false; // the keychain may still hand it over
    }
    const auto given = m_passphraseGivenAt.find(stack);
    return given == m_passphraseGivenAt.end() || health.checkedAt > given->second;
}

void StackDirectory::refreshHealth()
{
    if (!m_checking) {
        return;
    }
    m_model->markChecking();
    m_monitor->probe(profiles());
}

void StackDirectory::setGlancing(bool on)
{
    m_monitor->setGlancing(on);
    if (on) {
        refreshHealth();
    }
}

} // namespace ragdesk::ui
