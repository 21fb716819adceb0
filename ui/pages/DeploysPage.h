#pragma once

#include "OpsPage.h"

#include "models/RecordModel.h"

#include "ragdesk/client/ops/deploy/Deployer.h"

#include <optional>

class QAction;
class QPushButton;

namespace ragdesk::ui {

class RecordTable;
class RunPanel;
class StateBanner;

/// One release in the Releases table, marked when it is the one running.
struct ReleaseRow {
    client::ops::Release release;
    bool running = false;
};

/// Deploys, rollbacks and the releases of the stack, over the Deployer whose runs live on the server. Deploy… opens
/// the ref picker (DeployDialog); the run then shows live in a RunPanel — backup, maintenance, fetch, build, up,
/// health wait, maintenance off or rollback, each step with its output — and its outcome. The page follows the newest
/// run whenever it loads, so a deploy started before the app was closed or the link was lost is re-attached and shown
/// where it is. The releases list (the running one marked) rolls back to a retained release, followed like a deploy.
/// The deploy lock is shown while held (holder, since, alive or stale); a stale one is released only after a
/// confirmation by the stack's name, and a deploy refused by a live one names its holder.
class DeploysPage : public OpsPage {
    Q_OBJECT

public:
    using ReleaseModel = RecordModel<ReleaseRow>;

    explicit DeploysPage(OpsSession* session, QWidget* parent = nullptr);

    StateBanner* lockBanner() const { return m_lock; }
    /// The run shown: a deploy or rollback started here, else the newest run on the server.
    RunPanel* run() const { return m_run; }
    ReleaseModel* releases() const { return m_releases; }
    RecordTable* releaseTable() const { return m_releaseTable; }

    /// Opens the ref picker.
    void openDeployDialog();
    /// Starts a deploy of `ref` and follows it.
    void deploy(const QString& ref);
    /// Asks, then rolls back to the selected release and follows the run.
    void rollBackToSelected();
    /// Asks by the stack's name, then releases a stale deploy lock.
    void releaseStaleLock();

signals:
    /// A start (deploy or rollback) was answered: ok, or refused/failed as the banner says.
    void started(bool ok);
    /// The run followed ended (its outcome shown), or following it failed.
    void runEnded();
    /// Releases, lock and latest run were read.
    void stateRead();

protected:
    void load() override;
    void clear() override;

private:
    struct State {
        client::ops::LockStatus lock;
        std::vector<client::ops::Release> releases;
        std::optional<client::ops::LatestRun> latest;
    };
    void readState();
    void showLock(const client::ops::LockStatus& lock);
    void showReleases(std::vector<client::ops::Release> releases);
    void start(const QString& what, std::function<client::Result<std::string>(client::ops::Deployer&)> launch);
    void updateActions();

    StateBanner* m_lock;
    RunPanel* m_run;
    QPushButton* m_releaseLock;
    ReleaseModel* m_releases;
    RecordTable* m_releaseTable;
    QAction* m_deploy;
    QAction* m_rollback;
    QAction* m_unlock;
    std::optional<client::ops::LockStatus> m_lockStatus;
    bool m_starting = false;
};

} // namespace ragdesk::ui
