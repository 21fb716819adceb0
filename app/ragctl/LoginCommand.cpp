#include "CommandContext.h"
#include "JsonViews.h"
#include "Nouns.h"
#include "Output.h"

namespace ragdesk::ragctl {
namespace {

using client::api::Identity;

// ragctl keeps no session, so "login" checks the credentials and shows whom they sign in as.
ExitCode runLogin(CommandContext& context, const ParsedArgs&)
{
    const bool withPassword = context.credentials().apiToken.empty();
    client::api::AccountsApi& accounts = context.api().accounts();
    const Identity identity = context.unwrap(withPassword ? accounts.login() : accounts.me());
    if (context.json()) {
        context.printJson({{"user", wire::of(identity.user)}, {"tenant", wire::of(identity.tenant)},
            {"signed_in_with", withPassword ? "password" : "api-token"},
            {"session_expires_at", wire::of(identity.sessionExpiresAt)}});
        return ExitCode::Ok;
    }
    const client::api::User& user = identity.user;
    printFields(context.out(),
        {{"user", user.email + (user.displayName.empty() ? "" : " (" + user.displayName + ")")},
            {"role", std::string(client::api::toString(user.role))},
            {"tenant", identity.tenant.name + " (" + identity.tenant.slug + ")  " + identity.tenant.id.str()},
            {"signed in with",
                withPassword ? "password; session token expires " + shortTime(identity.sessionExpiresAt) + " UTC"
                             : "API token (no expiry)"}});
    context.out() << "ragctl keeps no session: each command signs in again from the environment or --email.\n";
    return ExitCode::Ok;
}

} // namespace

NounSpec loginNoun()
{
    return {"login", "check the credentials and show the user and tenant they sign in as",
        {{.summary = "Sign in with the configured credentials and show the user, role and tenant.",
            .details = "Credentials: RAGDESK_TOKEN, or RAGDESK_EMAIL with RAGDESK_PASSWORD, or --email EMAIL with the\n"
                       "password typed at a prompt. Nothing is stored: every command signs in by itself.",
            .run = runLogin}}};
}

} // namespace ragdesk::ragctl
