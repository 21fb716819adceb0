#include "StackHealth.h"

namespace ragdesk::ui {

QString stateText(StackHealth::State state)
{
    switch (state) {
    case StackHealth::State::Unknown:
        return QStringLiteral("not checked");
    case StackHealth::State::Checking:
        return QStringLiteral("checking…");
    case StackHealth::State::Healthy:
        return QStringLiteral("healthy");
    case StackHealth::State::Degraded:
        return QStringLiteral("degraded");
    case StackHealth::State::Unreachable:
        return QStringLiteral("unreachable");
    }
    return {};
}

} // namespace ragdesk::ui
