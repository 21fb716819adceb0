#include "StackHealth.h"

namespace ragdesk::ui {

QString stateText(HealthState state)
{
    switch (state) {
    case HealthState::Unknown:
        return QStringLiteral("not checked");
    case HealthState::NotConfigured:
        return QStringLiteral("not configured");
    case HealthState::Checking:
        return QStringLiteral("checking…");
    case HealthState::Healthy:
        return QStringLiteral("healthy");
    case HealthState::Degraded:
        return QStringLiteral("degraded");
    case HealthState::Unreachable:
        return QStringLiteral("unreachable");
    }
    return {};
}

} // namespace ragdesk::ui
