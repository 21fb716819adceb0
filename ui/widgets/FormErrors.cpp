#include "FormErrors.h"

#include <QFormLayout>
#include <QLabel>

namespace ragdesk::ui {

QLabel* errorLabel(QWidget* parent)
{
    auto* label = new QLabel(parent);
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    label->setStyleSheet(QStringLiteral("color: #c62828;"));
    label->hide();
    return label;
}

void setErrorText(QLabel* label, const QString& text)
{
    label->setText(text);
    label->setVisible(!text.isEmpty());
}

void FormErrors::addField(QFormLayout* form, std::initializer_list<std::string> keys)
{
    QLabel* label = errorLabel(form->parentWidget());
    form->addRow(QString(), label);
    form->setRowVisible(label, false);
    for (const std::string& key : keys) {
        m_rows[key] = Row{form, label};
    }
}

void FormErrors::clear()
{
    for (auto& [key, row] : m_rows) {
        row.label->clear();
        row.form->setRowVisible(row.label, false);
    }
    setErrorText(m_general, {});
}

void FormErrors::show(const client::Error& error)
{
    clear();
    QStringList unplaced;
    for (const client::FieldError& field : error.fieldErrors) {
        const auto row = m_rows.find(field.field);
        if (row == m_rows.end()) {
            unplaced << QString::fromStdString(field.field + ": " + field.message);
            continue;
        }
        row->second.label->setText(QString::fromStdString(field.message));
        row->second.form->setRowVisible(row->second.label, true);
    }
    setErrorText(m_general,
        error.fieldErrors.empty() ? QString::fromStdString(error.message) : unplaced.join(QLatin1Char('\n')));
}

QString FormErrors::at(const std::string& key) const
{
    const auto row = m_rows.find(key);
    return row == m_rows.end() ? QString() : row->second.label->text();
}

} // namespace ragdesk::ui
