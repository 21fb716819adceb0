#pragma once

#include <QByteArray>
#include <QString>

namespace ragdesk::ui {

/// Writes `bytes` to `path` through a temporary file (an old file stays whole until the new one is complete),
/// readable by the owner only: exports hold a tenant's chats. Returns the error, empty when written.
QString writePrivateFile(const QString& path, const QByteArray& bytes);

} // namespace ragdesk::ui
