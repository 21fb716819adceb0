#include "AdminPage.h"

#include "bridge/ApiSession.h"
#include "widgets/ErrorBanner.h"

#include "ragdesk/client/api/ApiClient.h"

namespace ragdesk::ui {

AdminPage::AdminPage(ApiSession* session, const QString& title, QWidget* parent)
    : StackPage(
          title, [session] { return session->stack(); }, parent),
      m_session(session)
{
    connect(session, &ApiSession::changed, this, &AdminPage::sessionChanged);
}

void AdminPage::loadBots(std::function<void(std::vector<client::api::BotProfile>)> then)
{
    m_session->run<std::vector<client::api::BotProfile>>(
        this, [](client::api::ApiClient& api, const TaskContext&) { return api.bots().list(); },
        [this, then](client::Result<std::vector<client::api::BotProfile>> bots) {
            if (!bots) {
                loadFinished(tr("load the bots"), &bots.error());
                return;
            }
            then(std::move(*bots));
        });
}

void AdminPage::act(const QString& what, std::function<client::Result<client::Done>(client::api::ApiClient&)> change)
{
    m_session->run<client::Done>(
        this, [change](client::api::ApiClient& api, const TaskContext&) { return change(api); },
        [this, what](client::Result<client::Done> done) {
            if (!done) {
                banner()->showError(failureText(what, done.error()));
                return;
            }
            reload();
        });
}

} // namespace ragdesk::ui
