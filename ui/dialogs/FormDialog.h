#pragma once

#include "bridge/ApiSession.h"
#include "widgets/FormErrors.h"

#include <QDialog>

#include <functional>

class QDialogButtonBox;
class QFormLayout;
class QLabel;
class QLineEdit;

namespace ragdesk::client::api {
class ApiClient;
}

namespace ragdesk::ui {

/// A dialog whose Save sends the form to the stack's API: Save is disabled while the call runs, the server's 422
/// errors appear under their fields, any other error above the buttons, and the dialog closes only on success.
/// Subclasses lay out fields with addLine/form() and implement submit() with send().
class FormDialog : public QDialog {
    Q_OBJECT

public:
    FormDialog(ApiSession* session, const QString& title, QWidget* parent = nullptr);

    /// The error shown under the field of that key (a server's field path), empty if none.
    QString fieldError(const std::string& key) const { return m_errors.at(key); }
    /// What is shown above the buttons (an error no field owns).
    QString generalError() const;

    /// Sends the form (the Save button).
    void accept() override;
    /// Closes, unless the form is being sent: what the server creates meanwhile (a token, a secret shown once) must
    /// reach the person.
    void reject() override;

signals:
    /// The server took the form; the dialog is closing.
    void saved();

protected:
    virtual void submit() = 0;

    /// Runs `work` on the stack's API worker; on success calls `onSuccess` and closes, else shows the errors.
    template <typename T>
    void send(
        std::function<client::Result<T>(client::api::ApiClient&)> work, std::function<void(const T&)> onSuccess = {})
    {
        setBusy(true);
        m_session->run<T>(
            this, [work](client::api::ApiClient& api, const TaskContext&) { return work(api); },
            [this, onSuccess](client::Result<T> result) {
                setBusy(false);
                if (!result) {
                    m_errors.show(result.error());
                    return;
                }
                if (onSuccess) {
                    onSuccess(*result);
                }
                emit saved();
                QDialog::accept();
            });
    }

    QFormLayout* form() const { return m_form; }
    FormErrors& errors() { return m_errors; }
    /// A line edit with its label, placeholder and error row; `keys` are the server's names of the field.
    QLineEdit* addLine(const QString& label, std::initializer_list<std::string> keys, const QString& hint = {});
    QDialogButtonBox* buttons() const { return m_buttons; }

private:
    void setBusy(bool busy);
    bool m_busy = false;

    ApiSession* m_session;
    QFormLayout* m_form;
    QLabel* m_general;
    FormErrors m_errors;
    QDialogButtonBox* m_buttons;
};

} // namespace ragdesk::ui
