#pragma once

#include "AdminPage.h"

#include "models/RecordModel.h"

#include "ragdesk/client/api/BotProfiles.h"

class QAction;

namespace ragdesk::ui {

class RecordTable;

/// The tenant's bot profiles, deactivated ones included: name, model, temperature, max tokens, whether a provider
/// key is stored, state and last change. Add and edit in the bot editor; deactivate (confirmed by name; its
/// sources, chats and vectors stay) and reactivate.
class BotsPage : public AdminPage {
    Q_OBJECT

public:
    explicit BotsPage(ApiSession* session, QWidget* parent = nullptr);

    RecordModel<client::api::BotProfile>* model() const { return m_model; }
    RecordTable* table() const { return m_table; }
    QAction* addBotAction() const { return m_add; }
    QAction* editBotAction() const { return m_edit; }
    QAction* deactivateBotAction() const { return m_deactivate; }
    QAction* reactivateBotAction() const { return m_reactivate; }

protected:
    void load() override;
    void clear() override;

private:
    void updateActions();
    void openEditor(bool adding);
    void confirmDeactivate();

    RecordModel<client::api::BotProfile>* m_model;
    RecordTable* m_table;
    QAction* m_add;
    QAction* m_edit;
    QAction* m_deactivate;
    QAction* m_reactivate;
};

} // namespace ragdesk::ui
