#pragma once

#include "bridge/SecretStore.h"

#include <QDateTime>
#include <QMainWindow>

#include <QPointer>
#include <QSet>
#include <functional>
#include <vector>

class QActionGroup;
class QComboBox;
class QLabel;
class QListWidget;
class QMenu;
class QSettings;
class QStackedWidget;

namespace ragdesk::ui {

class AnalyticsPage;
class AuditPage;
class BackupsPage;
class ApiSession;
class OpsSession;
class BotsPage;
class ChatHistoryPage;
class ChatPlaygroundPage;
class ConnectionsPage;
class SourcesPage;
class StackDirectory;
class TokensPage;
class ContainersPage;
class DeploysPage;
class FleetPage;
class LogsPage;
class MaintenancePage;
class UsersPage;
class WebhooksPage;

/// The application window: a sidebar of pages beside the current page, a stack switcher above them, and a status
/// bar with the health of both roads (API, SSH) to the current stack. Every page and action has a shortcut, listed
/// in Help → Keyboard shortcuts. Geometry, the last page, the current stack and the theme are restored from
/// `settings`. Only pages that work are listed.
class MainWindow : public QMainWindow {
    Q_OBJECT

public:
    MainWindow(StackDirectory* stacks, ApiSession* session, QSettings* settings, QWidget* parent = nullptr);

    /// The page at that sidebar row, built now if it was never shown (pages are built when first shown, so the
    /// window paints sooner).
    QWidget* page(int row);
    /// Shows the page with this sidebar title (any case, "&" mnemonics ignored); false when there is none.
    bool showPage(const QString& title);
    /// The sidebar's titles, top to bottom.
    QStringList pageTitles() const;
    ConnectionsPage* connectionsPage() const { return m_connections; }
    UsersPage* usersPage();
    BotsPage* botsPage();
    SourcesPage* sourcesPage();
    ChatPlaygroundPage* playgroundPage();
    ChatHistoryPage* chatHistoryPage();
    AnalyticsPage* analyticsPage();
    WebhooksPage* webhooksPage();
    TokensPage* tokensPage();
    ContainersPage* containersPage();
    LogsPage* logsPage();
    MaintenancePage* maintenancePage();
    DeploysPage* deploysPage();
    BackupsPage* backupsPage();
    FleetPage* fleetPage();
    AuditPage* auditPage();
    QComboBox* stackSwitcher() const { return m_switcher; }
    QListWidget* sidebar() const { return m_sidebar; }
    /// The status bar's words for the current stack's API and SSH ("API healthy", "SSH unreachable").
    QLabel* apiStatus() const { return m_apiText; }
    QLabel* sshStatus() const { return m_sshText; }
    /// Shown, in red, while the current stack's API is plain http:// to another machine.
    QLabel* insecureBadge() const { return m_insecureBadge; }
    /// Shown while no keychain answers: secrets are then kept for this run only (its tooltip says why).
    QLabel* keychainWarning() const { return m_keychainWarning; }

    /// Opens Help → Keyboard shortcuts (also F1).
    void showShortcuts();
    /// Opens File → New tenant… on the current stack.
    void showTenantWizard();
    /// Asks for the current stack's password or token (Stack → Sign in…, or when its session needs one).
    void showSignIn(const QString& reason);
    /// Asks for a secret of the current stack, unless such a question is open; `reason` says why.
    void askForSecret(SecretStore::Kind kind, const QString& reason);

signals:
    /// A dialog of the window was opened (tests fill it in).
    void dialogOpened(QDialog* dialog);
    /// The window was painted the first time (queued after that paint): the app starts its network work then, so
    /// the window shows at once.
    void firstPainted();

protected:
    void closeEvent(QCloseEvent* event) override;
    bool event(QEvent* event) override;

private:
    /// Adds a sidebar row whose page `make` builds when first shown.
    void addPage(const QString& title, const QIcon& icon, std::function<QWidget*()> make);
    void buildMenus();
    void showCurrentStack();
    void updateStatus();
    void restoreSettings();
    void signInNeeded(const QString& stack, const QString& reason);

    StackDirectory* m_stacks;
    ApiSession* m_session;
    OpsSession* m_ops; ///< the current stack's operations over SSH, for the ops pages
    QSettings* m_settings;
    QListWidget* m_sidebar;
    QStackedWidget* m_pages;
    QComboBox* m_switcher;
    ConnectionsPage* m_connections;
    std::vector<std::function<QWidget*()>> m_pageMakers; ///< by sidebar row; emptied once its page is built
    QLabel* m_apiIcon;
    QLabel* m_apiText;
    QLabel* m_sshIcon;
    QLabel* m_sshText;
    QLabel* m_insecureBadge;
    QLabel* m_keychainWarning;
    QActionGroup* m_themes;
    QMenu* m_pagesMenu = nullptr;
    bool m_painted = false;
    QPointer<QDialog> m_secretPrompt;
    QSet<QString> m_declined; ///< "<stack>/<kind>" asked for and cancelled: not asked again this run
    QDateTime m_passphraseAskedFor; ///< the SSH probe result that asked for the key passphrase last
};

} // namespace ragdesk::ui
