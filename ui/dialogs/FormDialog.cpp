#include "FormDialog.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace ragdesk::ui {

FormDialog::FormDialog(ApiSession* session, const QString& title, QWidget* parent)
    : QDialog(parent),
      m_session(session),
      m_form(new QFormLayout),
      m_general(errorLabel(this)),
      m_errors(m_general),
      m_buttons(new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this))
{
    setWindowTitle(title);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(m_form);
    layout->addWidget(m_general);
    layout->addWidget(m_buttons);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &FormDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &FormDialog::reject);
    setMinimumWidth(460);
}

QString FormDialog::generalError() const
{
    return m_general->text();
}

void FormDialog::accept()
{
    if (m_busy) {
        return;
    }
    m_errors.clear();
    submit();
}

void FormDialog::reject()
{
    if (!m_busy) {
        QDialog::reject();
    }
}

QLineEdit* FormDialog::addLine(const QString& label, std::initializer_list<std::string> keys, const QString& hint)
{
    auto* edit = new QLineEdit(this);
    edit->setPlaceholderText(hint);
    m_form->addRow(label, edit);
    m_errors.addField(m_form, keys);
    return edit;
}

void FormDialog::setBusy(bool busy)
{
    m_busy = busy;
    m_buttons->button(QDialogButtonBox::Save)->setEnabled(!busy);
    m_buttons->button(QDialogButtonBox::Cancel)->setEnabled(!busy);
    setCursor(busy ? Qt::BusyCursor : Qt::ArrowCursor);
}

} // namespace ragdesk::ui
