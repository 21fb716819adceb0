#include "WebhookDialog.h"

#include "SecretRevealDialog.h"

#include "ragdesk/client/api/ApiClient.h"

#include <QCheckBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>

#include <algorithm>

namespace ragdesk::ui {
namespace {

const char* const kEvents[] = {"source.ingested", "source.failed", "chat.message"};

/// What a save did: the new webhook with its secret, and why the replaced one is still there, if it is.
struct Saved {
    client::api::CreatedWebhook created;
    std::string oldNotDeleted;
};

} // namespace

WebhookDialog::WebhookDialog(ApiSession* session, std::optional<client::api::Webhook> replacing, QWidget* parent)
    : FormDialog(session, replacing ? tr("Replace webhook") : tr("Add a webhook"), parent),
      m_replacing(std::move(replacing))
{
    m_url = addLine(tr("&URL"), {"url"}, tr("https://hooks.example.com/minirag"));
    auto* events = new QWidget(this);
    auto* row = new QHBoxLayout(events);
    row->setContentsMargins(0, 0, 0, 0);
    for (const char* event : kEvents) {
        auto* box = new QCheckBox(QString::fromLatin1(event), events);
        row->addWidget(box);
        m_events.push_back(box);
    }
    form()->addRow(tr("Events"), events);
    errors().addField(form(), {"events"});
    m_description = addLine(tr("&Description"), {"description"});
    m_secret = addLine(tr("Signing &secret"), {"secret"}, tr("empty: the server makes one (shown once)"));
    m_secret->setEchoMode(QLineEdit::Password);
    if (m_replacing) {
        m_url->setText(QString::fromStdString(m_replacing->url));
        m_description->setText(QString::fromStdString(m_replacing->description));
        for (QCheckBox* box : m_events) {
            const std::string name = box->text().toStdString();
            box->setChecked(
                std::find(m_replacing->events.begin(), m_replacing->events.end(), name) != m_replacing->events.end());
        }
        auto* warning = new QLabel(tr("MiniRAG cannot change a webhook: saving deletes this one and creates a new "
                                      "one, with a new id and a new signing secret. Update the receiver after."),
            this);
        warning->setWordWrap(true);
        warning->setStyleSheet(QStringLiteral("color: #b45309;"));
        form()->addRow(QString(), warning);
    }
}

QCheckBox* WebhookDialog::eventBox(const QString& event) const
{
    const auto found =
        std::find_if(m_events.begin(), m_events.end(), [&](QCheckBox* box) { return box->text() == event; });
    return found == m_events.end() ? nullptr : *found;
}

void WebhookDialog::submit()
{
    client::api::WebhookDraft draft{.url = m_url->text().trimmed().toStdString(),
        .events = {},
        .description = m_description->text().trimmed().toStdString(),
        .secret =
            m_secret->text().isEmpty() ? std::nullopt : std::optional(client::Secret(m_secret->text().toStdString()))};
    for (const QCheckBox* box : m_events) {
        if (box->isChecked()) {
            draft.events.push_back(box->text().toStdString());
        }
    }
    // Create first, then delete the old one: a failure leaves the receiver with a webhook, never with none, and the
    // new secret is shown even when the old webhook could not be deleted.
    const std::optional<client::api::WebhookId> old = m_replacing ? std::optional(m_replacing->id) : std::nullopt;
    send<Saved>(
        [draft, old](client::api::ApiClient& api) -> client::Result<Saved> {
            auto created = api.webhooks().create(draft);
            if (!created) {
                return created.error();
            }
            Saved saved{std::move(*created), {}};
            if (old) {
                if (auto removed = api.webhooks().remove(*old); !removed) {
                    saved.oldNotDeleted = removed.error().message;
                }
            }
            return saved;
        },
        [this](const Saved& saved) {
            QString text = tr("Deliveries to <b>%1</b> are signed with this secret (HMAC-SHA256 of the body): give it "
                              "to the receiver.")
                               .arg(QString::fromStdString(saved.created.webhook.url).toHtmlEscaped());
            if (!saved.oldNotDeleted.empty()) {
                text += tr("<p>The webhook it replaces could not be deleted (%1): delete it on the Webhooks page.</p>")
                            .arg(QString::fromStdString(saved.oldNotDeleted).toHtmlEscaped());
            }
            auto* reveal =
                new SecretRevealDialog(tr("Webhook signing secret"), text, saved.created.secret, parentWidget());
            reveal->setAttribute(Qt::WA_DeleteOnClose);
            reveal->open();
        });
}

} // namespace ragdesk::ui
