#pragma once

#include "bridge/StackHealth.h"
#include "models/RecordModel.h"

#include "ragdesk/client/common/StackProfile.h"

#include <QWidget>

class QLabel;

namespace ragdesk::ui {

class RecordTable;
class StackDirectory;

/// One stack as the fleet overview shows it: its profile and what the last probes of its two roads found.
struct FleetRow {
    client::StackProfile profile;
    StackHealth api;
    SshHealth ssh;
};

/// The worst of what a fleet row says: unreachable (red), something wrong (amber: unhealthy services, maintenance
/// on, the last run failed, no recent dump), healthy (green), or not known yet.
HealthState fleetState(const FleetRow& row);

/// Every configured stack at a glance — API and SSH health, services healthy of total, maintenance, the last deploy
/// and how it ended, the newest backup's age — one row each, worst first. The data comes from the StackDirectory's
/// probes, which read each stack over its own kept connection, all stacks at once, so one that does not answer never
/// holds up the others; while the page is shown they read the glance too. The landing page when more than one stack
/// is configured. Enter or a double-click opens a stack (it becomes the current one).
class FleetPage : public QWidget {
    Q_OBJECT

public:
    using FleetModel = RecordModel<FleetRow>;

    explicit FleetPage(StackDirectory* stacks, QWidget* parent = nullptr);

    FleetModel* fleet() const { return m_fleet; }
    /// The selected stack's health in sentences, with the reasons the table leaves out.
    QLabel* details() const { return m_details; }
    RecordTable* table() const { return m_table; }
    /// The row of the stack of that name, or null.
    const FleetRow* row(const QString& stack) const;

signals:
    /// A stack was opened: it is the current one now.
    void stackOpened(const QString& name);
    /// A row changed (a probe reported).
    void updated();

protected:
    void showEvent(QShowEvent* event) override;
    void hideEvent(QHideEvent* event) override;

private:
    void rebuild();
    void showDetails();

    StackDirectory* m_stacks;
    FleetModel* m_fleet;
    RecordTable* m_table;
    QLabel* m_details; ///< the selected stack's reasons
};

} // namespace ragdesk::ui
