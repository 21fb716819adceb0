#include "TokensPage.h"

#include "bridge/ApiSession.h"
#include "dialogs/Confirmation.h"
#include "dialogs/FormDialog.h"
#include "dialogs/SecretRevealDialog.h"
#include "widgets/Actions.h"
#include "widgets/RecordTable.h"
#include "widgets/Text.h"
#include "widgets/TimeText.h"

#include "ragdesk/client/api/ApiClient.h"

#include <QAction>
#include <QDateTime>
#include <QLineEdit>
#include <QTableView>
#include <QToolBar>
#include <QVBoxLayout>

namespace ragdesk::ui {
namespace {

using client::api::ApiToken;
using client::api::Timestamp;

QString shown(const std::optional<Timestamp>& time, const QString& none)
{
    return time ? localTimeText(*time) : none;
}

qint64 sortable(const std::optional<Timestamp>& time)
{
    return time ? time->time_since_epoch().count() : 0;
}

std::vector<RecordModel<ApiToken>::Column> tokenColumns()
{
    return {
        {QObject::tr("Name"), [](const ApiToken& token) { return qs(token.name); }},
        {QObject::tr("Prefix"),
            [](const ApiToken& token) { return QString(qs(token.tokenPrefix) + QStringLiteral("…")); }},
        {QObject::tr("State"),
            [](const ApiToken& token) { return token.isActive ? QObject::tr("active") : QObject::tr("revoked"); }},
        {QObject::tr("Created"), [](const ApiToken& token) { return shown(token.createdAt, {}); },
            [](const ApiToken& token) { return sortable(token.createdAt); }},
        {QObject::tr("Last used"), [](const ApiToken& token) { return shown(token.lastUsedAt, QObject::tr("never")); },
            [](const ApiToken& token) { return sortable(token.lastUsedAt); }},
    };
}

/// Asks for the new token's name, creates it, and hands the created token on.
class CreateTokenDialog : public FormDialog {
public:
    CreateTokenDialog(
        ApiSession* session, std::function<void(const client::api::CreatedApiToken&)> created, QWidget* parent)
        : FormDialog(session, QObject::tr("Create an API token"), parent), m_created(std::move(created))
    {
        m_name = addLine(QObject::tr("&Name"), {"name"}, QObject::tr("what uses it: ci, website widget…"));
    }

protected:
    void submit() override
    {
        send<client::api::CreatedApiToken>(
            [name = m_name->text().trimmed().toStdString()](
                client::api::ApiClient& api) { return api.accounts().createToken(name); },
            [this](const client::api::CreatedApiToken& token) { m_created(token); });
    }

private:
    std::function<void(const client::api::CreatedApiToken&)> m_created;
    QLineEdit* m_name;
};

} // namespace

TokensPage::TokensPage(ApiSession* session, QWidget* parent)
    : AdminPage(session, tr("API tokens"), parent),
      m_model(new RecordModel<ApiToken>(
          tokenColumns(), [](const ApiToken& token) { return qs(token.id.str()); }, this)),
      m_table(new RecordTable(m_model, tr("Filter by name or prefix"), this)),
      m_create(addPageAction(
          this, tr("&Create token…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_N), tr("Create an API token"))),
      m_revoke(addPageAction(this, tr("&Revoke token…"), QKeySequence::Delete, tr("Revoke the selected token")))
{
    toolbar()->addActions({m_create, m_revoke});
    content()->addWidget(m_table);
    m_table->view()->sortByColumn(3, Qt::DescendingOrder); // newest first, as the server lists them
    connect(m_create, &QAction::triggered, this, [this] {
        openDialog(new CreateTokenDialog(
            this->session(),
            [this](const client::api::CreatedApiToken& created) {
                reload();
                auto* reveal = new SecretRevealDialog(tr("API token %1").arg(qs(created.token.name)),
                    tr("The new token works like the account that created it: keep it where it is used, and "
                       "revoke it here when that ends."),
                    created.rawToken, this);
                openDialog(reveal);
            },
            this));
    });
    connect(m_revoke, &QAction::triggered, this, &TokensPage::confirmRevoke);
    connect(m_table, &RecordTable::selectionChanged, this, &TokensPage::updateActions);
    updateActions();
}

void TokensPage::clear()
{
    m_model->setRecords({});
}

void TokensPage::load()
{
    session()->run<std::vector<ApiToken>>(
        this, [](client::api::ApiClient& api, const TaskContext&) { return api.accounts().listTokens(); },
        [this](client::Result<std::vector<ApiToken>> tokens) {
            if (tokens) {
                m_model->setRecords(std::move(*tokens));
            }
            loadFinished(tr("load the API tokens"), tokens ? nullptr : &tokens.error());
        });
}

void TokensPage::updateActions()
{
    const int row = m_table->selectedRow();
    m_revoke->setEnabled(row >= 0 && m_model->record(row).isActive);
}

void TokensPage::confirmRevoke()
{
    const int row = m_table->selectedRow();
    if (row < 0) {
        return;
    }
    const ApiToken token = m_model->record(row);
    const QString name = tr("%1 (%2…)").arg(qs(token.name), qs(token.tokenPrefix));
    Confirmation::ask(this, tr("Revoke API token"),
        tr("Revoke the token %1? Whatever uses it is refused from now on. A revoked token cannot be restored.")
            .arg(name),
        tr("Revoke %1").arg(qs(token.name)), [this, token, name] {
            act(tr("revoke %1").arg(name),
                [id = token.id](client::api::ApiClient& api) { return api.accounts().revokeToken(id); });
        });
}

} // namespace ragdesk::ui
