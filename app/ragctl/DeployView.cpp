#include "DeployView.h"

#include "JsonViews.h"
#include "Output.h"

#include <fmt/chrono.h>
#include <fmt/format.h>

#include <condition_variable>
#include <map>
#include <mutex>
#include <optional>
#include <thread>

namespace ragdesk::ragctl {
namespace {

using client::api::Timestamp;
using client::ops::DeployEvent;
using client::ops::DeployOutcome;
using client::ops::DeployStep;
using client::ops::StepState;

constexpr size_t kMessageChars = 76;

/// When each step started, to show how long it took once it ends.
class StepClock {
public:
    void started(const DeployEvent& event)
    {
        if (event.time) {
            m_started[event.stepName] = *event.time;
        }
    }
    /// "12s" for a step that had a "started" event, else empty.
    std::string elapsed(const DeployEvent& event) const
    {
        const auto start = m_started.find(event.stepName);
        return start == m_started.end() || !event.time
            ? std::string()
            : humanAge(std::chrono::floor<std::chrono::seconds>(*event.time - start->second));
    }

private:
    std::map<std::string, Timestamp> m_started;
};

/// One line per event, for pipes and files: "19:50:13  build            ok       images tagged … (12s)".
class LineDeployView final : public DeployView {
public:
    explicit LineDeployView(std::ostream& out) : m_out(out) { }

    void begin(const DeployRun& run) override { m_out << describeRun(run) << '\n' << std::flush; }

    void event(const DeployEvent& event) override
    {
        if (event.step == DeployStep::Done) {
            return; // the outcome line says it
        }
        std::string elapsed;
        if (event.state == StepState::Started) {
            m_clock.started(event);
        } else {
            elapsed = m_clock.elapsed(event);
        }
        const std::string time =
            event.time ? fmt::format("{:%H:%M:%S}", std::chrono::floor<std::chrono::seconds>(*event.time)) : "--:--:--";
        m_out << fmt::format("{}  {:<16} {:<8} {}{}\n", time, event.stepName, name(event.state),
                     oneLine(event.message, 200), elapsed.empty() ? "" : " (" + elapsed + ")")
              << std::flush;
    }

    void reconnected(const std::string& notice) override
    {
        m_out << "re-attached after a dropped connection (" << notice << ")\n" << std::flush;
    }

    void outcome(const DeployOutcome&, const std::string& summary) override { m_out << summary << '\n' << std::flush; }

private:
    std::ostream& m_out;
    StepClock m_clock;
};

/// The steps as a list on a terminal: a step that started stays on the last line with a ticking elapsed time
/// until it ends, then that line shows its mark (✓ ok, ✗ failed, - skipped) and how long it took.
class TerminalDeployView final : public DeployView {
public:
    explicit TerminalDeployView(std::ostream& out) : m_out(out), m_ticker([this] { tick(); }) { }

    ~TerminalDeployView() override
    {
        {
            const std::lock_guard lock(m_mutex);
            m_stopping = true;
            closeOpenLine();
        }
        m_wake.notify_all();
        m_ticker.join();
    }

    void begin(const DeployRun& run) override
    {
        const std::lock_guard lock(m_mutex);
        m_out << describeRun(run) << (run.running ? " (Ctrl-C stops watching, not the run)" : "") << '\n' << std::flush;
    }

    void event(const DeployEvent& event) override
    {
        const std::lock_guard lock(m_mutex);
        if (event.step == DeployStep::Done) {
            return;
        }
        if (event.state == StepState::Started) {
            closeOpenLine();
            m_clock.started(event);
            m_open = OpenStep{event.stepName, event.message, event.time};
            drawOpenLine();
            return;
        }
        if (m_open && m_open->step == event.stepName) {
            m_out << '\r';
            m_open.reset();
        } else {
            closeOpenLine();
        }
        m_out << line(mark(event.state), event.stepName, m_clock.elapsed(event), event.message) << "\x1b[K\n"
              << std::flush;
    }

    void reconnected(const std::string& notice) override
    {
        const std::lock_guard lock(m_mutex);
        closeOpenLine();
        m_out << "  (re-attached after a dropped connection: " << notice << ")\n" << std::flush;
    }

    void outcome(const DeployOutcome&, const std::string& summary) override
    {
        const std::lock_guard lock(m_mutex);
        closeOpenLine();
        m_out << summary << '\n' << std::flush;
    }

private:
    struct OpenStep {
        std::string step;
        std::string message;
        std::optional<Timestamp> since;
    };

    static std::string mark(StepState state)
    {
        switch (state) {
        case StepState::Ok:
            return "✓";
        case StepState::Failed:
            return "✗";
        case StepState::Skipped:
            return "-";
        case StepState::Started:
        case StepState::Other:
            break;
        }
        return "·";
    }

    static std::string line(
        const std::string& mark, const std::string& step, const std::string& elapsed, const std::string& message)
    {
        return fmt::format("  {} {:<16}{:>7}  {}", mark, step, elapsed, oneLine(message, kMessageChars));
    }

    // With m_mutex held.
    void drawOpenLine()
    {
        if (!m_open) {
            return;
        }
        const std::string elapsed = m_open->since
            ? humanAge(std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now() - *m_open->since))
            : std::string();
        m_out << '\r' << line("…", m_open->step, elapsed, m_open->message) << "\x1b[K" << std::flush;
    }

    // With m_mutex held: a step still running keeps its line as last drawn; what follows starts below it.
    void closeOpenLine()
    {
        if (m_open) {
            m_out << '\n' << std::flush;
            m_open.reset();
        }
    }

    void tick()
    {
        std::unique_lock lock(m_mutex);
        while (!m_stopping) {
            m_wake.wait_for(lock, std::chrono::seconds(1), [this] { return m_stopping; });
            if (!m_stopping) {
                drawOpenLine();
            }
        }
    }

    std::ostream& m_out;
    std::mutex m_mutex; // the stream and the state below are shared with the ticker
    std::condition_variable m_wake;
    bool m_stopping = false;
    std::optional<OpenStep> m_open;
    StepClock m_clock;
    std::thread m_ticker; // last: started once the members above exist
};

/// NDJSON: {"event":"started"|"attached"}, then {"event":"step"} and {"event":"reconnected"} lines, then
/// {"event":"outcome"}.
class JsonDeployView final : public DeployView {
public:
    explicit JsonDeployView(CommandContext& context) : m_context(context) { }

    void begin(const DeployRun& run) override
    {
        if (run.started) {
            m_context.printJson({{"event", "started"}, {"id", run.id}, {"action", run.action}, {"target", run.target}});
        } else {
            m_context.printJson({{"event", "attached"}, {"id", run.id}, {"running", run.running}});
        }
    }

    void event(const DeployEvent& event) override { m_context.printJson(wire::of(event)); }

    void reconnected(const std::string& notice) override
    {
        m_context.printJson({{"event", "reconnected"}, {"message", notice}});
    }

    void outcome(const DeployOutcome& outcome, const std::string&) override { m_context.printJson(wire::of(outcome)); }

private:
    CommandContext& m_context;
};

} // namespace

std::string describeRun(const DeployRun& run)
{
    if (run.started) {
        return run.action + " of " + run.target + " started as run " + run.id;
    }
    const std::string what = run.action.empty() ? "" : " (" + run.action + " of " + run.target + ")";
    return run.running ? "re-attached to run " + run.id + what + ", still running"
                       : "run " + run.id + what + " has finished; its steps:";
}

std::unique_ptr<DeployView> makeDeployView(CommandContext& context)
{
    if (context.json()) {
        return std::make_unique<JsonDeployView>(context);
    }
    if (context.terminal().stdoutIsTerminal()) {
        return std::make_unique<TerminalDeployView>(context.out());
    }
    return std::make_unique<LineDeployView>(context.out());
}

} // namespace ragdesk::ragctl
