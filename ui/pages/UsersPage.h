#pragma once

#include "AdminPage.h"

#include "models/RecordModel.h"

#include "ragdesk/client/api/Tenancy.h"

class QAction;

namespace ragdesk::ui {

class RecordTable;

/// The tenant's users: e-mail, name, role and whether active; add, edit (role, name, password) and deactivate,
/// the last confirmed by the user's address. Only owners and admins may change users (the server says so if not).
class UsersPage : public AdminPage {
    Q_OBJECT

public:
    explicit UsersPage(ApiSession* session, QWidget* parent = nullptr);

    RecordModel<client::api::User>* model() const { return m_model; }
    RecordTable* table() const { return m_table; }
    QAction* addUserAction() const { return m_add; }
    QAction* editUserAction() const { return m_edit; }
    QAction* deactivateUserAction() const { return m_deactivate; }

protected:
    void load() override;
    void clear() override;

private:
    void updateActions();
    void openUserDialog(bool adding);
    void confirmDeactivate();

    RecordModel<client::api::User>* m_model;
    RecordTable* m_table;
    QAction* m_add;
    QAction* m_edit;
    QAction* m_deactivate;
};

} // namespace ragdesk::ui
