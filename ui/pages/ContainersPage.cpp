#include "ContainersPage.h"

#include "bridge/OpsSession.h"
#include "dialogs/Confirmation.h"
#include "dialogs/ExecDialog.h"
#include "models/StatusIcons.h"
#include "widgets/Actions.h"
#include "widgets/ErrorBanner.h"
#include "widgets/RecordTable.h"
#include "widgets/ResourceChart.h"
#include "widgets/Text.h"
#include "widgets/TimeText.h"
#include "widgets/TransferText.h"

#include <QAction>
#include <QDateTime>
#include <QSplitter>
#include <QTableView>
#include <QToolBar>
#include <QVBoxLayout>

#include <chrono>

namespace ragdesk::ui {
namespace {

using client::ops::ContainerAction;
using client::ops::ContainerResources;
using client::ops::ContainerState;
using client::ops::Health;

constexpr auto kRefreshInterval = std::chrono::seconds(3);
constexpr double kMiB = 1024.0 * 1024.0;

/// The service a row acts on: its compose service, else the container's name.
QString serviceOf(const ContainerResources& row)
{
    return qs(row.container.service.empty() ? row.container.name : row.container.service);
}

/// How long a running container has been up.
QString uptimeText(const client::ops::ContainerStatus& container)
{
    if (container.state != ContainerState::Running || !container.startedAt) {
        return {};
    }
    return spanText(
        std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now() - *container.startedAt));
}

QString stateText(const client::ops::ContainerStatus& container)
{
    QString text = qs(std::string(name(container.state)));
    if (container.state == ContainerState::Exited) {
        text += QObject::tr(" (%1)").arg(container.exitCode);
    }
    return text;
}

QIcon stateIcon(const client::ops::ContainerStatus& container)
{
    if (container.state != ContainerState::Running) {
        return statusIcon(
            container.state == ContainerState::Restarting ? HealthState::Degraded : HealthState::Unreachable);
    }
    switch (container.health) {
    case Health::Unhealthy:
        return statusIcon(HealthState::Unreachable);
    case Health::Starting:
        return statusIcon(HealthState::Degraded);
    case Health::Healthy:
    case Health::None:
        break;
    }
    return statusIcon(HealthState::Healthy);
}

/// The image without Docker Hub's implied "docker.io/library/" (what `docker compose ps` prints too).
QString imageText(const std::string& image)
{
    QString text = qs(image);
    for (const QString& prefix : {QStringLiteral("docker.io/library/"), QStringLiteral("docker.io/")}) {
        if (text.startsWith(prefix)) {
            return text.mid(prefix.size());
        }
    }
    return text;
}

QString portsText(const client::ops::ContainerStatus& container)
{
    QStringList ports;
    for (const client::ops::PortMapping& port : container.ports) {
        const QString inside = QStringLiteral("%1/%2").arg(port.containerPort).arg(qs(port.protocol));
        ports << (port.hostPort == 0 ? inside
                                     : QStringLiteral("%1:%2→%3").arg(qs(port.hostIp)).arg(port.hostPort).arg(inside));
    }
    return ports.join(QStringLiteral(", "));
}

std::vector<ContainersPage::Model::Column> columns()
{
    using Column = ContainersPage::Model::Column;
    const auto container = [](const ContainerResources& row) -> const client::ops::ContainerStatus& {
        return row.container;
    };
    return {
        Column(
            QObject::tr("Service"), [](const ContainerResources& row) { return serviceOf(row); }, nullptr,
            [container](const ContainerResources& row) { return stateIcon(container(row)); }),
        Column(QObject::tr("State"), [container](const ContainerResources& row) { return stateText(container(row)); }),
        Column(QObject::tr("Health"),
            [container](const ContainerResources& row) {
                const Health health = container(row).health;
                return health == Health::None ? QStringLiteral("—") : qs(std::string(name(health)));
            }),
        Column(
            QObject::tr("Up"), [container](const ContainerResources& row) { return uptimeText(container(row)); },
            [container](const ContainerResources& row) {
                const auto& started = container(row).startedAt;
                return container(row).state == ContainerState::Running && started
                    ? QVariant(-static_cast<qint64>(started->time_since_epoch().count()))
                    : QVariant(std::numeric_limits<qint64>::min());
            }),
        Column(
            QObject::tr("Restarts"), [container](const ContainerResources& row) { return container(row).restartCount; },
            [container](const ContainerResources& row) { return container(row).restartCount; }),
        Column(
            QObject::tr("CPU"),
            [](const ContainerResources& row) {
                return row.resources ? QStringLiteral("%1 %").arg(row.resources->cpuPercent, 0, 'f', 1) : QString();
            },
            [](const ContainerResources& row) { return row.resources ? row.resources->cpuPercent : -1.0; }),
        Column(
            QObject::tr("Memory"),
            [](const ContainerResources& row) {
                if (!row.resources) {
                    return QString();
                }
                const QString used = sizeText(row.resources->memoryUsedBytes);
                return row.resources->memoryLimitBytes > 0
                    ? QStringLiteral("%1 / %2").arg(used, sizeText(row.resources->memoryLimitBytes))
                    : used;
            },
            [](const ContainerResources& row) {
                return row.resources ? QVariant(static_cast<qint64>(row.resources->memoryUsedBytes)) : QVariant(-1);
            }),
        Column(QObject::tr("Image"),
            [container](const ContainerResources& row) { return imageText(container(row).image); }),
        Column(QObject::tr("Revision"),
            [container](const ContainerResources& row) { return qs(container(row).imageRevision.substr(0, 12)); }),
        Column(QObject::tr("Ports"), [container](const ContainerResources& row) { return portsText(container(row)); }),
        Column(
            QObject::tr("Container"), [container](const ContainerResources& row) { return qs(container(row).name); }),
    };
}

} // namespace

ContainersPage::ContainersPage(OpsSession* session, QWidget* parent)
    : OpsPage(session, tr("Containers"), parent),
      m_model(new Model(
          columns(), [](const ContainerResources& row) { return qs(row.container.id); }, this)),
      m_table(new RecordTable(m_model, tr("Filter containers"), this)),
      m_cpu(new ResourceChart(
          tr("CPU (% of one core)"), [](qreal value) { return QStringLiteral("%1 %").arg(value, 0, 'f', 1); },
          std::chrono::minutes(5), this)),
      m_memory(new ResourceChart(
          tr("Memory (MiB)"), [](qreal value) { return QStringLiteral("%1 MiB").arg(value, 0, 'f', 0); },
          std::chrono::minutes(5), this))
{
    m_restart = addPageAction(this, tr("&Restart…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R),
        tr("Restart the selected service's containers"));
    m_stop = addPageAction(this, tr("S&top…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_X),
        tr("Stop the selected service's containers"));
    m_start = addPageAction(this, tr("&Start"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S),
        tr("Start the selected service's containers"));
    m_exec = addPageAction(this, tr("Run &command…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E),
        tr("Run a one-off command in the selected service's container"));
    for (QAction* action : {m_restart, m_stop, m_start, m_exec}) {
        toolbar()->addAction(action);
    }
    connect(m_restart, &QAction::triggered, this, [this] { actOnSelected(ContainerAction::Restart); });
    connect(m_stop, &QAction::triggered, this, [this] { actOnSelected(ContainerAction::Stop); });
    connect(m_start, &QAction::triggered, this, [this] { actOnSelected(ContainerAction::Start); });
    connect(m_exec, &QAction::triggered, this, &ContainersPage::runCommandOnSelected);
    connect(m_table, &RecordTable::selectionChanged, this, &ContainersPage::updateActions);

    auto* charts = new QSplitter(Qt::Horizontal, this);
    charts->addWidget(m_cpu);
    charts->addWidget(m_memory);
    auto* split = new QSplitter(Qt::Vertical, this);
    split->addWidget(m_table);
    split->addWidget(charts);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    content()->addWidget(split);

    refreshWhileShown(kRefreshInterval, [this] { refresh(); });
    updateActions();
}

void ContainersPage::load()
{
    refresh();
}

void ContainersPage::clear()
{
    m_model->setRecords({});
    m_cpu->clear();
    m_memory->clear();
    m_refreshing = false; // the old session's refresh is dropped
    m_acting = false;
    updateActions();
}

void ContainersPage::refresh()
{
    if (m_refreshing) {
        return;
    }
    m_refreshing = true;
    session()->run<std::vector<ContainerResources>>(
        this, OpsSession::Lane::Status, [](const OpsSession::Ops& ops, const TaskContext&) { return ops->resources(); },
        [this](client::Result<std::vector<ContainerResources>> containers) {
            m_refreshing = false;
            if (!containers) {
                loadFinished(tr("read the containers"), &containers.error());
                return;
            }
            showResources(std::move(*containers));
            loadFinished({}, nullptr);
        });
}

void ContainersPage::showResources(std::vector<ContainerResources> containers)
{
    const QDateTime now = QDateTime::currentDateTime();
    std::vector<ResourceChart::Value> cpu;
    std::vector<ResourceChart::Value> memory;
    for (const ContainerResources& row : containers) {
        if (row.resources) {
            const QString name = serviceOf(row);
            cpu.push_back({name, row.resources->cpuPercent});
            memory.push_back({name, static_cast<double>(row.resources->memoryUsedBytes) / kMiB});
        }
    }
    m_cpu->addSample(now, cpu);
    m_memory->addSample(now, memory);
    m_model->setRecords(std::move(containers));
    updateActions();
}

QString ContainersPage::selectedService() const
{
    const int row = m_table->selectedRow();
    return row < 0 ? QString() : serviceOf(m_model->record(row));
}

void ContainersPage::updateActions()
{
    const int row = m_table->selectedRow();
    const bool chosen = row >= 0 && !m_acting;
    const bool running = row >= 0 && m_model->record(row).container.state == ContainerState::Running;
    m_restart->setEnabled(chosen);
    m_stop->setEnabled(chosen && running);
    m_start->setEnabled(chosen && !running);
    m_exec->setEnabled(row >= 0 && running);
}

void ContainersPage::actOnSelected(ContainerAction action)
{
    const QString service = selectedService();
    if (service.isEmpty() || m_acting) {
        return;
    }
    const QString verb = qs(std::string(name(action)));
    const QString question = action == ContainerAction::Stop
        ? tr("Stop the containers of <b>%1</b>? What they serve is down until they are started again.")
        : action == ContainerAction::Restart
        ? tr("Restart the containers of <b>%1</b>? Requests they are serving are cut off.")
        : tr("Start the containers of <b>%1</b>?");
    Confirmation::askByName(this, tr("%1 %2").arg(verb.left(1).toUpper() + verb.mid(1), service),
        question.arg(service.toHtmlEscaped()) + tr("<br>It is recorded in the audit trail."), service,
        verb.left(1).toUpper() + verb.mid(1), [this, action, service, verb] {
            m_acting = true;
            updateActions();
            session()->run<client::Done>(
                this, OpsSession::Lane::Actions,
                [action, service](
                    const OpsSession::Ops& ops, const TaskContext&) { return ops->act(action, service.toStdString()); },
                [this, service, verb](client::Result<client::Done> done) {
                    m_acting = false;
                    if (!done) {
                        banner()->showError(failureText(tr("%1 %2").arg(verb, service), done.error()));
                    }
                    updateActions();
                    refresh();
                    emit actionFinished(bool(done));
                });
        });
}

void ContainersPage::runCommandOnSelected()
{
    const QString service = selectedService();
    if (!service.isEmpty()) {
        openDialog(new ExecDialog(session(), service, this));
    }
}

} // namespace ragdesk::ui
