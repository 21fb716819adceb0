#pragma once

#include "ragdesk/client/common/StackProfile.h"

#include <QMainWindow>

#include <filesystem>
#include <vector>

class QListWidget;
class QStackedWidget;

namespace ragdesk::ui {

class ConnectionsPage;

/// The application window: a sidebar of pages beside the current page. Only pages that work are listed.
class MainWindow : public QMainWindow {
    Q_OBJECT

public:
    MainWindow(
        std::vector<client::StackProfile> profiles, const std::filesystem::path& configPath, QWidget* parent = nullptr);

    ConnectionsPage* connectionsPage() const { return m_connections; }

private:
    QListWidget* m_sidebar;
    QStackedWidget* m_pages;
    ConnectionsPage* m_connections;
};

} // namespace ragdesk::ui
