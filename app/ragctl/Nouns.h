#pragma once

#include "Command.h"

// One factory per noun of the command line, each in its own file (<Noun>Command.cpp).
namespace ragdesk::ragctl {

NounSpec loginNoun();
NounSpec healthNoun();
NounSpec tenantsNoun();
NounSpec usersNoun();
NounSpec tokensNoun();
NounSpec botsNoun();
NounSpec sourcesNoun();
NounSpec chatNoun();
NounSpec chatsNoun();
NounSpec webhooksNoun();
NounSpec statsNoun();
NounSpec opsNoun();

} // namespace ragdesk::ragctl
