#include "CommandContext.h"
#include "JsonViews.h"
#include "ListOutput.h"
#include "Nouns.h"
#include "Output.h"

#include <climits>

namespace ragdesk::ragctl {
namespace {

using client::Secret;
using client::api::BotId;
using client::api::BotProfile;

void showBot(CommandContext& context, const BotProfile& bot)
{
    printItem(context, bot,
        {{"id", bot.id.str()}, {"name", bot.name}, {"description", bot.description}, {"model", bot.model},
            {"embedding model", bot.embeddingModel.value_or("(default) text-embedding-3-small")},
            {"temperature", fixed(bot.temperature, 2)}, {"max tokens", std::to_string(bot.maxTokens)},
            {"provider key", bot.hasCredentials ? "stored" : "none"}, {"active", yesNo(bot.isActive)},
            {"created", shortTime(bot.createdAt)}, {"updated", shortTime(bot.updatedAt)},
            {"system prompt", oneLine(bot.systemPrompt, 200)}});
}

// The fields create and update share; BotProfileDraft and BotProfilePatch name them alike.
template <typename Target> void applyCommonFields(CommandContext& context, const ParsedArgs& args, Target& target)
{
    if (auto text = args.value("--description")) {
        target.description = *text;
    }
    if (auto text = args.value("--model")) {
        target.model = *text;
    }
    if (auto text = args.value("--embedding-model")) {
        target.embeddingModel = *text;
    }
    if (auto text = args.value("--system-prompt")) {
        target.systemPrompt = *text;
    }
    // Ranges are the server's to judge, so a bad value comes back as a field error (exit code 4).
    if (auto number = args.doubleValue("--temperature", -1e6, 1e6)) {
        target.temperature = *number;
    }
    if (auto number = args.intValue("--max-tokens", INT_MIN, INT_MAX)) {
        target.maxTokens = *number;
    }
    if (args.flag("--provider-key-stdin")) {
        target.providerApiKey = context.newSecret("provider API key", true, "--provider-key-stdin");
    }
}

std::vector<OptionSpec> commonOptions()
{
    return {{"--description", "TEXT", "what the bot is for"},
        {"--model", "MODEL", "LiteLLM model id (server default gpt-4o-mini)"},
        {"--embedding-model", "MODEL", "embedding model (server default text-embedding-3-small)"},
        {"--system-prompt", "TEXT", "the system prompt"}, {"--temperature", "X", "0.0 to 2.0 (server default 0.7)"},
        {"--max-tokens", "N", "1 to 128000 (server default 1024)"},
        {"--provider-key-stdin", "", "read the LLM provider's API key from stdin (stored encrypted)"}};
}

ExitCode runList(CommandContext& context, const ParsedArgs&)
{
    printList(context, context.unwrap(context.api().bots().list()), {"ID", "NAME", "MODEL", "ACTIVE", "KEY", "CREATED"},
        [](const BotProfile& bot) {
            return std::vector<std::string>{bot.id.str(), bot.name, bot.model, yesNo(bot.isActive),
                bot.hasCredentials ? "stored" : "-", shortTime(bot.createdAt)};
        });
    return ExitCode::Ok;
}

ExitCode runShow(CommandContext& context, const ParsedArgs& args)
{
    showBot(context, context.unwrap(context.api().bots().get(BotId(args.positionals().front()))));
    return ExitCode::Ok;
}

ExitCode runCreate(CommandContext& context, const ParsedArgs& args)
{
    client::api::BotProfileDraft draft{.name = args.positionals().front()};
    applyCommonFields(context, args, draft);
    showBot(context, context.unwrap(context.api().bots().create(draft)));
    return ExitCode::Ok;
}

ExitCode runUpdate(CommandContext& context, const ParsedArgs& args)
{
    client::api::BotProfilePatch patch;
    patch.name = args.value("--name");
    applyCommonFields(context, args, patch);
    if (args.flag("--default-embedding-model")) {
        patch.embeddingModel = std::optional<std::string>();
    }
    if (args.flag("--clear-provider-key")) {
        patch.providerApiKey = std::optional<Secret>();
    }
    if (args.flag("--activate")) {
        patch.isActive = true;
    }
    showBot(context, context.unwrap(context.api().bots().update(BotId(args.positionals().front()), patch)));
    return ExitCode::Ok;
}

ExitCode runDelete(CommandContext& context, const ParsedArgs& args)
{
    const BotId id(args.positionals().front());
    context.confirm("Deactivate bot " + id.str() + "? (its sources and chats stay; `bots update --activate` undoes it)",
        args.flag("--yes"));
    context.unwrap(context.api().bots().deactivate(id));
    context.printOutcome({{"id", id.str()}, {"is_active", false}}, "deactivated bot " + id.str());
    return ExitCode::Ok;
}

} // namespace

NounSpec botsNoun()
{
    std::vector<OptionSpec> updateOptions = commonOptions();
    updateOptions.insert(updateOptions.begin(), {"--name", "NAME", "rename the bot"});
    updateOptions.insert(updateOptions.end(),
        {{"--default-embedding-model", "", "go back to the platform's default embedding model"},
            {"--clear-provider-key", "", "remove the stored provider key"},
            {"--activate", "", "re-activate a deleted bot"}});
    return {"bots", "bot profiles: the model, prompt and limits a chat runs with",
        {{.name = "list", .summary = "List the bots, deactivated ones included.", .run = runList},
            idVerb("show", "Show one bot.", {}, runShow),
            {.name = "create",
                .summary = "Create a bot; options not given take the server's defaults.",
                .arguments = "NAME",
                .minPositionals = 1,
                .maxPositionals = 1,
                .options = commonOptions(),
                .run = runCreate},
            idVerb("update", "Change what the options say; everything else stays.", updateOptions, runUpdate),
            idVerb("delete", "Deactivate a bot (soft delete: sources, chats and vectors stay).", {yesOption()},
                runDelete)}};
}

} // namespace ragdesk::ragctl
