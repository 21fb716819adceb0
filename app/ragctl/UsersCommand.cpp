#include "CommandContext.h"
#include "JsonViews.h"
#include "ListOutput.h"
#include "Nouns.h"
#include "Output.h"

#include <algorithm>

namespace ragdesk::ragctl {
namespace {

using client::api::User;
using client::api::UserDraft;
using client::api::UserId;
using client::api::UserRole;

UserRole roleFrom(const std::string& text)
{
    const UserRole role = client::api::userRoleFromString(text);
    if (role == UserRole::Unknown) {
        throw UsageError("--role wants owner, admin or member, not '" + text + "'");
    }
    return role;
}

void printUser(CommandContext& context, const User& user)
{
    printItem(context, user,
        {{"id", user.id.str()}, {"email", user.email}, {"name", user.displayName},
            {"role", std::string(client::api::toString(user.role))}, {"active", yesNo(user.isActive)}});
}

ExitCode runList(CommandContext& context, const ParsedArgs&)
{
    printList(context, context.unwrap(context.api().accounts().listUsers()), {"ID", "EMAIL", "NAME", "ROLE", "ACTIVE"},
        [](const User& user) {
            return std::vector<std::string>{user.id.str(), user.email, user.displayName,
                std::string(client::api::toString(user.role)), yesNo(user.isActive)};
        });
    return ExitCode::Ok;
}

ExitCode runAdd(CommandContext& context, const ParsedArgs& args)
{
    UserDraft draft{.email = args.positionals().front(),
        .password = {},
        .displayName = args.value("--name").value_or(""),
        .role = roleFrom(args.value("--role").value_or("member"))};
    draft.password = context.newSecret("password", args.flag("--password-stdin"), "--password-stdin");
    printUser(context, context.unwrap(context.api().accounts().createUser(draft)));
    return ExitCode::Ok;
}

// The server's update takes the whole user, password included (contract §6.5): what is not given on the
// command line is kept from the current record, and the password must be given again.
ExitCode runUpdate(CommandContext& context, const ParsedArgs& args)
{
    const UserId id(args.positionals().front());
    const std::vector<User> users = context.unwrap(context.api().accounts().listUsers());
    const auto current = std::find_if(users.begin(), users.end(), [&](const User& user) { return user.id == id; });
    if (current == users.end()) {
        throw CommandFailure(ExitCode::NotFound, "no user " + id.str() + " in this tenant");
    }
    UserDraft draft{.email = args.value("--new-email").value_or(current->email),
        .password = {},
        .displayName = args.value("--name").value_or(current->displayName),
        .role = args.value("--role") ? roleFrom(*args.value("--role")) : current->role};
    draft.password = context.newSecret("password", args.flag("--password-stdin"), "--password-stdin");
    printUser(context, context.unwrap(context.api().accounts().updateUser(id, draft)));
    return ExitCode::Ok;
}

ExitCode runRemove(CommandContext& context, const ParsedArgs& args)
{
    const UserId id(args.positionals().front());
    context.confirm("Deactivate user " + id.str() + "? (the API cannot re-activate users)", args.flag("--yes"));
    context.unwrap(context.api().accounts().deactivateUser(id));
    context.printOutcome({{"id", id.str()}, {"is_active", false}}, "deactivated user " + id.str());
    return ExitCode::Ok;
}

std::vector<OptionSpec> userOptions()
{
    return {{"--name", "NAME", "display name"}, {"--role", "ROLE", "owner, admin or member"},
        {"--password-stdin", "", "read the password from stdin instead of a prompt"}};
}

} // namespace

NounSpec usersNoun()
{
    std::vector<OptionSpec> updateOptions = userOptions();
    updateOptions.insert(updateOptions.begin(), {"--new-email", "EMAIL", "change the e-mail address"});
    return {"users", "the tenant's users (changes need the owner or admin role)",
        {{.name = "list", .summary = "List the tenant's users, deactivated ones included.", .run = runList},
            {.name = "add",
                .summary = "Add a user (default role member).",
                .arguments = "EMAIL",
                .minPositionals = 1,
                .maxPositionals = 1,
                .options = userOptions(),
                .details = "The address is checked and its domain lower-cased first, so the user can sign in.",
                .run = runAdd},
            {.name = "update",
                .summary = "Change a user's e-mail, name, role or password.",
                .arguments = "ID",
                .minPositionals = 1,
                .maxPositionals = 1,
                .options = updateOptions,
                .details = "MiniRAG's update takes the whole user: the password is always set again (asked for, or\n"
                           "read with --password-stdin); other fields keep their values unless given.",
                .run = runUpdate},
            idVerb("remove", "Deactivate a user (there is no way back through the API).", {yesOption()}, runRemove)}};
}

} // namespace ragdesk::ragctl
