#include "CommandContext.h"
#include "JsonViews.h"
#include "ListOutput.h"
#include "Nouns.h"
#include "Output.h"

#include <cctype>

namespace ragdesk::ragctl {
namespace {

// "Acme Corp." → "acme-corp": the form the server's slug pattern accepts.
std::string slugFrom(const std::string& name)
{
    std::string slug;
    for (const char c : name) {
        const auto byte = static_cast<unsigned char>(c);
        if (std::isalnum(byte) && byte < 0x80) {
            slug += static_cast<char>(std::tolower(byte));
        } else if (!slug.empty() && slug.back() != '-') {
            slug += '-';
        }
    }
    while (!slug.empty() && slug.back() == '-') {
        slug.pop_back();
    }
    return slug;
}

ExitCode runBootstrap(CommandContext& context, const ParsedArgs& args)
{
    const std::string name = args.required("--name");
    client::api::TenantBootstrap request{.tenantName = name,
        .tenantSlug = args.value("--slug").value_or(slugFrom(name)),
        .ownerEmail = args.required("--owner-email"),
        .ownerPassword = {},
        .ownerDisplayName = args.value("--owner-name").value_or("")};
    request.ownerPassword = context.newSecret("owner password", args.flag("--password-stdin"), "--password-stdin");
    const auto created = context.unwrap(context.anonymousApi().accounts().bootstrapTenant(request));
    // Printing the token is this command's purpose: the server shows it once and keeps only its hash.
    if (context.json()) {
        context.printJson({{"tenant", wire::of(created.tenant)}, {"api_token", created.apiToken.reveal()},
            {"token_prefix", created.tokenPrefix}});
        return ExitCode::Ok;
    }
    printFields(context.out(),
        {{"tenant", created.tenant.name + " (" + created.tenant.slug + ")  " + created.tenant.id.str()},
            {"owner", request.ownerEmail}, {"api token", created.apiToken.reveal()}});
    context.err() << "The API token is shown only this once: store it now (e.g. export RAGDESK_TOKEN=...).\n";
    return ExitCode::Ok;
}

ExitCode runShow(CommandContext& context, const ParsedArgs&)
{
    const client::api::Tenant tenant = context.unwrap(context.api().accounts().currentTenant());
    printItem(context, tenant,
        {{"id", tenant.id.str()}, {"name", tenant.name}, {"slug", tenant.slug}, {"plan", tenant.plan},
            {"active", yesNo(tenant.isActive)}});
    return ExitCode::Ok;
}

} // namespace

NounSpec tenantsNoun()
{
    return {"tenants", "create a tenant with its owner (open self-registration); show the current one",
        {{.name = "bootstrap",
             .summary = "Create a tenant, its owner and the owner's first API token (printed once).",
             .options = {{"--name", "NAME", "the tenant's name (required)"},
                 {"--slug", "SLUG", "lower-case letters, digits and '-' (default: from the name)"},
                 {"--owner-email", "EMAIL", "the owner's e-mail address (required)"},
                 {"--owner-name", "NAME", "the owner's display name"},
                 {"--password-stdin", "", "read the owner's password from stdin instead of a prompt"}},
             .details = "Needs no credentials. The new token is printed once, since the server keeps only its hash.",
             .run = runBootstrap},
            {.name = "show", .summary = "Show the tenant the credentials belong to.", .run = runShow}}};
}

} // namespace ragdesk::ragctl
