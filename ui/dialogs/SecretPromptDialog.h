#pragma once

#include "bridge/SecretStore.h"

#include "ragdesk/client/common/StackProfile.h"

#include <QDialog>

class QLabel;
class QLineEdit;
class QPushButton;

namespace ragdesk::ui {

class StackDirectory;

/// Asks for a secret of a stack the app lacks this run, or one that was refused, and says why it asks: the password
/// of the stack's e-mail or its API token (to sign in to the API), or the passphrase of its SSH key. The secret is
/// kept in the keychain, or for this run only where none answers (the dialog says so); the stack's sessions and
/// probes then use it.
class SecretPromptDialog : public QDialog {
    Q_OBJECT

public:
    /// `kind`: what to ask for (signInKindOf(stack) to sign in to its API).
    SecretPromptDialog(StackDirectory* stacks, const client::StackProfile& stack, SecretStore::Kind kind,
        const QString& reason, QWidget* parent = nullptr);

    SecretStore::Kind kind() const { return m_kind; }
    QLineEdit* secretEdit() const { return m_secret; }
    /// Why it asks ("No password … is stored", the server's refusal).
    QString reason() const;
    /// Keeps what was typed (the OK button); an empty field keeps nothing.
    void accept() override;

private:
    StackDirectory* m_stacks;
    std::string m_stack;
    SecretStore::Kind m_kind;
    QLabel* m_reason;
    QLineEdit* m_secret;
    QPushButton* m_ok;
};

} // namespace ragdesk::ui
