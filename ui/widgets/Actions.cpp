#include "Actions.h"

#include <QAction>
#include <QWidget>

namespace ragdesk::ui {

QAction* addPageAction(QWidget* page, const QString& text, const QKeySequence& shortcut, const QString& tip)
{
    auto* action = new QAction(text, page);
    action->setShortcut(shortcut);
    action->setShortcutContext(Qt::WindowShortcut); // Qt skips the actions of hidden pages
    action->setToolTip(tip + QStringLiteral(" (") + shortcut.toString(QKeySequence::NativeText) + QLatin1Char(')'));
    page->addAction(action);
    return action;
}

} // namespace ragdesk::ui
