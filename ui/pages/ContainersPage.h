#pragma once

#include "OpsPage.h"

#include "models/RecordModel.h"

#include "ragdesk/client/ops/StackOps.h"

class QAction;

namespace ragdesk::ui {

class RecordTable;
class ResourceChart;

/// The stack's containers as `docker compose ps` and `docker stats` show them, live: service, state, health,
/// uptime, restarts, image, revision, ports, CPU and memory, refreshed every few seconds while shown (one call over
/// the kept connection per refresh, never two at once), with CPU and memory per container charted over the last
/// five minutes. Restart, stop and start act on the selected service and a command runs in its container
/// (ExecDialog), each confirmed by typing the service's name and recorded in the audit trail.
class ContainersPage : public OpsPage {
    Q_OBJECT

public:
    using Model = RecordModel<client::ops::ContainerResources>;

    explicit ContainersPage(OpsSession* session, QWidget* parent = nullptr);

    Model* model() const { return m_model; }
    RecordTable* table() const { return m_table; }
    ResourceChart* cpuChart() const { return m_cpu; }
    ResourceChart* memoryChart() const { return m_memory; }
    /// Restarts, stops or starts the selected service once its name is typed to confirm.
    void actOnSelected(client::ops::ContainerAction action);
    /// Opens the command dialog for the selected service.
    void runCommandOnSelected();

signals:
    /// An action on a service ended (ok, or failed as the banner says).
    void actionFinished(bool ok);

protected:
    void load() override;
    void clear() override;

private:
    void refresh();
    void showResources(std::vector<client::ops::ContainerResources> containers);
    void updateActions();
    /// The selected row's service, or empty.
    QString selectedService() const;

    Model* m_model;
    RecordTable* m_table;
    ResourceChart* m_cpu;
    ResourceChart* m_memory;
    QAction* m_restart;
    QAction* m_stop;
    QAction* m_start;
    QAction* m_exec;
    bool m_refreshing = false; ///< a refresh is in flight: the timer's next tick waits for it
    bool m_acting = false; ///< an action is in flight: no other is started
};

} // namespace ragdesk::ui
