#pragma once

#include <QKeySequence>
#include <QString>

class QAction;
class QWidget;

namespace ragdesk::ui {

/// An action of a page with its shortcut, active while the page is shown, its tooltip naming the shortcut; listed
/// in Help → Keyboard shortcuts like every action of the window.
QAction* addPageAction(QWidget* page, const QString& text, const QKeySequence& shortcut, const QString& tip);

} // namespace ragdesk::ui
