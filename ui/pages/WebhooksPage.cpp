#include "WebhooksPage.h"

#include "bridge/ApiSession.h"
#include "dialogs/Confirmation.h"
#include "dialogs/WebhookDialog.h"
#include "widgets/Actions.h"
#include "widgets/ErrorBanner.h"
#include "widgets/RecordTable.h"
#include "widgets/Text.h"
#include "widgets/TimeText.h"

#include "ragdesk/client/api/ApiClient.h"

#include <QAction>
#include <QDateTime>
#include <QLabel>
#include <QLocale>
#include <QToolBar>
#include <QVBoxLayout>

namespace ragdesk::ui {
namespace {

using client::api::Webhook;

std::vector<RecordModel<Webhook>::Column> webhookColumns()
{
    return {
        {QObject::tr("URL"), [](const Webhook& hook) { return qs(hook.url); }},
        {QObject::tr("Events"),
            [](const Webhook& hook) {
                QStringList events;
                for (const std::string& event : hook.events) {
                    events << qs(event);
                }
                return events.isEmpty() ? QObject::tr("none") : events.join(QStringLiteral(", "));
            }},
        {QObject::tr("Description"), [](const Webhook& hook) { return qs(hook.description); }},
        {QObject::tr("Created"), [](const Webhook& hook) { return localTimeText(hook.createdAt); },
            [](const Webhook& hook) { return static_cast<qint64>(hook.createdAt.time_since_epoch().count()); }},
    };
}

} // namespace

WebhooksPage::WebhooksPage(ApiSession* session, QWidget* parent)
    : AdminPage(session, tr("Webhooks"), parent),
      m_model(new RecordModel<Webhook>(
          webhookColumns(), [](const Webhook& hook) { return qs(hook.id.str()); }, this)),
      m_table(new RecordTable(m_model, tr("Filter by URL, event or description"), this)),
      m_testResult(new QLabel(this)),
      m_add(addPageAction(
          this, tr("&Add webhook…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_N), tr("Add a webhook"))),
      m_replace(addPageAction(this, tr("&Replace webhook…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E),
          tr("Change the selected webhook (deleted and created anew)"))),
      m_delete(addPageAction(this, tr("&Delete webhook…"), QKeySequence::Delete, tr("Delete the selected webhook"))),
      m_test(addPageAction(this, tr("&Test delivery"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_P),
          tr("Send a signed test.ping to the selected webhook")))
{
    toolbar()->addActions({m_add, m_replace, m_delete, m_test});
    m_testResult->setWordWrap(true);
    m_testResult->setTextInteractionFlags(Qt::TextSelectableByMouse);
    content()->addWidget(m_table, 1);
    content()->addWidget(m_testResult);
    connect(m_add, &QAction::triggered, this, [this] { openWebhookDialog(true); });
    connect(m_replace, &QAction::triggered, this, [this] { openWebhookDialog(false); });
    connect(m_delete, &QAction::triggered, this, &WebhooksPage::confirmDelete);
    connect(m_test, &QAction::triggered, this, &WebhooksPage::testDelivery);
    connect(m_table, &RecordTable::selectionChanged, this, &WebhooksPage::updateActions);
    updateActions();
}

void WebhooksPage::clear()
{
    m_model->setRecords({});
    m_testResult->clear();
}

void WebhooksPage::load()
{
    session()->run<std::vector<Webhook>>(
        this, [](client::api::ApiClient& api, const TaskContext&) { return api.webhooks().list(); },
        [this](client::Result<std::vector<Webhook>> hooks) {
            if (hooks) {
                m_model->setRecords(std::move(*hooks));
            }
            loadFinished(tr("load the webhooks"), hooks ? nullptr : &hooks.error());
        });
}

void WebhooksPage::updateActions()
{
    const bool selected = m_table->selectedRow() >= 0;
    m_replace->setEnabled(selected);
    m_delete->setEnabled(selected);
    m_test->setEnabled(selected);
}

void WebhooksPage::openWebhookDialog(bool adding)
{
    const int row = m_table->selectedRow();
    if (!adding && row < 0) {
        return;
    }
    auto* dialog = new WebhookDialog(session(), adding ? std::nullopt : std::optional(m_model->record(row)), this);
    connect(dialog, &FormDialog::saved, this, &AdminPage::reload);
    openDialog(dialog);
}

void WebhooksPage::confirmDelete()
{
    const int row = m_table->selectedRow();
    if (row < 0) {
        return;
    }
    const Webhook hook = m_model->record(row);
    Confirmation::ask(this, tr("Delete webhook"),
        tr("Delete the webhook to %1? Its events are no longer delivered there. This cannot be undone.")
            .arg(qs(hook.url)),
        tr("Delete webhook"), [this, hook] {
            act(tr("delete the webhook to %1").arg(qs(hook.url)),
                [id = hook.id](client::api::ApiClient& api) { return api.webhooks().remove(id); });
        });
}

void WebhooksPage::testDelivery()
{
    const int row = m_table->selectedRow();
    if (row < 0) {
        return;
    }
    const Webhook hook = m_model->record(row);
    m_testResult->setText(tr("Sending test.ping to %1…").arg(qs(hook.url)));
    session()->run<client::api::WebhookTestResult>(
        this, [id = hook.id](client::api::ApiClient& api, const TaskContext&) { return api.webhooks().test(id); },
        [this, url = qs(hook.url)](client::Result<client::api::WebhookTestResult> result) {
            if (!result) {
                m_testResult->setText(failureText(tr("test %1").arg(url), result.error()));
            } else if (result->success) {
                m_testResult->setText(
                    tr("✔ test.ping delivered to %1: HTTP %2").arg(url).arg(result->statusCode.value_or(0)));
            } else if (result->statusCode) {
                m_testResult->setText(tr("✘ %1 answered HTTP %2 to test.ping").arg(url).arg(*result->statusCode));
            } else {
                m_testResult->setText(tr("✘ %1 could not be reached from the stack's server").arg(url));
            }
        });
}

} // namespace ragdesk::ui
