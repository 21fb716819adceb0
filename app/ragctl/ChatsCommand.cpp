#include "CommandContext.h"
#include "JsonViews.h"
#include "ListOutput.h"
#include "Nouns.h"
#include "Output.h"

#include <fstream>

namespace ragdesk::ragctl {
namespace {

using client::api::Chat;
using client::api::ChatId;
using client::api::ExportFormat;
using client::api::Feedback;
using client::api::Message;
using client::api::MessageId;

ExitCode runList(CommandContext& context, const ParsedArgs& args)
{
    client::api::ChatListQuery query{.limit = args.intValue("--limit", 1, 100).value_or(50),
        .offset = args.intValue("--offset", 0, INT32_MAX).value_or(0)};
    if (auto bot = args.value("--bot")) {
        query.botProfileId = client::api::BotId(*bot);
    }
    printList(context, context.unwrap(context.api().chats().list(query)),
        {"ID", "BOT", "MESSAGES", "TOKENS", "CREATED", "TITLE"}, [](const Chat& chat) {
            return std::vector<std::string>{chat.id.str(), shortId(chat.botProfileId.str()),
                std::to_string(chat.messageCount), std::to_string(chat.totalPromptTokens + chat.totalCompletionTokens),
                shortTime(chat.createdAt), oneLine(chat.title, 60)};
        });
    return ExitCode::Ok;
}

ExitCode runShow(CommandContext& context, const ParsedArgs& args)
{
    const ChatId id(args.positionals().front());
    const Chat chat = context.unwrap(context.api().chats().get(id));
    const std::vector<Message> messages = context.unwrap(context.api().chats().messages(id));
    if (context.json()) {
        context.printJson({{"chat", wire::of(chat)}, {"messages", wire::array(messages)}});
        return ExitCode::Ok;
    }
    printFields(context.out(),
        {{"chat", chat.id.str()}, {"bot", chat.botProfileId.str()}, {"title", chat.title},
            {"created", shortTime(chat.createdAt)},
            {"tokens",
                std::to_string(chat.totalPromptTokens) + " prompt + " + std::to_string(chat.totalCompletionTokens) +
                    " completion"}});
    for (const Message& message : messages) {
        context.out() << "\n[" << client::api::toString(message.role) << "] " << shortTime(message.createdAt) << "  "
                      << message.id.str();
        if (message.feedback) {
            context.out() << "  feedback: " << client::api::toString(*message.feedback);
        }
        context.out() << '\n' << message.content << '\n';
    }
    return ExitCode::Ok;
}

// The export is written byte for byte as the server sent it, so a CSV opens in a spreadsheet as MiniRAG made it.
ExitCode runExport(CommandContext& context, const ParsedArgs& args)
{
    const std::string formatName = args.value("--format").value_or("json");
    if (formatName != "json" && formatName != "csv") {
        throw UsageError("--format wants csv or json, not '" + formatName + "'");
    }
    const ExportFormat format = formatName == "csv" ? ExportFormat::Csv : ExportFormat::Json;
    client::api::ChatsApi& chats = context.api().chats();
    std::string body;
    if (!args.positionals().empty()) {
        body = context.unwrap(chats.exportChat(ChatId(args.positionals().front()), format));
    } else {
        client::api::ChatExportQuery query{.format = format,
            .fromDate = args.value("--from"),
            .toDate = args.value("--to"),
            .limit = args.intValue("--limit", 1, 1000).value_or(100)};
        if (auto bot = args.value("--bot")) {
            query.botProfileId = client::api::BotId(*bot);
        }
        body = context.unwrap(chats.exportChats(query));
    }
    if (auto file = args.value("--output")) {
        std::ofstream out(*file, std::ios::binary | std::ios::trunc);
        out << body;
        if (!out.flush()) {
            throw CommandFailure(ExitCode::Failure, "cannot write " + *file);
        }
        context.err() << "wrote " << humanBytes(body.size()) << " to " << *file << '\n';
    } else {
        context.out() << body << std::flush;
    }
    return ExitCode::Ok;
}

ExitCode runFeedback(CommandContext& context, const ParsedArgs& args)
{
    const std::vector<std::string>& words = args.positionals();
    std::optional<Feedback> feedback;
    if (words[2] == "positive" || words[2] == "up") {
        feedback = Feedback::Positive;
    } else if (words[2] == "negative" || words[2] == "down") {
        feedback = Feedback::Negative;
    } else if (words[2] != "none") {
        throw UsageError("feedback is positive, negative or none, not '" + words[2] + "'");
    }
    const Message message =
        context.unwrap(context.api().chats().setFeedback(ChatId(words[0]), MessageId(words[1]), feedback));
    context.printOutcome(wire::of(message),
        "feedback on " + message.id.str() + ": " +
            (message.feedback ? std::string(client::api::toString(*message.feedback)) : "none"));
    return ExitCode::Ok;
}

} // namespace

NounSpec chatsNoun()
{
    return {"chats", "chat history: list, read, export, rate answers",
        {{.name = "list",
             .summary = "List chats, newest first.",
             .options = {{"--bot", "ID", "only this bot's chats"}, {"--limit", "N", "at most N (1-100, default 50)"},
                 {"--offset", "N", "skip the first N"}},
             .run = runList},
            idVerb("show", "Show a chat and its messages.", {}, runShow),
            {.name = "export",
                .summary = "Export one chat (ID) or many, exactly as the server sends it.",
                .arguments = "[ID]",
                .minPositionals = 0,
                .maxPositionals = 1,
                .options = {{"--format", "FORMAT", "csv or json (default json)"},
                    {"--output", "FILE", "write to FILE instead of stdout", "-o"},
                    {"--bot", "ID", "without ID: only this bot's chats"},
                    {"--from", "DATE", "without ID: from this UTC day (YYYY-MM-DD)"},
                    {"--to", "DATE", "without ID: to this UTC day, inclusive"},
                    {"--limit", "N", "without ID: at most N chats (1-1000, default 100)"}},
                .run = runExport},
            {.name = "feedback",
                .summary = "Rate an assistant message: positive, negative or none (clears it).",
                .arguments = "CHAT_ID MESSAGE_ID positive|negative|none",
                .minPositionals = 3,
                .maxPositionals = 3,
                .run = runFeedback}}};
}

} // namespace ragdesk::ragctl
