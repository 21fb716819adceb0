#include "StackProfileModel.h"

#include "StatusIcons.h"
#include "widgets/Text.h"

#include "ragdesk/client/api/HttpClient.h"

#include <QBrush>

namespace ragdesk::ui {
namespace {

QString sshTarget(const client::StackProfile& profile)
{
    if (profile.sshHost.empty()) {
        return {};
    }
    QString target = qs(profile.sshHost);
    if (!profile.sshUser.empty()) {
        target = qs(profile.sshUser) + QLatin1Char('@') + target;
    }
    return target + QLatin1Char(':') + QString::number(profile.sshPort);
}

QString componentSummary(const StackHealth& health)
{
    if (!health.system) {
        return QStringLiteral("—");
    }
    QStringList parts;
    for (const client::api::NamedService& service : client::api::services(*health.system)) {
        parts << qs(std::string(service.name)) + QLatin1Char(' ') + qs(service.health->status);
    }
    return parts.join(QStringLiteral(" · "));
}

/// Why a stack's API URL is marked in red, or empty when it is not.
QString insecureHttpWarningOf(const client::StackProfile& profile)
{
    if (!client::api::isInsecureHttp(profile.apiUrl)) {
        return {};
    }
    return profile.allowInsecureHttp
        ? StackProfileModel::tr("Plain http:// to another machine: tokens and passwords cross the network in clear "
                                "(allowed by allow_insecure_http in this stack's profile).")
        : StackProfileModel::tr("Plain http:// to another machine is refused: use https://, or set "
                                "allow_insecure_http in this stack's profile if the network is trusted.");
}

/// The worse of the two roads: what the stack switcher's dot shows.
HealthState overall(const StackHealth& api, const SshHealth& ssh)
{
    const auto rank = [](HealthState state) {
        switch (state) {
        case HealthState::Unreachable:
            return 4;
        case HealthState::Degraded:
            return 3;
        case HealthState::Checking:
        case HealthState::Unknown:
            return 2;
        case HealthState::Healthy:
            return 1;
        case HealthState::NotConfigured:
            break;
        }
        return 0;
    };
    return rank(ssh.state) > rank(api.state) ? ssh.state : api.state;
}

} // namespace

StackProfileModel::StackProfileModel(QObject* parent) : QAbstractTableModel(parent) { }

void StackProfileModel::setProfiles(std::vector<client::StackProfile> profiles)
{
    std::vector<Row> rows;
    for (const client::StackProfile& profile : profiles) {
        const int kept = rowOf(qs(profile.name));
        Row row =
            kept >= 0 && m_profiles[static_cast<size_t>(kept)] == profile ? m_rows[static_cast<size_t>(kept)] : Row{};
        row.insecureWarning = insecureHttpWarningOf(profile);
        rows.push_back(std::move(row));
    }
    beginResetModel();
    m_profiles = std::move(profiles);
    m_rows = std::move(rows);
    endResetModel();
}

int StackProfileModel::rowOf(const QString& stackName) const
{
    for (size_t row = 0; row < m_profiles.size(); ++row) {
        if (qs(m_profiles[row].name) == stackName) {
            return static_cast<int>(row);
        }
    }
    return -1;
}

void StackProfileModel::markChecking()
{
    for (size_t row = 0; row < m_rows.size(); ++row) {
        bool changed = false;
        for (HealthState* state : {&m_rows[row].api.state, &m_rows[row].ssh.state}) {
            if (*state == HealthState::Unknown) {
                *state = HealthState::Checking;
                changed = true;
            }
        }
        if (changed) {
            rowChanged(static_cast<int>(row));
        }
    }
}

void StackProfileModel::setHealth(const QString& stackName, const StackHealth& health)
{
    if (const int row = rowOf(stackName); row >= 0) {
        m_rows[static_cast<size_t>(row)].api = health;
        rowChanged(row);
    }
}

void StackProfileModel::setSshHealth(const QString& stackName, const SshHealth& health)
{
    if (const int row = rowOf(stackName); row >= 0) {
        m_rows[static_cast<size_t>(row)].ssh = health;
        rowChanged(row);
    }
}

void StackProfileModel::rowChanged(int row)
{
    emit dataChanged(index(row, 0), index(row, columnCount() - 1));
}

int StackProfileModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_profiles.size());
}

int StackProfileModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(Column::Count);
}

QVariant StackProfileModel::display(int row, Column column) const
{
    const client::StackProfile& profile = m_profiles[static_cast<size_t>(row)];
    const Row& state = m_rows[static_cast<size_t>(row)];
    switch (column) {
    case Column::Name:
        return qs(profile.name);
    case Column::ApiUrl:
        return qs(profile.apiUrl);
    case Column::Ssh:
        return sshTarget(profile);
    case Column::SshKey:
        return qs(profile.sshKeyPath);
    case Column::Health:
        return stateText(state.api.state);
    case Column::SshHealth:
        return state.ssh.state == HealthState::Healthy && state.ssh.latencyMs >= 0
            ? tr("%1 (%2 ms)").arg(stateText(state.ssh.state)).arg(state.ssh.latencyMs)
            : stateText(state.ssh.state);
    case Column::Components:
        return componentSummary(state.api);
    case Column::Count:
        break;
    }
    return {};
}

QString StackProfileModel::toolTip(int row, Column column) const
{
    const Row& state = m_rows[static_cast<size_t>(row)];
    const bool markedInsecure =
        !state.insecureWarning.isEmpty() && (column == Column::Name || column == Column::ApiUrl);
    if (markedInsecure) {
        return display(row, column).toString() + QLatin1Char('\n') + state.insecureWarning;
    }
    switch (column) {
    case Column::Health:
    case Column::Components:
        return state.api.message;
    case Column::SshHealth:
        return state.ssh.message;
    default:
        // Other cells may be elided, so their tooltip is the whole text.
        return display(row, column).toString();
    }
}

QVariant StackProfileModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) {
        return {};
    }
    const auto column = static_cast<Column>(index.column());
    const Row& state = m_rows[static_cast<size_t>(index.row())];
    const bool insecure = !state.insecureWarning.isEmpty();
    switch (role) {
    case Qt::DisplayRole:
        return display(index.row(), column);
    case SortRole:
        if (column == Column::Health || column == Column::SshHealth) {
            return static_cast<int>(column == Column::Health ? state.api.state : state.ssh.state);
        }
        return display(index.row(), column);
    case Qt::DecorationRole:
        switch (column) {
        case Column::Name:
            return statusIcon(overall(state.api, state.ssh));
        case Column::Health:
            return statusIcon(state.api.state);
        case Column::SshHealth:
            return statusIcon(state.ssh.state);
        case Column::ApiUrl:
            return insecure ? QVariant(statusIcon(false)) : QVariant();
        default:
            return {};
        }
    case Qt::ForegroundRole:
        return insecure && (column == Column::Name || column == Column::ApiUrl)
            ? QVariant(QBrush(QColor(0xc6, 0x28, 0x28)))
            : QVariant();
    case InsecureHttpRole:
        return insecure;
    case Qt::ToolTipRole:
        return toolTip(index.row(), column);
    default:
        return {};
    }
}

QVariant StackProfileModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) {
        return {};
    }
    switch (static_cast<Column>(section)) {
    case Column::Name:
        return tr("Name");
    case Column::ApiUrl:
        return tr("API URL");
    case Column::Ssh:
        return tr("SSH");
    case Column::SshKey:
        return tr("SSH key");
    case Column::Health:
        return tr("API health");
    case Column::SshHealth:
        return tr("SSH health");
    case Column::Components:
        return tr("Components");
    case Column::Count:
        break;
    }
    return {};
}

} // namespace ragdesk::ui
