#pragma once

#include "ragdesk/client/common/Secret.h"
#include "ragdesk/client/common/StackProfile.h"

#include <QObject>
#include <QString>

#include <functional>
#include <map>
#include <optional>
#include <utility>

namespace ragdesk::ui {

/// The stacks' secrets in the OS keychain (Secret Service or KWallet, through QtKeychain), never in stacks.json and
/// never in a file in clear. Where no keychain answers, a secret is kept in this process only, so it is asked once
/// per run, and keychainProblem() says why it could not be kept. Calls are asynchronous (D-Bus): the callbacks run
/// on the GUI thread, unless the receiver is gone by then.
class SecretStore : public QObject {
    Q_OBJECT

public:
    enum class Kind {
        ApiPassword, ///< the e-mail's password for a JWT login
        ApiToken, ///< a tenant API token
        SshPassphrase, ///< of the stack's SSH key
    };

    /// `service` names the entries in the keychain ("RagDesk"; tests use their own).
    explicit SecretStore(QString service = QStringLiteral("RagDesk"), QObject* parent = nullptr);

    using ReadDone = std::function<void(std::optional<client::Secret> secret, const QString& error)>;
    using WriteDone = std::function<void(bool keptInKeychain, const QString& error)>;

    /// The secret, from this run's memory or the keychain; nullopt (no error) when none is stored.
    void read(const QString& stack, Kind kind, QObject* receiver, ReadDone done);
    /// Keeps the secret for this run at once and stores it in the keychain; keptInKeychain false says it will be
    /// asked again next run, and error why.
    void write(const QString& stack, Kind kind, client::Secret secret, QObject* receiver, WriteDone done);
    /// Keeps a secret for this run only, never in the keychain (one the environment gave).
    void keepForThisRun(const QString& stack, Kind kind, client::Secret secret);
    /// Forgets it here and in the keychain (a stack removed, a token revoked).
    void remove(const QString& stack, Kind kind, QObject* receiver, WriteDone done);

    /// A secret of that stack and kind was entered or read this run.
    bool knows(const QString& stack, Kind kind) const { return m_thisRun.contains(keyOf(stack, kind)); }

    /// Why the last keychain call failed ("no keychain answers on D-Bus: …"); empty while it works.
    const QString& keychainProblem() const { return m_problem; }

signals:
    /// The keychain stopped or started answering: the shell shows the reason where secrets are entered.
    void keychainProblemChanged(const QString& problem);

private:
    QString keyOf(const QString& stack, Kind kind) const;
    void setProblem(const QString& problem);

    QString m_service;
    std::map<QString, client::Secret> m_thisRun; ///< what was entered or read this run, by key
    std::map<QString, quint64> m_generation; ///< bumped by each write and remove: older reads' answers are stale
    QString m_problem;
};

/// What the stack signs in to its API with: the password of its e-mail, else a tenant API token.
inline SecretStore::Kind signInKindOf(const client::StackProfile& stack)
{
    return stack.apiEmail.empty() ? SecretStore::Kind::ApiToken : SecretStore::Kind::ApiPassword;
}

} // namespace ragdesk::ui
