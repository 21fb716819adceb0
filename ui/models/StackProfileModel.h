#pragma once

#include "bridge/StackHealth.h"

#include "ragdesk/client/common/StackProfile.h"

#include <QAbstractTableModel>

#include <vector>

namespace ragdesk::ui {

/// The configured stacks with their last known API health, one row per stack (Connections page).
class StackProfileModel : public QAbstractTableModel {
    Q_OBJECT

public:
    enum class Column { Name, ApiUrl, Ssh, SshKey, Health, Components, Count };
    /// The raw value to sort by (text columns sort by their text; Health by state).
    static constexpr int SortRole = Qt::UserRole;

    explicit StackProfileModel(QObject* parent = nullptr);

    void setProfiles(std::vector<client::StackProfile> profiles);
    const std::vector<client::StackProfile>& profiles() const { return m_profiles; }
    /// Marks every stack as being checked (kept results stay visible until replaced).
    void markChecking();
    void setHealth(const QString& stackName, const StackHealth& health);
    const StackHealth& health(int row) const { return m_health.at(static_cast<size_t>(row)); }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    QVariant display(int row, Column column) const;

    std::vector<client::StackProfile> m_profiles;
    std::vector<StackHealth> m_health; ///< parallel to m_profiles
};

} // namespace ragdesk::ui
