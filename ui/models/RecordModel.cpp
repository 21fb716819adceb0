#include "RecordModel.h"

#include <QDateTime>

namespace ragdesk::ui {

RecordModelBase::SortKey RecordModelBase::sortKeyOf(const QVariant& value)
{
    switch (value.typeId()) {
    case QMetaType::UnknownType:
        return std::monostate{};
    case QMetaType::Bool:
    case QMetaType::Int:
    case QMetaType::UInt:
    case QMetaType::Long:
    case QMetaType::LongLong:
    case QMetaType::ULong:
    case QMetaType::ULongLong:
        return value.toLongLong();
    case QMetaType::Float:
    case QMetaType::Double:
        return value.toDouble();
    case QMetaType::QDateTime:
        return value.toDateTime().toMSecsSinceEpoch();
    default:
        return value.toString().toCaseFolded();
    }
}

} // namespace ragdesk::ui
