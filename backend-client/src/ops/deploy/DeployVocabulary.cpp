// The runner script's words for steps, states and outcomes (deploy-runner.sh writes them into progress.jsonl and
// the release log), mapped to the enums of Deployer.h in one table each.
#include "ragdesk/client/ops/deploy/Deployer.h"

#include <algorithm>
#include <array>
#include <utility>

namespace ragdesk::client::ops {
namespace {

template <typename Enum, size_t N>
std::string_view nameIn(const std::array<std::pair<Enum, std::string_view>, N>& table, Enum value)
{
    const auto it = std::find_if(table.begin(), table.end(), [&](const auto& entry) { return entry.first == value; });
    return it == table.end() ? std::string_view("other") : it->second;
}

template <typename Enum, size_t N>
Enum valueIn(const std::array<std::pair<Enum, std::string_view>, N>& table, std::string_view text, Enum fallback)
{
    const auto it = std::find_if(table.begin(), table.end(), [&](const auto& entry) { return entry.second == text; });
    return it == table.end() ? fallback : it->first;
}

constexpr std::array<std::pair<DeployStep, std::string_view>, 13> kSteps{{
    {DeployStep::Lock, "lock"},
    {DeployStep::Backup, "backup"},
    {DeployStep::MaintenanceOn, "maintenance-on"},
    {DeployStep::Fetch, "fetch"},
    {DeployStep::Checkout, "checkout"},
    {DeployStep::Build, "build"},
    {DeployStep::Stop, "stop"},
    {DeployStep::Restore, "restore"},
    {DeployStep::Up, "up"},
    {DeployStep::Health, "health"},
    {DeployStep::Rollback, "rollback"},
    {DeployStep::MaintenanceOff, "maintenance-off"},
    {DeployStep::Done, "done"},
}};

constexpr std::array<std::pair<StepState, std::string_view>, 4> kStates{{
    {StepState::Started, "started"},
    {StepState::Ok, "ok"},
    {StepState::Failed, "failed"},
    {StepState::Skipped, "skipped"},
}};

constexpr std::array<std::pair<RunOutcome, std::string_view>, 7> kOutcomes{{
    {RunOutcome::Deployed, "deployed"},
    {RunOutcome::RolledBack, "rolled-back"},
    {RunOutcome::Rollback, "rollback"},
    {RunOutcome::Restored, "restored"},
    {RunOutcome::Failed, "failed"},
    {RunOutcome::Interrupted, "interrupted"},
    {RunOutcome::Unknown, "unknown"},
}};

} // namespace

std::string_view name(DeployStep step)
{
    return nameIn(kSteps, step);
}

DeployStep deployStepNamed(std::string_view text)
{
    return valueIn(kSteps, text, DeployStep::Other);
}

std::string_view name(StepState state)
{
    return nameIn(kStates, state);
}

StepState stepStateNamed(std::string_view text)
{
    return valueIn(kStates, text, StepState::Other);
}

std::string_view name(RunOutcome outcome)
{
    return nameIn(kOutcomes, outcome);
}

RunOutcome runOutcomeNamed(std::string_view text)
{
    return valueIn(kOutcomes, text, RunOutcome::Unknown);
}

bool succeeded(RunOutcome outcome)
{
    return outcome == RunOutcome::Deployed || outcome == RunOutcome::Rollback || outcome == RunOutcome::Restored;
}

std::string runWord(const std::string& mode)
{
    return mode == "start" ? "deploy" : mode;
}

bool wentLive(const Release& release)
{
    return release.outcome == RunOutcome::Deployed || release.outcome == RunOutcome::Rollback;
}

} // namespace ragdesk::client::ops
