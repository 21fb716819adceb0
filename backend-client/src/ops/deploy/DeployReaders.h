#pragma once

#include "ragdesk/client/ops/deploy/Deployer.h"

#include <string_view>
#include <vector>

namespace ragdesk::client::ops {

/// The field separator of the ref listing (ASCII unit separator): no branch, tag or name holds it.
inline constexpr char kRefFieldSeparator = '\x1f';

/// Reads the ref listing Deployer::refs runs on the server: one record a line, fields split by kRefFieldSeparator:
/// kind (B branch, T tag, C commit, F fetch problem), revision, commit time (Unix seconds), author, name, subject.
/// The subject is the rest of the line, so a stray separator in it stays part of it. Unreadable lines are skipped;
/// origin's HEAD (an alias of a branch) is not listed.
DeployRefs readDeployRefs(std::string_view listing);

/// The marker run_step writes before each step's output in a run's output log: "### ragdesk step <step>: <command>".
inline constexpr std::string_view kStepMarker = "### ragdesk step ";

/// Splits a run's output log at the step markers. Text before the first marker (the start of a log cut to its
/// tail, or what the runner printed itself) is a step with an empty name.
std::vector<StepOutput> readStepOutputs(std::string_view log);

} // namespace ragdesk::client::ops
