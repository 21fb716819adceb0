// The chat pane's rendering of a streamed answer (issue #15): a 20,000-token Markdown answer (headings, lists, code
// fences, tables) arriving at 1,000 tok/s, coalesced per 16 ms frame (16 tokens), shown by the playground pane's
// Transcript (StreamingMarkdown under the question, the view following the end) offscreen. Per token = the frame's
// render, layout and paint divided by its tokens. Prints the median and p99 per token, the first and last 1,000 tokens
// (their ratio shows whether the cost grows with the answer), the frame p99, and the floor of the same frames as plain
// insertText. RAGDESK_BENCH_SMOKE=1 streams 2,000 tokens.
#include "OffscreenBenchmarks.h"
#include "chat/Transcript.h"

#include <QAbstractTextDocumentLayout>
#include <QTextCursor>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <functional>
#include <vector>

namespace {

constexpr int kTokensPerFrame = 16; // 1,000 tok/s in 16 ms frames

/// An answer of about `count` tokens (a token: a word with its space, or a piece of Markdown syntax).
std::vector<QString> answerTokens(int count)
{
    const QString sections[] = {
        QStringLiteral("## Plans and prices\n\nThe **Pro** plan costs 49 euros per month and includes *priority* "
                       "support, [the status page](https://status.example.com) and `sso` login.\n\n"),
        QStringLiteral(
            "- Free: one bot\n- Pro: ten bots\n  - with webhooks\n  - with analytics\n- Team: unlimited\n\n"),
        QStringLiteral("```python\ndef answer(question):\n    chunks = retrieve(question, k=5)\n\n"
                       "    return generate(question, chunks)\n```\n"),
        QStringLiteral("| Plan | Bots | Price |\n|---|---:|---:|\n| Free | 1 | 0 € |\n| Pro | 10 | 49 € |\n\n"),
        QStringLiteral(
            "1. Open the dashboard\n2. Pick a bot\n3. Ask your question\n\n> Answers cite their sources.\n\n"),
    };
    std::vector<QString> tokens;
    for (int section = 0; static_cast<int>(tokens.size()) < count; ++section) {
        const QString& text = sections[section % std::size(sections)];
        qsizetype start = 0;
        for (qsizetype at = 1; at <= text.size(); ++at) {
            if (at == text.size() || text[at - 1] == QLatin1Char(' ') || text[at - 1] == QLatin1Char('\n')) {
                tokens.push_back(text.mid(start, at - start));
                start = at;
            }
        }
    }
    tokens.resize(static_cast<size_t>(count));
    return tokens;
}

double percentile(std::vector<double> values, double fraction)
{
    std::sort(values.begin(), values.end());
    return values.empty() ? 0 : values[std::min(values.size() - 1, static_cast<size_t>(values.size() * fraction))];
}

double mean(const std::vector<double>& values, size_t from, size_t to)
{
    to = std::min(to, values.size());
    double sum = 0;
    for (size_t i = from; i < to; ++i) {
        sum += values[i];
    }
    return to > from ? sum / static_cast<double>(to - from) : 0;
}

/// Streams the answer into a shown view frame by frame with `apply` (the frame's tokens, the view's document) and
/// reports the per-token and per-frame figures.
void streamFrames(benchmark::State& state, const std::function<void(const QString&, ragdesk::ui::Transcript&)>& apply)
{
    const int count = std::getenv("RAGDESK_BENCH_SMOKE") ? 2'000 : 20'000;
    const std::vector<QString> tokens = answerTokens(count);
    for (auto _ : state) {
        ragdesk::ui::Transcript view;
        view.resize(900, 700);
        view.show();
        QCoreApplication::processEvents();
        std::vector<double> perToken; // ms, one entry per token (its frame's share)
        std::vector<double> frames;
        for (size_t first = 0; first < tokens.size(); first += kTokensPerFrame) {
            const size_t last = std::min(tokens.size(), first + kTokensPerFrame);
            QString batch;
            for (size_t i = first; i < last; ++i) {
                batch += tokens[i];
            }
            const auto start = std::chrono::steady_clock::now();
            apply(batch, view);
            view.document()->documentLayout()->documentSize(); // the layout the frame needs
            view.viewport()->repaint();
            const double ms =
                std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
            frames.push_back(ms);
            perToken.insert(perToken.end(), last - first, ms / static_cast<double>(last - first));
        }
        const double firstK = mean(perToken, 0, 1'000);
        const double lastK = mean(perToken, perToken.size() - 1'000, perToken.size());
        state.counters["token_median_ms"] = percentile(perToken, 0.5);
        state.counters["token_p99_ms"] = percentile(perToken, 0.99);
        state.counters["first_1k_ms"] = firstK;
        state.counters["last_1k_ms"] = lastK;
        state.counters["last_over_first"] = firstK > 0 ? lastK / firstK : 0;
        state.counters["frame_p99_ms"] = percentile(frames, 0.99);
        state.counters["tokens"] = static_cast<double>(tokens.size());
    }
}

void BM_PaneTranscript(benchmark::State& state)
{
    streamFrames(state, [](const QString& batch, ragdesk::ui::Transcript& view) {
        if (view.document()->isEmpty()) {
            view.beginTurn(QStringLiteral("What do the plans cost, and how do I ask a bot?"));
        }
        view.appendAnswer(batch); // what the pane does with each frame's text
    });
}
BENCHMARK(BM_PaneTranscript)->Iterations(1)->Unit(benchmark::kMillisecond);

void BM_PlainInsertTextFloor(benchmark::State& state)
{
    streamFrames(state, [](const QString& batch, ragdesk::ui::Transcript& view) {
        QTextCursor end(view.document());
        end.movePosition(QTextCursor::End);
        end.insertText(batch);
    });
}
BENCHMARK(BM_PlainInsertTextFloor)->Iterations(1)->Unit(benchmark::kMillisecond);

} // namespace

int main(int argc, char** argv)
{
    return runOffscreenBenchmarks(argc, argv);
}
