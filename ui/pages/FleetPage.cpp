#include "FleetPage.h"

#include "bridge/StackDirectory.h"
#include "models/StackProfileModel.h"
#include "models/StatusIcons.h"
#include "pages/RunPanel.h"
#include "widgets/RecordTable.h"
#include "widgets/Text.h"
#include "widgets/TimeText.h"
#include "widgets/TransferText.h"

#include <QHeaderView>
#include <QLabel>
#include <QTableView>
#include <QVBoxLayout>

#include <chrono>

namespace ragdesk::ui {
namespace {

using client::ops::StackGlance;

/// The glance's text for a part, or why it is not there: not read (SSH down, glancing off) or failed.
template <typename T>
QString partText(
    const SshHealth& ssh, client::Result<T> StackGlance::*part, const std::function<QString(const T&)>& text)
{
    if (!ssh.glance) {
        return ssh.state == HealthState::Healthy || ssh.state == HealthState::Checking ? QObject::tr("…")
                                                                                       : QObject::tr("—");
    }
    const client::Result<T>& value = (*ssh.glance).*part;
    return value ? text(*value) : QObject::tr("error: %1").arg(qs(value.error().message));
}

QString servicesText(const client::ops::ServiceCounts& counts)
{
    if (counts.unhealthy.empty()) {
        return QObject::tr("%1/%2 healthy").arg(counts.healthy).arg(counts.total);
    }
    QStringList names;
    for (const std::string& name : counts.unhealthy) {
        names << qs(name);
    }
    return QObject::tr("%1/%2 healthy — not: %3")
        .arg(counts.healthy)
        .arg(counts.total)
        .arg(names.join(QStringLiteral(", ")));
}

QString maintenanceText(const client::ops::MaintenanceState& state)
{
    if (!state.on) {
        return QObject::tr("off");
    }
    const auto since = client::api::parseTimestamp(state.since);
    return QObject::tr("ON %1%2").arg(since
            ? QObject::tr("for %1").arg(
                  spanText(std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now() - *since)))
            : QString(),
        state.by.empty() ? QString() : QObject::tr(" by %1").arg(qs(state.by)));
}

QString lastRunText(const std::optional<client::ops::LatestRun>& run)
{
    if (!run) {
        return QObject::tr("none yet");
    }
    const auto& started = run->started;
    const QString what = started.mode.empty()
        ? QObject::tr("run %1").arg(qs(run->id))
        : QObject::tr("%1 of %2").arg(qs(client::ops::runWord(started.mode)), qs(started.ref));
    const QString by = started.actor.empty() ? QString() : QObject::tr(" by %1").arg(qs(started.actor));
    if (run->running) {
        return QObject::tr("%1%2: running now").arg(what, by);
    }
    const auto when = run->ended ? run->ended : started.since;
    return QObject::tr("%1%2, %3: %4")
        .arg(what, by, when ? agoText(*when) : QObject::tr("at an unknown time"),
            run->outcome ? runOutcomeText(*run->outcome) : QObject::tr("no outcome (stopped?)"));
}

QString newestDumpText(const std::optional<client::ops::BackupFile>& dump)
{
    if (!dump) {
        return QObject::tr("none");
    }
    return QObject::tr("%1 (%2)").arg(
        agoText(client::api::Timestamp(std::chrono::seconds(dump->modified))), sizeText(dump->bytes));
}

/// Something in the glance an operator should look at.
bool glanceWarns(const StackGlance& glance)
{
    const auto now = std::chrono::system_clock::now();
    const bool servicesDown = !glance.services || glance.services->healthy < glance.services->total;
    const bool maintenanceOn = !glance.maintenance || glance.maintenance->on;
    const bool runFailed = !glance.lastRun ||
        (*glance.lastRun && !(*glance.lastRun)->running && (*glance.lastRun)->outcome &&
            !client::ops::succeeded(*(*glance.lastRun)->outcome));
    const bool dumpStale = !glance.newestDump || !*glance.newestDump ||
        now - client::api::Timestamp(std::chrono::seconds((*glance.newestDump)->modified)) >
            client::ops::kNewestDumpStaleAfter;
    return servicesDown || maintenanceOn || runFailed || dumpStale;
}

QString sshText(const SshHealth& ssh)
{
    return ssh.state == HealthState::Healthy && ssh.latencyMs >= 0
        ? QObject::tr("%1 (%2 ms)").arg(stateText(ssh.state)).arg(ssh.latencyMs)
        : stateText(ssh.state);
}

QString servicesCell(const FleetRow& row)
{
    return partText<client::ops::ServiceCounts>(row.ssh, &StackGlance::services, servicesText);
}

QString maintenanceCell(const FleetRow& row)
{
    return partText<client::ops::MaintenanceState>(row.ssh, &StackGlance::maintenance, maintenanceText);
}

QString lastRunCell(const FleetRow& row)
{
    return partText<std::optional<client::ops::LatestRun>>(row.ssh, &StackGlance::lastRun, lastRunText);
}

QString newestDumpCell(const FleetRow& row)
{
    return partText<std::optional<client::ops::BackupFile>>(row.ssh, &StackGlance::newestDump, newestDumpText);
}

std::vector<FleetPage::FleetModel::Column> fleetColumns()
{
    using Column = FleetPage::FleetModel::Column;
    const auto stateSort = [](const FleetRow& row) { return QVariant(-static_cast<int>(fleetState(row))); };
    return {
        Column(
            QObject::tr("Stack"), [](const FleetRow& row) { return qs(row.profile.name); }, stateSort,
            [](const FleetRow& row) { return QVariant(statusIcon(fleetState(row))); }),
        Column(
            QObject::tr("API"), [](const FleetRow& row) { return stateText(row.api.state); }, nullptr,
            [](const FleetRow& row) { return QVariant(statusIcon(row.api.state)); }),
        Column(
            QObject::tr("SSH"), [](const FleetRow& row) { return sshText(row.ssh); }, nullptr,
            [](const FleetRow& row) { return QVariant(statusIcon(row.ssh.state)); }),
        Column(QObject::tr("Services"), servicesCell),
        Column(QObject::tr("Maintenance"), maintenanceCell),
        Column(QObject::tr("Newest backup"), newestDumpCell),
        Column(QObject::tr("Last deploy"), lastRunCell),
    };
}

/// Everything known of one stack, in sentences: the reasons the table's cells leave out.
QString detailsText(const FleetRow& row)
{
    QStringList lines;
    lines << QObject::tr("<b>%1</b> — %2")
                 .arg(qs(row.profile.name).toHtmlEscaped(), qs(row.profile.apiUrl).toHtmlEscaped());
    lines << QObject::tr("API: %1%2")
                 .arg(stateText(row.api.state),
                     row.api.message.isEmpty() ? QString() : QStringLiteral(": ") + row.api.message.toHtmlEscaped());
    lines << QObject::tr("SSH: %1%2")
                 .arg(sshText(row.ssh),
                     row.ssh.message.isEmpty() ? QString() : QStringLiteral(": ") + row.ssh.message.toHtmlEscaped());
    if (row.ssh.glance) {
        lines << QObject::tr("Services: %1 · Maintenance: %2")
                     .arg(servicesCell(row).toHtmlEscaped(), maintenanceCell(row).toHtmlEscaped());
        lines << QObject::tr("Last deploy: %1").arg(lastRunCell(row).toHtmlEscaped());
        const auto& dump = row.ssh.glance->newestDump;
        lines << QObject::tr("Newest database dump: %1%2")
                     .arg(dump && *dump ? qs((*dump)->name).toHtmlEscaped() + QStringLiteral(", ") : QString(),
                         newestDumpCell(row).toHtmlEscaped());
        lines << QObject::tr("Read at a glance in %1 ms, %2.")
                     .arg(row.ssh.glance->took.count())
                     .arg(row.ssh.checkedAt.isValid() ? row.ssh.checkedAt.toLocalTime().time().toString() : QString());
    }
    return lines.join(QStringLiteral("<br>"));
}

} // namespace

HealthState fleetState(const FleetRow& row)
{
    const auto states = {row.api.state, row.ssh.state};
    if (std::find(states.begin(), states.end(), HealthState::Unreachable) != states.end()) {
        return HealthState::Unreachable;
    }
    if (std::find(states.begin(), states.end(), HealthState::Degraded) != states.end() ||
        (row.ssh.glance && glanceWarns(*row.ssh.glance))) {
        return HealthState::Degraded;
    }
    if (row.api.state == HealthState::Healthy &&
        (row.ssh.state == HealthState::Healthy || row.ssh.state == HealthState::NotConfigured)) {
        return HealthState::Healthy;
    }
    return HealthState::Checking;
}

FleetPage::FleetPage(StackDirectory* stacks, QWidget* parent)
    : QWidget(parent),
      m_stacks(stacks),
      m_fleet(new FleetModel(
          fleetColumns(), [](const FleetRow& row) { return qs(row.profile.name); }, this)),
      m_table(new RecordTable(m_fleet, tr("Filter stacks"), this)),
      m_details(new QLabel(this))
{
    auto* title = new QLabel(tr("<h2>Fleet</h2>"), this);
    auto* help = new QLabel(tr("Every stack at a glance, each read over its own kept connection at the same time: a "
                               "stack that does not answer never holds up the others. Read again every 15 s while "
                               "shown. Enter or a double-click opens a stack."),
        this);
    help->setWordWrap(true);
    help->setForegroundRole(QPalette::PlaceholderText);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(title);
    layout->addWidget(help);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_details);
    m_details->setWordWrap(true);
    m_details->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_table->view()->sortByColumn(0, Qt::AscendingOrder); // the worst first
    // A handful of rows whose texts grow as the glances come in: each column as wide as its text, the last the rest.
    m_table->view()->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->view()->horizontalHeader()->setStretchLastSection(true);
    connect(m_table, &RecordTable::selectionChanged, this, &FleetPage::showDetails);

    QAbstractItemModel* model = stacks->model();
    connect(model, &QAbstractItemModel::dataChanged, this, &FleetPage::rebuild);
    connect(model, &QAbstractItemModel::modelReset, this, &FleetPage::rebuild);
    connect(model, &QAbstractItemModel::rowsInserted, this, &FleetPage::rebuild);
    connect(model, &QAbstractItemModel::rowsRemoved, this, &FleetPage::rebuild);
    connect(m_table, &RecordTable::activated, this, [this] {
        const int row = m_table->selectedRow();
        if (row < 0) {
            return;
        }
        const QString name = qs(m_fleet->record(row).profile.name);
        m_stacks->setCurrent(name.toStdString());
        emit stackOpened(name);
    });
    rebuild();
}

const FleetRow* FleetPage::row(const QString& stack) const
{
    for (const FleetRow& row : m_fleet->records()) {
        if (qs(row.profile.name) == stack) {
            return &row;
        }
    }
    return nullptr;
}

void FleetPage::rebuild()
{
    const StackProfileModel* model = m_stacks->model();
    std::vector<FleetRow> rows;
    for (int row = 0; row < model->rowCount(); ++row) {
        rows.push_back(FleetRow{.profile = model->profiles().at(static_cast<size_t>(row)),
            .api = model->health(row),
            .ssh = model->sshHealth(row)});
    }
    m_fleet->setRecords(std::move(rows));
    showDetails();
    emit updated();
}

void FleetPage::showDetails()
{
    const int row = m_table->selectedRow();
    m_details->setText(
        row >= 0 ? detailsText(m_fleet->record(row)) : tr("Select a stack for the reasons behind its row."));
}

void FleetPage::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    m_stacks->setGlancing(true);
}

void FleetPage::hideEvent(QHideEvent* event)
{
    QWidget::hideEvent(event);
    m_stacks->setGlancing(false);
}

} // namespace ragdesk::ui
