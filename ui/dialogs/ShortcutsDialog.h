#pragma once

#include <QDialog>

class QTableWidget;

namespace ragdesk::ui {

/// Help → Keyboard shortcuts: every action of the window that has a shortcut, read from the actions themselves so
/// the list is never out of date.
class ShortcutsDialog : public QDialog {
    Q_OBJECT

public:
    explicit ShortcutsDialog(QWidget* window);

    QTableWidget* table() const { return m_table; }

private:
    QTableWidget* m_table;
};

} // namespace ragdesk::ui
