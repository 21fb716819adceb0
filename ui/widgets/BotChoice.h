#pragma once

#include "ragdesk/client/api/BotProfiles.h"

#include <QString>

#include <optional>
#include <vector>

class QComboBox;

namespace ragdesk::ui {

/// What a bot chooser shows before anyone chose: every bot's data, or the newest active bot's.
enum class FirstChoice { AllBots, NewestActiveBot };

/// Fills a bot chooser with "All bots" and each bot (deactivated ones marked), keeping the bot chosen before a
/// reload; on the first fill `first` decides. The item data is the bot id, empty for "All bots".
void fillBotChoice(QComboBox* choice, const std::vector<client::api::BotProfile>& bots, FirstChoice first);
/// A bot as choosers list it: its name, marked when deactivated.
QString botLabel(const client::api::BotProfile& bot);
/// The chosen bot; nullopt for "All bots" (or no bot).
std::optional<client::api::BotId> chosenBot(const QComboBox* choice);

} // namespace ragdesk::ui
