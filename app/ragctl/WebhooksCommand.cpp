#include "CommandContext.h"
#include "JsonViews.h"
#include "ListOutput.h"
#include "Nouns.h"
#include "Output.h"

namespace ragdesk::ragctl {
namespace {

using client::api::CreatedWebhook;
using client::api::Webhook;
using client::api::WebhookDraft;
using client::api::WebhookId;

std::string joined(const std::vector<std::string>& items)
{
    std::string text;
    for (const std::string& item : items) {
        text += (text.empty() ? "" : ",") + item;
    }
    return text;
}

// --event may repeat and may hold a comma list: "--event source.ingested,source.failed".
std::vector<std::string> eventsFrom(const ParsedArgs& args)
{
    std::vector<std::string> events;
    for (const std::string& value : args.values("--event")) {
        for (size_t start = 0; start <= value.size();) {
            const size_t comma = std::min(value.find(',', start), value.size());
            if (comma > start) {
                events.push_back(value.substr(start, comma - start));
            }
            start = comma + 1;
        }
    }
    return events;
}

// The secret is printed because the server shows it only in the create response.
void showCreated(CommandContext& context, const CreatedWebhook& created)
{
    if (context.json()) {
        nlohmann::json body = wire::of(created.webhook);
        body["secret"] = created.secret.reveal();
        context.printJson(body);
        return;
    }
    printFields(context.out(),
        {{"id", created.webhook.id.str()}, {"url", created.webhook.url}, {"events", joined(created.webhook.events)},
            {"secret", created.secret.reveal()}});
    context.err() << "The signing secret is shown only this once: store it now.\n";
}

std::optional<client::Secret> secretFrom(CommandContext& context, const ParsedArgs& args)
{
    if (!args.flag("--secret-stdin")) {
        return std::nullopt;
    }
    return context.newSecret("signing secret", true, "--secret-stdin");
}

ExitCode runList(CommandContext& context, const ParsedArgs&)
{
    printList(context, context.unwrap(context.api().webhooks().list()),
        {"ID", "URL", "EVENTS", "ACTIVE", "CREATED", "DESCRIPTION"}, [](const Webhook& hook) {
            return std::vector<std::string>{hook.id.str(), hook.url, joined(hook.events), yesNo(hook.isActive),
                shortTime(hook.createdAt), oneLine(hook.description, 40)};
        });
    return ExitCode::Ok;
}

ExitCode runCreate(CommandContext& context, const ParsedArgs& args)
{
    const WebhookDraft draft{.url = args.positionals().front(),
        .events = eventsFrom(args),
        .description = args.value("--description").value_or(""),
        .secret = secretFrom(context, args)};
    showCreated(context, context.unwrap(context.api().webhooks().create(draft)));
    return ExitCode::Ok;
}

// MiniRAG has no update route. The replacement is created before the old one goes, so a refused change loses
// nothing; for a moment both exist (an event then may be delivered twice).
ExitCode runUpdate(CommandContext& context, const ParsedArgs& args)
{
    const WebhookId id(args.positionals().front());
    const Webhook current = context.unwrap(context.api().webhooks().get(id));
    const std::vector<std::string> events = eventsFrom(args);
    const WebhookDraft draft{.url = args.value("--url").value_or(current.url),
        .events = events.empty() ? current.events : events,
        .description = args.value("--description").value_or(current.description),
        .secret = secretFrom(context, args)};
    context.err() << "warning: MiniRAG cannot change a webhook: it is replaced by a new one with a new id and "
                  << (draft.secret ? "the given" : "a new") << " signing secret.\n";
    const CreatedWebhook created = context.unwrap(context.api().webhooks().create(draft));
    const client::Result<client::Done> removed = context.api().webhooks().remove(id);
    showCreated(context, created);
    if (!removed) {
        context.err() << "ragctl: the new webhook exists, but the old one " << id.str()
                      << " could not be deleted: " << removed.error().message << '\n';
        return exitCodeFor(removed.error().kind);
    }
    context.err() << "replaced webhook " << id.str() << " by " << created.webhook.id.str() << '\n';
    return ExitCode::Ok;
}

ExitCode runDelete(CommandContext& context, const ParsedArgs& args)
{
    const WebhookId id(args.positionals().front());
    context.confirm("Delete webhook " + id.str() + "? (it cannot be restored)", args.flag("--yes"));
    context.unwrap(context.api().webhooks().remove(id));
    context.printOutcome({{"id", id.str()}, {"deleted", true}}, "deleted webhook " + id.str());
    return ExitCode::Ok;
}

ExitCode runTest(CommandContext& context, const ParsedArgs& args)
{
    const WebhookId id(args.positionals().front());
    const client::api::WebhookTestResult result = context.unwrap(context.api().webhooks().test(id));
    const std::string status = result.statusCode ? "HTTP " + std::to_string(*result.statusCode) : "no answer";
    context.printOutcome(
        {{"id", id.str()}, {"success", result.success},
            {"status_code", result.statusCode ? nlohmann::json(*result.statusCode) : nlohmann::json()}},
        std::string(result.success ? "delivered" : "failed") + ": the subscriber answered " + status);
    return result.success ? ExitCode::Ok : ExitCode::Failure;
}

std::vector<OptionSpec> draftOptions(const std::string& eventsHelp)
{
    return {{"--event", "EVENT", eventsHelp, "", true}, {"--description", "TEXT", "what the subscriber is"},
        {"--secret-stdin", "", "read the signing secret from stdin (default: the server makes one)"}};
}

} // namespace

NounSpec webhooksNoun()
{
    std::vector<OptionSpec> updateOptions = draftOptions("replace the events with these");
    updateOptions.insert(updateOptions.begin(), {"--url", "URL", "the new URL"});
    return {"webhooks", "subscribers MiniRAG POSTs events to (signed with HMAC-SHA256)",
        {{.name = "list", .summary = "List the webhooks.", .run = runList},
            {.name = "create",
                .summary = "Subscribe a URL to events; the signing secret is printed once.",
                .arguments = "URL",
                .minPositionals = 1,
                .maxPositionals = 1,
                .options = draftOptions("source.ingested, source.failed or chat.message; repeat or use commas"),
                .run = runCreate},
            idVerb("update",
                "Change a webhook: MiniRAG has no update, so it is replaced (new id, new secret), with a warning.",
                updateOptions, runUpdate),
            idVerb("delete", "Delete a webhook.", {yesOption()}, runDelete),
            idVerb(
                "test", "Send a signed test.ping; exit code 1 when the subscriber does not answer 2xx.", {}, runTest)}};
}

} // namespace ragdesk::ragctl
