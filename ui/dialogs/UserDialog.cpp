#include "UserDialog.h"

#include "ragdesk/client/api/ApiClient.h"

#include <QComboBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>

namespace ragdesk::ui {

UserDialog::UserDialog(ApiSession* session, std::optional<client::api::User> editing, QWidget* parent)
    : FormDialog(
          session, editing ? tr("Edit user %1").arg(QString::fromStdString(editing->email)) : tr("Add a user"), parent),
      m_editing(std::move(editing)),
      m_role(new QComboBox(this))
{
    m_email = addLine(tr("&E-mail"), {"email"}, tr("name@example.com"));
    m_displayName = addLine(tr("&Display name"), {"display_name"});
    for (const auto role :
        {client::api::UserRole::Member, client::api::UserRole::Admin, client::api::UserRole::Owner}) {
        m_role->addItem(QString::fromUtf8(client::api::toString(role).data()), static_cast<int>(role));
    }
    form()->addRow(tr("&Role"), m_role);
    errors().addField(form(), {"role"});
    m_password = addLine(tr("&Password"), {"password"}, tr("8 characters or more"));
    m_password->setEchoMode(QLineEdit::Password);
    if (m_editing) {
        m_email->setText(QString::fromStdString(m_editing->email));
        m_displayName->setText(QString::fromStdString(m_editing->displayName));
        m_role->setCurrentIndex(m_role->findData(static_cast<int>(m_editing->role)));
        auto* note = new QLabel(tr("The API sets the password on every edit: enter the current one to keep it."), this);
        note->setWordWrap(true);
        form()->addRow(QString(), note);
    }
}

void UserDialog::submit()
{
    client::api::UserDraft draft{.email = m_email->text().trimmed().toStdString(),
        .password = client::Secret(m_password->text().toStdString()),
        .displayName = m_displayName->text().trimmed().toStdString(),
        .role = static_cast<client::api::UserRole>(m_role->currentData().toInt())};
    if (m_editing) {
        send<client::api::User>(
            [draft, id = m_editing->id](client::api::ApiClient& api) { return api.accounts().updateUser(id, draft); });
    } else {
        send<client::api::User>([draft](client::api::ApiClient& api) { return api.accounts().createUser(draft); });
    }
}

} // namespace ragdesk::ui
