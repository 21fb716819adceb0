#pragma once

#include "CommandContext.h"

#include "ragdesk/client/api/Sources.h"

#include <chrono>
#include <map>
#include <optional>
#include <vector>

namespace ragdesk::ragctl {

/// Polls sources until the worker has settled each one (ready or error), within a deadline. The API never sets
/// `processing` itself, so right after a re-ingest a source still shows its previous run's result: a source
/// queued again only counts as settled once its updated_at moves past the value it had before.
class SourceWaiter {
public:
    SourceWaiter(CommandContext& context, std::chrono::seconds timeout);

    /// `source` as it was before the request that queued it; `requeued` when it may already look settled.
    void watch(const client::api::Source& source, bool requeued);
    /// The settled sources in watch order; a CommandFailure (ExitCode::Failure) when the deadline passes.
    std::vector<client::api::Source> wait();

private:
    struct Watched {
        client::api::SourceId id;
        std::optional<client::api::Timestamp> before;
        client::api::SourceStatus lastStatus;
    };
    bool settled(const client::api::Source& source, const Watched& watched) const;

    CommandContext& m_context;
    std::chrono::seconds m_timeout;
    std::vector<Watched> m_watched;
};

/// ExitCode::Failure when any source ended in error (each named on stderr), else Ok.
ExitCode outcomeOf(CommandContext& context, const std::vector<client::api::Source>& sources);

} // namespace ragdesk::ragctl
