#pragma once

#include "CommandContext.h"

#include "ragdesk/client/ops/deploy/Deployer.h"

#include <memory>
#include <string>

namespace ragdesk::ragctl {

/// The run a view shows: one this command started, or the latest one it re-attached to.
struct DeployRun {
    std::string id;
    std::string action; ///< "deploy", "rollback", "restore"; empty when the runner did not say (an older run)
    std::string target; ///< the ref, release or backup; empty when the runner did not say
    bool started = false; ///< this command started it (else re-attached)
    bool running = true; ///< when re-attached: whether it was still running
};

/// How a deploy, rollback or restore shows while ragctl follows it: a step list redrawn in place on a terminal
/// (each step with its state and elapsed time, the running one ticking), one line per event on a pipe, NDJSON with
/// --json. Text goes to stdout; the final summary too.
class DeployView {
public:
    virtual ~DeployView() = default;

    virtual void begin(const DeployRun& run) = 0;
    virtual void event(const client::ops::DeployEvent& event) = 0;
    /// The SSH link dropped and the client re-attached to the run.
    virtual void reconnected(const std::string& notice) = 0;
    /// The run ended; `summary` is the line for people ("deployed: release … runs now").
    virtual void outcome(const client::ops::DeployOutcome& outcome, const std::string& summary) = 0;
};

std::unique_ptr<DeployView> makeDeployView(CommandContext& context);

/// "deploy of main started as run ID", or "re-attached to run ID (still running)", without a line end.
std::string describeRun(const DeployRun& run);

} // namespace ragdesk::ragctl
