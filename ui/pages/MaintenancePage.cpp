#include "MaintenancePage.h"

#include "bridge/OpsSession.h"
#include "dialogs/Confirmation.h"
#include "widgets/Actions.h"
#include "widgets/ErrorBanner.h"
#include "widgets/StateBanner.h"
#include "widgets/Text.h"
#include "widgets/TimeText.h"

#include <QAction>
#include <QLabel>
#include <QPushButton>
#include <QTime>
#include <QToolBar>
#include <QVBoxLayout>

#include <chrono>

namespace ragdesk::ui {
namespace {

using client::ops::MaintenanceCheck;
using client::ops::MaintenanceState;
using Tone = StateBanner::Tone;

// Somebody else (a deploy, another operator) may switch it: read again while shown, gently.
constexpr auto kRefreshInterval = std::chrono::seconds(15);

QString sinceText(const MaintenanceState& state)
{
    const auto since = client::api::parseTimestamp(state.since);
    return since ? QObject::tr("since %1 (%2)").arg(localTimeText(*since), agoText(*since))
                 : QObject::tr("since %1").arg(qs(state.since));
}

} // namespace

MaintenancePage::MaintenancePage(OpsSession* session, QWidget* parent)
    : OpsPage(session, tr("Maintenance"), parent),
      m_state(new StateBanner(true, this)),
      m_check(new StateBanner(false, this)),
      m_where(new QLabel(this)),
      m_toggle(new QPushButton(this))
{
    m_switch = addPageAction(this, tr("&Switch maintenance…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_M),
        tr("Turn the maintenance page on or off"));
    m_verify = addPageAction(this, tr("&Check from outside"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_V),
        tr("Ask the public URL whether it shows the maintenance page"));
    toolbar()->addAction(m_switch);
    toolbar()->addAction(m_verify);
    connect(m_switch, &QAction::triggered, this, [this] {
        if (m_current) {
            switchTo(!m_current->on);
        }
    });
    connect(m_toggle, &QPushButton::clicked, m_switch, &QAction::trigger);
    connect(m_verify, &QAction::triggered, this, [this] { refresh(); });

    m_where->setWordWrap(true);
    m_where->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont big = m_toggle->font();
    big.setPointSizeF(big.pointSizeF() * 1.2);
    m_toggle->setFont(big);
    m_toggle->setMinimumHeight(m_toggle->sizeHint().height() * 3 / 2);

    auto* help = new QLabel(tr("While maintenance is on, the reverse proxy answers every page with 503 and its "
                               "maintenance page; <code>/health</code> keeps answering, so monitors and the deploy's "
                               "health wait still see the stack. A deploy turns it on for its window and off at the "
                               "end; if it was on before, it stays on."),
        this);
    help->setWordWrap(true);
    help->setForegroundRole(QPalette::PlaceholderText);

    content()->addWidget(m_state);
    content()->addWidget(m_toggle, 0, Qt::AlignLeft);
    content()->addWidget(m_check);
    content()->addWidget(m_where);
    content()->addWidget(help);
    content()->addStretch(1);

    refreshWhileShown(kRefreshInterval, [this] { refresh(); });
    clear();
}

void MaintenancePage::load()
{
    refresh();
}

void MaintenancePage::clear()
{
    m_current.reset();
    m_refreshing = false; // the old session's answers are dropped
    m_switching = false;
    m_state->setState(Tone::Neutral, tr("Maintenance …"), tr("Reading the state from the server."));
    m_check->setState(Tone::Neutral, tr("Not checked from outside yet"), {});
    const client::StackProfile* stack = session() ? session()->stack() : nullptr;
    m_where->setText(stack ? tr("Public URL: %1 · stack directory: %2")
                                 .arg(qs(stack->apiUrl).toHtmlEscaped(), qs(stack->stackDir).toHtmlEscaped())
                           : QString());
    updateActions();
}

void MaintenancePage::refresh(bool verify)
{
    if (m_refreshing || m_switching || !session()) {
        return;
    }
    m_refreshing = true;
    updateActions();
    session()->run<Reading>(
        this, OpsSession::Lane::Status,
        [verify, http = publicHttp()](const OpsSession::Ops& ops, const TaskContext&) -> client::Result<Reading> {
            auto state = ops->maintenance();
            if (!state) {
                return state.error();
            }
            return Reading{.state = *state,
                .check = verify ? std::optional(ops->verifyMaintenance(state->on, http)) : std::nullopt};
        },
        [this](client::Result<Reading> reading) {
            m_refreshing = false;
            if (!reading) {
                loadFinished(tr("read the maintenance state"), &reading.error());
                updateActions();
                return;
            }
            showState(reading->state);
            if (reading->check) {
                showCheck(*reading->check, reading->state.on, false);
            }
            loadFinished({}, nullptr);
        });
}

client::api::HttpOptions MaintenancePage::publicHttp() const
{
    // The public URL is the stack's API: trusted as the API is (its CA file or pinned key).
    const client::StackProfile* stack = session() ? session()->stack() : nullptr;
    return stack ? client::api::httpOptionsFor(*stack) : client::api::HttpOptions{};
}

void MaintenancePage::showState(const MaintenanceState& state)
{
    m_current = state;
    const QString proxy = qs(std::string(name(state.proxy)));
    if (state.on) {
        QString detail = tr("The site answers 503 with the maintenance page, %1.").arg(sinceText(state));
        if (!state.by.empty()) {
            detail += tr(" Switched on by %1.").arg(qs(state.by).toHtmlEscaped());
        }
        m_state->setState(Tone::Warning, tr("Maintenance ON"), detail);
    } else {
        m_state->setState(Tone::Good, tr("Maintenance OFF"),
            tr("The site serves its pages (the %1 flag file is absent).").arg(proxy));
    }
    updateActions();
}

void MaintenancePage::showCheck(const MaintenanceCheck& check, bool on, bool afterSwitch)
{
    const QString when = QTime::currentTime().toString(QStringLiteral("HH:mm:ss"));
    if (check.verified) {
        m_check->setState(Tone::Good, tr("Verified from outside at %1").arg(when),
            tr("The public URL answers %1 for / and %2 for /health, as it should while maintenance is %3.")
                .arg(check.pageStatus)
                .arg(check.healthStatus)
                .arg(on ? tr("on") : tr("off")));
        return;
    }
    m_check->setState(Tone::Bad,
        afterSwitch ? tr("Switched %1 on the server, but NOT verified from outside").arg(on ? tr("on") : tr("off"))
                    : tr("NOT verified from outside (checked at %1)").arg(when),
        qs(check.problem).toHtmlEscaped());
}

void MaintenancePage::updateActions()
{
    const bool known = m_current.has_value() && !m_switching;
    m_switch->setEnabled(known);
    m_toggle->setEnabled(known);
    m_verify->setEnabled(!m_refreshing && !m_switching);
    m_toggle->setText(m_current && m_current->on ? tr("Turn maintenance off…") : tr("Turn maintenance on…"));
}

void MaintenancePage::switchTo(bool on)
{
    if (m_switching || !session()) {
        return;
    }
    const QString stack = session()->stack() ? qs(session()->stack()->name).toHtmlEscaped() : QString();
    const QString question = on
        ? tr("Show the maintenance page on <b>%1</b>? Every page answers 503 until it is turned off; /health keeps "
             "answering.")
              .arg(stack)
        : tr("Take the maintenance page off <b>%1</b>? Users reach the app again at once — make sure whatever it "
             "was on for is finished.")
              .arg(stack);
    Confirmation::ask(this, on ? tr("Turn maintenance on") : tr("Turn maintenance off"),
        question + tr("<br>It is recorded in the audit trail."), on ? tr("Turn on") : tr("Turn off"), [this, on] {
            m_switching = true;
            updateActions();
            m_state->setState(Tone::Busy, on ? tr("Turning maintenance on…") : tr("Turning maintenance off…"), {});
            session()->run<MaintenanceCheck>(
                this, OpsSession::Lane::Actions,
                [on, http = publicHttp()](
                    const OpsSession::Ops& ops, const TaskContext&) { return ops->setMaintenance(on, http); },
                [this, on](client::Result<MaintenanceCheck> check) {
                    m_switching = false;
                    if (check) {
                        showCheck(*check, on, true);
                    } else {
                        banner()->showError(
                            failureText(on ? tr("turn maintenance on") : tr("turn maintenance off"), check.error()));
                    }
                    emit switched(bool(check));
                    refresh(false); // the switch's own check stays shown
                });
        });
}

} // namespace ragdesk::ui
