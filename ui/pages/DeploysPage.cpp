#include "DeploysPage.h"

#include "bridge/GuiPost.h"
#include "bridge/OpsSession.h"
#include "dialogs/Confirmation.h"
#include "dialogs/DeployDialog.h"
#include "widgets/Actions.h"
#include "widgets/ErrorBanner.h"
#include "widgets/RecordTable.h"
#include "widgets/StateBanner.h"
#include "widgets/Text.h"
#include "widgets/TimeText.h"

#include <QAction>
#include <QFontDatabase>
#include <QHeaderView>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QSplitter>
#include <QTableView>
#include <QTimer>
#include <QToolBar>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace ragdesk::ui {
namespace {

using client::ops::Deployer;
using client::ops::DeployEvent;
using client::ops::DeployOutcome;
using client::ops::DeployStep;
using client::ops::LockStatus;
using client::ops::Release;
using client::ops::RunOutcome;
using client::ops::StepState;
using Tone = StateBanner::Tone;

constexpr auto kTick = std::chrono::seconds(1);
constexpr size_t kReleasesShown = 50;
/// A run is followed for at most this long; a deploy's own bounds (build, health wait) end it well before.
constexpr auto kFollowBound = std::chrono::hours(3);

enum StepColumn { StepName, StepStateColumn, StepStarted, StepTook, StepMessage };

QString elapsedText(std::chrono::seconds span)
{
    const auto seconds = std::max<qint64>(0, span.count());
    return QStringLiteral("%1:%2").arg(seconds / 60).arg(seconds % 60, 2, 10, QLatin1Char('0'));
}

QString outcomeText(RunOutcome outcome)
{
    switch (outcome) {
    case RunOutcome::Deployed:
        return QObject::tr("Deployed");
    case RunOutcome::RolledBack:
        return QObject::tr("Rolled back automatically");
    case RunOutcome::Rollback:
        return QObject::tr("Rolled back");
    case RunOutcome::Restored:
        return QObject::tr("Restored");
    case RunOutcome::Failed:
        return QObject::tr("Failed");
    case RunOutcome::Interrupted:
        return QObject::tr("Interrupted");
    case RunOutcome::Unknown:
        break;
    }
    return QObject::tr("Unknown outcome");
}

QString stateText(StepState state)
{
    switch (state) {
    case StepState::Started:
        return QObject::tr("running…");
    case StepState::Ok:
        return QObject::tr("ok");
    case StepState::Failed:
        return QObject::tr("FAILED");
    case StepState::Skipped:
        return QObject::tr("skipped");
    case StepState::Other:
        break;
    }
    return {};
}

std::vector<DeploysPage::ReleaseModel::Column> releaseColumns()
{
    using Column = DeploysPage::ReleaseModel::Column;
    return {
        Column(QObject::tr("Release"),
            [](const ReleaseRow& row) {
                return row.running ? QObject::tr("%1  ▶ running").arg(qs(row.release.release))
                                   : qs(row.release.release);
            }),
        Column(
            QObject::tr("Deployed"),
            [](const ReleaseRow& row) {
                return row.release.deployed ? localTimeText(*row.release.deployed) : QString();
            },
            [](const ReleaseRow& row) {
                return row.release.deployed
                    ? QVariant(static_cast<qint64>(row.release.deployed->time_since_epoch().count()))
                    : QVariant(qint64(0));
            }),
        Column(QObject::tr("By"), [](const ReleaseRow& row) { return qs(row.release.by); }),
        Column(QObject::tr("Outcome"), [](const ReleaseRow& row) { return outcomeText(row.release.outcome); }),
        Column(QObject::tr("Retained"),
            [](const ReleaseRow& row) {
                return row.release.retained ? QObject::tr("yes") : QObject::tr("no (images pruned)");
            }),
        Column(QObject::tr("Message"), [](const ReleaseRow& row) { return qs(row.release.message); }),
        Column(QObject::tr("Author"), [](const ReleaseRow& row) { return qs(row.release.author); }),
    };
}

} // namespace

DeploysPage::DeploysPage(OpsSession* session, QWidget* parent)
    : OpsPage(session, tr("Deploys"), parent),
      m_lock(new StateBanner(false, this)),
      m_run(new StateBanner(true, this)),
      m_releaseLock(new QPushButton(tr("Release the stale lock…"), this)),
      m_steps(new QTreeWidget(this)),
      m_output(new QPlainTextEdit(this)),
      m_releases(new ReleaseModel(
          releaseColumns(),
          [](const ReleaseRow& row) -> QString { // not auto: a QStringBuilder would outlive its parts
              return qs(row.release.release) + QLatin1Char('@') +
                  (row.release.deployed ? qs(client::api::formatTimestamp(*row.release.deployed)) : QString());
          },
          this)),
      m_releaseTable(new RecordTable(m_releases, tr("Filter releases"), this)),
      m_ticker(new QTimer(this))
{
    m_deploy = addPageAction(
        this, tr("&Deploy…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_D), tr("Deploy a branch, tag or commit"));
    m_rollback = addPageAction(this, tr("&Roll back to this release…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_B),
        tr("Switch the stack back to the selected release's images"));
    m_unlock = addPageAction(
        this, tr("Release stale &lock…"), QKeySequence(), tr("Remove a deploy lock whose holder is gone"));
    for (QAction* action : {m_deploy, m_rollback, m_unlock}) {
        toolbar()->addAction(action);
    }
    connect(m_deploy, &QAction::triggered, this, &DeploysPage::openDeployDialog);
    connect(m_rollback, &QAction::triggered, this, &DeploysPage::rollBackToSelected);
    connect(m_unlock, &QAction::triggered, this, &DeploysPage::releaseStaleLock);
    connect(m_releaseLock, &QPushButton::clicked, m_unlock, &QAction::trigger);
    connect(m_releaseTable, &RecordTable::selectionChanged, this, &DeploysPage::updateActions);
    m_releaseTable->view()->sortByColumn(1, Qt::DescendingOrder); // newest first, as the release log is read

    m_steps->setHeaderLabels({tr("Step"), tr("State"), tr("Started"), tr("Took"), tr("Message")});
    m_steps->setRootIsDecorated(false);
    m_steps->setUniformRowHeights(true);
    m_steps->header()->setStretchLastSection(true);
    connect(m_steps, &QTreeWidget::currentItemChanged, this, &DeploysPage::showSelectedOutput);
    connect(m_steps, &QTreeWidget::itemClicked, this, [this](QTreeWidgetItem* item) {
        m_followStep = m_steps->indexOfTopLevelItem(item) == m_steps->topLevelItemCount() - 1;
    });
    m_output->setReadOnly(true);
    m_output->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_output->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_output->setPlaceholderText(tr("The selected step's output"));
    m_output->setMaximumBlockCount(20'000);

    auto* lockRow = new QHBoxLayout;
    lockRow->addWidget(m_lock, 1);
    lockRow->addWidget(m_releaseLock, 0, Qt::AlignVCenter);
    auto* run = new QSplitter(Qt::Horizontal, this);
    run->addWidget(m_steps);
    run->addWidget(m_output);
    run->setStretchFactor(0, 2);
    run->setStretchFactor(1, 3);
    auto* releasesBox = new QWidget(this);
    auto* releasesLayout = new QVBoxLayout(releasesBox);
    releasesLayout->setContentsMargins(0, 0, 0, 0);
    releasesLayout->addWidget(new QLabel(tr("<b>Releases</b> (newest first)"), releasesBox));
    releasesLayout->addWidget(m_releaseTable);
    auto* split = new QSplitter(Qt::Vertical, this);
    split->addWidget(run);
    split->addWidget(releasesBox);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    content()->addLayout(lockRow);
    content()->addWidget(m_run);
    content()->addWidget(split, 1);

    m_ticker->setInterval(kTick);
    connect(m_ticker, &QTimer::timeout, this, [this] {
        showRunning();
        readOutput();
    });
    clear();
}

void DeploysPage::load()
{
    readState();
}

void DeploysPage::clear()
{
    ++m_runGeneration;
    m_follow.cancel(); // watching only: the run goes on on the server
    m_ticker->stop();
    m_following = false;
    m_starting = false;
    m_readingOutput = false;
    m_lockStatus.reset();
    m_runId.clear();
    m_outcome.reset();
    m_runStart.reset();
    m_stepItems.clear();
    m_stepOutputs.clear();
    m_currentStep.clear();
    m_steps->clear();
    m_output->clear();
    m_releases->setRecords({});
    m_lock->hide();
    m_releaseLock->hide();
    m_run->setState(Tone::Neutral, tr("No deploy yet"), tr("Deploy… starts one; its steps show here as they run."));
    updateActions();
}

void DeploysPage::readState()
{
    session()->run<State>(
        this, OpsSession::Lane::Status,
        [](const OpsSession::Ops& ops, const TaskContext&) -> client::Result<State> {
            Deployer deployer(*ops);
            auto lock = deployer.lockStatus();
            if (!lock) {
                return lock.error();
            }
            auto releases = deployer.releases(kReleasesShown);
            if (!releases) {
                return releases.error();
            }
            auto latest = deployer.latest();
            if (!latest) {
                return latest.error();
            }
            return State{.lock = *lock, .releases = std::move(*releases), .latest = *latest};
        },
        [this](client::Result<State> state) {
            if (!state) {
                loadFinished(tr("read the deploys"), &state.error());
                return;
            }
            showLock(state->lock);
            showReleases(std::move(state->releases));
            // The newest run, running or not: re-attached after a restart or a lost link, or its outcome shown.
            if (state->latest && !m_following && !m_starting && qs(state->latest->first) != m_runId) {
                follow(qs(state->latest->first));
            }
            loadFinished({}, nullptr);
            emit stateRead();
        });
}

void DeploysPage::showLock(const LockStatus& lock)
{
    m_lockStatus = lock;
    if (!lock.locked || !lock.holder) {
        m_lock->hide();
        m_releaseLock->hide();
        updateActions();
        return;
    }
    const auto& holder = *lock.holder;
    const QString since = holder.since ? tr("since %1 (%2)").arg(localTimeText(*holder.since), agoText(*holder.since))
                                       : tr("since an unknown time");
    const QString what =
        tr("%1 of %2 by %3 from %4, %5 — run %6")
            .arg(qs(holder.mode), qs(holder.ref), qs(holder.actor), qs(holder.from), since, qs(holder.id))
            .toHtmlEscaped();
    if (holder.alive) {
        m_lock->setState(Tone::Busy, tr("Deploy lock held"), what + tr(". Another deploy waits until it ends."));
    } else {
        m_lock->setState(Tone::Bad, tr("Stale deploy lock"),
            what +
                tr(". Its holder is gone (process %1 is not running), and the lock blocks every deploy until it is "
                   "released. Check the stack first: the run may have stopped halfway.")
                    .arg(holder.pid));
    }
    m_lock->show();
    m_releaseLock->setVisible(!holder.alive);
    updateActions();
}

void DeploysPage::showReleases(std::vector<Release> releases)
{
    std::vector<ReleaseRow> rows;
    bool runningFound = false;
    for (Release& release : releases) {
        const bool running = !runningFound && client::ops::wentLive(release);
        runningFound = runningFound || running;
        rows.push_back(ReleaseRow{.release = std::move(release), .running = running});
    }
    m_releases->setRecords(std::move(rows));
    updateActions();
}

void DeploysPage::updateActions()
{
    const bool busy = m_following || m_starting;
    const bool liveLock = m_lockStatus && m_lockStatus->locked && m_lockStatus->holder && m_lockStatus->holder->alive;
    m_deploy->setEnabled(!busy);
    const int row = m_releaseTable->selectedRow();
    m_rollback->setEnabled(
        !busy && row >= 0 && m_releases->record(row).release.retained && !m_releases->record(row).running);
    m_unlock->setEnabled(!busy && m_lockStatus && m_lockStatus->locked && !liveLock);
}

void DeploysPage::openDeployDialog()
{
    auto* dialog = new DeployDialog(session(), this);
    connect(dialog, &DeployDialog::deployRequested, this, &DeploysPage::deploy);
    openDialog(dialog);
}

void DeploysPage::deploy(const QString& ref)
{
    start(tr("deploy %1").arg(ref), [ref = ref.toStdString()](Deployer& deployer) { return deployer.start(ref); });
}

void DeploysPage::rollBackToSelected()
{
    const int row = m_releaseTable->selectedRow();
    if (row < 0) {
        return;
    }
    const Release release = m_releases->record(row).release;
    Confirmation::ask(this, tr("Roll back to %1").arg(qs(release.release)),
        tr("Switch the stack back to release <b>%1</b> (%2)? Its images are started again without a build, "
           "behind the maintenance page, and it must pass the health wait. A backup is taken first.<br>It is "
           "recorded in the audit trail.")
            .arg(qs(release.release).toHtmlEscaped(), qs(release.message).toHtmlEscaped()),
        tr("Roll back"), [this, release] {
            start(tr("roll back to %1").arg(qs(release.release)),
                [revision = release.revision](Deployer& deployer) { return deployer.startRollback(revision); });
        });
}

void DeploysPage::releaseStaleLock()
{
    if (!m_lockStatus || !m_lockStatus->holder || !session() || !session()->stack()) {
        return;
    }
    const QString stack = qs(session()->stack()->name);
    Confirmation::askByName(this, tr("Release the stale deploy lock"),
        tr("Remove the lock of %1's %2 of %3? Only a lock whose holder is gone is released; the server checks again. "
           "Check the stack first: the run it belonged to may have stopped halfway.")
            .arg(qs(m_lockStatus->holder->actor).toHtmlEscaped(), qs(m_lockStatus->holder->mode).toHtmlEscaped(),
                qs(m_lockStatus->holder->ref).toHtmlEscaped()),
        stack, tr("Release"), [this] {
            session()->run<LockStatus>(
                this, OpsSession::Lane::Actions,
                [](const OpsSession::Ops& ops, const TaskContext&) { return Deployer(*ops).releaseStaleLock(); },
                [this](client::Result<LockStatus> released) {
                    if (!released) {
                        banner()->showError(failureText(tr("Could not release the lock"), released.error()));
                    }
                    readState();
                });
        });
}

void DeploysPage::start(const QString& what, std::function<client::Result<std::string>(Deployer&)> launch)
{
    if (m_following || m_starting) {
        return;
    }
    m_starting = true;
    updateActions();
    m_run->setState(Tone::Busy, tr("Starting: %1…").arg(what), {});
    session()->run<std::string>(
        this, OpsSession::Lane::Actions,
        [launch](const OpsSession::Ops& ops, const TaskContext&) {
            Deployer deployer(*ops);
            return launch(deployer);
        },
        [this, what](client::Result<std::string> id) {
            m_starting = false;
            emit started(bool(id));
            if (!id) {
                m_run->setState(Tone::Bad, tr("Not started: %1").arg(what), qs(id.error().message).toHtmlEscaped());
                banner()->showError(failureText(tr("Could not %1").arg(what), id.error()));
                readState(); // the lock that refused it
                return;
            }
            follow(qs(*id));
        });
}

void DeploysPage::follow(const QString& id)
{
    ++m_runGeneration;
    m_follow.cancel();
    m_runId = id;
    m_following = true;
    m_outcome.reset();
    m_runStart.reset();
    m_stepItems.clear();
    m_stepOutputs.clear();
    m_currentStep.clear();
    m_reattached = 0;
    m_followStep = true;
    m_steps->clear();
    m_output->clear();
    m_run->setState(Tone::Busy, tr("Run %1").arg(id), tr("Attaching to the run on the server…"));
    updateActions();

    const QPointer<DeploysPage> self(this);
    const quint64 generation = m_runGeneration;
    const auto post = [self, generation](std::function<void(DeploysPage&)> apply) {
        postToGui<DeploysPage>(self, [generation, apply = std::move(apply)](DeploysPage& page) {
            if (page.m_runGeneration == generation) {
                apply(page);
            }
        });
    };
    m_follow = session()->run<DeployOutcome>(
        this, OpsSession::Lane::Deploy,
        [id = id.toStdString(), post](const OpsSession::Ops& ops, const TaskContext& context) {
            return Deployer(*ops).follow(id,
                client::ops::FollowOptions{.onEvent =
                                               [post](const DeployEvent& event) {
                                                   post([event](DeploysPage& page) { page.addEvent(event); });
                                               },
                    .onReconnect =
                        [post](const std::string& why) {
                            post([why](DeploysPage& page) {
                                ++page.m_reattached;
                                page.m_reattachReason = qs(why);
                                page.showRunning();
                            });
                        },
                    .cancel = context.cancel(),
                    .timeout = kFollowBound});
        },
        [this, generation](client::Result<DeployOutcome> outcome) {
            if (generation != m_runGeneration) {
                return;
            }
            // Events posted before this result are delivered first (one queue), so every step is shown.
            showOutcome(outcome);
        });
    m_ticker->start();
}

void DeploysPage::addEvent(const DeployEvent& event)
{
    if (!m_runStart && event.time) {
        m_runStart = event.time;
    }
    if (event.step == DeployStep::Done) {
        return; // the outcome comes with the follow's result
    }
    QTreeWidgetItem*& item = m_stepItems[event.stepName];
    if (!item) {
        item = new QTreeWidgetItem(m_steps, {qs(event.stepName)});
        item->setData(StepStarted, Qt::UserRole, QVariant());
    }
    if (event.state == StepState::Started || item->text(StepStarted).isEmpty()) {
        item->setText(StepStarted,
            event.time ? utcTime(*event.time).toLocalTime().toString(QStringLiteral("HH:mm:ss")) : QString());
        item->setData(StepStarted, Qt::UserRole,
            event.time ? QVariant(static_cast<qint64>(event.time->time_since_epoch().count())) : QVariant());
    }
    const QVariant started = item->data(StepStarted, Qt::UserRole);
    if (event.state != StepState::Started && event.time && started.isValid()) {
        const auto took = std::chrono::duration_cast<std::chrono::seconds>(
            event.time->time_since_epoch() - client::api::Timestamp::duration(started.toLongLong()));
        item->setText(StepTook, elapsedText(took));
    }
    item->setText(StepStateColumn, stateText(event.state));
    item->setText(StepMessage, qs(event.message));
    item->setToolTip(StepMessage, qs(event.message));
    const QColor failed(0xb7, 0x1c, 0x1c);
    item->setForeground(StepStateColumn, event.state == StepState::Failed ? QBrush(failed) : QBrush());
    if (event.state == StepState::Started) {
        m_currentStep = qs(event.stepName);
    }
    // The step in progress is the one shown, unless the person picked an earlier one.
    if (m_followStep && (event.state == StepState::Started || !m_steps->currentItem())) {
        m_steps->setCurrentItem(item);
    }
    for (int column = StepName; column < StepMessage; ++column) {
        m_steps->resizeColumnToContents(column);
    }
    showRunning();
}

void DeploysPage::showRunning()
{
    if (!m_following) {
        m_ticker->stop();
        return;
    }
    QString detail;
    if (m_runStart) {
        detail = tr("Started %1 · %2 so far")
                     .arg(utcTime(*m_runStart).toLocalTime().toString(QStringLiteral("HH:mm:ss")),
                         elapsedText(std::chrono::duration_cast<std::chrono::seconds>(
                             std::chrono::system_clock::now() - *m_runStart)));
    }
    if (m_reattached > 0) {
        detail += tr(" · the link dropped %n time(s); re-attached to the run (%1)", nullptr, m_reattached)
                      .arg(m_reattachReason.toHtmlEscaped());
    }
    m_run->setState(Tone::Busy,
        m_currentStep.isEmpty() ? tr("Run %1").arg(m_runId) : tr("Run %1: %2…").arg(m_runId, m_currentStep), detail);
}

void DeploysPage::showOutcome(const client::Result<DeployOutcome>& outcome)
{
    m_following = false;
    m_ticker->stop();
    readOutput(); // the last steps' output, whole
    if (!outcome) {
        if (outcome.error().kind != client::ErrorKind::Cancelled) {
            m_run->setState(Tone::Bad, tr("Lost track of run %1").arg(m_runId),
                qs(outcome.error().message).toHtmlEscaped() +
                    tr("<br>The run goes on on the server; Reload (F5) attaches to it again."));
        }
        updateActions();
        emit runEnded();
        return;
    }
    m_outcome = *outcome;
    // A step that failed is the one to read: its output is shown.
    for (int i = 0; i < m_steps->topLevelItemCount(); ++i) {
        if (m_steps->topLevelItem(i)->text(StepStateColumn) == stateText(StepState::Failed)) {
            m_steps->setCurrentItem(m_steps->topLevelItem(i));
            break;
        }
    }
    const QString took = m_runStart ? tr(" in %1").arg(elapsedText(std::chrono::duration_cast<std::chrono::seconds>(
                                          std::chrono::system_clock::now() - *m_runStart)))
                                    : QString();
    QStringList timings;
    for (int i = 0; i < m_steps->topLevelItemCount(); ++i) {
        const QTreeWidgetItem* item = m_steps->topLevelItem(i);
        if (!item->text(StepTook).isEmpty()) {
            timings << QStringLiteral("%1 %2").arg(item->text(StepName), item->text(StepTook));
        }
    }
    const QString release = qs(outcome->release);
    const QString detail =
        tr("Run %1 · release %2 (before: %3)%4")
            .arg(m_runId, release.isEmpty() ? tr("unknown") : release,
                outcome->previous.empty() ? tr("none") : qs(outcome->previous),
                timings.isEmpty() ? QString() : QStringLiteral(" · ") + timings.join(QStringLiteral(", ")));
    switch (outcome->outcome) {
    case RunOutcome::Deployed:
        m_run->setState(Tone::Good, tr("Deployed %1%2").arg(release, took), detail);
        break;
    case RunOutcome::Rollback:
        m_run->setState(Tone::Good, tr("Rolled back to %1%2").arg(release, took), detail);
        break;
    case RunOutcome::Restored:
        m_run->setState(Tone::Good, tr("Restored%1").arg(took), detail);
        break;
    case RunOutcome::RolledBack:
        m_run->setState(Tone::Warning,
            tr("The new release failed its health wait: rolled back to %1%2").arg(release, took), detail);
        break;
    case RunOutcome::Failed:
    case RunOutcome::Interrupted:
    case RunOutcome::Unknown:
        m_run->setState(Tone::Bad, tr("%1%2").arg(outcomeText(outcome->outcome), took),
            detail + tr("<br>Maintenance and the lock were released by the runner; the step in red says why."));
        break;
    }
    updateActions();
    readState();
    emit runEnded();
}

void DeploysPage::readOutput()
{
    if (m_readingOutput || m_runId.isEmpty()) {
        return;
    }
    m_readingOutput = true;
    const quint64 generation = m_runGeneration;
    session()->run<std::vector<client::ops::StepOutput>>(
        this, OpsSession::Lane::Status,
        [id = m_runId.toStdString()](
            const OpsSession::Ops& ops, const TaskContext&) { return Deployer(*ops).output(id); },
        [this, generation](client::Result<std::vector<client::ops::StepOutput>> steps) {
            m_readingOutput = false;
            if (generation != m_runGeneration || !steps) {
                return; // an output not read is read on the next tick; the steps' states still show
            }
            m_stepOutputs.clear();
            for (const auto& step : *steps) {
                QString& text = m_stepOutputs[step.step];
                text += (step.command.empty() ? QString() : QStringLiteral("$ %1\n").arg(qs(step.command))) +
                    QString::fromUtf8(step.output.data(), static_cast<qsizetype>(step.output.size()));
            }
            showSelectedOutput();
        });
}

void DeploysPage::showSelectedOutput()
{
    const QTreeWidgetItem* item = m_steps->currentItem();
    const auto found = item ? m_stepOutputs.find(item->text(StepName).toStdString()) : m_stepOutputs.end();
    const QString text = found == m_stepOutputs.end() ? QString() : found->second;
    if (text == m_output->toPlainText()) {
        return;
    }
    QScrollBar* bar = m_output->verticalScrollBar();
    const bool atEnd = bar->value() == bar->maximum();
    m_output->setPlainText(text);
    if (atEnd) {
        bar->setValue(bar->maximum()); // a growing output stays followed, unless scrolled up
    }
}

} // namespace ragdesk::ui
