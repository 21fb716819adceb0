#pragma once

#include <QWidget>

class QAction;
class QLabel;
class QSortFilterProxyModel;
class QStackedWidget;
class QTableView;
class QTreeWidget;

namespace ragdesk::ui {

class StackDirectory;

/// The Stacks page: every configured stack with the live health of its API and SSH login, each dependency's
/// state, and the actions to add, edit, test and remove stacks.
class ConnectionsPage : public QWidget {
    Q_OBJECT

public:
    explicit ConnectionsPage(StackDirectory* stacks, QWidget* parent = nullptr);

    QTableView* table() const { return m_table; }
    QTreeWidget* details() const { return m_details; }
    QAction* addAction() const { return m_add; }
    QAction* editAction() const { return m_edit; }
    QAction* removeAction() const { return m_remove; }
    QAction* refreshAction() const { return m_refresh; }

signals:
    /// A stack editor was opened (tests fill it in).
    void editorOpened(QDialog* editor);

private:
    void showDetails();
    void updateActions();
    /// Selects the row of the stack the window works on (the selection follows the switcher and back).
    void selectCurrentStack();
    void openEditor(bool adding);
    void confirmRemove();
    /// The stack of the selected row; empty if none.
    std::string selectedName() const;

    StackDirectory* m_stacks;
    QSortFilterProxyModel* m_proxy;
    QStackedWidget* m_content;
    QTableView* m_table;
    QLabel* m_detailsTitle;
    QLabel* m_detailsMessage;
    QTreeWidget* m_details;
    QAction* m_add;
    QAction* m_edit;
    QAction* m_remove;
    QAction* m_refresh;
};

} // namespace ragdesk::ui
