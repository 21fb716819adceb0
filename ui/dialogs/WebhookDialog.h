#pragma once

#include "FormDialog.h"

#include "ragdesk/client/api/Webhooks.h"

#include <optional>

class QCheckBox;

namespace ragdesk::ui {

/// Subscribes a URL to the tenant's events (source.ingested, source.failed, chat.message), with a description and a
/// signing secret (empty: the server makes one). MiniRAG cannot change a webhook, so an edit deletes it and creates
/// it anew: a new id and a new secret, which the dialog says before saving. The new secret is shown once.
class WebhookDialog : public FormDialog {
    Q_OBJECT

public:
    WebhookDialog(ApiSession* session, std::optional<client::api::Webhook> replacing, QWidget* parent = nullptr);

    QLineEdit* urlEdit() const { return m_url; }
    QLineEdit* descriptionEdit() const { return m_description; }
    QLineEdit* secretEdit() const { return m_secret; }
    /// The box of one event, by its name ("chat.message").
    QCheckBox* eventBox(const QString& event) const;

protected:
    void submit() override;

private:
    std::optional<client::api::Webhook> m_replacing;
    QLineEdit* m_url;
    QLineEdit* m_description;
    QLineEdit* m_secret;
    std::vector<QCheckBox*> m_events;
};

} // namespace ragdesk::ui
