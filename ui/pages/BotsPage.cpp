#include "BotsPage.h"

#include "bridge/ApiSession.h"
#include "dialogs/BotEditorDialog.h"
#include "dialogs/Confirmation.h"
#include "widgets/Actions.h"
#include "widgets/RecordTable.h"
#include "widgets/Text.h"
#include "widgets/TimeText.h"

#include "ragdesk/client/api/ApiClient.h"

#include <QAction>
#include <QDateTime>
#include <QLocale>
#include <QToolBar>
#include <QVBoxLayout>

namespace ragdesk::ui {
namespace {

using client::api::BotProfile;

std::vector<RecordModel<BotProfile>::Column> botColumns()
{
    return {
        {QObject::tr("Name"), [](const BotProfile& bot) { return qs(bot.name); }},
        {QObject::tr("Model"), [](const BotProfile& bot) { return qs(bot.model); }},
        {QObject::tr("Temperature"), [](const BotProfile& bot) { return QLocale().toString(bot.temperature, 'f', 2); },
            [](const BotProfile& bot) { return bot.temperature; }},
        {QObject::tr("Max tokens"), [](const BotProfile& bot) { return QLocale().toString(bot.maxTokens); },
            [](const BotProfile& bot) { return bot.maxTokens; }},
        {QObject::tr("Provider key"),
            [](const BotProfile& bot) {
                return bot.hasCredentials ? QObject::tr("own key") : QObject::tr("platform");
            }},
        {QObject::tr("State"),
            [](const BotProfile& bot) { return bot.isActive ? QObject::tr("active") : QObject::tr("deactivated"); }},
        {QObject::tr("Updated"), [](const BotProfile& bot) { return localTimeText(bot.updatedAt); },
            [](const BotProfile& bot) { return static_cast<qint64>(bot.updatedAt.time_since_epoch().count()); }},
    };
}

} // namespace

BotsPage::BotsPage(ApiSession* session, QWidget* parent)
    : AdminPage(session, tr("Bots"), parent),
      m_model(new RecordModel<BotProfile>(
          botColumns(), [](const BotProfile& bot) { return qs(bot.id.str()); }, this)),
      m_table(new RecordTable(m_model, tr("Filter by name or model"), this)),
      m_add(addPageAction(this, tr("&Add bot…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_N), tr("Add a bot"))),
      m_edit(addPageAction(
          this, tr("&Edit bot…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E), tr("Edit the selected bot"))),
      m_deactivate(
          addPageAction(this, tr("&Deactivate bot…"), QKeySequence::Delete, tr("Deactivate the selected bot"))),
      m_reactivate(addPageAction(this, tr("&Reactivate bot"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R),
          tr("Make the selected bot answer chats again")))
{
    toolbar()->addActions({m_add, m_edit, m_deactivate, m_reactivate});
    content()->addWidget(m_table);
    connect(m_add, &QAction::triggered, this, [this] { openEditor(true); });
    connect(m_edit, &QAction::triggered, this, [this] { openEditor(false); });
    connect(m_table, &RecordTable::activated, this, [this] { openEditor(false); });
    connect(m_deactivate, &QAction::triggered, this, &BotsPage::confirmDeactivate);
    connect(m_reactivate, &QAction::triggered, this, [this] {
        const int row = m_table->selectedRow();
        if (row < 0) {
            return;
        }
        const BotProfile bot = m_model->record(row);
        act(tr("reactivate %1").arg(qs(bot.name)), [id = bot.id](client::api::ApiClient& api) {
            auto updated = api.bots().update(id, {.isActive = true});
            return updated ? client::Result<client::Done>(client::Done{})
                           : client::Result<client::Done>(updated.error());
        });
    });
    connect(m_table, &RecordTable::selectionChanged, this, &BotsPage::updateActions);
    updateActions();
}

void BotsPage::clear()
{
    m_model->setRecords({});
}

void BotsPage::load()
{
    session()->run<std::vector<BotProfile>>(
        this, [](client::api::ApiClient& api, const TaskContext&) { return api.bots().list(); },
        [this](client::Result<std::vector<BotProfile>> bots) {
            if (bots) {
                m_model->setRecords(std::move(*bots));
            }
            loadFinished(tr("load the bots"), bots ? nullptr : &bots.error());
        });
}

void BotsPage::updateActions()
{
    const int row = m_table->selectedRow();
    const bool active = row >= 0 && m_model->record(row).isActive;
    m_edit->setEnabled(row >= 0);
    m_deactivate->setEnabled(active);
    m_reactivate->setEnabled(row >= 0 && !active);
}

void BotsPage::openEditor(bool adding)
{
    const int row = m_table->selectedRow();
    if (!adding && row < 0) {
        return;
    }
    auto* dialog = new BotEditorDialog(session(), adding ? std::nullopt : std::optional(m_model->record(row)), this);
    connect(dialog, &FormDialog::saved, this, &AdminPage::reload);
    openDialog(dialog);
}

void BotsPage::confirmDeactivate()
{
    const int row = m_table->selectedRow();
    if (row < 0) {
        return;
    }
    const BotProfile bot = m_model->record(row);
    Confirmation::ask(this, tr("Deactivate bot"),
        tr("Deactivate the bot %1? Chats with it are refused until it is reactivated; its sources, chats and "
           "vectors stay.")
            .arg(qs(bot.name)),
        tr("Deactivate %1").arg(qs(bot.name)), [this, bot] {
            act(tr("deactivate %1").arg(qs(bot.name)),
                [id = bot.id](client::api::ApiClient& api) { return api.bots().deactivate(id); });
        });
}

} // namespace ragdesk::ui
