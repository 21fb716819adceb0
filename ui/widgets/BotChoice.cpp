#include "BotChoice.h"

#include "widgets/Text.h"

#include <QComboBox>

#include <algorithm>

namespace ragdesk::ui {

void fillBotChoice(QComboBox* choice, const std::vector<client::api::BotProfile>& bots, FirstChoice first)
{
    const bool filledBefore = choice->count() > 0;
    const QString kept = choice->currentData().toString();
    choice->clear();
    choice->addItem(QObject::tr("All bots"), QString());
    for (const client::api::BotProfile& bot : bots) {
        choice->addItem(botLabel(bot), qs(bot.id.str()));
    }
    if (filledBefore) {
        choice->setCurrentIndex(std::max(0, choice->findData(kept)));
        return;
    }
    const auto newestActive =
        std::find_if(bots.begin(), bots.end(), [](const client::api::BotProfile& bot) { return bot.isActive; });
    const bool pickBot = first == FirstChoice::NewestActiveBot && newestActive != bots.end();
    choice->setCurrentIndex(pickBot ? static_cast<int>(newestActive - bots.begin()) + 1 : 0); // bots come newest first
}

QString botLabel(const client::api::BotProfile& bot)
{
    return bot.isActive ? qs(bot.name) : QObject::tr("%1 (deactivated)").arg(qs(bot.name));
}

std::optional<client::api::BotId> chosenBot(const QComboBox* choice)
{
    const QString id = choice->currentData().toString();
    return id.isEmpty() ? std::nullopt : std::optional(client::api::BotId(id.toStdString()));
}

} // namespace ragdesk::ui
