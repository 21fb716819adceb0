#include "SourceWaiter.h"

#include "Output.h"

#include <thread>

namespace ragdesk::ragctl {
namespace {

using client::api::Source;
using client::api::SourceStatus;

// The dashboard polls every 3 s; a terminal user waiting on one source is better served a little faster.
constexpr auto kPollInterval = std::chrono::milliseconds(500);

} // namespace

SourceWaiter::SourceWaiter(CommandContext& context, std::chrono::seconds timeout)
    : m_context(context), m_timeout(timeout)
{
}

void SourceWaiter::watch(const Source& source, bool requeued)
{
    m_watched.push_back({source.id, requeued ? std::optional(source.updatedAt) : std::nullopt, source.status});
}

bool SourceWaiter::settled(const Source& source, const Watched& watched) const
{
    const bool final = source.status == SourceStatus::Ready || source.status == SourceStatus::Error;
    return final && (!watched.before || source.updatedAt > *watched.before);
}

std::vector<Source> SourceWaiter::wait()
{
    const auto deadline = std::chrono::steady_clock::now() + m_timeout;
    std::vector<std::optional<Source>> done(m_watched.size());
    for (;;) {
        bool all = true;
        for (size_t i = 0; i < m_watched.size(); ++i) {
            if (done[i]) {
                continue;
            }
            Watched& watched = m_watched[i];
            Source source = m_context.unwrap(m_context.api().sources().get(watched.id));
            if (source.status != watched.lastStatus && !m_context.json()) {
                m_context.err() << shortId(source.id.str()) << "  " << source.name << ": "
                                << client::api::toString(source.status) << '\n';
            }
            watched.lastStatus = source.status;
            if (settled(source, watched)) {
                done[i] = std::move(source);
            } else {
                all = false;
            }
        }
        if (all) {
            break;
        }
        if (std::chrono::steady_clock::now() >= deadline) {
            throw CommandFailure(ExitCode::Failure,
                "gave up waiting after " + std::to_string(m_timeout.count()) +
                    " s: not every source is ready or in "
                    "error yet (see `ragctl sources status ID`)");
        }
        std::this_thread::sleep_for(kPollInterval);
    }
    std::vector<Source> sources;
    sources.reserve(done.size());
    for (std::optional<Source>& source : done) {
        sources.push_back(std::move(*source));
    }
    return sources;
}

ExitCode outcomeOf(CommandContext& context, const std::vector<Source>& sources)
{
    ExitCode code = ExitCode::Ok;
    for (const Source& source : sources) {
        if (source.status == SourceStatus::Error) {
            context.err() << "ragctl: source " << source.id.str() << " (" << source.name
                          << ") failed: " << source.errorMessage.value_or("no reason given") << '\n';
            code = ExitCode::Failure;
        }
    }
    return code;
}

} // namespace ragdesk::ragctl
