#pragma once

#include "ragdesk/client/common/Error.h"
#include "ragdesk/client/common/StackProfile.h"

#include <QWidget>

#include <chrono>
#include <functional>

class QDialog;
class QLabel;
class QTimer;
class QToolBar;
class QVBoxLayout;

namespace ragdesk::ui {

class ErrorBanner;

/// What every page about the current stack has: a title naming the stack, a toolbar of its actions, an error banner
/// with Retry where a call failed, and its data loaded when first shown, again when its session changes (another
/// stack) while shown, and on F5; a page that polls does so only while shown (refreshWhileShown). AdminPage (over
/// the API) and OpsPage (over SSH) add their session's calls.
class StackPage : public QWidget {
    Q_OBJECT

public:
    /// `stack` says which stack the page's session works on (null: none).
    StackPage(const QString& title, std::function<const client::StackProfile*()> stack, QWidget* parent = nullptr);

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
    /// The page's session changed: connect the session's `changed` signal here.
    void sessionChanged();
    /// Shows the outcome of a load: clears the banner, or shows "Could not load …: <error>".
    void loadFinished(const QString& what, const client::Error* error);
    /// Opens a dialog of the page (window-modal, no nested loop); it deletes itself when closed.
    void openDialog(QDialog* dialog);
    /// Calls `tick` every `interval` while the page is shown: nothing is sent while nobody looks.
    void refreshWhileShown(std::chrono::milliseconds interval, std::function<void()> tick);

    void showEvent(QShowEvent* event) override;
    void hideEvent(QHideEvent* event) override;

    QToolBar* toolbar() const { return m_toolbar; }
    /// Where the page puts its content, under the toolbar and the banner.
    QVBoxLayout* content() const { return m_content; }

private:
    void updateTitle();

    QString m_title;
    std::function<const client::StackProfile*()> m_stack;
    QLabel* m_heading;
    QToolBar* m_toolbar;
    ErrorBanner* m_banner;
    QVBoxLayout* m_content;
    QTimer* m_refreshTimer = nullptr; ///< set by refreshWhileShown
    bool m_stale = true; ///< the data shown is not the current session's: load when shown
};

} // namespace ragdesk::ui
