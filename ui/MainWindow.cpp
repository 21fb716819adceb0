#include "MainWindow.h"

#include "pages/ConnectionsPage.h"

#include <QCoreApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QStackedWidget>
#include <QStatusBar>

namespace ragdesk::ui {

MainWindow::MainWindow(
    std::vector<client::StackProfile> profiles, const std::filesystem::path& configPath, QWidget* parent)
    : QMainWindow(parent),
      m_sidebar(new QListWidget(this)),
      m_pages(new QStackedWidget(this)),
      m_connections(new ConnectionsPage(std::move(profiles), configPath, this))
{
    setWindowTitle(tr("RagDesk"));
    setWindowIcon(QIcon(QStringLiteral(":/icons/ragdesk.svg")));

    m_sidebar->addItem(new QListWidgetItem(style()->standardIcon(QStyle::SP_DriveNetIcon), tr("Connections")));
    m_sidebar->setFixedWidth(170);
    m_sidebar->setIconSize(QSize(20, 20));
    m_sidebar->setCurrentRow(0);
    m_pages->addWidget(m_connections);

    auto* central = new QWidget(this);
    auto* layout = new QHBoxLayout(central);
    layout->addWidget(m_sidebar);
    layout->addWidget(m_pages, 1);
    setCentralWidget(central);
    statusBar()->addPermanentWidget(new QLabel(tr("RagDesk %1").arg(QCoreApplication::applicationVersion())));
    connect(m_sidebar, &QListWidget::currentRowChanged, m_pages, &QStackedWidget::setCurrentIndex);
    resize(1100, 640);
}

} // namespace ragdesk::ui
