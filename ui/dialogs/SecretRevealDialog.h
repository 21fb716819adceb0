#pragma once

#include "ragdesk/client/common/Secret.h"

#include <QDialog>

class QLineEdit;
class QPushButton;

namespace ragdesk::ui {

/// Shows a secret the server returns only once (a new API token, a webhook's signing secret) with Copy, and says it
/// will not be shown again.
class SecretRevealDialog : public QDialog {
    Q_OBJECT

public:
    SecretRevealDialog(
        const QString& title, const QString& explanation, const client::Secret& secret, QWidget* parent = nullptr);

    QLineEdit* secretField() const { return m_field; }
    QPushButton* copyButton() const { return m_copy; }

private:
    QLineEdit* m_field;
    QPushButton* m_copy;
};

} // namespace ragdesk::ui
