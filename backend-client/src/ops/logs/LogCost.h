#pragma once

#include "ragdesk/client/ops/logs/LogRecord.h"

#include <cstddef>

namespace ragdesk::client::ops {

/// What LogBufferLimits::maxBytes counts for a line beside its text and spans.
inline constexpr size_t kLineMetaBytes = 12;

/// What LogBufferLimits::maxBytes counts for a record.
inline size_t recordCost(const LogRecord& record)
{
    return record.text.size() + kLineMetaBytes + record.spans.size() * sizeof(StyleSpan);
}

} // namespace ragdesk::client::ops
