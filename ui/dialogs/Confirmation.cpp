#include "Confirmation.h"

#include <QMessageBox>
#include <QPushButton>

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

} // namespace ragdesk::ui
