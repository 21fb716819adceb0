#pragma once

#include "OpsPage.h"

#include "bridge/StackWorker.h"
#include "models/RecordModel.h"

#include "ragdesk/client/ops/deploy/Deployer.h"

#include <QDateTime>

#include <map>
#include <optional>

class QAction;
class QPlainTextEdit;
class QPushButton;
class QTimer;
class QTreeWidget;
class QTreeWidgetItem;

namespace ragdesk::ui {

class RecordTable;
class StateBanner;

/// One release in the Releases table, marked when it is the one running.
struct ReleaseRow {
    client::ops::Release release;
    bool running = false;
};

/// Deploys, rollbacks and the releases of the stack, over the Deployer whose runs live on the server. Deploy… opens
/// the ref picker (DeployDialog); the run's steps then show live — backup, maintenance, fetch, build, up, health
/// wait, maintenance off or rollback — each with its state, start, time taken and message, and the selected step's
/// output (the running one's as it grows); the outcome is said with its timings. The page follows the newest run
/// whenever it loads, so a deploy started before the app was closed or the link was lost is re-attached and shown
/// where it is. The releases list (the running one marked) rolls back to a retained release, followed like a deploy.
/// The deploy lock is shown while held (holder, since, alive or stale); a stale one is released only after a
/// confirmation by the stack's name, and a deploy refused by a live one names its holder.
class DeploysPage : public OpsPage {
    Q_OBJECT

public:
    using ReleaseModel = RecordModel<ReleaseRow>;

    explicit DeploysPage(OpsSession* session, QWidget* parent = nullptr);

    StateBanner* runBanner() const { return m_run; }
    StateBanner* lockBanner() const { return m_lock; }
    QTreeWidget* steps() const { return m_steps; }
    QPlainTextEdit* stepOutput() const { return m_output; }
    ReleaseModel* releases() const { return m_releases; }
    RecordTable* releaseTable() const { return m_releaseTable; }
    /// The run shown, and whether it is still being followed.
    const QString& runId() const { return m_runId; }
    bool following() const { return m_following; }
    /// How often following the run shown re-attached after a dropped link.
    int reattached() const { return m_reattached; }
    /// The outcome of the run shown, once it ended.
    const std::optional<client::ops::DeployOutcome>& outcome() const { return m_outcome; }

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
        std::optional<std::pair<std::string, bool>> latest;
    };
    void readState();
    void showLock(const client::ops::LockStatus& lock);
    void showReleases(std::vector<client::ops::Release> releases);
    void start(const QString& what, std::function<client::Result<std::string>(client::ops::Deployer&)> launch);
    void follow(const QString& id);
    void addEvent(const client::ops::DeployEvent& event);
    void showOutcome(const client::Result<client::ops::DeployOutcome>& outcome);
    void showRunning();
    void readOutput();
    void showSelectedOutput();
    void updateActions();

    StateBanner* m_lock;
    StateBanner* m_run;
    QPushButton* m_releaseLock;
    QTreeWidget* m_steps;
    QPlainTextEdit* m_output;
    ReleaseModel* m_releases;
    RecordTable* m_releaseTable;
    QAction* m_deploy;
    QAction* m_rollback;
    QAction* m_unlock;
    QTimer* m_ticker; ///< each second while following: the elapsed time, and the output read again
    std::optional<client::ops::LockStatus> m_lockStatus;
    QString m_runId;
    bool m_following = false;
    bool m_starting = false;
    bool m_readingOutput = false;
    quint64 m_runGeneration = 0; ///< bumped per run followed: a late event of an earlier one is dropped
    TaskHandle m_follow;
    std::optional<client::ops::DeployOutcome> m_outcome;
    std::optional<client::api::Timestamp> m_runStart; ///< the first event's time
    std::map<std::string, QTreeWidgetItem*> m_stepItems; ///< by the runner's step name
    std::map<std::string, QString> m_stepOutputs; ///< the last read of each step's output
    QString m_currentStep;
    bool m_followStep = true; ///< the running step's output is the one shown (until an earlier step is clicked)
    int m_reattached = 0; ///< times the follow re-attached after a dropped link
    QString m_reattachReason;
};

} // namespace ragdesk::ui
