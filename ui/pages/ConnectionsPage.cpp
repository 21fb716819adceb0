#include "ConnectionsPage.h"

#include "bridge/HealthMonitor.h"
#include "models/StackProfileModel.h"
#include "models/StatusIcons.h"

#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QStackedWidget>
#include <QTableView>
#include <QTimer>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <chrono>

namespace ragdesk::ui {
namespace {

using namespace std::chrono_literals;
constexpr auto kRefreshInterval = 15s;

QString qs(const std::string& text)
{
    return QString::fromStdString(text);
}

QLabel* emptyStateLabel(const std::filesystem::path& configPath)
{
    auto* label = new QLabel(
        QObject::tr("<h3>No stacks configured</h3>"
                    "<p>Add a stack to <code>%1</code>, or start RagDesk with <code>RAGDESK_API_URL</code> set "
                    "(for the local devstack: <code>eval \"$(devstack/devstack env)\"</code>).</p>")
            .arg(QString::fromStdString(configPath.string()).toHtmlEscaped()));
    label->setAlignment(Qt::AlignCenter);
    label->setWordWrap(true);
    return label;
}

} // namespace

ConnectionsPage::ConnectionsPage(
    std::vector<client::StackProfile> profiles, const std::filesystem::path& configPath, QWidget* parent)
    : QWidget(parent),
      m_model(new StackProfileModel(this)),
      m_proxy(new QSortFilterProxyModel(this)),
      m_monitor(new HealthMonitor(this)),
      m_content(new QStackedWidget(this)),
      m_table(new QTableView(this)),
      m_detailsTitle(new QLabel(this)),
      m_detailsMessage(new QLabel(this)),
      m_details(new QTreeWidget(this)),
      m_refreshTimer(new QTimer(this))
{
    m_model->setProfiles(std::move(profiles));
    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(StackProfileModel::SortRole);

    auto* title = new QLabel(tr("<h2>Connections</h2>"), this);
    auto* source = new QLabel(tr("Stacks from <code>%1</code> and the environment.")
                                  .arg(QString::fromStdString(configPath.string()).toHtmlEscaped()),
        this);
    source->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto* refreshButton = new QPushButton(tr("&Refresh"), this);
    refreshButton->setShortcut(QKeySequence::Refresh);
    refreshButton->setToolTip(tr("Check every stack's API health now (F5)"));

    auto* header = new QHBoxLayout;
    auto* titles = new QVBoxLayout;
    titles->addWidget(title);
    titles->addWidget(source);
    header->addLayout(titles, 1);
    header->addWidget(refreshButton, 0, Qt::AlignBottom);

    m_table->setModel(m_proxy);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(static_cast<int>(StackProfileModel::Column::Name), Qt::AscendingOrder);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->hide();
    // Short columns fit their text; the key path is elided in the middle (its file name matters); the
    // component summary takes the rest, so the table never needs a horizontal scroll bar.
    QHeaderView* columns = m_table->horizontalHeader();
    columns->setSectionResizeMode(QHeaderView::ResizeToContents);
    columns->setSectionResizeMode(static_cast<int>(StackProfileModel::Column::SshKey), QHeaderView::Interactive);
    columns->resizeSection(static_cast<int>(StackProfileModel::Column::SshKey), 200);
    columns->setSectionResizeMode(static_cast<int>(StackProfileModel::Column::Components), QHeaderView::Stretch);
    m_table->setTextElideMode(Qt::ElideMiddle);
    m_table->setWordWrap(false);
    m_table->setAlternatingRowColors(true);

    m_detailsMessage->setWordWrap(true);
    m_detailsMessage->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_details->setRootIsDecorated(false);
    m_details->setHeaderLabels({tr("Component"), tr("State"), tr("Version"), tr("Latency"), tr("Detail")});
    m_details->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_details->setMaximumHeight(140);

    auto* stacksView = new QWidget(this);
    auto* stacksLayout = new QVBoxLayout(stacksView);
    stacksLayout->setContentsMargins(0, 0, 0, 0);
    stacksLayout->addWidget(m_table, 1);
    stacksLayout->addWidget(m_detailsTitle);
    stacksLayout->addWidget(m_detailsMessage);
    stacksLayout->addWidget(m_details);
    m_content->addWidget(stacksView);
    m_content->addWidget(emptyStateLabel(configPath));
    m_content->setCurrentIndex(m_model->rowCount() > 0 ? 0 : 1);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(header);
    layout->addWidget(m_content, 1);

    connect(refreshButton, &QPushButton::clicked, this, &ConnectionsPage::refresh);
    connect(m_refreshTimer, &QTimer::timeout, this, &ConnectionsPage::refresh);
    connect(m_monitor, &HealthMonitor::healthChecked, this,
        [this](const QString& name, const StackHealth& health) { m_model->setHealth(name, health); });
    connect(m_monitor, &HealthMonitor::probeRoundFinished, this, &ConnectionsPage::healthRoundFinished);
    connect(m_model, &QAbstractItemModel::dataChanged, this, &ConnectionsPage::showDetails);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &ConnectionsPage::showDetails);

    if (m_model->rowCount() > 0) {
        m_table->selectRow(0);
    }
    m_refreshTimer->start(kRefreshInterval);
    QTimer::singleShot(0, this, &ConnectionsPage::refresh);
    showDetails();
}

void ConnectionsPage::refresh()
{
    m_model->markChecking();
    m_monitor->probe(m_model->profiles());
}

void ConnectionsPage::showDetails()
{
    m_details->clear();
    const QModelIndex current = m_proxy->mapToSource(m_table->currentIndex());
    if (!current.isValid()) {
        m_detailsTitle->clear();
        m_detailsMessage->clear();
        return;
    }
    const client::StackProfile& profile = m_model->profiles().at(static_cast<size_t>(current.row()));
    const StackHealth& health = m_model->health(current.row());
    QString when = health.checkedAt.isValid()
        ? tr(", checked %1").arg(health.checkedAt.toLocalTime().toString(QStringLiteral("HH:mm:ss")))
        : QString();
    m_detailsTitle->setText(
        tr("<b>%1</b> — API %2%3").arg(qs(profile.name).toHtmlEscaped(), stateText(health.state), when));
    m_detailsMessage->setText(health.message);
    m_detailsMessage->setVisible(!health.message.isEmpty());
    if (!health.system) {
        return;
    }
    for (const client::api::NamedService& service : client::api::services(*health.system)) {
        const client::api::ServiceHealth& state = *service.health;
        auto* row = new QTreeWidgetItem(m_details);
        row->setText(0, qs(std::string(service.name)));
        row->setIcon(1, statusIcon(state.ok));
        row->setText(1, qs(state.status));
        row->setText(2, qs(state.version.value_or("")));
        row->setText(3, state.latencyMs ? tr("%1 ms").arg(*state.latencyMs) : QString());
        row->setText(4, qs(state.detail.value_or("")));
    }
}

} // namespace ragdesk::ui
