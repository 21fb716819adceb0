#include "ShortcutsDialog.h"

#include <QAction>
#include <QDialogButtonBox>
#include <QHeaderView>
#include <QTableWidget>
#include <QVBoxLayout>

#include <algorithm>

namespace ragdesk::ui {

ShortcutsDialog::ShortcutsDialog(QWidget* window) : QDialog(window), m_table(new QTableWidget(this))
{
    setWindowTitle(tr("Keyboard shortcuts"));
    QList<QAction*> actions;
    for (QAction* action : window->findChildren<QAction*>()) {
        if (!action->shortcut().isEmpty() && !actions.contains(action)) {
            actions << action;
        }
    }
    std::sort(actions.begin(), actions.end(),
        [](const QAction* a, const QAction* b) { return a->shortcut().toString() < b->shortcut().toString(); });
    m_table->setColumnCount(2);
    m_table->setHorizontalHeaderLabels({tr("Shortcut"), tr("Action")});
    m_table->setRowCount(static_cast<int>(actions.size()));
    for (int row = 0; row < actions.size(); ++row) {
        const QAction* action = actions[row];
        m_table->setItem(row, 0, new QTableWidgetItem(action->shortcut().toString(QKeySequence::NativeText)));
        m_table->setItem(row, 1, new QTableWidgetItem(action->text().remove(QLatin1Char('&'))));
    }
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionMode(QAbstractItemView::NoSelection);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_table);
    layout->addWidget(buttons);
    resize(420, 420);
}

} // namespace ragdesk::ui
