#include "SecretRevealDialog.h"

#include <QApplication>
#include <QClipboard>
#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace ragdesk::ui {

SecretRevealDialog::SecretRevealDialog(
    const QString& title, const QString& explanation, const client::Secret& secret, QWidget* parent)
    : QDialog(parent), m_field(new QLineEdit(this)), m_copy(new QPushButton(tr("&Copy"), this))
{
    setWindowTitle(title);
    auto* text = new QLabel(explanation + QStringLiteral("<p><b>") +
            tr("It is shown this once: the server keeps only its hash.") + QStringLiteral("</b></p>"),
        this);
    text->setWordWrap(true);
    m_field->setText(QString::fromStdString(secret.reveal()));
    m_field->setReadOnly(true);
    m_field->setFont(QFont(QStringLiteral("monospace")));
    m_field->setMinimumWidth(m_field->fontMetrics().horizontalAdvance(m_field->text()) + 24);
    m_field->selectAll();
    connect(m_copy, &QPushButton::clicked, this, [this] {
        QApplication::clipboard()->setText(m_field->text());
        m_copy->setText(tr("Copied"));
    });
    auto* row = new QHBoxLayout;
    row->addWidget(m_field, 1);
    row->addWidget(m_copy);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(text);
    layout->addLayout(row);
    layout->addWidget(buttons);
}

} // namespace ragdesk::ui
