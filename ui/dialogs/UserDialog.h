#pragma once

#include "FormDialog.h"

#include "ragdesk/client/api/Tenancy.h"

#include <optional>

class QComboBox;

namespace ragdesk::ui {

/// Adds a user to the tenant or edits one: e-mail, display name, role and password. The API wants the password on
/// every edit (contract §6.5), so editing sets it anew; the dialog says so.
class UserDialog : public FormDialog {
    Q_OBJECT

public:
    UserDialog(ApiSession* session, std::optional<client::api::User> editing, QWidget* parent = nullptr);

    QLineEdit* emailEdit() const { return m_email; }
    QLineEdit* displayNameEdit() const { return m_displayName; }
    QComboBox* roleChoice() const { return m_role; }
    QLineEdit* passwordEdit() const { return m_password; }

protected:
    void submit() override;

private:
    std::optional<client::api::User> m_editing;
    QLineEdit* m_email;
    QLineEdit* m_displayName;
    QComboBox* m_role;
    QLineEdit* m_password;
};

} // namespace ragdesk::ui
