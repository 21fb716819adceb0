#include "DeploysPage.h"

#include "bridge/OpsSession.h"
#include "dialogs/Confirmation.h"
#include "dialogs/DeployDialog.h"
#include "pages/RunPanel.h"
#include "widgets/Actions.h"
#include "widgets/ErrorBanner.h"
#include "widgets/RecordTable.h"
#include "widgets/StateBanner.h"
#include "widgets/Text.h"
#include "widgets/TimeText.h"

#include <QAction>
#include <QLabel>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QToolBar>
#include <QVBoxLayout>

namespace ragdesk::ui {
namespace {

using client::ops::Deployer;
using client::ops::LockStatus;
using client::ops::Release;
using Tone = StateBanner::Tone;

constexpr size_t kReleasesShown = 50;
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
        Column(QObject::tr("Outcome"), [](const ReleaseRow& row) { return runOutcomeText(row.release.outcome); }),
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
      m_run(new RunPanel(session, this)),
      m_releaseLock(new QPushButton(tr("Release the stale lock…"), this)),
      m_releases(new ReleaseModel(
          releaseColumns(),
          [](const ReleaseRow& row) -> QString { // not auto: a QStringBuilder would outlive its parts
              return qs(row.release.release) + QLatin1Char('@') +
                  (row.release.deployed ? qs(client::api::formatTimestamp(*row.release.deployed)) : QString());
          },
          this)),
      m_releaseTable(new RecordTable(m_releases, tr("Filter releases"), this))
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

    auto* lockRow = new QHBoxLayout;
    lockRow->addWidget(m_lock, 1);
    lockRow->addWidget(m_releaseLock, 0, Qt::AlignVCenter);
    auto* releasesBox = new QWidget(this);
    auto* releasesLayout = new QVBoxLayout(releasesBox);
    releasesLayout->setContentsMargins(0, 0, 0, 0);
    releasesLayout->addWidget(new QLabel(tr("<b>Releases</b> (newest first)"), releasesBox));
    releasesLayout->addWidget(m_releaseTable);
    auto* split = new QSplitter(Qt::Vertical, this);
    split->addWidget(m_run);
    split->addWidget(releasesBox);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    content()->addLayout(lockRow);
    content()->addWidget(split, 1);

    connect(m_run, &RunPanel::followingChanged, this, &DeploysPage::updateActions);
    connect(m_run, &RunPanel::runEnded, this, [this] {
        updateActions();
        readState(); // the release it left running, the lock it released
        emit runEnded();
    });
    clear();
}

void DeploysPage::load()
{
    readState();
}

void DeploysPage::clear()
{
    m_starting = false;
    m_lockStatus.reset();
    m_releases->setRecords({});
    m_lock->hide();
    m_releaseLock->hide();
    m_run->reset(tr("No deploy yet"), tr("Deploy… starts one; its steps show here as they run."));
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
            if (state->latest && !m_run->following() && !m_starting && qs(state->latest->id) != m_run->runId()) {
                m_run->follow(qs(state->latest->id));
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
        m_lock->setState(
            Tone::Busy, tr("Deploy lock held"), what + tr(". Another deploy is refused until this one ends."));
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
    const bool busy = m_run->following() || m_starting;
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
    if (m_run->following() || m_starting) {
        return;
    }
    m_starting = true;
    updateActions();
    m_run->banner()->setState(Tone::Busy, tr("Starting: %1…").arg(what), {});
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
                m_run->banner()->setState(
                    Tone::Bad, tr("Not started: %1").arg(what), qs(id.error().message).toHtmlEscaped());
                banner()->showError(failureText(tr("Could not %1").arg(what), id.error()));
                readState(); // the lock that refused it
                return;
            }
            m_run->follow(qs(*id));
        });
}

} // namespace ragdesk::ui
