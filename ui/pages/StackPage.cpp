#include "StackPage.h"

#include "widgets/Actions.h"
#include "widgets/ErrorBanner.h"

#include <QAction>
#include <QDialog>
#include <QLabel>
#include <QTimer>
#include <QToolBar>
#include <QVBoxLayout>

namespace ragdesk::ui {

StackPage::StackPage(const QString& title, std::function<const client::StackProfile*()> stack, QWidget* parent)
    : QWidget(parent),
      m_title(title),
      m_stack(std::move(stack)),
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
    connect(refresh, &QAction::triggered, this, &StackPage::reload);
    connect(m_banner, &ErrorBanner::retryRequested, this, &StackPage::reload);
    updateTitle();
}

void StackPage::sessionChanged()
{
    updateTitle();
    clear();
    m_banner->clear();
    m_stale = true;
    if (isVisible()) {
        reload();
    }
}

void StackPage::updateTitle()
{
    const client::StackProfile* stack = m_stack();
    m_heading->setText(stack ? tr("<h2>%1</h2><span>on %2</span>")
                                   .arg(m_title.toHtmlEscaped(), QString::fromStdString(stack->name).toHtmlEscaped())
                             : tr("<h2>%1</h2>").arg(m_title.toHtmlEscaped()));
}

void StackPage::reload()
{
    m_stale = false;
    load();
}

void StackPage::refreshWhileShown(std::chrono::milliseconds interval, std::function<void()> tick)
{
    m_refreshTimer = new QTimer(this);
    m_refreshTimer->setInterval(interval);
    connect(m_refreshTimer, &QTimer::timeout, this, std::move(tick));
    if (isVisible()) {
        m_refreshTimer->start();
    }
}

void StackPage::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    if (m_stale) {
        reload();
    }
    if (m_refreshTimer) {
        m_refreshTimer->start();
    }
}

void StackPage::hideEvent(QHideEvent* event)
{
    QWidget::hideEvent(event);
    if (m_refreshTimer) {
        m_refreshTimer->stop();
    }
}

void StackPage::loadFinished(const QString& what, const client::Error* error)
{
    if (error) {
        m_banner->showError(failureText(what, *error));
    } else {
        m_banner->clear();
    }
    emit loaded();
}

void StackPage::openDialog(QDialog* dialog)
{
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
    emit dialogOpened(dialog);
}

} // namespace ragdesk::ui
