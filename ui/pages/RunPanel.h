#pragma once

#include "bridge/StackWorker.h"

#include "ragdesk/client/ops/deploy/Deployer.h"

#include <QPointer>
#include <QWidget>

#include <map>
#include <optional>

class QPlainTextEdit;
class QTimer;
class QTreeWidget;
class QTreeWidgetItem;

namespace ragdesk::ui {

class OpsSession;
class StateBanner;

/// How a run ended, in words ("Rolled back automatically").
QString runOutcomeText(client::ops::RunOutcome outcome);

/// A run on the server — a deploy, a rollback, a restore — followed live: its state large on top (the step running
/// and the time so far; then the outcome with the release it left running and each step's time), its steps with
/// state, start, time taken and message, and the selected step's output as it grows (the running step's, unless an
/// earlier one was clicked; a failed one's once the run ended). A dropped link is re-attached to by the Deployer and
/// said in the banner; the run itself goes on on the server whatever happens here.
class RunPanel : public QWidget {
    Q_OBJECT

public:
    RunPanel(OpsSession* session, QWidget* parent = nullptr);

    StateBanner* banner() const { return m_banner; }
    QTreeWidget* steps() const { return m_steps; }
    QPlainTextEdit* output() const { return m_output; }
    /// The run shown, and whether it is still being followed.
    const QString& runId() const { return m_runId; }
    bool following() const { return m_following; }
    /// How often following the run shown re-attached after a dropped link.
    int reattached() const { return m_reattached; }
    /// The outcome of the run shown, once it ended.
    const std::optional<client::ops::DeployOutcome>& outcome() const { return m_outcome; }

    /// Follows the run from its first step (a finished one's steps and outcome come at once).
    void follow(const QString& id);
    /// Stops following (the run goes on) and shows `title` and `detail` instead.
    void reset(const QString& title, const QString& detail);

signals:
    /// Following started.
    void followingChanged();
    /// The run followed ended (its outcome shown), or following it failed.
    void runEnded();

private:
    /// Stops following and clears what was shown of the run.
    void forget();
    void addEvent(const client::ops::DeployEvent& event);
    void showOutcome(const client::Result<client::ops::DeployOutcome>& outcome);
    void showRunning();
    void readOutput();
    void showSelectedOutput();

    QPointer<OpsSession> m_session; ///< null once the window closing destroyed it
    StateBanner* m_banner;
    QTreeWidget* m_steps;
    QPlainTextEdit* m_output;
    QTimer* m_ticker; ///< each second while following: the elapsed time, and the output read again
    QString m_runId;
    bool m_following = false;
    bool m_readingOutput = false;
    quint64 m_runGeneration = 0; ///< bumped per run followed: a late event of an earlier one is dropped
    TaskHandle m_follow;
    std::optional<client::ops::DeployOutcome> m_outcome;
    std::optional<client::api::Timestamp> m_runStart; ///< the first event's time
    std::optional<client::api::Timestamp> m_lastEvent; ///< the newest event's time (the done step's, once it ended)
    std::map<std::string, QTreeWidgetItem*> m_stepItems; ///< by the runner's step name
    std::map<std::string, QString> m_stepOutputs; ///< the last read of each step's output
    QString m_currentStep;
    bool m_followStep = true; ///< the running step's output is the one shown (until an earlier step is clicked)
    int m_reattached = 0;
    QString m_reattachReason;
};

} // namespace ragdesk::ui
