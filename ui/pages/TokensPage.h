#pragma once

#include "AdminPage.h"

#include "models/RecordModel.h"

#include "ragdesk/client/api/Tenancy.h"

class QAction;

namespace ragdesk::ui {

class RecordTable;

/// The tenant's API tokens, revoked ones included: name, prefix, state, created and last used. Create shows the
/// new token once with Copy; revoke is confirmed by the token's name and prefix.
class TokensPage : public AdminPage {
    Q_OBJECT

public:
    explicit TokensPage(ApiSession* session, QWidget* parent = nullptr);

    RecordModel<client::api::ApiToken>* model() const { return m_model; }
    RecordTable* table() const { return m_table; }
    QAction* createTokenAction() const { return m_create; }
    QAction* revokeTokenAction() const { return m_revoke; }

protected:
    void load() override;
    void clear() override;

private:
    void updateActions();
    void confirmRevoke();

    RecordModel<client::api::ApiToken>* m_model;
    RecordTable* m_table;
    QAction* m_create;
    QAction* m_revoke;
};

} // namespace ragdesk::ui
