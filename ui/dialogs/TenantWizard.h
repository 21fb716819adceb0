#pragma once

#include "FormDialog.h"

namespace ragdesk::ui {

/// Creates a tenant with its owner on the current stack (POST /v1/tenants, open to anyone who reaches the API): name,
/// slug (suggested from the name), owner e-mail, password and display name, each of the server's 422 errors under
/// its field. Success shows the owner's first API token once.
class TenantWizard : public FormDialog {
    Q_OBJECT

public:
    explicit TenantWizard(ApiSession* session, QWidget* parent = nullptr);

    QLineEdit* nameEdit() const { return m_name; }
    QLineEdit* slugEdit() const { return m_slug; }
    QLineEdit* ownerEmailEdit() const { return m_email; }
    QLineEdit* ownerPasswordEdit() const { return m_password; }
    QLineEdit* ownerNameEdit() const { return m_ownerName; }

protected:
    void submit() override;

private:
    QLineEdit* m_name;
    QLineEdit* m_slug;
    QLineEdit* m_email;
    QLineEdit* m_password;
    QLineEdit* m_ownerName;
    bool m_slugEdited = false; ///< the person typed a slug: stop suggesting one
};

/// "Acme Corp." → "acme-corp": lower-case letters and digits, other runs as one hyphen (the API's slug rule).
QString suggestedSlug(const QString& name);

} // namespace ragdesk::ui
