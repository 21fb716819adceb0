#pragma once

#include <QWidget>

class QLineEdit;
class QSortFilterProxyModel;
class QTableView;

namespace ragdesk::ui {

class RecordModelBase;

/// An admin page's table: a filter box over every column, sorting by raw values, single-row selection that stays on
/// the same record (by id) when the model is refreshed or re-sorted, and a placeholder while there are no rows.
class RecordTable : public QWidget {
    Q_OBJECT

public:
    RecordTable(RecordModelBase* model, const QString& filterHint, QWidget* parent = nullptr);

    /// The selected record's row in the model (not the view), or -1.
    int selectedRow() const;
    /// Selects the record with this id, if shown.
    void selectId(const QString& id);
    QTableView* view() const { return m_view; }
    QLineEdit* filter() const { return m_filter; }
    QSortFilterProxyModel* proxy() const { return m_proxy; }

signals:
    /// Another record (or none) is selected, or a refresh changed the selected one: actions update their state.
    void selectionChanged();
    /// A row was double-clicked or Enter pressed on it.
    void activated();

private:
    RecordModelBase* m_model;
    QSortFilterProxyModel* m_proxy;
    QLineEdit* m_filter;
    QTableView* m_view;
    QString m_keptId; ///< the selected id while the model resets
    bool m_sized = false; ///< the columns were fitted to the first rows
};

} // namespace ragdesk::ui
