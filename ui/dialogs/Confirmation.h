#pragma once

#include <QString>

#include <functional>

class QWidget;

namespace ragdesk::ui {

/// Asks a person to confirm a destructive action in words that name what it destroys. Window-modal but without a
/// nested event loop: `onConfirmed` runs later, and only on yes (the default button is Cancel). Tests answer the next
/// question ahead with setNextAnswer, as KeePassXC's MessageBox does.
class Confirmation {
public:
    static void ask(QWidget* parent, const QString& title, const QString& question, const QString& confirmLabel,
        std::function<void()> onConfirmed);
    /// The same for an action on something named (a service to stop, a container to restart): the confirm button
    /// is enabled only once the person has typed `name`, so the wrong row is never acted on by a reflex click.
    static void askByName(QWidget* parent, const QString& title, const QString& question, const QString& name,
        const QString& confirmLabel, std::function<void()> onConfirmed);
    /// The next ask() or askByName() returns this answer at once without showing anything (tests only).
    static void setNextAnswer(bool confirmed);
};

} // namespace ragdesk::ui
