#pragma once

#include "ragdesk/client/common/Error.h"

#include "ragdesk/client/api/BotProfiles.h"
#include "ragdesk/client/common/Result.h"

#include <QWidget>

#include <functional>
#include <vector>

class QLabel;
class QToolBar;
class QVBoxLayout;

namespace ragdesk::client::api {
class ApiClient;
}

namespace ragdesk::ui {

class ApiSession;
class ErrorBanner;

/// What every tenant-administration page has: a title naming the stack, a toolbar of its actions, an error banner
/// with Retry where a call failed, and its data loaded through the current stack's ApiSession — when first shown,
/// again when the session changes (another stack) while shown, and on F5.
class AdminPage : public QWidget {
    Q_OBJECT

public:
    AdminPage(ApiSession* session, const QString& title, QWidget* parent = nullptr);

    ErrorBanner* banner() const { return m_banner; }
    /// Loads the page's data now.
    void reload();

signals:
    /// A load finished (ok or failed): tests wait on it.
    void loaded();
    /// A dialog of this page was opened (tests fill it in).
    void dialogOpened(QDialog* dialog);

protected:
    /// Starts the page's loads; each calls loadFinished with its error, if any.
    virtual void load() = 0;
    /// Forgets what the page shows of the previous stack (rows, choosers, polls, work in flight): another stack is
    /// current, and nothing of the old one may be shown or acted on.
    virtual void clear() = 0;
    /// Loads the tenant's bots (for a page's bot chooser) and hands them on; a failure ends the load in the banner.
    void loadBots(std::function<void(std::vector<client::api::BotProfile>)> then);
    /// Shows the outcome of a load: clears the banner, or shows "Could not load …: <error>".
    void loadFinished(const QString& what, const client::Error* error);
    /// Runs a change on the server (revoke, deactivate, delete…): on success the page reloads, on failure the banner
    /// says "Could not <what>: …".
    void act(const QString& what, std::function<client::Result<client::Done>(client::api::ApiClient&)> change);
    /// Opens a dialog of the page (window-modal, no nested loop); it deletes itself when closed.
    void openDialog(QDialog* dialog);

    void showEvent(QShowEvent* event) override;

    ApiSession* session() const { return m_session; }
    QToolBar* toolbar() const { return m_toolbar; }
    /// Where the page puts its content, under the toolbar and the banner.
    QVBoxLayout* content() const { return m_content; }

private:
    void updateTitle();

    ApiSession* m_session;
    QString m_title;
    QLabel* m_heading;
    QToolBar* m_toolbar;
    ErrorBanner* m_banner;
    QVBoxLayout* m_content;
    bool m_stale = true; ///< the data shown is not the current session's: load when shown
};

} // namespace ragdesk::ui
