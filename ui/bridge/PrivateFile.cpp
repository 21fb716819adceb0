#include "PrivateFile.h"

#include <QObject>
#include <QSaveFile>

namespace ragdesk::ui {

QString writePrivateFile(const QString& path, const QByteArray& bytes)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() ||
        !file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner) || !file.commit()) {
        return QObject::tr("Could not write %1: %2").arg(path, file.errorString());
    }
    return {};
}

} // namespace ragdesk::ui
