#include "Confirmation.h"

#include <QDialog>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QVBoxLayout>

#include <optional>

namespace ragdesk::ui {
namespace {

std::optional<bool>& nextAnswer()
{
    static std::optional<bool> answer;
    return answer;
}

} // namespace

void Confirmation::setNextAnswer(bool confirmed)
{
    nextAnswer() = confirmed;
}

void Confirmation::ask(QWidget* parent, const QString& title, const QString& question, const QString& confirmLabel,
    std::function<void()> onConfirmed)
{
    if (const std::optional<bool> answer = std::exchange(nextAnswer(), std::nullopt)) {
        if (*answer) {
            onConfirmed();
        }
        return;
    }
    auto* box = new QMessageBox(QMessageBox::Warning, title, question, QMessageBox::Cancel, parent);
    box->setAttribute(Qt::WA_DeleteOnClose);
    QPushButton* confirm = box->addButton(confirmLabel, QMessageBox::DestructiveRole);
    box->setDefaultButton(QMessageBox::Cancel);
    QObject::connect(box, &QMessageBox::buttonClicked, box,
        [box, confirm, onConfirmed = std::move(onConfirmed)](QAbstractButton* clicked) {
            if (clicked == confirm) {
                onConfirmed();
            }
        });
    box->open();
}

void Confirmation::askByName(QWidget* parent, const QString& title, const QString& question, const QString& name,
    const QString& confirmLabel, std::function<void()> onConfirmed)
{
    if (const std::optional<bool> answer = std::exchange(nextAnswer(), std::nullopt)) {
        if (*answer) {
            onConfirmed();
        }
        return;
    }
    auto* dialog = new QDialog(parent);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(title);
    auto* layout = new QVBoxLayout(dialog);
    auto* text = new QLabel(question, dialog);
    text->setWordWrap(true);
    layout->addWidget(text);
    auto* typed = new QLineEdit(dialog);
    typed->setPlaceholderText(name);
    auto* prompt = new QLabel(QObject::tr("Type <b>%1</b> to confirm:").arg(name.toHtmlEscaped()), dialog);
    prompt->setBuddy(typed);
    layout->addWidget(prompt);
    layout->addWidget(typed);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, dialog);
    QPushButton* confirm = buttons->addButton(confirmLabel, QDialogButtonBox::DestructiveRole);
    confirm->setEnabled(false);
    confirm->setAutoDefault(false);
    layout->addWidget(buttons);
    QObject::connect(typed, &QLineEdit::textChanged, confirm,
        [confirm, name](const QString& now) { confirm->setEnabled(now == name); });
    QObject::connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::reject);
    QObject::connect(confirm, &QPushButton::clicked, dialog, [dialog, onConfirmed = std::move(onConfirmed)] {
        dialog->accept();
        onConfirmed();
    });
    dialog->open();
}

} // namespace ragdesk::ui
