#pragma once

#include "bridge/SecretStore.h"

#include "ragdesk/client/common/StackProfile.h"

#include <QDialog>

class QLabel;
class QLineEdit;
class QPushButton;

namespace ragdesk::ui {

class StackDirectory;

/// Asks for the password of the stack's e-mail (or its API token, for a stack without one) when the app has none
/// this run or the server refused it, and says why it asks. Sign in keeps the secret in the keychain, or for this
/// run only where none answers (the dialog says so); the stack's pages then sign in anew.
class SignInDialog : public QDialog {
    Q_OBJECT

public:
    SignInDialog(
        StackDirectory* stacks, const client::StackProfile& stack, const QString& reason, QWidget* parent = nullptr);

    QLineEdit* secretEdit() const { return m_secret; }
    /// Why it asks ("No password … is stored", the server's refusal).
    QString reason() const;
    /// Keeps what was typed (the Sign in button); an empty field keeps nothing.
    void accept() override;

private:
    StackDirectory* m_stacks;
    std::string m_stack;
    SecretStore::Kind m_kind;
    QLabel* m_reason;
    QLineEdit* m_secret;
    QPushButton* m_signIn;
};

} // namespace ragdesk::ui
