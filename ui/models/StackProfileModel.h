#pragma once

#include "bridge/StackHealth.h"

#include "ragdesk/client/common/StackProfile.h"

#include <QAbstractTableModel>

#include <vector>

namespace ragdesk::ui {

/// The configured stacks with the last known health of both roads (API, SSH), one row per stack: the Connections
/// page's table and the window's stack switcher.
class StackProfileModel : public QAbstractTableModel {
    Q_OBJECT

public:
    enum class Column { Name, ApiUrl, Ssh, SshKey, Health, SshHealth, Components, Count };
    /// The raw value to sort by (text columns sort by their text; the health columns by state).
    static constexpr int SortRole = Qt::UserRole;
    /// On the name and the API URL: true for plain http:// to another machine (shown in red with a warning).
    static constexpr int InsecureHttpRole = Qt::UserRole + 1;

    explicit StackProfileModel(QObject* parent = nullptr);

    /// Keeps the known health of stacks that stay (same name), so an edit does not blank the table.
    void setProfiles(std::vector<client::StackProfile> profiles);
    const std::vector<client::StackProfile>& profiles() const { return m_profiles; }
    /// Marks every stack not checked yet as being checked (kept results stay visible until replaced).
    void markChecking();
    void setHealth(const QString& stackName, const StackHealth& health);
    void setSshHealth(const QString& stackName, const SshHealth& health);
    const StackHealth& health(int row) const { return m_rows.at(static_cast<size_t>(row)).api; }
    const SshHealth& sshHealth(int row) const { return m_rows.at(static_cast<size_t>(row)).ssh; }
    /// The row of the stack of that name, or -1.
    int rowOf(const QString& stackName) const;
    /// Why the stack's API URL is marked in red (plain http:// to another machine), or empty.
    QString insecureHttpWarning(int row) const { return m_rows.at(static_cast<size_t>(row)).insecureWarning; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    struct Row {
        StackHealth api;
        SshHealth ssh;
        QString insecureWarning; ///< worked out once per profile: the URL is parsed for it
    };
    QVariant display(int row, Column column) const;
    QString toolTip(int row, Column column) const;
    void rowChanged(int row);

    std::vector<client::StackProfile> m_profiles;
    std::vector<Row> m_rows; ///< parallel to m_profiles
};

} // namespace ragdesk::ui
