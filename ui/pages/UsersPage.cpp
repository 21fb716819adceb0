#include "UsersPage.h"

#include "bridge/ApiSession.h"
#include "dialogs/Confirmation.h"
#include "dialogs/UserDialog.h"
#include "widgets/Actions.h"
#include "widgets/RecordTable.h"
#include "widgets/Text.h"

#include "ragdesk/client/api/ApiClient.h"

#include <QAction>
#include <QToolBar>
#include <QVBoxLayout>

namespace ragdesk::ui {
namespace {

using client::api::User;

std::vector<RecordModel<User>::Column> userColumns()
{
    return {
        {QObject::tr("E-mail"), [](const User& user) { return qs(user.email); }},
        {QObject::tr("Name"), [](const User& user) { return qs(user.displayName); }},
        {QObject::tr("Role"),
            [](const User& user) { return QString::fromUtf8(client::api::toString(user.role).data()); },
            [](const User& user) { return static_cast<int>(user.role); }},
        {QObject::tr("Active"),
            [](const User& user) { return user.isActive ? QObject::tr("active") : QObject::tr("deactivated"); }},
    };
}

} // namespace

UsersPage::UsersPage(ApiSession* session, QWidget* parent)
    : AdminPage(session, tr("Users"), parent),
      m_model(new RecordModel<User>(
          userColumns(), [](const User& user) { return qs(user.id.str()); }, this)),
      m_table(new RecordTable(m_model, tr("Filter by e-mail, name or role"), this)),
      m_add(addPageAction(this, tr("&Add user…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_N), tr("Add a user"))),
      m_edit(addPageAction(
          this, tr("&Edit user…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E), tr("Edit the selected user"))),
      m_deactivate(
          addPageAction(this, tr("&Deactivate user…"), QKeySequence::Delete, tr("Deactivate the selected user")))
{
    toolbar()->addActions({m_add, m_edit, m_deactivate});
    content()->addWidget(m_table);
    connect(m_add, &QAction::triggered, this, [this] { openUserDialog(true); });
    connect(m_edit, &QAction::triggered, this, [this] { openUserDialog(false); });
    connect(m_table, &RecordTable::activated, this, [this] { openUserDialog(false); });
    connect(m_deactivate, &QAction::triggered, this, &UsersPage::confirmDeactivate);
    connect(m_table, &RecordTable::selectionChanged, this, &UsersPage::updateActions);
    updateActions();
}

void UsersPage::clear()
{
    m_model->setRecords({});
}

void UsersPage::load()
{
    session()->run<std::vector<User>>(
        this, [](client::api::ApiClient& api, const TaskContext&) { return api.accounts().listUsers(); },
        [this](client::Result<std::vector<User>> users) {
            if (users) {
                m_model->setRecords(std::move(*users));
            }
            loadFinished(tr("load the users"), users ? nullptr : &users.error());
        });
}

void UsersPage::updateActions()
{
    const int row = m_table->selectedRow();
    m_edit->setEnabled(row >= 0);
    m_deactivate->setEnabled(row >= 0 && m_model->record(row).isActive);
}

void UsersPage::openUserDialog(bool adding)
{
    const int row = m_table->selectedRow();
    if (!adding && row < 0) {
        return;
    }
    auto* dialog = new UserDialog(session(), adding ? std::nullopt : std::optional(m_model->record(row)), this);
    connect(dialog, &FormDialog::saved, this, &AdminPage::reload);
    openDialog(dialog);
}

void UsersPage::confirmDeactivate()
{
    const int row = m_table->selectedRow();
    if (row < 0) {
        return;
    }
    const User user = m_model->record(row);
    Confirmation::ask(this, tr("Deactivate user"),
        tr("Deactivate %1? They can no longer sign in and their API tokens stop working; a session already open "
           "lasts until its JWT expires. The API cannot reactivate a user.")
            .arg(qs(user.email)),
        tr("Deactivate %1").arg(qs(user.email)), [this, user] {
            act(tr("deactivate %1").arg(qs(user.email)),
                [id = user.id](client::api::ApiClient& api) { return api.accounts().deactivateUser(id); });
        });
}

} // namespace ragdesk::ui
