#include "ChatView.h"
#include "CommandContext.h"
#include "Nouns.h"
#include "SigintWatcher.h"

#include "ragdesk/client/api/ChatStream.h"

#include <spdlog/spdlog.h>

#include <algorithm>

namespace ragdesk::ragctl {
namespace {

using client::api::BotId;
using client::api::BotProfile;
using client::api::ChatId;
using client::api::ChatRequest;
using client::api::ChatStreamOutcome;
using client::api::Usage;
using Clock = std::chrono::steady_clock;

// --bot, else the bot of --chat, else the tenant's only active bot.
BotId chooseBot(CommandContext& context, const ParsedArgs& args)
{
    if (auto bot = args.value("--bot")) {
        return BotId(*bot);
    }
    if (auto chat = args.value("--chat")) {
        return context.unwrap(context.api().chats().get(ChatId(*chat))).botProfileId;
    }
    std::vector<BotProfile> bots = context.unwrap(context.api().bots().list());
    std::erase_if(bots, [](const BotProfile& bot) { return !bot.isActive; });
    if (bots.size() == 1) {
        return bots.front().id;
    }
    if (bots.empty()) {
        throw CommandFailure(ExitCode::NotFound, "this tenant has no active bot: create one with `ragctl bots create`");
    }
    throw UsageError("this tenant has " + std::to_string(bots.size()) + " active bots: pick one with --bot ID");
}

std::string questionFrom(CommandContext& context, const ParsedArgs& args)
{
    const std::vector<std::string>& words = args.positionals();
    if (words.size() == 1 && words.front() == "-") {
        return context.terminal().readAllStdin();
    }
    std::string question;
    for (const std::string& word : words) {
        question += (question.empty() ? "" : " ") + word;
    }
    return question;
}

// The cost of one answer from the stack's price table, fetched once; a failure only leaves the cost out.
std::optional<double> costOf(CommandContext& context, const std::optional<Usage>& usage)
{
    if (!usage) {
        return std::nullopt;
    }
    const client::Result<client::api::Pricing> pricing = context.api().stats().pricing();
    if (!pricing) {
        spdlog::info("no cost shown: pricing unavailable: {}", pricing.error().message);
        return std::nullopt;
    }
    return pricing->costUsd(usage->model, usage->promptTokens, usage->completionTokens);
}

ExitCode interrupted(CommandContext& context, const std::string& what)
{
    context.err() << "ragctl: stopped: " << what << '\n';
    return ExitCode::Interrupted;
}

ExitCode askWithoutStreaming(CommandContext& context, const ChatRequest& request, ChatView& view)
{
    client::api::ApiClient& api = context.api();
    const Clock::time_point start = Clock::now();
    client::Result<client::api::ChatAnswer> answer = [&] {
        client::CancelSource stop;
        const SigintWatcher watcher([&stop] { stop.request_stop(); });
        const auto scope = api.cancelWith(stop.get_token());
        return api.chats().ask(request);
    }();
    const auto total = std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - start);
    if (!answer && answer.error().kind == client::ErrorKind::Cancelled) {
        return interrupted(context, "the server may still finish this answer and save it");
    }
    const client::api::ChatAnswer result = context.unwrap(std::move(answer));
    view.answered(result, total, costOf(context, result.usage));
    return ExitCode::Ok;
}

ExitCode askStreaming(CommandContext& context, const ChatRequest& request, ChatView& view)
{
    client::api::MiniRagChatStream stream(context.stack().apiUrl, context.credentials(), context.httpOptions());
    const client::api::ChatStreamHandlers handlers{.onSources = [&view](const auto& chunks) { view.sources(chunks); },
        .onDelta = [&view](std::string_view text) { view.delta(text); },
        .onOtherEvent = [&view](std::string_view type, std::string_view data) { view.otherEvent(type, data); }};
    client::Result<client::api::ChatStreamResult> result = [&] {
        client::CancelSource stop;
        const SigintWatcher watcher([&stop] { stop.request_stop(); });
        return stream.stream(request, handlers, stop.get_token());
    }();
    if (!result && result.error().kind == client::ErrorKind::Cancelled) {
        return interrupted(context, "before the answer started; nothing was saved on the server");
    }
    const client::api::ChatStreamResult streamed = context.unwrap(std::move(result));
    view.streamEnded(streamed, costOf(context, streamed.usage));
    switch (streamed.outcome) {
    case ChatStreamOutcome::Completed:
        return ExitCode::Ok;
    case ChatStreamOutcome::Stopped:
        return interrupted(context,
            "the partial answer was not saved on the server (MiniRAG keeps a streamed "
            "turn only once it completes)");
    case ChatStreamOutcome::ServerError:
        context.err() << "ragctl: server: the answer ended with an error: " << streamed.errorDetail
                      << "\nNothing of this turn was saved on the server.\n";
        return ExitCode::Server;
    case ChatStreamOutcome::Dropped:
        break;
    }
    context.err() << "ragctl: network: the answer was cut off: " << streamed.errorDetail
                  << "\nNothing of this turn was saved on the server.\n";
    return ExitCode::Network;
}

ExitCode runChat(CommandContext& context, const ParsedArgs& args)
{
    ChatRequest request{.botProfileId = chooseBot(context, args), .message = questionFrom(context, args)};
    if (auto chat = args.value("--chat")) {
        request.chatId = ChatId(*chat);
    }
    const std::unique_ptr<ChatView> view =
        context.json() ? makeJsonChatView(context.out()) : makeTextChatView(context.out());
    return args.flag("--no-stream") ? askWithoutStreaming(context, request, *view)
                                    : askStreaming(context, request, *view);
}

} // namespace

NounSpec chatNoun()
{
    return {"chat", "ask a bot a question; the answer streams in as it is written",
        {{.summary = "Ask a bot; sources come first, the answer streams as tokens arrive, a metrics line comes last.",
            .arguments = "QUESTION...",
            .minPositionals = 1,
            .maxPositionals = SIZE_MAX,
            .options = {{"--bot", "ID", "the bot to ask (default: the bot of --chat, else the only active bot)"},
                {"--chat", "ID", "continue this chat (default: start a new one)"},
                {"--no-stream", "", "wait for the whole answer instead (MiniRAG's non-streaming call)"}},
            .details =
                "The question's words are joined with spaces; '-' reads it from stdin. The metrics line shows the\n"
                "time to sources (retrieval), to the first token, tokens/s, the total, token usage and the cost\n"
                "from the stack's price table. With --json the stream is NDJSON: one {\"event\":\"sources\"}, "
                "then\n{\"event\":\"delta\",\"text\":...} per fragment, then {\"event\":\"done\"} with the "
                "metrics (or \"stopped\" or \"error\").\n"
                "Ctrl-C stops the answer (exit code 130); MiniRAG saves a streamed turn only when it completes.\n"
                "An error event exits with 7 (server), a cut connection with 8 (network); what arrived is kept.",
            .run = runChat}}};
}

} // namespace ragdesk::ragctl
