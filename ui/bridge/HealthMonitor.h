#pragma once

#include "StackHealth.h"

#include "ragdesk/client/common/StackProfile.h"

#include <QObject>
#include <QThread>

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace ragdesk::client::api {
class ApiClient;
}

namespace ragdesk::ui {

/// Probes stacks' API health on its own worker thread ("health-probe"), keeping one API connection per stack,
/// and reports each result back on the GUI thread. Destroying it stops and joins the worker.
class HealthMonitor : public QObject {
    Q_OBJECT

public:
    explicit HealthMonitor(QObject* parent = nullptr);
    ~HealthMonitor() override;

    /// Starts one probe round over these stacks; ignored while a round is still running.
    void probe(const std::vector<client::StackProfile>& stacks);

signals:
    void healthChecked(const QString& stackName, const ragdesk::ui::StackHealth& health);
    void probeRoundFinished();

private:
    StackHealth check(const client::StackProfile& stack); // runs on the worker thread

    QThread m_thread;
    QObject* m_worker; ///< context object living on m_thread
    bool m_roundRunning = false;
    std::map<std::string, std::unique_ptr<client::api::ApiClient>> m_clients; ///< touched on the worker only
};

} // namespace ragdesk::ui
