#include "RunPanel.h"

#include "bridge/GuiPost.h"
#include "bridge/OpsSession.h"
#include "widgets/StateBanner.h"
#include "widgets/Text.h"
#include "widgets/TimeText.h"

#include <QFontDatabase>
#include <QHeaderView>
#include <QPlainTextEdit>
#include <QScrollBar>
#include <QSplitter>
#include <QTimer>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace ragdesk::ui {
namespace {

using client::ops::Deployer;
using client::ops::DeployEvent;
using client::ops::DeployOutcome;
using client::ops::DeployStep;
using client::ops::RunOutcome;
using client::ops::StepState;
using Tone = StateBanner::Tone;

constexpr auto kTick = std::chrono::seconds(1);
/// A run is followed for at most this long; a deploy's own bounds (build, health wait) end it well before.
constexpr auto kFollowBound = std::chrono::hours(3);

enum StepColumn { StepName, StepStateColumn, StepStarted, StepTook, StepMessage };

QString elapsedText(std::chrono::seconds span)
{
    const auto seconds = std::max<qint64>(0, span.count());
    return QStringLiteral("%1:%2").arg(seconds / 60).arg(seconds % 60, 2, 10, QLatin1Char('0'));
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

} // namespace

QString runOutcomeText(RunOutcome outcome)
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

RunPanel::RunPanel(OpsSession* session, QWidget* parent)
    : QWidget(parent),
      m_session(session),
      m_banner(new StateBanner(true, this)),
      m_steps(new QTreeWidget(this)),
      m_output(new QPlainTextEdit(this)),
      m_ticker(new QTimer(this))
{
    m_steps->setHeaderLabels({tr("Step"), tr("State"), tr("Started"), tr("Took"), tr("Message")});
    m_steps->setRootIsDecorated(false);
    m_steps->setUniformRowHeights(true);
    m_steps->header()->setStretchLastSection(true);
    connect(m_steps, &QTreeWidget::currentItemChanged, this, &RunPanel::showSelectedOutput);
    connect(m_steps, &QTreeWidget::itemClicked, this, [this](QTreeWidgetItem* item) {
        m_followStep = m_steps->indexOfTopLevelItem(item) == m_steps->topLevelItemCount() - 1;
    });
    m_output->setReadOnly(true);
    m_output->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_output->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_output->setPlaceholderText(tr("The selected step's output"));
    m_output->setMaximumBlockCount(20'000);

    auto* split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(m_steps);
    split->addWidget(m_output);
    split->setStretchFactor(0, 2);
    split->setStretchFactor(1, 3);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_banner);
    layout->addWidget(split, 1);

    m_ticker->setInterval(kTick);
    connect(m_ticker, &QTimer::timeout, this, [this] {
        showRunning();
        readOutput();
    });
}

void RunPanel::forget()
{
    ++m_runGeneration;
    m_follow.cancel(); // watching only: the run goes on on the server
    m_ticker->stop();
    m_following = false;
    m_readingOutput = false;
    m_runId.clear();
    m_outcome.reset();
    m_runStart.reset();
    m_lastEvent.reset();
    m_stepItems.clear();
    m_stepOutputs.clear();
    m_currentStep.clear();
    m_reattached = 0;
    m_followStep = true;
    m_steps->clear();
    m_output->clear();
}

void RunPanel::reset(const QString& title, const QString& detail)
{
    forget();
    m_banner->setState(Tone::Neutral, title, detail);
}

void RunPanel::follow(const QString& id)
{
    forget();
    if (!m_session) {
        return;
    }
    m_runId = id;
    m_following = true;
    m_banner->setState(Tone::Busy, tr("Run %1").arg(id), tr("Attaching to the run on the server…"));
    emit followingChanged();

    const QPointer<RunPanel> self(this);
    const quint64 generation = m_runGeneration;
    const auto post = [self, generation](std::function<void(RunPanel&)> apply) {
        postToGui<RunPanel>(self, [generation, apply = std::move(apply)](RunPanel& page) {
            if (page.m_runGeneration == generation) {
                apply(page);
            }
        });
    };
    m_follow = m_session->run<DeployOutcome>(
        this, OpsSession::Lane::Deploy,
        [id = id.toStdString(), post](const OpsSession::Ops& ops, const TaskContext& context) {
            return Deployer(*ops).follow(id,
                client::ops::FollowOptions{
                    .onEvent =
                        [post](const DeployEvent& event) { post([event](RunPanel& page) { page.addEvent(event); }); },
                    .onReconnect =
                        [post](const std::string& why) {
                            post([why](RunPanel& page) {
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

void RunPanel::addEvent(const DeployEvent& event)
{
    if (!m_runStart && event.time) {
        m_runStart = event.time;
    }
    if (event.time) {
        m_lastEvent = event.time;
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
        item->setText(StepStarted, event.time ? localClockText(*event.time) : QString());
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

void RunPanel::showRunning()
{
    if (!m_following) {
        m_ticker->stop();
        return;
    }
    QString detail;
    if (m_runStart) {
        detail = tr("Started %1 · %2 so far")
                     .arg(localClockText(*m_runStart),
                         elapsedText(std::chrono::duration_cast<std::chrono::seconds>(
                             std::chrono::system_clock::now() - *m_runStart)));
    }
    if (m_reattached > 0) {
        detail += tr(" · the link dropped %n time(s); re-attached to the run (%1)", nullptr, m_reattached)
                      .arg(m_reattachReason.toHtmlEscaped());
    }
    m_banner->setState(Tone::Busy,
        m_currentStep.isEmpty() ? tr("Run %1").arg(m_runId) : tr("Run %1: %2…").arg(m_runId, m_currentStep), detail);
}

void RunPanel::showOutcome(const client::Result<DeployOutcome>& outcome)
{
    m_following = false;
    m_ticker->stop();
    readOutput(); // the last steps' output, whole
    if (!outcome) {
        if (outcome.error().kind != client::ErrorKind::Cancelled) {
            m_banner->setState(Tone::Bad, tr("Lost track of run %1").arg(m_runId),
                qs(outcome.error().message).toHtmlEscaped() +
                    tr("<br>The run goes on on the server; Reload (F5) attaches to it again."));
        }
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
    // From its first event to its last: a run that ended long ago, re-attached to on load, took what it took.
    const QString took = m_runStart && m_lastEvent
        ? tr(" in %1").arg(elapsedText(std::chrono::duration_cast<std::chrono::seconds>(*m_lastEvent - *m_runStart)))
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
        m_banner->setState(Tone::Good, tr("Deployed %1%2").arg(release, took), detail);
        break;
    case RunOutcome::Rollback:
        m_banner->setState(Tone::Good, tr("Rolled back to %1%2").arg(release, took), detail);
        break;
    case RunOutcome::Restored:
        m_banner->setState(Tone::Good, tr("Restored%1").arg(took), detail);
        break;
    case RunOutcome::RolledBack:
        m_banner->setState(Tone::Warning,
            tr("The new release failed its health wait: rolled back to %1%2").arg(release, took), detail);
        break;
    case RunOutcome::Failed:
    case RunOutcome::Interrupted:
    case RunOutcome::Unknown:
        m_banner->setState(Tone::Bad, tr("%1%2").arg(runOutcomeText(outcome->outcome), took),
            detail + tr("<br>Maintenance and the lock were released by the runner; the step in red says why."));
        break;
    }
    emit runEnded();
}

void RunPanel::readOutput()
{
    if (m_readingOutput || m_runId.isEmpty() || !m_session) {
        return;
    }
    m_readingOutput = true;
    const quint64 generation = m_runGeneration;
    m_session->run<std::vector<client::ops::StepOutput>>(
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

void RunPanel::showSelectedOutput()
{
    const QTreeWidgetItem* item = m_steps->currentItem();
    const auto found = item ? m_stepOutputs.find(item->text(StepName).toStdString()) : m_stepOutputs.end();
    const QString text = found == m_stepOutputs.end() ? QString() : found->second;
    if (text == m_output->toPlainText()) {
        return;
    }
    QScrollBar* bar = m_output->verticalScrollBar();
    const bool atEnd = bar->value() == bar->maximum();
    const int kept = bar->value();
    m_output->setPlainText(text);
    // A growing output stays followed, unless scrolled up; once laid out, so the range is the new text's.
    QTimer::singleShot(0, m_output, [bar, atEnd, kept] { bar->setValue(atEnd ? bar->maximum() : kept); });
}

} // namespace ragdesk::ui
