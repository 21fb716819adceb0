#pragma once

#include "ragdesk/client/common/Error.h"
#include "ragdesk/client/common/StackProfile.h"
#include "ragdesk/client/ssh/HostKey.h"
#include "widgets/FormErrors.h"

#include <QDialog>

#include <optional>
#include <string>

class QCheckBox;
class QComboBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;

namespace ragdesk::ui {

class HealthMonitor;
class StackDirectory;
struct SshHealth;
struct StackHealth;

/// Adds or edits one stack: its API (address, TLS trust, sign-in) and its VPS over SSH. "Test connection" probes both
/// roads of what is typed, before anything is saved, and shows each road's answer or error. Save checks the fields
/// (each error next to its field), writes stacks.json through the StackDirectory, and puts the password, token and
/// key passphrase in the keychain, never in the file. Secret fields left empty keep what the keychain has.
class StackEditorDialog : public QDialog {
    Q_OBJECT

public:
    /// `editing`: the stack to edit; nullopt adds a new one.
    StackEditorDialog(StackDirectory* stacks, std::optional<client::StackProfile> editing, QWidget* parent = nullptr);

    /// The profile the fields describe now.
    client::StackProfile profile() const;
    /// The error shown next to a field (by its stacks.json key: "name", "api_url", "ssh.user"…), empty if none.
    QString fieldError(const std::string& field) const { return m_errors.at(field); }
    QLabel* apiTestResult() const { return m_apiResult; }
    QLabel* sshTestResult() const { return m_sshResult; }

    /// Field widgets, for tests that fill the form as a person would.
    QLineEdit* nameEdit() const { return m_name; }
    QLineEdit* apiUrlEdit() const { return m_apiUrl; }
    QLineEdit* emailEdit() const { return m_email; }
    QLineEdit* passwordEdit() const { return m_password; }
    QLineEdit* tokenEdit() const { return m_token; }
    QLineEdit* sshHostEdit() const { return m_sshHost; }
    QSpinBox* sshPortEdit() const { return m_sshPort; }
    QLineEdit* sshUserEdit() const { return m_sshUser; }
    QLineEdit* sshKeyEdit() const { return m_sshKey; }
    QLineEdit* knownHostsEdit() const { return m_knownHosts; }
    QLineEdit* stackDirEdit() const { return m_stackDir; }
    QCheckBox* allowInsecureHttpBox() const { return m_allowInsecure; }
    QComboBox* signInChoice() const { return m_signIn; }
    QPushButton* testButton() const { return m_test; }
    /// Shown when the test met a host not in known_hosts: trusts the key shown above it, then tests again.
    QPushButton* trustKeyButton() const { return m_trustKey; }

    /// Saves and closes, or shows why not (the Save button).
    void accept() override;

private:
    enum class SignIn { Password, Token, None };
    QLineEdit* addField(QFormLayout* form, const QString& label, const std::string& key, const QString& hint = {});
    void updateSignInFields();
    void updateInsecureWarning();
    void testConnection();
    void showApiResult(const StackHealth& health);
    void showSshResult(const SshHealth& health);
    void trustHostKey();

    StackDirectory* m_stacks;
    std::string m_originalName; ///< empty when adding
    QLineEdit* m_name;
    QLineEdit* m_apiUrl;
    QCheckBox* m_allowInsecure;
    QLabel* m_insecureWarning;
    QLineEdit* m_caFile;
    QLineEdit* m_pinnedKey;
    QComboBox* m_signIn;
    QLineEdit* m_email;
    QLineEdit* m_password;
    QLineEdit* m_token;
    QLineEdit* m_sshHost;
    QSpinBox* m_sshPort;
    QLineEdit* m_sshUser;
    QLineEdit* m_sshKey;
    QLineEdit* m_passphrase;
    QLineEdit* m_knownHosts;
    QLineEdit* m_stackDir;
    QLineEdit* m_composeProject;
    QLabel* m_formError;
    FormErrors m_errors; ///< by stacks.json key
    QPushButton* m_test;
    QLabel* m_apiResult;
    QLabel* m_sshResult;
    QPushButton* m_trustKey;
    std::optional<client::ssh::HostKeyInfo> m_unknownHostKey; ///< the key the last test met, for Trust
    HealthMonitor* m_tester = nullptr; ///< made per test, so a test of edited fields never reuses old connections
};

} // namespace ragdesk::ui
