#pragma once

#include <QAbstractTableModel>

#include <functional>
#include <vector>

namespace ragdesk::ui {

/// The non-template part of RecordModel (Qt's meta-object system takes no templates).
class RecordModelBase : public QAbstractTableModel {
    Q_OBJECT

public:
    /// The raw value to sort by.
    static constexpr int SortRole = Qt::UserRole;
    /// The record's id: what keeps a selection across a refresh.
    static constexpr int IdRole = Qt::UserRole + 1;

    using QAbstractTableModel::QAbstractTableModel;
};

/// One column of a RecordModel: its title, the text to show, and optionally the raw value to sort by and an icon.
template <typename Record> struct RecordColumn {
    using Get = std::function<QVariant(const Record&)>;
    // A constructor, not default member initializers: those make GCC 12 fail inside this template.
    RecordColumn(QString title_, Get text_, Get sortKey_ = nullptr, Get decoration_ = nullptr)
        : title(std::move(title_)),
          text(std::move(text_)),
          sortKey(std::move(sortKey_)),
          decoration(std::move(decoration_))
    {
    }
    QString title;
    Get text;
    Get sortKey; ///< empty: the text
    Get decoration;
};

/// A table of records of one kind (users, tokens, bots…): each column a title, the text to show, and optionally the
/// raw value to sort by and an icon. The one model recipe of the admin pages (STYLE rule 9). setRecords replaces the
/// rows: in one dataChanged when the same ids came back in the same order (a refresh keeps the view as it was), else
/// in one reset.
template <typename Record> class RecordModel : public RecordModelBase {
public:
    using Column = RecordColumn<Record>;

    RecordModel(std::vector<Column> columns, std::function<QString(const Record&)> id, QObject* parent = nullptr)
        : RecordModelBase(parent), m_columns(std::move(columns)), m_id(std::move(id))
    {
    }

    void setRecords(std::vector<Record> records)
    {
        const bool sameRows = records.size() == m_records.size() &&
            std::equal(records.begin(), records.end(), m_records.begin(),
                [this](const Record& a, const Record& b) { return m_id(a) == m_id(b); });
        if (sameRows) {
            m_records = std::move(records);
            if (!m_records.empty()) {
                emit dataChanged(index(0, 0), index(rowCount() - 1, columnCount() - 1));
            }
            return;
        }
        beginResetModel();
        m_records = std::move(records);
        endResetModel();
    }
    const std::vector<Record>& records() const { return m_records; }
    const Record& record(int row) const { return m_records.at(static_cast<size_t>(row)); }

    int rowCount(const QModelIndex& parent = {}) const override
    {
        return parent.isValid() ? 0 : static_cast<int>(m_records.size());
    }
    int columnCount(const QModelIndex& parent = {}) const override
    {
        return parent.isValid() ? 0 : static_cast<int>(m_columns.size());
    }
    QVariant data(const QModelIndex& index, int role) const override
    {
        if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) {
            return {};
        }
        const Record& item = record(index.row());
        const Column& column = m_columns[static_cast<size_t>(index.column())];
        switch (role) {
        case Qt::DisplayRole:
        case Qt::ToolTipRole:
            return column.text(item);
        case SortRole:
            return column.sortKey ? column.sortKey(item) : column.text(item);
        case IdRole:
            return m_id(item);
        case Qt::DecorationRole:
            return column.decoration ? column.decoration(item) : QVariant();
        default:
            return {};
        }
    }
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override
    {
        if (orientation != Qt::Horizontal || role != Qt::DisplayRole || section < 0 || section >= columnCount()) {
            return {};
        }
        return m_columns[static_cast<size_t>(section)].title;
    }

private:
    std::vector<Column> m_columns;
    std::function<QString(const Record&)> m_id;
    std::vector<Record> m_records;
};

} // namespace ragdesk::ui
