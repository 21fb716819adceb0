// The API client against the running devstack (ctest label "devstack"): every area round-trips, and each kind
// of server error arrives as the right Error. Each test bootstraps its own tenant.
#include "DevstackControl.h"
#include "DevstackEnv.h"
#include "WaitUntil.h"

#include "ragdesk/client/api/ApiClient.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>

using namespace ragdesk::client;
using namespace ragdesk::client::api;
using namespace std::chrono_literals;

namespace {

std::string apiUrl()
{
    return ragdesk::test::devstackEnv("RAGDESK_API_URL");
}

/// A tenant of its own for one test, with its owner's password and first API token.
struct TestTenant {
    std::string email;
    Secret password;
    Secret token;
};

TestTenant bootstrapTenant()
{
    const std::string name = ragdesk::test::uniqueName("ct");
    const TestTenant tenant{name + "@Example.COM", Secret("correct-horse-" + name), {}};
    ApiClient anonymous(apiUrl());
    auto created = anonymous.accounts().bootstrapTenant({.tenantName = "Client test " + name,
        .tenantSlug = name,
        .ownerEmail = tenant.email,
        .ownerPassword = tenant.password,
        .ownerDisplayName = "Owner"});
    if (!created) {
        throw std::runtime_error("bootstrap failed: " + created.error().message);
    }
    return TestTenant{tenant.email, tenant.password, created->apiToken};
}

Credentials tokenOf(const TestTenant& tenant)
{
    return Credentials{.apiToken = tenant.token};
}

BotProfile createBot(ApiClient& api)
{
    auto bot = api.bots().create({.name = "Support", .model = "gpt-4o-mini", .temperature = 0.2});
    if (!bot) {
        throw std::runtime_error("bot: " + bot.error().message);
    }
    return *bot;
}

// Polls the source until the worker has finished with it.
SourceStatus waitForIngest(ApiClient& api, const SourceId& id)
{
    SourceStatus status = SourceStatus::Unknown;
    ragdesk::test::waitUntil(
        [&] {
            auto source = api.sources().get(id);
            status = source ? source->status : SourceStatus::Unknown;
            return status == SourceStatus::Ready || status == SourceStatus::Error;
        },
        60s, 200ms);
    return status;
}

} // namespace

TEST(Devstack, BootstrapTokenWorksForTenantRoutes)
{
    const TestTenant tenant = bootstrapTenant();
    ApiClient api(apiUrl(), tokenOf(tenant));
    const auto me = api.accounts().currentTenant();
    ASSERT_TRUE(me) << me.error().message;
    const auto tokens = api.accounts().listTokens();
    ASSERT_TRUE(tokens) << tokens.error().message;
    ASSERT_EQ(tokens->size(), 1u);
    EXPECT_EQ(tokens->front().name, "default");
    EXPECT_EQ(tokens->front().tokenPrefix, tenant.token.reveal().substr(0, 8));
}

TEST(Devstack, LoginGivesAJwtSessionWithItsExpiry)
{
    const TestTenant tenant = bootstrapTenant();
    ApiClient api(apiUrl(), Credentials{.email = tenant.email, .password = tenant.password});
    const auto identity = api.accounts().login();
    ASSERT_TRUE(identity) << identity.error().message;
    EXPECT_EQ(identity->user.role, UserRole::Owner);
    // The server lower-cases the domain of the address it stores at bootstrap.
    EXPECT_EQ(identity->user.email, tenant.email.substr(0, tenant.email.find('@')) + "@example.com");
    ASSERT_TRUE(identity->sessionExpiresAt.has_value());
    EXPECT_GT(*identity->sessionExpiresAt, std::chrono::system_clock::now());
    EXPECT_TRUE(api.bots().list()) << "the JWT is used for later calls";
}

TEST(Devstack, WrongPasswordIsAnAuthError)
{
    const TestTenant tenant = bootstrapTenant();
    ApiClient api(apiUrl(), Credentials{.email = tenant.email, .password = Secret("not-the-password")});
    const auto identity = api.accounts().login();
    ASSERT_FALSE(identity);
    EXPECT_EQ(identity.error().kind, ErrorKind::Auth);
    EXPECT_EQ(identity.error().message, "Invalid email or password");
}

TEST(Devstack, ExpiredJwtLogsInAgainTransparently)
{
    const TestTenant tenant = bootstrapTenant();
    ragdesk::test::ScopedKnob shortJwt("jwt_expire_seconds", "1");
    ApiClient api(apiUrl(), Credentials{.email = tenant.email, .password = tenant.password});
    const auto first = api.accounts().login();
    ASSERT_TRUE(first && first->sessionExpiresAt) << (first ? "no expiry" : first.error().message);
    ASSERT_TRUE(ragdesk::test::waitUntil(
        [&] { return std::chrono::system_clock::now() > *first->sessionExpiresAt + 1s; }, 10s));
    const auto me = api.accounts().me();
    ASSERT_TRUE(me) << me.error().message;
    ASSERT_TRUE(me->sessionExpiresAt.has_value());
    EXPECT_GT(*me->sessionExpiresAt, *first->sessionExpiresAt) << "a new JWT was issued";
}

TEST(Devstack, NoCredentialsIsAClearAuthError)
{
    ApiClient api(apiUrl());
    const auto bots = api.bots().list();
    ASSERT_FALSE(bots);
    EXPECT_EQ(bots.error().kind, ErrorKind::Auth);
    EXPECT_EQ(bots.error().httpStatus, 401);
}

TEST(Devstack, ValidationErrorsNameEachField)
{
    ApiClient api(apiUrl());
    const auto created = api.accounts().bootstrapTenant({.tenantName = "Acme",
        .tenantSlug = "Acme Corp",
        .ownerEmail = "not-an-email",
        .ownerPassword = Secret("short")});
    ASSERT_FALSE(created);
    EXPECT_EQ(created.error().kind, ErrorKind::Validation);
    std::vector<std::string> fields;
    for (const FieldError& field : created.error().fieldErrors) {
        fields.push_back(field.field);
        EXPECT_FALSE(field.message.empty());
    }
    EXPECT_EQ(fields, (std::vector<std::string>{"tenant_slug", "owner_email", "owner_password"}));
}

TEST(Devstack, PublicRoutesNeverTriggerALogin)
{
    // A client set up with the credentials of an owner that does not exist yet: bootstrap must not log in first.
    const std::string name = ragdesk::test::uniqueName("pub");
    ApiClient api(apiUrl(), Credentials{.email = name + "@example.com", .password = Secret("future-password")});
    ASSERT_TRUE(api.liveness());
    ASSERT_TRUE(api.systemHealth());
    const auto created = api.accounts().bootstrapTenant({.tenantName = name,
        .tenantSlug = name,
        .ownerEmail = name + "@example.com",
        .ownerPassword = Secret("future-password")});
    ASSERT_TRUE(created) << created.error().message;
    EXPECT_TRUE(api.bots().list()) << "the first authenticated call logs in with the now existing owner";
}

TEST(Devstack, TakenSlugIsAConflict)
{
    const std::string slug = ragdesk::test::uniqueName("dup");
    ApiClient api(apiUrl());
    const TenantBootstrap request{.tenantName = "Dup",
        .tenantSlug = slug,
        .ownerEmail = slug + "@example.com",
        .ownerPassword = Secret("long-enough-1")};
    ASSERT_TRUE(api.accounts().bootstrapTenant(request));
    const auto again = api.accounts().bootstrapTenant(request);
    ASSERT_FALSE(again);
    EXPECT_EQ(again.error().kind, ErrorKind::Conflict);
    EXPECT_EQ(again.error().message, "Slug '" + slug + "' is already taken");
}

TEST(Devstack, BotProfilesRoundTrip)
{
    ApiClient api(apiUrl(), tokenOf(bootstrapTenant()));
    const BotProfile bot = createBot(api);
    EXPECT_EQ(bot.model, "gpt-4o-mini");
    EXPECT_DOUBLE_EQ(bot.temperature, 0.2);
    EXPECT_EQ(bot.maxTokens, 1024) << "server default";
    EXPECT_FALSE(bot.embeddingModel.has_value());

    const auto updated = api.bots().update(
        bot.id, {.name = "Support v2", .embeddingModel = std::optional<std::string>("e5"), .maxTokens = 2048});
    ASSERT_TRUE(updated) << updated.error().message;
    EXPECT_EQ(updated->name, "Support v2");
    EXPECT_EQ(updated->embeddingModel, "e5");
    EXPECT_EQ(updated->maxTokens, 2048);
    EXPECT_EQ(updated->systemPrompt, bot.systemPrompt) << "fields not in the patch stay";

    const auto back = api.bots().update(bot.id, {.embeddingModel = std::optional<std::string>()});
    ASSERT_TRUE(back);
    EXPECT_FALSE(back->embeddingModel.has_value()) << "null puts the default back";

    ASSERT_TRUE(api.bots().deactivate(bot.id));
    const auto gone = api.bots().get(bot.id);
    ASSERT_TRUE(gone);
    EXPECT_FALSE(gone->isActive);
    const auto list = api.bots().list();
    ASSERT_TRUE(list);
    EXPECT_EQ(list->size(), 1u) << "deactivated bots are listed";
}

TEST(Devstack, UnknownIdIsNotFoundAndMalformedIdIsValidation)
{
    ApiClient api(apiUrl(), tokenOf(bootstrapTenant()));
    const auto missing = api.bots().get(BotId("00000000-0000-4000-8000-000000000000"));
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().kind, ErrorKind::NotFound);
    EXPECT_EQ(missing.error().message, "Bot profile not found");
    const auto malformed = api.bots().get(BotId("abc"));
    ASSERT_FALSE(malformed);
    EXPECT_EQ(malformed.error().kind, ErrorKind::Validation);
    ASSERT_EQ(malformed.error().fieldErrors.size(), 1u);
    EXPECT_EQ(malformed.error().fieldErrors[0].field, "profile_id");
    // A hostile id stays inside its path segment: it never reaches another route (here /health, a 200).
    const auto hostile = api.bots().get(BotId("../../health"));
    ASSERT_FALSE(hostile);
    EXPECT_TRUE(hostile.error().kind == ErrorKind::NotFound || hostile.error().kind == ErrorKind::Validation)
        << hostile.error().message;
}

TEST(Devstack, UsersAndRoles)
{
    const TestTenant tenant = bootstrapTenant();
    ApiClient owner(apiUrl(), tokenOf(tenant));
    const std::string memberEmail = ragdesk::test::uniqueName("member") + "@Example.ORG";
    const auto member = owner.accounts().createUser(
        {.email = memberEmail, .password = Secret("member-password"), .displayName = "Mem", .role = UserRole::Member});
    ASSERT_TRUE(member) << member.error().message;
    EXPECT_EQ(member->email, memberEmail.substr(0, memberEmail.find('@')) + "@example.org")
        << "the client lower-cases the domain so the user can log in";

    ApiClient asMember(apiUrl(), Credentials{.email = member->email, .password = Secret("member-password")});
    ASSERT_TRUE(asMember.accounts().login());
    const auto refused = asMember.accounts().createUser({.email = "x@example.org", .password = Secret("long-enough")});
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().kind, ErrorKind::Forbidden);
    EXPECT_EQ(refused.error().message, "Only owners and admins can manage users");

    const auto promoted = owner.accounts().updateUser(
        member->id, {.email = member->email, .password = Secret("member-password"), .role = UserRole::Admin});
    ASSERT_TRUE(promoted) << promoted.error().message;
    EXPECT_EQ(promoted->role, UserRole::Admin);
    ASSERT_TRUE(owner.accounts().deactivateUser(member->id));
    const auto users = owner.accounts().listUsers();
    ASSERT_TRUE(users);
    ASSERT_EQ(users->size(), 2u);

    const auto invalid = owner.accounts().createUser({.email = "bob", .password = Secret("long-enough")});
    ASSERT_FALSE(invalid);
    EXPECT_EQ(invalid.error().kind, ErrorKind::Validation);
    EXPECT_EQ(invalid.error().httpStatus, 0) << "refused before sending";
}

TEST(Devstack, ApiTokensCreateUseRevoke)
{
    ApiClient owner(apiUrl(), tokenOf(bootstrapTenant()));
    const auto created = owner.accounts().createToken("ci");
    ASSERT_TRUE(created) << created.error().message;
    EXPECT_EQ(created->rawToken.reveal().size(), 43u);
    ApiClient withNew(apiUrl(), Credentials{.apiToken = created->rawToken});
    ASSERT_TRUE(withNew.bots().list());
    ASSERT_TRUE(owner.accounts().revokeToken(created->token.id));
    const auto revoked = withNew.bots().list();
    ASSERT_FALSE(revoked);
    EXPECT_EQ(revoked.error().kind, ErrorKind::Auth);
    EXPECT_EQ(revoked.error().message, "Invalid or revoked API token");
}

TEST(Devstack, TextSourceIngestsToReady)
{
    ApiClient api(apiUrl(), tokenOf(bootstrapTenant()));
    const BotProfile bot = createBot(api);
    const auto source = api.sources().create({.botProfileId = bot.id,
        .name = "Pricing",
        .type = SourceType::Text,
        .content = std::string(3000, 'x') + " The Pro plan costs 49 euros."});
    ASSERT_TRUE(source) << source.error().message;
    EXPECT_EQ(source->status, SourceStatus::Pending) << "creating does not ingest";
    ASSERT_TRUE(api.sources().ingest(source->id));
    EXPECT_EQ(waitForIngest(api, source->id), SourceStatus::Ready);
    const auto ready = api.sources().get(source->id);
    ASSERT_TRUE(ready);
    EXPECT_GT(ready->chunkCount, 1);
    EXPECT_TRUE(ready->lastRefreshedAt.has_value());
}

TEST(Devstack, UploadReportsProgressAndIngests)
{
    ApiClient api(apiUrl(), tokenOf(bootstrapTenant()));
    const BotProfile bot = createBot(api);
    const auto file = std::filesystem::temp_directory_path() / (ragdesk::test::uniqueName("handbook") + ".md");
    {
        std::ofstream out(file);
        for (int i = 0; i < 2000; ++i) {
            out << "## Section " << i << "\nRefunds are possible within 30 days of purchase.\n";
        }
    }
    std::uint64_t lastSent = 0, total = 0;
    const auto uploaded =
        api.sources().upload({.botProfileId = bot.id, .file = file, .onProgress = [&](auto sent, auto all) {
                                  lastSent = sent;
                                  total = all;
                              }});
    std::filesystem::remove(file);
    ASSERT_TRUE(uploaded) << uploaded.error().message;
    EXPECT_GT(total, 100'000u);
    EXPECT_EQ(lastSent, total);
    EXPECT_EQ(uploaded->type, SourceType::Upload);
    EXPECT_EQ(uploaded->originalFilename, file.filename().string());
    EXPECT_EQ(waitForIngest(api, uploaded->id), SourceStatus::Ready) << "upload enqueues ingestion by itself";
}

TEST(Devstack, UploadOfAnUnsupportedTypeIsRefusedBeforeSending)
{
    ApiClient api(apiUrl(), tokenOf(bootstrapTenant()));
    const auto uploaded = api.sources().upload({.botProfileId = BotId("x"), .file = "/etc/hostname.exe"});
    ASSERT_FALSE(uploaded);
    EXPECT_EQ(uploaded.error().kind, ErrorKind::Validation);
    ASSERT_EQ(uploaded.error().fieldErrors.size(), 1u);
    EXPECT_EQ(uploaded.error().fieldErrors[0].field, "file");
}

TEST(Devstack, BatchSourcesWithChildren)
{
    ApiClient api(apiUrl(), tokenOf(bootstrapTenant()));
    const BotProfile bot = createBot(api);
    const auto batch = api.sources().createBatch({.botProfileId = bot.id,
        .name = "Docs",
        .type = SourceType::Text,
        .children = {{.name = "a", .type = SourceType::Text, .content = "Alpha text about refunds."},
            {.name = "b", .type = SourceType::Text, .content = "Beta text about invoices."}}});
    ASSERT_TRUE(batch) << batch.error().message;
    ASSERT_EQ(batch->children.size(), 2u);
    EXPECT_EQ(batch->parent.childrenCount, 2);
    const auto queued = api.sources().ingestChildren(batch->parent.id);
    ASSERT_TRUE(queued) << queued.error().message;
    EXPECT_EQ(*queued, 2);
    EXPECT_EQ(waitForIngest(api, batch->parent.id), SourceStatus::Ready) << "the parent shows the aggregate";
    const auto children = api.sources().children(batch->parent.id);
    ASSERT_TRUE(children);
    EXPECT_EQ(children->size(), 2u);
    ASSERT_TRUE(api.sources().remove(batch->parent.id));
    const auto top = api.sources().list({.botProfileId = bot.id});
    ASSERT_TRUE(top);
    EXPECT_TRUE(top->empty());
}

TEST(Devstack, NonStreamingChatHistoryFeedbackAndExport)
{
    ApiClient api(apiUrl(), tokenOf(bootstrapTenant()));
    const BotProfile bot = createBot(api);
    const auto source = api.sources().create({.botProfileId = bot.id,
        .name = "Refunds",
        .type = SourceType::Text,
        .content = "Refunds are possible within 30 days of purchase."});
    ASSERT_TRUE(source && api.sources().ingest(source->id));
    ASSERT_EQ(waitForIngest(api, source->id), SourceStatus::Ready);

    const auto answer = api.chats().ask({.botProfileId = bot.id, .message = "How do refunds work?"});
    ASSERT_TRUE(answer) << answer.error().message;
    EXPECT_FALSE(answer->message.content.empty());
    EXPECT_EQ(answer->message.role, MessageRole::Assistant);
    ASSERT_FALSE(answer->sources.empty()) << "retrieval found the refunds chunk";
    EXPECT_EQ(answer->sources.front().sourceId, source->id);
    EXPECT_GT(answer->usage.totalTokens, 0);

    const auto messages = api.chats().messages(answer->chatId);
    ASSERT_TRUE(messages);
    ASSERT_EQ(messages->size(), 2u);
    EXPECT_EQ((*messages)[0].role, MessageRole::User);
    const auto rated = api.chats().setFeedback(answer->chatId, answer->message.id, Feedback::Positive);
    ASSERT_TRUE(rated) << rated.error().message;
    EXPECT_EQ(rated->feedback, Feedback::Positive);
    const auto onUser = api.chats().setFeedback(answer->chatId, (*messages)[0].id, Feedback::Negative);
    ASSERT_FALSE(onUser);
    EXPECT_EQ(onUser.error().message, "Feedback can only be set on assistant messages");

    const auto csv = api.chats().exportChat(answer->chatId, ExportFormat::Csv);
    ASSERT_TRUE(csv);
    EXPECT_EQ(
        csv->substr(0, csv->find('\r')), "message_id,role,content,feedback,prompt_tokens,completion_tokens,created_at");
    const auto chats = api.chats().list();
    ASSERT_TRUE(chats);
    ASSERT_EQ(chats->size(), 1u);
    EXPECT_EQ(chats->front().messageCount, 2);
}

TEST(Devstack, WebhooksCreateTestDelete)
{
    ApiClient api(apiUrl(), tokenOf(bootstrapTenant()));
    const auto hook = api.webhooks().create(
        {.url = "http://web:8001/sink/" + ragdesk::test::uniqueName("hook"), .events = {"source.ingested"}});
    ASSERT_TRUE(hook) << hook.error().message;
    EXPECT_EQ(hook->secret.reveal().size(), 43u) << "the server generated a secret";
    const auto ping = api.webhooks().test(hook->webhook.id);
    ASSERT_TRUE(ping) << ping.error().message;
    EXPECT_TRUE(ping->success);
    EXPECT_EQ(ping->statusCode, 200);
    ASSERT_TRUE(api.webhooks().remove(hook->webhook.id));
    EXPECT_EQ(api.webhooks().get(hook->webhook.id).error().kind, ErrorKind::NotFound);
}

TEST(Devstack, StatsFeeds)
{
    ApiClient api(apiUrl(), tokenOf(bootstrapTenant()));
    const BotProfile bot = createBot(api);
    ASSERT_TRUE(api.chats().ask({.botProfileId = bot.id, .message = "Hello"}));
    ragdesk::test::ScopedKnob noCache("stats_cache", "false");
    const auto overview = api.stats().overview();
    ASSERT_TRUE(overview) << overview.error().message;
    EXPECT_EQ(overview->chats, 1);
    const auto usage = api.stats().usage(7);
    ASSERT_TRUE(usage) << usage.error().message;
    ASSERT_EQ(usage->size(), 1u);
    EXPECT_EQ(usage->front().model, "gpt-4o-mini");
    EXPECT_EQ(usage->front().requestCount, 1);
    const auto cost = api.stats().costEstimate(7);
    ASSERT_TRUE(cost) << cost.error().message;
    EXPECT_GT(cost->totalCostUsd, 0.0);
    EXPECT_EQ(cost->activeDays, 1);
    const auto pricing = api.stats().pricing();
    ASSERT_TRUE(pricing);
    EXPECT_DOUBLE_EQ(pricing->models.at("gpt-4o-mini").promptPer1m, 0.15);
    EXPECT_DOUBLE_EQ(pricing->fallback.completionPer1m, 3.0);
    ASSERT_TRUE(api.stats().feedback());
    ASSERT_TRUE(api.stats().feedbackTrend(bot.id, 30));
    ASSERT_TRUE(api.stats().usageByBot());
    ASSERT_TRUE(api.stats().usageByModel(30));
}

TEST(Devstack, DetailedHealthNeedsASignedInUser)
{
    ApiClient anonymous(apiUrl());
    const auto refused = anonymous.detailedHealth();
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().kind, ErrorKind::Auth);

    ApiClient api(apiUrl(), tokenOf(bootstrapTenant()));
    ASSERT_TRUE(api.bots().create({.name = "Counted"}));
    const auto detailed = api.detailedHealth();
    ASSERT_TRUE(detailed) << detailed.error().message;
    EXPECT_EQ(detailed->health.status, "ok");
    EXPECT_GT(detailed->uptimeSeconds, 0);
    ASSERT_EQ(detailed->bots.size(), 1u) << "tenant-scoped";
    EXPECT_EQ(detailed->bots[0].botName, "Counted");
    EXPECT_EQ(detailed->config.at("jwt_configured"), "true");
    EXPECT_NE(detailed->config.at("database_url").find("***"), std::string::npos) << "the password is masked";
}

TEST(Devstack, RemainingRoutesRoundTrip)
{
    ApiClient api(apiUrl(), tokenOf(bootstrapTenant()));
    const BotProfile bot = createBot(api);

    const auto batch = api.sources().createBatch({.botProfileId = bot.id,
        .name = "Pages",
        .children = {{.name = "p1", .configJson = R"({"url": "http://web:8001/pages/pricing"})"}}});
    ASSERT_TRUE(batch) << batch.error().message;
    const auto byParent = api.sources().list({.parentId = batch->parent.id});
    ASSERT_TRUE(byParent) << byParent.error().message;
    ASSERT_EQ(byParent->size(), 1u);
    EXPECT_EQ(byParent->front().url, "http://web:8001/pages/pricing");

    const auto renamed = api.sources().update(batch->children.front().id,
        {.name = "Pricing page", .refreshSchedule = std::optional<RefreshSchedule>(RefreshSchedule::Daily)});
    ASSERT_TRUE(renamed) << renamed.error().message;
    EXPECT_EQ(renamed->name, "Pricing page");
    EXPECT_EQ(renamed->refreshSchedule, RefreshSchedule::Daily);
    const auto badConfig = api.sources().update(renamed->id, {.configJson = "[1, 2]"});
    ASSERT_FALSE(badConfig);
    EXPECT_EQ(badConfig.error().httpStatus, 0) << "a config that is not an object is never sent";

    const auto answer = api.chats().ask({.botProfileId = bot.id, .message = "What does it cost?"});
    ASSERT_TRUE(answer) << answer.error().message;
    const auto chat = api.chats().get(answer->chatId);
    ASSERT_TRUE(chat) << chat.error().message;
    EXPECT_EQ(chat->title, "What does it cost?");
    const auto exported = api.chats().exportChats({.format = ExportFormat::Json, .botProfileId = bot.id});
    ASSERT_TRUE(exported) << exported.error().message;
    EXPECT_NE(exported->find(answer->chatId.str()), std::string::npos);
    EXPECT_NE(exported->find("\"exported_at\""), std::string::npos);

    ASSERT_TRUE(api.webhooks().create({.url = "http://web:8001/sink/x", .events = {}}));
    const auto hooks = api.webhooks().list();
    ASSERT_TRUE(hooks) << hooks.error().message;
    EXPECT_EQ(hooks->size(), 1u);
}

TEST(Devstack, SlowStartUpAnswers503ThenRecovers)
{
    using ragdesk::test::devstackEnv;
    ragdesk::test::ScopedKnob slow("startup_delay_s", "5");
    // Restart web on the VPS, as a deploy or a crash would.
    const std::string ssh = "ssh -F /dev/null -o BatchMode=yes -o IdentitiesOnly=yes -i " +
        devstackEnv("RAGDESK_SSH_KEY") + " -o UserKnownHostsFile=" + devstackEnv("RAGDESK_KNOWN_HOSTS") + " -p " +
        devstackEnv("RAGDESK_SSH_PORT") + " " + devstackEnv("RAGDESK_SSH_USER") + "@" + devstackEnv("RAGDESK_SSH_HOST");
    const std::string restart = ssh + " 'docker restart $(docker ps -q --filter label=com.docker.compose.project=" +
        devstackEnv("RAGDESK_COMPOSE_PROJECT") + " --filter label=com.docker.compose.service=web)' >/dev/null";
    ASSERT_EQ(std::system(restart.c_str()), 0);

    ApiClient api(apiUrl(), {}, HttpOptions{.connectTimeout = 2s, .totalTimeout = 5s});
    std::vector<int> statuses;
    ASSERT_TRUE(ragdesk::test::waitUntil(
        [&] {
            const auto live = api.liveness();
            const int status = live ? 200 : live.error().httpStatus;
            if (statuses.empty() || statuses.back() != status) {
                statuses.push_back(status);
            }
            return live.ok();
        },
        120s, 200ms));
    EXPECT_NE(std::find(statuses.begin(), statuses.end(), 503), statuses.end())
        << "503 while starting, as MiniRAG during migrations";
    const auto health = api.systemHealth();
    ASSERT_TRUE(health) << health.error().message;
}

TEST(Devstack, PlainTextServerErrorKeepsItsBody)
{
    ApiClient api(apiUrl(), tokenOf(bootstrapTenant()));
    ragdesk::test::ScopedKnob failing("fail_route", "/v1/bot-profiles");
    const auto bots = api.bots().list();
    ASSERT_FALSE(bots);
    EXPECT_EQ(bots.error().kind, ErrorKind::Server);
    EXPECT_EQ(bots.error().httpStatus, 500);
    EXPECT_EQ(bots.error().detail, "Internal Server Error");
}
