#include "SecretPromptDialog.h"

#include "bridge/StackDirectory.h"
#include "widgets/Text.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace ragdesk::ui {

SecretPromptDialog::SecretPromptDialog(StackDirectory* stacks, const client::StackProfile& stack,
    SecretStore::Kind kind, const QString& reason, QWidget* parent)
    : QDialog(parent),
      m_stacks(stacks),
      m_stack(stack.name),
      m_kind(kind),
      m_reason(new QLabel(reason, this)),
      m_secret(new QLineEdit(this)),
      m_ok(new QPushButton(m_kind == SecretStore::Kind::SshPassphrase ? tr("&Unlock") : tr("&Sign in"), this))
{
    m_reason->setWordWrap(true);
    auto* form = new QFormLayout;
    m_secret->setEchoMode(QLineEdit::Password);
    switch (m_kind) {
    case SecretStore::Kind::ApiPassword:
        setWindowTitle(tr("Sign in to %1").arg(qs(stack.name)));
        form->addRow(tr("API"), new QLabel(qs(stack.apiUrl), this));
        form->addRow(tr("E-mail"), new QLabel(qs(stack.apiEmail), this));
        form->addRow(tr("&Password"), m_secret);
        break;
    case SecretStore::Kind::ApiToken:
        setWindowTitle(tr("Sign in to %1").arg(qs(stack.name)));
        form->addRow(tr("API"), new QLabel(qs(stack.apiUrl), this));
        m_secret->setPlaceholderText(tr("a tenant API token"));
        form->addRow(tr("API &token"), m_secret);
        break;
    case SecretStore::Kind::SshPassphrase:
        setWindowTitle(tr("SSH key of %1").arg(qs(stack.name)));
        form->addRow(tr("Login"),
            new QLabel(qs(stack.sshUser.empty() ? stack.sshHost : stack.sshUser + "@" + stack.sshHost), this));
        form->addRow(tr("Key"),
            new QLabel(
                stack.sshKeyPath.empty() ? tr("~/.ssh/id_* and the config's IdentityFile") : qs(stack.sshKeyPath),
                this));
        form->addRow(tr("&Passphrase"), m_secret);
        break;
    }
    const QString problem = stacks->secrets()->keychainProblem();
    // The store's own words ("the keychain did not answer (…); secrets are kept for this run only, …").
    auto* keeping = new QLabel(problem.isEmpty() ? tr("It is kept in the system keychain, never in a file.")
                                                 : problem.left(1).toUpper() + problem.mid(1) + QLatin1Char('.'),
        this);
    keeping->setWordWrap(true);
    keeping->setEnabled(false); // the secondary text colour of the theme

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    buttons->addButton(m_ok, QDialogButtonBox::AcceptRole);
    m_ok->setDefault(true);
    m_ok->setEnabled(false);
    connect(
        m_secret, &QLineEdit::textChanged, this, [this](const QString& typed) { m_ok->setEnabled(!typed.isEmpty()); });
    connect(buttons, &QDialogButtonBox::accepted, this, &SecretPromptDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_reason);
    layout->addLayout(form);
    layout->addWidget(keeping);
    layout->addWidget(buttons);
    setMinimumWidth(440);
    m_secret->setFocus();
}

QString SecretPromptDialog::reason() const
{
    return m_reason->text();
}

void SecretPromptDialog::accept()
{
    if (m_secret->text().isEmpty()) {
        return;
    }
    // A password is taken as typed (it may end in a space); a pasted token loses the line break that came with it.
    const QString typed = m_kind == SecretStore::Kind::ApiToken ? m_secret->text().trimmed() : m_secret->text();
    m_stacks->keepSecret(m_stack, m_kind, client::Secret(typed.toStdString()));
    m_secret->clear();
    QDialog::accept();
}

} // namespace ragdesk::ui
