#pragma once

#include "AdminPage.h"

#include "models/RecordModel.h"

#include "ragdesk/client/api/Webhooks.h"

class QAction;
class QLabel;

namespace ragdesk::ui {

class RecordTable;

/// The tenant's webhooks: URL, events, description, created. Add (the signing secret shown once), replace (MiniRAG
/// has no update: delete and create, a new secret), delete (confirmed by URL), and a test delivery whose outcome is
/// shown under the table.
class WebhooksPage : public AdminPage {
    Q_OBJECT

public:
    explicit WebhooksPage(ApiSession* session, QWidget* parent = nullptr);

    RecordModel<client::api::Webhook>* model() const { return m_model; }
    RecordTable* table() const { return m_table; }
    QAction* addWebhookAction() const { return m_add; }
    QAction* replaceWebhookAction() const { return m_replace; }
    QAction* deleteWebhookAction() const { return m_delete; }
    QAction* testWebhookAction() const { return m_test; }
    /// The last test delivery's outcome.
    QLabel* testResult() const { return m_testResult; }

protected:
    void load() override;
    void clear() override;

private:
    void updateActions();
    void openWebhookDialog(bool adding);
    void confirmDelete();
    void testDelivery();

    RecordModel<client::api::Webhook>* m_model;
    RecordTable* m_table;
    QLabel* m_testResult;
    QAction* m_add;
    QAction* m_replace;
    QAction* m_delete;
    QAction* m_test;
};

} // namespace ragdesk::ui
