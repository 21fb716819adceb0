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
    /// The next ask() returns this answer at once without showing anything (tests only).
    static void setNextAnswer(bool confirmed);
};

} // namespace ragdesk::ui
