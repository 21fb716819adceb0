#include "MainWindow.h"

#include "Theme.h"
#include "bridge/ApiSession.h"
#include "bridge/OpsSession.h"
#include "bridge/StackDirectory.h"
#include "dialogs/SecretPromptDialog.h"
#include "dialogs/ShortcutsDialog.h"
#include "dialogs/TenantWizard.h"
#include "models/StackProfileModel.h"
#include "models/StatusIcons.h"
#include "pages/AnalyticsPage.h"
#include "pages/AuditPage.h"
#include "pages/BackupsPage.h"
#include "pages/BotsPage.h"
#include "pages/ChatHistoryPage.h"
#include "pages/ChatPlaygroundPage.h"
#include "pages/ConnectionsPage.h"
#include "pages/ContainersPage.h"
#include "pages/DeploysPage.h"
#include "pages/FleetPage.h"
#include "pages/LogsPage.h"
#include "pages/MaintenancePage.h"
#include "pages/SourcesPage.h"
#include "pages/TokensPage.h"
#include "pages/UsersPage.h"
#include "pages/WebhooksPage.h"
#include "widgets/Text.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QStackedWidget>
#include <QStatusBar>
#include <QToolBar>

namespace ragdesk::ui {
namespace {

const QString kGeometry = QStringLiteral("window/geometry");
const QString kState = QStringLiteral("window/state");
const QString kPage = QStringLiteral("window/page");
const QString kCurrentStack = QStringLiteral("stacks/current");
const QString kTheme = QStringLiteral("view/theme");

/// The sidebar's rows, in the order the constructor adds them.
enum PageRow {
    Fleet,
    Stacks,
    Users,
    Bots,
    Sources,
    Playground,
    Chats,
    Analytics,
    Webhooks,
    Tokens,
    Containers,
    Logs,
    Maintenance,
    Deploys,
    Backups,
    Audit,
};

} // namespace

MainWindow::MainWindow(StackDirectory* stacks, ApiSession* session, QSettings* settings, QWidget* parent)
    : QMainWindow(parent),
      m_stacks(stacks),
      m_session(session),
      m_ops(new OpsSession(stacks, this)),
      m_settings(settings),
      m_sidebar(new QListWidget(this)),
      m_pages(new QStackedWidget(this)),
      m_switcher(new QComboBox(this)),
      m_connections(new ConnectionsPage(stacks, this)),
      m_apiIcon(new QLabel(this)),
      m_apiText(new QLabel(this)),
      m_sshIcon(new QLabel(this)),
      m_sshText(new QLabel(this)),
      m_insecureBadge(new QLabel(tr(" plain http:// "), this)),
      m_keychainWarning(new QLabel(tr("⚠ no keychain: secrets last this run only"), this)),
      m_themes(new QActionGroup(this))
{
    setWindowTitle(tr("RagDesk"));
    setWindowIcon(QIcon(QStringLiteral(":/icons/ragdesk.svg")));

    m_switcher->setModel(stacks->model());
    m_switcher->setModelColumn(static_cast<int>(StackProfileModel::Column::Name));
    m_switcher->setMinimumContentsLength(16);
    m_switcher->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_switcher->setToolTip(tr("The stack every page works on (Ctrl+K)"));
    auto* stackBar = addToolBar(tr("Stack"));
    stackBar->setObjectName(QStringLiteral("stackBar"));
    stackBar->setMovable(false);
    auto* switcherLabel = new QLabel(tr("&Stack "), this);
    switcherLabel->setBuddy(m_switcher);
    stackBar->addWidget(switcherLabel);
    stackBar->addWidget(m_switcher);

    m_sidebar->setFixedWidth(170);
    m_sidebar->setIconSize(QSize(20, 20));
    m_sidebar->setFrameShape(QFrame::NoFrame);
    addPage(tr("Fleet"), style()->standardIcon(QStyle::SP_DesktopIcon), [this] {
        auto* fleet = new FleetPage(m_stacks, this);
        connect(fleet, &FleetPage::stackOpened, this, [this] { m_sidebar->setCurrentRow(Containers); });
        return fleet;
    });
    // The Stacks page is built at once: the menus hold its actions.
    addPage(tr("Stacks"), style()->standardIcon(QStyle::SP_DriveNetIcon), [this] { return m_connections; });
    addPage(
        tr("Users"), style()->standardIcon(QStyle::SP_DirHomeIcon), [=, this] { return new UsersPage(session, this); });
    addPage(
        tr("Bots"), style()->standardIcon(QStyle::SP_ComputerIcon), [=, this] { return new BotsPage(session, this); });
    addPage(tr("Sources"), style()->standardIcon(QStyle::SP_FileDialogContentsView),
        [=, this] { return new SourcesPage(session, this); });
    addPage(tr("Playground"), style()->standardIcon(QStyle::SP_MediaPlay), [=, this] {
        auto* playground = new ChatPlaygroundPage(session, settings, this);
        connect(playground, &ChatPlaygroundPage::showSourceRequested, this,
            [this](const QString& bot, const QString& source) {
                sourcesPage()->showSource(bot, source);
                m_sidebar->setCurrentRow(Sources);
            });
        return playground;
    });
    addPage(tr("Chat history"), style()->standardIcon(QStyle::SP_FileDialogDetailedView),
        [=, this] { return new ChatHistoryPage(session, this); });
    addPage(tr("Analytics"), style()->standardIcon(QStyle::SP_FileDialogInfoView),
        [=, this] { return new AnalyticsPage(session, this); });
    addPage(tr("Webhooks"), style()->standardIcon(QStyle::SP_BrowserReload),
        [=, this] { return new WebhooksPage(session, this); });
    addPage(tr("API tokens"), style()->standardIcon(QStyle::SP_DialogApplyButton),
        [=, this] { return new TokensPage(session, this); });
    addPage(tr("Containers"), style()->standardIcon(QStyle::SP_DriveHDIcon),
        [this] { return new ContainersPage(m_ops, this); });
    addPage(tr("Logs"), style()->standardIcon(QStyle::SP_FileIcon), [this] { return new LogsPage(m_ops, this); });
    addPage(tr("Maintenance"), style()->standardIcon(QStyle::SP_MessageBoxWarning),
        [this] { return new MaintenancePage(m_ops, this); });
    addPage(tr("Deploys"), style()->standardIcon(QStyle::SP_ArrowUp), [this] { return new DeploysPage(m_ops, this); });
    addPage(tr("Backups"), style()->standardIcon(QStyle::SP_DialogSaveButton),
        [this] { return new BackupsPage(m_ops, this); });
    addPage(tr("Audit"), style()->standardIcon(QStyle::SP_FileDialogListView),
        [this] { return new AuditPage(m_ops, this); });

    auto* central = new QWidget(this);
    auto* layout = new QHBoxLayout(central);
    layout->addWidget(m_sidebar);
    layout->addWidget(m_pages, 1);
    setCentralWidget(central);

    m_insecureBadge->setStyleSheet(
        QStringLiteral("background: #c62828; color: white; border-radius: 3px; font-weight: bold;"));
    m_insecureBadge->hide();
    m_keychainWarning->setStyleSheet(QStringLiteral("color: #b45309;"));
    m_keychainWarning->hide();
    statusBar()->addPermanentWidget(m_keychainWarning);
    statusBar()->addPermanentWidget(m_insecureBadge);
    for (QLabel* label : {m_apiIcon, m_apiText, m_sshIcon, m_sshText}) {
        statusBar()->addPermanentWidget(label);
    }
    statusBar()->addPermanentWidget(new QLabel(tr("RagDesk %1").arg(QCoreApplication::applicationVersion()), this));

    buildMenus();
    connect(m_sidebar, &QListWidget::currentRowChanged, this, [this](int row) {
        if (row >= 0) {
            m_pages->setCurrentWidget(page(row));
        }
    });
    connect(m_switcher, &QComboBox::activated, this, [this](int row) {
        if (row >= 0 && row < static_cast<int>(m_stacks->profiles().size())) {
            m_stacks->setCurrent(m_stacks->profiles()[static_cast<size_t>(row)].name);
        }
    });
    connect(stacks, &StackDirectory::currentChanged, this, &MainWindow::showCurrentStack);
    connect(stacks, &StackDirectory::stacksChanged, this, &MainWindow::showCurrentStack);
    connect(stacks->model(), &QAbstractItemModel::dataChanged, this, &MainWindow::updateStatus);
    connect(stacks->secrets(), &SecretStore::keychainProblemChanged, this, [this](const QString& problem) {
        m_keychainWarning->setToolTip(problem);
        m_keychainWarning->setVisible(!problem.isEmpty());
    });
    connect(session, &ApiSession::signInNeeded, this, &MainWindow::signInNeeded);
    connect(stacks, &StackDirectory::keyPassphrasesRead, this, &MainWindow::updateStatus);
    restoreSettings();
    showCurrentStack();
}

bool MainWindow::showPage(const QString& title)
{
    const QString wanted = QString(title).remove(u'&').trimmed();
    const QStringList titles = pageTitles();
    for (int row = 0; row < titles.size(); ++row) {
        if (titles[row].compare(wanted, Qt::CaseInsensitive) == 0) {
            m_sidebar->setCurrentRow(row);
            return true;
        }
    }
    return false;
}

QStringList MainWindow::pageTitles() const
{
    QStringList titles;
    for (int row = 0; row < m_sidebar->count(); ++row) {
        titles << m_sidebar->item(row)->text();
    }
    return titles;
}

void MainWindow::addPage(const QString& title, const QIcon& icon, std::function<QWidget*()> make)
{
    const int index = m_pages->addWidget(new QWidget(m_pages)); // a placeholder until the page is first shown
    m_pageMakers.push_back(std::move(make));
    m_sidebar->addItem(new QListWidgetItem(icon, title));
    if (!m_pagesMenu) {
        m_pagesMenu = new QMenu(tr("&Go"), this);
    }
    QAction* go = m_pagesMenu->addAction(icon, title);
    // Ctrl+1 … Ctrl+9, Ctrl+0 for the tenth page, then Alt+1 … for the next ones.
    const int digit = index < 9 ? Qt::Key_1 + index : index == 9 ? Qt::Key_0 : Qt::Key_1 + index - 10;
    go->setShortcut(QKeySequence((index <= 9 ? Qt::CTRL : Qt::ALT) | static_cast<Qt::Key>(digit)));
    connect(go, &QAction::triggered, this, [this, index] { m_sidebar->setCurrentRow(index); });
    m_sidebar->item(index)->setToolTip(go->shortcut().toString(QKeySequence::NativeText));
}

QWidget* MainWindow::page(int row)
{
    auto& make = m_pageMakers.at(static_cast<size_t>(row));
    if (make) {
        QWidget* placeholder = m_pages->widget(row);
        QWidget* built = std::exchange(make, nullptr)();
        m_pages->insertWidget(row, built);
        m_pages->removeWidget(placeholder);
        delete placeholder;
    }
    return m_pages->widget(row);
}

UsersPage* MainWindow::usersPage()
{
    return static_cast<UsersPage*>(page(Users));
}

BotsPage* MainWindow::botsPage()
{
    return static_cast<BotsPage*>(page(Bots));
}

SourcesPage* MainWindow::sourcesPage()
{
    return static_cast<SourcesPage*>(page(Sources));
}

ChatPlaygroundPage* MainWindow::playgroundPage()
{
    return static_cast<ChatPlaygroundPage*>(page(Playground));
}

ChatHistoryPage* MainWindow::chatHistoryPage()
{
    return static_cast<ChatHistoryPage*>(page(Chats));
}

AnalyticsPage* MainWindow::analyticsPage()
{
    return static_cast<AnalyticsPage*>(page(Analytics));
}

WebhooksPage* MainWindow::webhooksPage()
{
    return static_cast<WebhooksPage*>(page(Webhooks));
}

TokensPage* MainWindow::tokensPage()
{
    return static_cast<TokensPage*>(page(Tokens));
}

ContainersPage* MainWindow::containersPage()
{
    return static_cast<ContainersPage*>(page(Containers));
}

LogsPage* MainWindow::logsPage()
{
    return static_cast<LogsPage*>(page(Logs));
}

MaintenancePage* MainWindow::maintenancePage()
{
    return static_cast<MaintenancePage*>(page(Maintenance));
}

DeploysPage* MainWindow::deploysPage()
{
    return static_cast<DeploysPage*>(page(Deploys));
}

FleetPage* MainWindow::fleetPage()
{
    return static_cast<FleetPage*>(page(Fleet));
}

BackupsPage* MainWindow::backupsPage()
{
    return static_cast<BackupsPage*>(page(Backups));
}

AuditPage* MainWindow::auditPage()
{
    return static_cast<AuditPage*>(page(Audit));
}

void MainWindow::buildMenus()
{
    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->addAction(m_connections->addAction());
    QAction* newTenant = file->addAction(tr("New &tenant…"), this, &MainWindow::showTenantWizard);
    newTenant->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_T));
    file->addSeparator();
    QAction* quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Q)); // QKeySequence::Quit is empty on some platforms

    QMenu* stack = menuBar()->addMenu(tr("&Stack"));
    QAction* switchStack = stack->addAction(tr("S&witch stack…"), this, [this] {
        m_switcher->setFocus();
        m_switcher->showPopup();
    });
    switchStack->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_K));
    QAction* signIn = stack->addAction(tr("Sign &in…"), this,
        [this] { showSignIn(tr("Enter the password or token anew, e.g. after it was changed on the server.")); });
    signIn->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_G));
    stack->addSeparator();
    stack->addActions({m_connections->editAction(), m_connections->removeAction(), m_connections->refreshAction()});

    menuBar()->addMenu(m_pagesMenu);

    QMenu* view = menuBar()->addMenu(tr("&View"));
    QMenu* themes = view->addMenu(tr("&Theme"));
    for (const auto& [theme, title] : {std::pair{Theme::System, tr("&System")}, std::pair{Theme::Light, tr("&Light")},
             std::pair{Theme::Dark, tr("&Dark")}}) {
        QAction* choice = themes->addAction(title);
        choice->setCheckable(true);
        choice->setData(themeKey(theme));
        m_themes->addAction(choice);
        connect(choice, &QAction::triggered, this, [this, theme] {
            applyTheme(theme);
            m_settings->setValue(kTheme, themeKey(theme));
        });
    }

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    QAction* shortcuts = help->addAction(tr("&Keyboard shortcuts"), this, &MainWindow::showShortcuts);
    shortcuts->setShortcut(QKeySequence::HelpContents);
    help->addAction(tr("&About RagDesk"), this, [this] {
        QMessageBox::about(this, tr("About RagDesk"),
            tr("<h3>RagDesk %1</h3><p>A desktop console for self-hosted RAG stacks of the MiniRAG kind: tenant "
               "administration over the stack's API, operations over SSH.</p>")
                .arg(QCoreApplication::applicationVersion()));
    });
}

void MainWindow::showShortcuts()
{
    for (int row = 0; row < m_sidebar->count(); ++row) {
        page(row); // the list names every page's own actions too
    }
    auto* dialog = new ShortcutsDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
}

void MainWindow::showTenantWizard()
{
    if (!m_session->stack()) {
        return;
    }
    auto* wizard = new TenantWizard(m_session, this);
    wizard->setAttribute(Qt::WA_DeleteOnClose);
    wizard->open();
    emit dialogOpened(wizard);
}

void MainWindow::showSignIn(const QString& reason)
{
    if (const client::StackProfile* current = m_stacks->current()) {
        m_declined.remove(qs(current->name) + QLatin1Char('/') + QString::number(int(signInKindOf(*current))));
        askForSecret(signInKindOf(*current), reason);
    }
}

void MainWindow::askForSecret(SecretStore::Kind kind, const QString& reason)
{
    // Asked once per run: after a Cancel the pages show the error with Retry, and Stack → Sign in… asks again.
    const client::StackProfile* current = m_stacks->current();
    const QString question = current ? qs(current->name) + QLatin1Char('/') + QString::number(int(kind)) : QString();
    if (!current || m_declined.contains(question) || (m_secretPrompt && m_secretPrompt->isVisible())) {
        return;
    }
    auto* dialog = new SecretPromptDialog(m_stacks, *current, kind, reason, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    m_secretPrompt = dialog;
    connect(dialog, &QDialog::rejected, this, [this, question] { m_declined.insert(question); });
    dialog->open();
    emit dialogOpened(dialog);
}

void MainWindow::signInNeeded(const QString& stack, const QString& reason)
{
    const client::StackProfile* current = m_stacks->current();
    if (current && qs(current->name) == stack) {
        askForSecret(signInKindOf(*current), reason);
    }
}

void MainWindow::showCurrentStack()
{
    const client::StackProfile* current = m_stacks->current();
    m_switcher->setCurrentIndex(current ? m_stacks->model()->rowOf(qs(current->name)) : -1);
    m_switcher->setEnabled(m_stacks->profiles().size() > 1);
    setWindowTitle(current ? tr("%1 — RagDesk").arg(qs(current->name)) : tr("RagDesk"));
    if (current) {
        m_settings->setValue(kCurrentStack, qs(current->name));
    }
    updateStatus();
}

void MainWindow::updateStatus()
{
    const client::StackProfile* current = m_stacks->current();
    const int row = current ? m_stacks->model()->rowOf(qs(current->name)) : -1;
    if (row < 0) {
        for (QLabel* label : {m_apiIcon, m_apiText, m_sshIcon, m_sshText}) {
            label->clear();
        }
        m_apiText->setText(tr("No stack configured"));
        m_insecureBadge->hide();
        return;
    }
    const StackProfileModel* model = m_stacks->model();
    const StackHealth& api = model->health(row);
    const SshHealth& ssh = model->sshHealth(row);
    m_apiIcon->setPixmap(statusIcon(api.state).pixmap(12, 12));
    m_apiText->setText(tr("API %1").arg(stateText(api.state)));
    m_apiText->setToolTip(api.message);
    m_sshIcon->setPixmap(statusIcon(ssh.state).pixmap(12, 12));
    m_sshText->setText(tr("SSH %1").arg(stateText(ssh.state)));
    m_sshText->setToolTip(ssh.message);
    if (m_stacks->keyPassphraseWanted(current->name, ssh) && ssh.checkedAt != m_passphraseAskedFor) {
        m_passphraseAskedFor = ssh.checkedAt; // a later probe that still needs it asks again, this one not
        askForSecret(SecretStore::Kind::SshPassphrase,
            m_stacks->secrets()->knows(qs(current->name), SecretStore::Kind::SshPassphrase)
                ? tr("The SSH login refused the key's passphrase: %1").arg(ssh.message)
                : tr("The SSH key is encrypted: its passphrase is needed to log in to the VPS."));
    }
    const QString insecure = model->insecureHttpWarning(row);
    m_insecureBadge->setVisible(!insecure.isEmpty());
    m_insecureBadge->setToolTip(insecure);
}

void MainWindow::restoreSettings()
{
    const Theme theme = themeFromKey(m_settings->value(kTheme).toString());
    for (QAction* choice : m_themes->actions()) {
        choice->setChecked(choice->data().toString() == themeKey(theme));
    }
    if (theme != Theme::System) {
        applyTheme(theme);
    }
    if (!restoreGeometry(m_settings->value(kGeometry).toByteArray())) {
        resize(1100, 640);
    }
    restoreState(m_settings->value(kState).toByteArray());
    // With several stacks the overview of all of them comes first; with one, the page left last time.
    const int shown = m_settings->value(kPage, Stacks).toInt();
    m_sidebar->setCurrentRow(m_stacks->profiles().size() > 1 ? Fleet
            : shown >= 0 && shown < m_pages->count()         ? shown
                                                             : Stacks);
    m_stacks->setCurrent(m_settings->value(kCurrentStack).toString().toStdString());
}

bool MainWindow::event(QEvent* event)
{
    if (event->type() == QEvent::Paint && !m_painted) {
        m_painted = true;
        QMetaObject::invokeMethod(this, &MainWindow::firstPainted, Qt::QueuedConnection);
    }
    return QMainWindow::event(event);
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    m_settings->setValue(kGeometry, saveGeometry());
    m_settings->setValue(kState, saveState());
    m_settings->setValue(kPage, m_sidebar->currentRow());
    m_settings->sync();
    QMainWindow::closeEvent(event);
}

} // namespace ragdesk::ui
