#pragma once

#include "ragdesk/client/api/SystemHealth.h"
#include "ragdesk/client/ops/StackGlance.h"
#include "ragdesk/client/ssh/HostKey.h"

#include <QDateTime>
#include <QString>

#include <optional>

namespace ragdesk::ui {

/// How one road to a stack (its API, its SSH login) answered last time.
enum class HealthState { Unknown, NotConfigured, Checking, Healthy, Degraded, Unreachable };

/// The last known API health of one stack, as the Connections page shows it.
struct StackHealth {
    using State = HealthState;

    State state = State::Unknown;
    QString message; ///< why it is degraded or unreachable; empty when healthy
    std::optional<client::api::SystemHealth> system;
    QDateTime checkedAt;
};

/// The last known SSH health of one stack: the kept connection logged in and ran a command, or why not.
struct SshHealth {
    HealthState state = HealthState::Unknown; ///< NotConfigured: the profile names no SSH host
    QString message; ///< the login's or command's error; empty when healthy
    int latencyMs = -1; ///< of the probe's command over the kept connection (a login included the first time)
    QDateTime checkedAt;
    /// The key of a host not in known_hosts, which the login refused: a person checks it and may trust it.
    std::optional<client::ssh::HostKeyInfo> unknownHostKey;
    /// The login failed on an encrypted key with no passphrase, or a wrong one: a person may give it.
    bool passphraseNeeded = false;
    /// The stack at a glance, read after the probe's command when glancing is on (HealthMonitor::setGlancing).
    std::optional<client::ops::StackGlance> glance;
};

/// "healthy", "degraded", … for tables and tests.
QString stateText(HealthState state);

} // namespace ragdesk::ui
