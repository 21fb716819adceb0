#include "StackProfileModel.h"

#include "StatusIcons.h"

namespace ragdesk::ui {
namespace {

QString qs(const std::string& text)
{
    return QString::fromStdString(text);
}

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

} // namespace

StackProfileModel::StackProfileModel(QObject* parent) : QAbstractTableModel(parent) { }

void StackProfileModel::setProfiles(std::vector<client::StackProfile> profiles)
{
    beginResetModel();
    m_profiles = std::move(profiles);
    m_health.assign(m_profiles.size(), StackHealth{});
    endResetModel();
}

void StackProfileModel::markChecking()
{
    for (StackHealth& health : m_health) {
        if (health.state == StackHealth::State::Unknown) {
            health.state = StackHealth::State::Checking;
        }
    }
    if (!m_profiles.empty()) {
        const int column = static_cast<int>(Column::Health);
        emit dataChanged(index(0, column), index(rowCount() - 1, column));
    }
}

void StackProfileModel::setHealth(const QString& stackName, const StackHealth& health)
{
    for (size_t row = 0; row < m_profiles.size(); ++row) {
        if (qs(m_profiles[row].name) == stackName) {
            m_health[row] = health;
            const int r = static_cast<int>(row);
            emit dataChanged(
                index(r, static_cast<int>(Column::Health)), index(r, static_cast<int>(Column::Components)));
        }
    }
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
    const StackHealth& health = m_health[static_cast<size_t>(row)];
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
        return stateText(health.state);
    case Column::Components:
        return componentSummary(health);
    case Column::Count:
        break;
    }
    return {};
}

QVariant StackProfileModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) {
        return {};
    }
    const auto column = static_cast<Column>(index.column());
    const StackHealth& health = m_health[static_cast<size_t>(index.row())];
    switch (role) {
    case Qt::DisplayRole:
        return display(index.row(), column);
    case SortRole:
        return column == Column::Health ? QVariant(static_cast<int>(health.state)) : display(index.row(), column);
    case Qt::DecorationRole:
        return column == Column::Health ? QVariant(statusIcon(health.state)) : QVariant();
    case Qt::ToolTipRole:
        // Health explains itself; other cells may be elided, so their tooltip is the whole text.
        return column == Column::Health || column == Column::Components ? QVariant(health.message)
                                                                        : display(index.row(), column);
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
    case Column::Components:
        return tr("Components");
    case Column::Count:
        break;
    }
    return {};
}

} // namespace ragdesk::ui
