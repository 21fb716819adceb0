#pragma once

#include "StackPage.h"

#include "ragdesk/client/api/BotProfiles.h"
#include "ragdesk/client/common/Result.h"

#include <functional>
#include <vector>

namespace ragdesk::client::api {
class ApiClient;
}

namespace ragdesk::ui {

class ApiSession;

/// A tenant-administration page: a StackPage whose data comes through the current stack's ApiSession.
class AdminPage : public StackPage {
    Q_OBJECT

public:
    AdminPage(ApiSession* session, const QString& title, QWidget* parent = nullptr);

protected:
    /// Loads the tenant's bots (for a page's bot chooser) and hands them on; a failure ends the load in the banner.
    void loadBots(std::function<void(std::vector<client::api::BotProfile>)> then);
    /// Runs a change on the server (revoke, deactivate, delete…): on success the page reloads, on failure the banner
    /// says "Could not <what>: …".
    void act(const QString& what, std::function<client::Result<client::Done>(client::api::ApiClient&)> change);

    ApiSession* session() const { return m_session; }

private:
    ApiSession* m_session;
};

} // namespace ragdesk::ui
