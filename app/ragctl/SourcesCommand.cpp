#include "CommandContext.h"
#include "ErrorReport.h"
#include "JsonViews.h"
#include "ListOutput.h"
#include "Nouns.h"
#include "Output.h"
#include "ProgressBar.h"
#include "SourceWaiter.h"

#include <climits>

namespace ragdesk::ragctl {
namespace {

using client::api::BotId;
using client::api::RefreshSchedule;
using client::api::Source;
using client::api::SourceDraft;
using client::api::SourceId;
using client::api::SourceType;

constexpr int kDefaultWaitSeconds = 600; // the worker's own job timeout

const std::vector<std::string> kSourceColumns{"ID", "NAME", "TYPE", "STATUS", "CHUNKS", "CHILDREN", "UPDATED"};

std::vector<std::string> sourceRow(const Source& source)
{
    return {source.id.str(), oneLine(source.name, 40), std::string(client::api::toString(source.type)),
        std::string(client::api::toString(source.status)), std::to_string(source.chunkCount),
        source.childrenCount ? std::to_string(source.childrenCount) : "-", shortTime(source.updatedAt)};
}

void showSources(CommandContext& context, const std::vector<Source>& sources)
{
    printList(context, sources, kSourceColumns, sourceRow);
}

void showSource(CommandContext& context, const Source& source)
{
    std::vector<std::pair<std::string, std::string>> fields{{"id", source.id.str()}, {"name", source.name},
        {"bot", source.botProfileId.str()}, {"type", std::string(client::api::toString(source.type))},
        {"status", std::string(client::api::toString(source.status))},
        {"documents", std::to_string(source.documentCount)}, {"chunks", std::to_string(source.chunkCount)}};
    if (source.parentId) {
        fields.emplace_back("parent", source.parentId->str());
    }
    if (source.childrenCount) {
        fields.emplace_back("children", std::to_string(source.childrenCount));
    }
    if (source.url) {
        fields.emplace_back("url", *source.url);
    }
    if (source.originalFilename) {
        fields.emplace_back("file", *source.originalFilename + " (" + humanBytes(source.fileSize.value_or(0)) + ")");
    }
    if (source.errorMessage) {
        fields.emplace_back("error", *source.errorMessage);
    }
    if (source.refreshSchedule) {
        fields.emplace_back("refresh", std::string(client::api::toString(*source.refreshSchedule)));
    }
    fields.insert(fields.end(),
        {{"active", yesNo(source.isActive)}, {"refreshed", shortTime(source.lastRefreshedAt)},
            {"created", shortTime(source.createdAt)}, {"updated", shortTime(source.updatedAt)}});
    printItem(context, source, fields);
}

std::chrono::seconds waitTimeout(const ParsedArgs& args)
{
    return std::chrono::seconds(args.intValue("--timeout", 1, 86400).value_or(kDefaultWaitSeconds));
}

std::vector<OptionSpec> waitOptions()
{
    return {{"--wait", "", "poll until the worker has made it ready or failed"},
        {"--timeout", "SECONDS", "give up waiting after this long (default 600; exit code 1)"}};
}

// The options add-url and add-text share, and the one function that creates, queues and optionally waits.
std::vector<OptionSpec> createOptions()
{
    std::vector<OptionSpec> options{{"--bot", "ID", "the bot the source belongs to (required)"},
        {"--name", "NAME", "the source's name"}, {"--description", "TEXT", "a description"},
        {"--parent", "ID", "attach it as a child of this top-level source"},
        {"--refresh", "SCHEDULE", "re-ingest none, hourly, daily or weekly"},
        {"--no-ingest", "", "only create it (MiniRAG does not ingest on create)"}};
    const std::vector<OptionSpec> waiting = waitOptions();
    options.insert(options.end(), waiting.begin(), waiting.end());
    return options;
}

// Shows one source, first waiting (when asked) until the worker has finished with it.
ExitCode showSettled(CommandContext& context, const ParsedArgs& args, Source source, bool wait)
{
    if (wait) {
        SourceWaiter waiter(context, waitTimeout(args));
        waiter.watch(source, false);
        source = waiter.wait().front();
    }
    showSource(context, source);
    return outcomeOf(context, {source});
}

ExitCode createAndIngest(CommandContext& context, const ParsedArgs& args, SourceDraft draft)
{
    draft.botProfileId = BotId(args.required("--bot"));
    draft.description = args.value("--description");
    if (auto parent = args.value("--parent")) {
        draft.parentId = SourceId(*parent);
    }
    if (auto schedule = args.value("--refresh")) {
        draft.refreshSchedule = client::api::refreshScheduleFromString(*schedule);
        if (*draft.refreshSchedule == RefreshSchedule::Unknown) {
            throw UsageError("--refresh wants none, hourly, daily or weekly, not '" + *schedule + "'");
        }
    }
    const Source source = context.unwrap(context.api().sources().create(draft));
    if (args.flag("--no-ingest")) {
        return showSettled(context, args, source, /*wait=*/false);
    }
    context.unwrap(context.api().sources().ingest(source.id));
    return showSettled(context, args, source, args.flag("--wait"));
}

ExitCode runList(CommandContext& context, const ParsedArgs& args)
{
    client::api::SourceFilter filter{.includeChildren = args.flag("--all")};
    if (auto bot = args.value("--bot")) {
        filter.botProfileId = BotId(*bot);
    }
    if (auto parent = args.value("--parent")) {
        filter.parentId = SourceId(*parent);
    }
    showSources(context, context.unwrap(context.api().sources().list(filter)));
    return ExitCode::Ok;
}

ExitCode runAddUrl(CommandContext& context, const ParsedArgs& args)
{
    const std::string& url = args.positionals().front();
    return createAndIngest(context, args,
        {.name = args.value("--name").value_or(url),
            .type = SourceType::Url,
            .configJson = nlohmann::json{{"url", url}}.dump()});
}

ExitCode runAddText(CommandContext& context, const ParsedArgs& args)
{
    const bool fromStdin = args.positionals().empty() || args.positionals().front() == "-";
    std::string text = fromStdin ? context.terminal().readAllStdin() : args.positionals().front();
    return createAndIngest(context, args,
        {.name = args.required("--name"), .type = SourceType::Text, .configJson = "{}", .content = std::move(text)});
}

// One file's upload: the source it became, or why it did not.
struct UploadOutcome {
    std::string file;
    std::optional<Source> source;
    std::optional<client::Error> error;
};

// One file after another: a failed file is reported and the rest still go; the exit code is the first failure's.
ExitCode runUpload(CommandContext& context, const ParsedArgs& args)
{
    const BotId bot(args.required("--bot"));
    // A mistyped path is caught before anything is sent, not after the files before it went up.
    for (const std::string& file : args.positionals()) {
        std::error_code problem;
        if (!std::filesystem::is_regular_file(file, problem)) {
            throw UsageError("no such file: " + file);
        }
    }
    const bool showProgress = context.terminal().stderrIsTerminal();
    std::vector<UploadOutcome> outcomes;
    for (const std::string& file : args.positionals()) {
        client::api::UploadRequest request{
            .botProfileId = bot, .file = file, .description = args.value("--description")};
        if (auto parent = args.value("--parent")) {
            request.parentId = SourceId(*parent);
        }
        ProgressBar progress(context.err(), std::filesystem::path(file).filename().string(), showProgress);
        request.onProgress = [&progress](std::uint64_t sent, std::uint64_t total) { progress.update(sent, total); };
        client::Result<Source> source = context.api().sources().upload(request);
        progress.finish();
        if (source) {
            outcomes.push_back({file, std::move(source).value(), std::nullopt});
        } else {
            printError(context.err(), source.error(), true, file);
            outcomes.push_back({file, std::nullopt, source.error()});
        }
    }
    if (args.flag("--wait")) {
        SourceWaiter waiter(context, waitTimeout(args));
        for (const UploadOutcome& outcome : outcomes) {
            if (outcome.source) {
                waiter.watch(*outcome.source, false);
            }
        }
        std::vector<Source> settled = waiter.wait();
        auto next = settled.begin();
        for (UploadOutcome& outcome : outcomes) {
            if (outcome.source) {
                outcome.source = std::move(*next++);
            }
        }
    }
    nlohmann::json report = nlohmann::json::array();
    Table table({"FILE", "ID", "STATUS", "CHUNKS"});
    std::vector<Source> uploaded;
    std::optional<ExitCode> firstFailure;
    for (const UploadOutcome& outcome : outcomes) {
        if (outcome.error) {
            report.push_back({{"file", outcome.file}, {"error", wire::of(*outcome.error)}});
            firstFailure = firstFailure.value_or(exitCodeFor(outcome.error->kind));
            continue;
        }
        const Source& source = *outcome.source;
        report.push_back({{"file", outcome.file}, {"source", wire::of(source)}});
        table.add({outcome.file, source.id.str(), std::string(client::api::toString(source.status)),
            std::to_string(source.chunkCount)});
        uploaded.push_back(source);
    }
    if (context.json()) {
        context.printJson(report);
    } else if (!table.empty()) {
        table.print(context.out());
    }
    const ExitCode settled = outcomeOf(context, uploaded);
    return firstFailure.value_or(settled);
}

ExitCode runIngest(CommandContext& context, const ParsedArgs& args)
{
    const SourceId id(args.positionals().front());
    client::api::SourcesApi& sources = context.api().sources();
    SourceWaiter waiter(context, waitTimeout(args));
    const bool children = args.flag("--children");
    // The state before queueing, so the wait can tell this run's result from the previous one's.
    if (args.flag("--wait")) {
        for (const Source& source :
            children ? context.unwrap(sources.children(id)) : std::vector{context.unwrap(sources.get(id))}) {
            waiter.watch(source, true);
        }
    }
    if (children) {
        const int queued = context.unwrap(sources.ingestChildren(id));
        if (!args.flag("--wait")) {
            context.printOutcome({{"id", id.str()}, {"enqueued", queued}},
                "queued " + std::to_string(queued) + " child sources of " + id.str());
            return ExitCode::Ok;
        }
    } else {
        context.unwrap(sources.ingest(id));
        if (!args.flag("--wait")) {
            context.printOutcome({{"id", id.str()}, {"status", "accepted"}}, "queued ingestion of " + id.str());
            return ExitCode::Ok;
        }
    }
    const std::vector<Source> settled = waiter.wait();
    showSources(context, settled);
    return outcomeOf(context, settled);
}

ExitCode runStatus(CommandContext& context, const ParsedArgs& args)
{
    const SourceId id(args.positionals().front());
    return showSettled(context, args, context.unwrap(context.api().sources().get(id)), args.flag("--wait"));
}

ExitCode runDelete(CommandContext& context, const ParsedArgs& args)
{
    const SourceId id(args.positionals().front());
    context.confirm("Delete source " + id.str() + " and its children?", args.flag("--yes"));
    context.unwrap(context.api().sources().remove(id));
    context.printOutcome({{"id", id.str()}, {"is_active", false}}, "deleted source " + id.str());
    // Contract §12.1: MiniRAG soft-deletes the rows but leaves the vectors, which keep feeding answers.
    context.err() << "note: MiniRAG keeps the deleted source's vectors; chats with this bot may still retrieve them.\n";
    return ExitCode::Ok;
}

ExitCode runAddBatch(CommandContext& context, const ParsedArgs& args)
{
    client::api::SourceBatchDraft draft{.botProfileId = BotId(args.required("--bot")),
        .name = args.required("--name"),
        .description = args.value("--description"),
        .type = SourceType::Url};
    for (const std::string& url : args.positionals()) {
        draft.children.push_back(
            {.name = url, .type = SourceType::Url, .configJson = nlohmann::json{{"url", url}}.dump()});
    }
    client::api::SourceBatch batch = context.unwrap(context.api().sources().createBatch(draft));
    std::vector<Source> children = batch.children;
    if (!args.flag("--no-ingest")) {
        context.unwrap(context.api().sources().ingestChildren(batch.parent.id));
        if (args.flag("--wait")) {
            SourceWaiter waiter(context, waitTimeout(args));
            for (const Source& child : children) {
                waiter.watch(child, false);
            }
            children = waiter.wait();
        }
    }
    if (context.json()) {
        context.printJson({{"parent", wire::of(batch.parent)}, {"children", wire::array(children)}});
    } else {
        Table table(kSourceColumns);
        table.add(sourceRow(batch.parent));
        for (const Source& child : children) {
            table.add(sourceRow(child));
        }
        table.print(context.out());
    }
    return outcomeOf(context, children);
}

} // namespace

NounSpec sourcesNoun()
{
    std::vector<OptionSpec> uploadOptions{{"--bot", "ID", "the bot the files belong to (required)"},
        {"--parent", "ID", "attach each file as a child of this top-level source"},
        {"--description", "TEXT", "a description for each file"}};
    const std::vector<OptionSpec> waiting = waitOptions();
    uploadOptions.insert(uploadOptions.end(), waiting.begin(), waiting.end());
    std::vector<OptionSpec> ingestOptions{{"--children", "", "queue every child of this parent instead"}};
    ingestOptions.insert(ingestOptions.end(), waiting.begin(), waiting.end());
    std::vector<OptionSpec> textOptions = createOptions();

    return {"sources", "a bot's knowledge sources: URLs, text and files, and their ingestion",
        {{.name = "list",
             .summary = "List active top-level sources (parents show their children's aggregate status).",
             .options = {{"--bot", "ID", "only this bot's sources"}, {"--parent", "ID", "the children of this parent"},
                 {"--all", "", "every active source, children included, flat"}},
             .run = runList},
            {.name = "add-url",
                .summary = "Add a web page as a source and queue its ingestion.",
                .arguments = "URL",
                .minPositionals = 1,
                .maxPositionals = 1,
                .options = createOptions(),
                .run = runAddUrl},
            {.name = "add-text",
                .summary = "Add text as a source (the argument, or stdin when it is '-' or absent) and queue it.",
                .arguments = "[TEXT|-]",
                .minPositionals = 0,
                .maxPositionals = 1,
                .options = textOptions,
                .run = runAddText},
            {.name = "upload",
                .summary = "Upload files (.txt .md .csv .pdf .docx, at most 10 MiB each), one after another.",
                .arguments = "FILE...",
                .minPositionals = 1,
                .maxPositionals = SIZE_MAX,
                .options = uploadOptions,
                .details = "The server queues each upload's ingestion itself. A progress bar with the rate is drawn "
                           "on stderr\nwhen it is a terminal. A file that fails is reported and the others still go; "
                           "the exit code is\nthe first failure's.",
                .run = runUpload},
            {.name = "add-batch",
                .summary = "Add several URLs as the children of one new parent source and queue them.",
                .arguments = "URL...",
                .minPositionals = 1,
                .maxPositionals = SIZE_MAX,
                .options = {{"--bot", "ID", "the bot (required)"}, {"--name", "NAME", "the parent's name (required)"},
                    {"--description", "TEXT", "the parent's description"}, {"--no-ingest", "", "only create them"},
                    waiting[0], waiting[1]},
                .run = runAddBatch},
            idVerb("ingest", "Queue a source's ingestion again (or every child's, with --children).", ingestOptions,
                runIngest),
            idVerb("status", "Show a source and its ingestion status.", waiting, runStatus),
            idVerb("delete", "Delete a source and its children (soft delete; see the note it prints).", {yesOption()},
                runDelete)}};
}

} // namespace ragdesk::ragctl
