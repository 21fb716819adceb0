#pragma once

#include "ragdesk/client/api/SystemHealth.h"

#include <QDateTime>
#include <QString>

#include <optional>

namespace ragdesk::ui {

/// The last known API health of one stack, as the Connections page shows it.
struct StackHealth {
    enum class State { Unknown, Checking, Healthy, Degraded, Unreachable };

    State state = State::Unknown;
    QString message; ///< why it is degraded or unreachable; empty when healthy
    std::optional<client::api::SystemHealth> system;
    QDateTime checkedAt;
};

/// "healthy", "degraded", … for tables and tests.
QString stateText(StackHealth::State state);

} // namespace ragdesk::ui
