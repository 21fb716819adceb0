// The CRI / k8s-file format podman and CRI-O write: `<time> <stream> <P|F> <text>` per line.

#include "ops/logs/LogFormats.h"
#include "ops/logs/LogParsers.h"

#include <algorithm>

namespace ragdesk::client::ops {
namespace logformat {

std::optional<K8sHead> k8sHead(std::string_view line)
{
    const size_t space = line.find(' ');
    if (space == std::string_view::npos || line.size() < space + 9) {
        return std::nullopt;
    }
    const auto stream = streamNamed(line.substr(space + 1, 6));
    if (!stream || line[space + 7] != ' ') {
        return std::nullopt;
    }
    const size_t tagStart = space + 8;
    const size_t tagEnd = std::min(line.find(' ', tagStart), line.size());
    if (tagEnd == tagStart) {
        return std::nullopt;
    }
    K8sHead head{*stream, line[tagStart] == 'P', {}, line.substr(0, space)};
    if (tagEnd < line.size()) {
        head.content = line.substr(tagEnd + 1);
    }
    return head;
}

} // namespace logformat

using namespace logformat;

void LogParser::k8sLine(std::string_view text)
{
    const auto head = k8sHead(text);
    if (!head) {
        malformedLine(text, 0);
        return;
    }
    const auto time = stampTime(head->stamp);
    if (!time) {
        malformedLine(text, 0);
        return;
    }
    part(head->stream, *time, head->content, !head->partial);
}

} // namespace ragdesk::client::ops
