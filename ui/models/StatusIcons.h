#pragma once

#include "bridge/StackHealth.h"

#include <QIcon>

namespace ragdesk::ui {

/// A coloured dot for a health state (green healthy, amber degraded, red unreachable, grey otherwise).
QIcon statusIcon(StackHealth::State state);
/// The same colours for a single dependency's ok/error.
QIcon statusIcon(bool ok);

} // namespace ragdesk::ui
