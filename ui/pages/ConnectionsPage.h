#pragma once

#include "ragdesk/client/common/StackProfile.h"

#include <QWidget>

#include <filesystem>
#include <vector>

class QLabel;
class QSortFilterProxyModel;
class QStackedWidget;
class QTableView;
class QTimer;
class QTreeWidget;

namespace ragdesk::ui {

class HealthMonitor;
class StackProfileModel;

/// The first page: the configured stacks and each one's live API health, refreshed periodically.
class ConnectionsPage : public QWidget {
    Q_OBJECT

public:
    /// configPath is only shown to the user (where the stacks came from).
    ConnectionsPage(
        std::vector<client::StackProfile> profiles, const std::filesystem::path& configPath, QWidget* parent = nullptr);

    StackProfileModel* model() const { return m_model; }
    QTableView* table() const { return m_table; }
    QTreeWidget* details() const { return m_details; }

public slots:
    void refresh();

signals:
    /// Every stack has been probed once more.
    void healthRoundFinished();

private:
    void showDetails();

    StackProfileModel* m_model;
    QSortFilterProxyModel* m_proxy;
    HealthMonitor* m_monitor;
    QStackedWidget* m_content;
    QTableView* m_table;
    QLabel* m_detailsTitle;
    QLabel* m_detailsMessage;
    QTreeWidget* m_details;
    QTimer* m_refreshTimer;
};

} // namespace ragdesk::ui
