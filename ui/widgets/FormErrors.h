#pragma once

#include "ragdesk/client/common/Error.h"

#include <QString>

#include <map>
#include <string>

class QFormLayout;
class QLabel;
class QWidget;

namespace ragdesk::ui {

/// The errors of a form, each shown in red under the field it belongs to: a server's 422 field paths or a local
/// check's field keys ("email", "owner_password", "ssh.user"), and one line for what no field owns. Every form of the
/// app places its errors through this one class.
class FormErrors {
public:
    /// `general`: where an error no field owns is shown (above the buttons).
    explicit FormErrors(QLabel* general) : m_general(general) { }

    /// Adds an (empty, hidden) error row under the form's last row, for the field of that key. Several keys may
    /// share a row (a server may name "owner.email" where the form says "owner_email").
    void addField(QFormLayout* form, std::initializer_list<std::string> keys);
    /// Shows each field error under its field; the message, or the field errors no field owns, above the buttons.
    void show(const client::Error& error);
    void clear();
    /// The error shown for that key, empty if none.
    QString at(const std::string& key) const;

private:
    struct Row {
        QFormLayout* form;
        QLabel* label;
    };
    std::map<std::string, Row> m_rows;
    QLabel* m_general;
};

/// A label for an error text: red, wrapping, selectable, hidden while empty.
QLabel* errorLabel(QWidget* parent);
void setErrorText(QLabel* label, const QString& text);

} // namespace ragdesk::ui
