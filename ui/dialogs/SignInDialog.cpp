#include "SignInDialog.h"

#include "bridge/StackDirectory.h"
#include "widgets/Text.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace ragdesk::ui {

SignInDialog::SignInDialog(
    StackDirectory* stacks, const client::StackProfile& stack, const QString& reason, QWidget* parent)
    : QDialog(parent),
      m_stacks(stacks),
      m_stack(stack.name),
      m_kind(stack.apiEmail.empty() ? SecretStore::Kind::ApiToken : SecretStore::Kind::ApiPassword),
      m_reason(new QLabel(reason, this)),
      m_secret(new QLineEdit(this)),
      m_signIn(new QPushButton(tr("&Sign in"), this))
{
    setWindowTitle(tr("Sign in to %1").arg(qs(stack.name)));
    m_reason->setWordWrap(true);
    auto* form = new QFormLayout;
    form->addRow(tr("API"), new QLabel(qs(stack.apiUrl), this));
    m_secret->setEchoMode(QLineEdit::Password);
    if (m_kind == SecretStore::Kind::ApiPassword) {
        form->addRow(tr("E-mail"), new QLabel(qs(stack.apiEmail), this));
        form->addRow(tr("&Password"), m_secret);
    } else {
        m_secret->setPlaceholderText(tr("a tenant API token"));
        form->addRow(tr("API &token"), m_secret);
    }
    const QString problem = stacks->secrets()->keychainProblem();
    auto* keeping = new QLabel(problem.isEmpty()
            ? tr("It is kept in the system keychain, never in a file.")
            : tr("No keychain answers (%1): it is kept for this run only and asked again next time.").arg(problem),
        this);
    keeping->setWordWrap(true);
    keeping->setEnabled(false); // the secondary text colour of the theme

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    buttons->addButton(m_signIn, QDialogButtonBox::AcceptRole);
    m_signIn->setDefault(true);
    m_signIn->setEnabled(false);
    connect(m_secret, &QLineEdit::textChanged, this,
        [this](const QString& typed) { m_signIn->setEnabled(!typed.isEmpty()); });
    connect(buttons, &QDialogButtonBox::accepted, this, &SignInDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_reason);
    layout->addLayout(form);
    layout->addWidget(keeping);
    layout->addWidget(buttons);
    setMinimumWidth(440);
    m_secret->setFocus();
}

QString SignInDialog::reason() const
{
    return m_reason->text();
}

void SignInDialog::accept()
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
