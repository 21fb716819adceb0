#include "CommandContext.h"
#include "JsonViews.h"
#include "ListOutput.h"
#include "Nouns.h"
#include "Output.h"

namespace ragdesk::ragctl {
namespace {

using client::api::ApiToken;
using client::api::ApiTokenId;

ExitCode runList(CommandContext& context, const ParsedArgs&)
{
    printList(context, context.unwrap(context.api().accounts().listTokens()),
        {"ID", "NAME", "PREFIX", "ACTIVE", "LAST USED", "CREATED"}, [](const ApiToken& token) {
            return std::vector<std::string>{token.id.str(), token.name, token.tokenPrefix, yesNo(token.isActive),
                shortTime(token.lastUsedAt), shortTime(token.createdAt)};
        });
    return ExitCode::Ok;
}

ExitCode runCreate(CommandContext& context, const ParsedArgs& args)
{
    const auto created = context.unwrap(context.api().accounts().createToken(args.positionals().front()));
    // Printing the token is this command's purpose: the server shows it once and keeps only its hash.
    if (context.json()) {
        nlohmann::json body = wire::of(created.token);
        body["raw_token"] = created.rawToken.reveal();
        context.printJson(body);
        return ExitCode::Ok;
    }
    printFields(context.out(),
        {{"id", created.token.id.str()}, {"name", created.token.name}, {"token", created.rawToken.reveal()}});
    context.err() << "The token is shown only this once: store it now.\n";
    return ExitCode::Ok;
}

ExitCode runRevoke(CommandContext& context, const ParsedArgs& args)
{
    const ApiTokenId id(args.positionals().front());
    context.confirm("Revoke API token " + id.str() + "? (it cannot be re-activated)", args.flag("--yes"));
    context.unwrap(context.api().accounts().revokeToken(id));
    context.printOutcome({{"id", id.str()}, {"is_active", false}}, "revoked token " + id.str());
    return ExitCode::Ok;
}

} // namespace

NounSpec tokensNoun()
{
    return {"tokens", "the tenant's API tokens",
        {{.name = "list", .summary = "List every API token of the tenant, revoked ones included.", .run = runList},
            {.name = "create",
                .summary = "Create an API token for the signed-in user; the token is printed once.",
                .arguments = "NAME",
                .minPositionals = 1,
                .maxPositionals = 1,
                .run = runCreate},
            idVerb("revoke", "Revoke an API token.", {yesOption()}, runRevoke)}};
}

} // namespace ragdesk::ragctl
