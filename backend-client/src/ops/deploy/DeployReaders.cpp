#include "ops/deploy/DeployReaders.h"

#include <charconv>

namespace ragdesk::client::ops {

namespace {

/// Splits a line into at most `count` fields; the last takes the rest of the line.
std::vector<std::string_view> fields(std::string_view line, size_t count)
{
    std::vector<std::string_view> parts;
    while (parts.size() + 1 < count) {
        const auto end = line.find(kRefFieldSeparator);
        if (end == std::string_view::npos) {
            break;
        }
        parts.push_back(line.substr(0, end));
        line.remove_prefix(end + 1);
    }
    parts.push_back(line);
    return parts;
}

std::optional<api::Timestamp> unixTime(std::string_view text)
{
    long long seconds = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), seconds);
    if (error != std::errc() || end != text.data() + text.size() || text.empty()) {
        return std::nullopt;
    }
    return api::Timestamp(std::chrono::seconds(seconds));
}

bool isRevision(std::string_view text)
{
    return text.size() >= 12 && text.find_first_not_of("0123456789abcdef") == std::string_view::npos;
}

template <typename Visit> void forEachLine(std::string_view text, Visit visit)
{
    while (!text.empty()) {
        const auto end = text.find('\n');
        visit(text.substr(0, end));
        if (end == std::string_view::npos) {
            break;
        }
        text.remove_prefix(end + 1);
    }
}

} // namespace

DeployRefs readDeployRefs(std::string_view listing)
{
    DeployRefs refs;
    forEachLine(listing, [&](std::string_view line) {
        const auto part = fields(line, 6);
        if (part.size() == 2 && part[0] == "F") {
            refs.fetchProblem = std::string(part[1]);
            return;
        }
        if (part.size() != 6 || part[0].size() != 1 || !isRevision(part[1])) {
            return;
        }
        DeployRef ref{.revision = std::string(part[1]),
            .subject = std::string(part[5]),
            .author = std::string(part[3]),
            .committed = unixTime(part[2])};
        switch (part[0][0]) {
        case 'B':
            if (part[4].empty() || part[4] == "HEAD") {
                return;
            }
            ref.kind = DeployRef::Kind::Branch;
            ref.name = std::string(part[4]);
            refs.branches.push_back(std::move(ref));
            break;
        case 'T':
            if (part[4].empty()) {
                return;
            }
            ref.kind = DeployRef::Kind::Tag;
            ref.name = std::string(part[4]);
            refs.tags.push_back(std::move(ref));
            break;
        case 'C':
            ref.kind = DeployRef::Kind::Commit;
            ref.name = ref.revision.substr(0, 12);
            refs.commits.push_back(std::move(ref));
            break;
        default:
            break;
        }
    });
    return refs;
}

std::vector<StepOutput> readStepOutputs(std::string_view log)
{
    std::vector<StepOutput> steps;
    forEachLine(log, [&](std::string_view line) {
        if (line.starts_with(kStepMarker)) {
            line.remove_prefix(kStepMarker.size());
            const auto colon = line.find(": ");
            steps.push_back(StepOutput{.step = std::string(line.substr(0, colon)),
                .command = colon == std::string_view::npos ? std::string() : std::string(line.substr(colon + 2))});
            return;
        }
        if (steps.empty()) {
            steps.emplace_back();
        }
        steps.back().output.append(line).push_back('\n');
    });
    return steps;
}

} // namespace ragdesk::client::ops
