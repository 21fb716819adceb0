#include "RecordTable.h"

#include "models/RecordModel.h"

#include <QHeaderView>
#include <QLineEdit>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>

namespace ragdesk::ui {
namespace {

/// Sorts and filters with the record model's own keys and texts (RecordModelBase::lessThan, rowContains): no
/// QVariant per comparison or per cell.
class RecordProxy : public QSortFilterProxyModel {
public:
    RecordProxy(RecordModelBase* records, QObject* parent) : QSortFilterProxyModel(parent), m_records(records)
    {
        setSourceModel(records);
    }

    /// Shows only the rows with this text in any column, whatever its case.
    void setNeedle(const QString& needle)
    {
        m_needle = needle.trimmed().toCaseFolded();
        invalidateRowsFilter();
    }

protected:
    bool lessThan(const QModelIndex& left, const QModelIndex& right) const override
    {
        return m_records->lessThan(left.column(), left.row(), right.row());
    }

    bool filterAcceptsRow(int row, const QModelIndex&) const override
    {
        return m_needle.isEmpty() || m_records->rowContains(row, m_needle);
    }

private:
    RecordModelBase* m_records;
    QString m_needle;
};

} // namespace

RecordTable::RecordTable(RecordModelBase* model, const QString& filterHint, QWidget* parent)
    : QWidget(parent),
      m_model(model),
      m_proxy(new RecordProxy(model, this)),
      m_filter(new QLineEdit(this)),
      m_view(new QTableView(this))
{
    m_filter->setPlaceholderText(filterHint);
    m_filter->setClearButtonEnabled(true);

    m_view->setModel(m_proxy);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(0, Qt::AscendingOrder);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setAlternatingRowColors(true);
    m_view->setWordWrap(false);
    m_view->verticalHeader()->hide();
    // Rows of one height: the view never measures 10,000 rows to lay them out.
    m_view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 8);
    m_view->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    m_view->horizontalHeader()->setStretchLastSection(true);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_filter);
    layout->addWidget(m_view, 1);

    connect(m_filter, &QLineEdit::textChanged, m_proxy,
        [proxy = static_cast<RecordProxy*>(m_proxy)](const QString& typed) { proxy->setNeedle(typed); });
    connect(model, &QAbstractItemModel::modelAboutToBeReset, this, [this] {
        const int row = selectedRow();
        m_keptId = row >= 0 ? m_model->index(row, 0).data(RecordModelBase::IdRole).toString() : QString();
    });
    connect(model, &QAbstractItemModel::modelReset, this, [this] {
        if (!m_sized && m_model->rowCount() > 0) {
            // Once, on the first rows: columns as wide as their text (Qt looks at 1,000 rows at most), the last
            // one taking the rest. Later loads keep what the person set.
            m_view->resizeColumnsToContents();
            m_sized = true;
        }
        if (!m_keptId.isEmpty()) {
            selectId(m_keptId);
        }
        emit selectionChanged();
    });
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this, &RecordTable::selectionChanged);
    connect(model, &QAbstractItemModel::dataChanged, this, &RecordTable::selectionChanged);
    connect(m_view, &QTableView::activated, this, &RecordTable::activated);
}

int RecordTable::selectedRow() const
{
    const QModelIndexList rows = m_view->selectionModel()->selectedRows();
    return rows.isEmpty() ? -1 : m_proxy->mapToSource(rows.first()).row();
}

void RecordTable::selectId(const QString& id)
{
    const QModelIndexList found =
        m_proxy->match(m_proxy->index(0, 0), RecordModelBase::IdRole, id, 1, Qt::MatchExactly);
    if (!found.isEmpty()) {
        m_view->selectRow(found.first().row());
        m_view->scrollTo(found.first());
    }
}

} // namespace ragdesk::ui
