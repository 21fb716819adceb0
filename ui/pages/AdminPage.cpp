#include "AdminPage.h"

#include "bridge/ApiSession.h"
#include "widgets/Actions.h"
#include "widgets/ErrorBanner.h"

#include "ragdesk/client/api/ApiClient.h"

#include <QAction>
#include <QDialog>
#include <QLabel>
#include <QToolBar>
#include <QVBoxLayout>

namespace ragdesk::ui {

AdminPage::AdminPage(ApiSession* session, const QString& title, QWidget* parent)
    : QWidget(parent),
      m_session(session),
      m_title(title),
      m_heading(new QLabel(this)),
      m_toolbar(new QToolBar(this)),
      m_banner(new ErrorBanner(this)),
      m_content(new QVBoxLayout)
{
    m_toolbar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_heading);
    layout->addWidget(m_toolbar);
    layout->addWidget(m_banner);
    layout->addLayout(m_content, 1);
    QAction* refresh = addPageAction(this, tr("Re&load"), QKeySequence::Refresh, tr("Load this page again"));
    connect(refresh, &QAction::triggered, this, &AdminPage::reload);
    connect(m_banner, &ErrorBanner::retryRequested, this, &AdminPage::reload);
    connect(session, &ApiSession::changed, this, [this] {
        updateTitle();
        clear();
        m_banner->clear();
        m_stale = true;
        if (isVisible()) {
            reload();
        }
    });
    updateTitle();
}

void AdminPage::updateTitle()
{
    const client::StackProfile* stack = m_session->stack();
    m_heading->setText(stack ? tr("<h2>%1</h2><span>on %2</span>")
                                   .arg(m_title.toHtmlEscaped(), QString::fromStdString(stack->name).toHtmlEscaped())
                             : tr("<h2>%1</h2>").arg(m_title.toHtmlEscaped()));
}

void AdminPage::reload()
{
    m_stale = false;
    load();
}

void AdminPage::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    if (m_stale) {
        reload();
    }
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

void AdminPage::loadFinished(const QString& what, const client::Error* error)
{
    if (error) {
        m_banner->showError(failureText(what, *error));
    } else {
        m_banner->clear();
    }
    emit loaded();
}

void AdminPage::act(const QString& what, std::function<client::Result<client::Done>(client::api::ApiClient&)> change)
{
    m_session->run<client::Done>(
        this, [change](client::api::ApiClient& api, const TaskContext&) { return change(api); },
        [this, what](client::Result<client::Done> done) {
            if (!done) {
                m_banner->showError(failureText(what, done.error()));
                return;
            }
            reload();
        });
}

void AdminPage::openDialog(QDialog* dialog)
{
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
    emit dialogOpened(dialog);
}

} // namespace ragdesk::ui
