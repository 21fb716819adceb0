// The chat history table at 10,000 rows (issue #14): the GUI-thread time of loading the rows into the page's model
// and view, of re-sorting by each column, and of filtering as a filter is typed, as stalls with their p99. Offscreen,
// the page's own RecordModel and RecordTable; the view is shown, so layout and painting of the visible rows count.
#include "OffscreenBenchmarks.h"
#include "models/RecordModel.h"
#include "widgets/RecordTable.h"

#include "ragdesk/client/api/Chats.h"

#include <QLineEdit>
#include <QTableView>

#include <algorithm>
#include <chrono>
#include <random>
#include <vector>

namespace {

using ragdesk::client::api::Chat;
using ragdesk::ui::RecordModel;

constexpr int kRows = 10'000;

std::vector<Chat> chats(unsigned seed)
{
    std::mt19937 random(seed);
    const char* const questions[] = {"How do I reset my password?", "What does the Pro plan cost?",
        "Where is my data stored?", "Can I pay monthly?", "Which identity providers do you support for SSO?"};
    std::vector<Chat> rows;
    const auto now = std::chrono::time_point_cast<std::chrono::microseconds>(std::chrono::system_clock::now());
    for (int i = 0; i < kRows; ++i) {
        Chat chat;
        chat.id = ragdesk::client::api::ChatId("chat-" + std::to_string(seed) + "-" + std::to_string(i));
        chat.title = questions[random() % 5] + std::string(" #") + std::to_string(i);
        chat.messageCount = static_cast<int>(random() % 20) + 2;
        chat.totalPromptTokens = random() % 50'000;
        chat.totalCompletionTokens = random() % 20'000;
        chat.createdAt = now - std::chrono::seconds(random() % 5'000'000);
        chat.updatedAt = chat.createdAt + std::chrono::seconds(random() % 10'000);
        rows.push_back(std::move(chat));
    }
    return rows;
}

std::vector<RecordModel<Chat>::Column> columns()
{
    return {
        {QStringLiteral("Title"), [](const Chat& chat) { return QString::fromStdString(chat.title); }},
        {QStringLiteral("Messages"), [](const Chat& chat) { return chat.messageCount; }},
        {QStringLiteral("Tokens"),
            [](const Chat& chat) {
                return static_cast<qlonglong>(chat.totalPromptTokens + chat.totalCompletionTokens);
            }},
        {QStringLiteral("Last message"),
            [](const Chat& chat) { return static_cast<qint64>(chat.updatedAt.time_since_epoch().count()); }},
    };
}

double p99(std::vector<double> values)
{
    std::sort(values.begin(), values.end());
    return values.empty() ? 0 : values[std::min(values.size() - 1, values.size() * 99 / 100)];
}

template <typename Work> double stallMs(Work work)
{
    const auto start = std::chrono::steady_clock::now();
    work();
    QCoreApplication::processEvents(); // the layout and paint the change caused
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}

/// The page's model and table, shown at a page's size; with `rows`, loaded and laid out.
struct ShownTable {
    explicit ShownTable(std::vector<Chat> rows = {})
        : model(columns(), [](const Chat& chat) { return QString::fromStdString(chat.id.str()); }),
          table(&model, QStringLiteral("filter"))
    {
        table.resize(1000, 700);
        table.show();
        if (!rows.empty()) {
            model.setRecords(std::move(rows));
            QCoreApplication::processEvents();
        }
    }
    RecordModel<Chat> model;
    ragdesk::ui::RecordTable table;
};

void BM_LoadRows(benchmark::State& state)
{
    ShownTable shown;
    std::vector<double> stalls;
    unsigned seed = 0;
    for (auto _ : state) {
        state.PauseTiming();
        auto rows = chats(++seed); // new ids each time: a full reset, the worst case of a refresh
        state.ResumeTiming();
        stalls.push_back(stallMs([&] { shown.model.setRecords(std::move(rows)); }));
    }
    state.counters["stall_p99_ms"] = p99(stalls);
}
BENCHMARK(BM_LoadRows)->Iterations(20)->Unit(benchmark::kMillisecond);

void BM_SortEachColumn(benchmark::State& state)
{
    ShownTable shown(chats(1));
    std::vector<double> stalls;
    int sort = 0;
    for (auto _ : state) {
        const int column = sort % 4;
        const auto order = (sort / 4) % 2 ? Qt::DescendingOrder : Qt::AscendingOrder;
        ++sort;
        stalls.push_back(stallMs([&] { shown.table.view()->sortByColumn(column, order); }));
    }
    state.counters["stall_p99_ms"] = p99(stalls);
}
BENCHMARK(BM_SortEachColumn)->Iterations(40)->Unit(benchmark::kMillisecond);

void BM_FilterAsTyped(benchmark::State& state)
{
    ShownTable shown(chats(1));
    const QString typed = QStringLiteral("pro plan");
    std::vector<double> stalls;
    int keystroke = 0;
    for (auto _ : state) {
        // "p", "pr", … "pro plan", then cleared: each keystroke filters the 10,000 rows again.
        const int length = keystroke++ % (typed.size() + 1);
        stalls.push_back(stallMs([&] { shown.table.filter()->setText(typed.left(length)); }));
    }
    state.counters["stall_p99_ms"] = p99(stalls);
}
BENCHMARK(BM_FilterAsTyped)->Iterations(36)->Unit(benchmark::kMillisecond);

} // namespace

int main(int argc, char** argv)
{
    return runOffscreenBenchmarks(argc, argv);
}
