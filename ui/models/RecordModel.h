#pragma once

#include <QAbstractTableModel>

#include <functional>
#include <variant>
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

    /// Whether the left row sorts before the right one by that column: what the table's proxy sorts with, on keys
    /// made once per load (no QVariant is made or compared per comparison).
    virtual bool lessThan(int column, int leftRow, int rightRow) const = 0;
    /// Whether any column's text of the row contains `foldedNeedle` (case-folded): the table's filter. The rows'
    /// texts are gathered once per load, when first filtered.
    virtual bool rowContains(int row, const QString& foldedNeedle) const = 0;

protected:
    /// A column's sort value as compared: none, a whole number (counts, times), a real number, or text folded to
    /// compare without case.
    using SortKey = std::variant<std::monostate, qint64, double, QString>;
    static SortKey sortKeyOf(const QVariant& value);
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
            computeSortKeys();
            if (!m_records.empty()) {
                emit dataChanged(index(0, 0), index(rowCount() - 1, columnCount() - 1));
            }
            return;
        }
        beginResetModel();
        m_records = std::move(records);
        computeSortKeys();
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

    bool lessThan(int column, int leftRow, int rightRow) const override
    {
        const std::vector<SortKey>& keys = m_sortKeys[static_cast<size_t>(column)];
        return keys[static_cast<size_t>(leftRow)] < keys[static_cast<size_t>(rightRow)];
    }

    bool rowContains(int row, const QString& foldedNeedle) const override
    {
        if (m_rowTexts.size() != m_records.size()) {
            m_rowTexts.clear();
            m_rowTexts.reserve(m_records.size());
            for (const Record& item : m_records) {
                QStringList texts;
                for (const Column& column : m_columns) {
                    texts << column.text(item).toString();
                }
                // A tab no one types in a filter: a match never spans two columns.
                m_rowTexts.push_back(texts.join(QLatin1Char('\t')).toCaseFolded());
            }
        }
        return m_rowTexts[static_cast<size_t>(row)].contains(foldedNeedle);
    }

private:
    /// Once per load: a sort compares each row about log2(n) times, and making the key each time (a QString from a
    /// std::string, through a std::function) made re-sorting 10,000 rows take a visible pause.
    void computeSortKeys()
    {
        m_rowTexts.clear();
        m_sortKeys.assign(m_columns.size(), {});
        for (size_t column = 0; column < m_columns.size(); ++column) {
            const Column& definition = m_columns[column];
            std::vector<SortKey>& keys = m_sortKeys[column];
            keys.reserve(m_records.size());
            for (const Record& item : m_records) {
                keys.push_back(sortKeyOf(definition.sortKey ? definition.sortKey(item) : definition.text(item)));
            }
        }
    }

    std::vector<Column> m_columns;
    std::function<QString(const Record&)> m_id;
    std::vector<Record> m_records;
    std::vector<std::vector<SortKey>> m_sortKeys; ///< per column, per row
    mutable std::vector<QString> m_rowTexts; ///< per row, every column's text, folded; made when first filtered
};

} // namespace ragdesk::ui
