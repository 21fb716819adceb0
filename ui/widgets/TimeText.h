#pragma once

#include "ragdesk/client/api/Timestamp.h"

#include <QDateTime>
#include <QString>

#include <chrono>

// How the pages show the client's UTC times: in the person's local time and locale, or as a span.

namespace ragdesk::ui {

QDateTime utcTime(client::api::Timestamp time);
/// The local date and time in the locale's short form ("07/12/2026 14:02").
QString localTimeText(client::api::Timestamp time);
/// The local time of day ("14:02:31"), for times of today's events.
QString localClockText(client::api::Timestamp time);
/// "3 d 4 h", "2 h 5 min", "12 min", "40 s": a span, to the two units that matter.
QString spanText(std::chrono::seconds span);
/// "12 min ago", or "just now" for a time not yet past (clocks differ).
QString agoText(client::api::Timestamp time);

} // namespace ragdesk::ui
