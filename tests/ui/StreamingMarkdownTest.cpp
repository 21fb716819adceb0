#include "chat/StreamingMarkdown.h"

#include <QTest>
#include <QTextBlock>
#include <QTextDocument>
#include <QTextList>
#include <QTextTable>

#include <random>

using ragdesk::ui::StreamingMarkdown;

namespace {

/// Answers that are hard to stream: fences opened and closed across tokens (with blank lines inside), nested and
/// loose lists, tables, headings right after code, quotes, inline formats, an unclosed fence at the end.
const char* const kCorpus[] = {
    "Intro paragraph.\n\n```cpp\nint main() {\n\n    return 0;\n}\n```\n## After code\nText right after.\n",
    "- a\n  - b\n    - c\n- d\n\n1. one\n2. two\n   - sub\n\nEnd of lists.",
    "- loose a\n\n- loose b\n\n  continued b\n\n- loose c\n\nA paragraph after.",
    "| Plan | Price |\n|---|---:|\n| Free | 0 € |\n| Pro | 49 € |\n\nAfter the table.\n\n| a | b |\n|---|---|\n| 1 | 2 "
    "|",
    "```\ncode\n```\n# Heading one\n## Heading two\ntext under it\n\n~~~python\nprint('x')\n\n~~~\nDone.",
    "**Bold** and *italic* with [a link](https://example.com) and `inline code`.\n\n> a quote\n> on two lines\n\n"
    "Grüße 🚀 — unicode.\n\n---\n\nAfter a rule.",
    "# Title\n\nSome text.\n\n```bash\necho open fence never closed\n\nstill code",
    "1. first\n\n2. second\n\n10. tenth\n\nPlain.\n\n* star item\n* another\n\n+ plus item",
    "# Title\n\nSome text that is long enough.\n\n## Second heading\n\nMore text after the second heading.\n\n"
    "### Third\n\n```\nlast block is code\n```\n\n- then a list\n- of two\n",
    "Paragraph one\nwith a soft break.\n\n```json\n{\"a\": 1}\n```\n1. list right after code\n2. second\n\n"
    "> quote\n\n> another quote\n\n    indented code block\n\nEnd.",
    "1. First step.\n\n   ```sql\n   SELECT 1;\n\n   SELECT 2;\n   ```\n2. Second step.\n\n   ```bash\n   curl -sS x\n "
    "  ```\n"
    "3. Third step.\n\nAfter the steps.",
};

/// What a reader sees of each block: text, heading level, list membership and number, table cell, code, quote level,
/// rule.
QStringList structureOf(const QTextDocument& document)
{
    QStringList blocks;
    for (QTextBlock block = document.begin(); block.isValid(); block = block.next()) {
        const QTextBlockFormat format = block.blockFormat();
        const QTextList* list = block.textList();
        blocks << QStringLiteral("%1|h%2|l%3.%4%9|t%5|c%6|q%7|r%8")
                      .arg(block.text())
                      .arg(format.headingLevel())
                      .arg(list ? int(list->format().style()) : 0)
                      .arg(list ? list->format().indent() : 0)
                      .arg(QTextCursor(block).currentTable() != nullptr)
                      .arg(format.nonBreakableLines())
                      .arg(format.intProperty(QTextFormat::BlockQuoteLevel))
                      .arg(format.hasProperty(QTextFormat::BlockTrailingHorizontalRulerWidth))
                      .arg(list ? list->itemText(block) : QString()); // "2." only when the list goes on
    }
    return blocks;
}

/// The answer streamed in tokens of 1–6 characters, rendered every 1–5 tokens, then finished.
void streamInto(QTextDocument& document, const QString& answer, unsigned seed)
{
    StreamingMarkdown stream(&document);
    std::mt19937 random(seed);
    int sinceRender = 0;
    for (qsizetype at = 0; at < answer.size();) {
        const qsizetype length = std::min<qsizetype>(1 + random() % 6, answer.size() - at);
        stream.append(QStringView(answer).mid(at, length));
        at += length;
        if (++sinceRender >= 1 + static_cast<int>(random() % 5)) {
            stream.render();
            sinceRender = 0;
        }
    }
    stream.finish();
}

} // namespace

/// The streamed rendering of an answer ends equal to a one-shot setMarkdown of the whole text, however the tokens
/// were cut and however often it was rendered on the way.
class StreamingMarkdownTest : public QObject {
    Q_OBJECT

private slots:
    void aStreamedAnswerEndsAsTheWholeTextRenderedAtOnce_data()
    {
        QTest::addColumn<QString>("answer");
        for (size_t i = 0; i < std::size(kCorpus); ++i) {
            QTest::newRow(qPrintable(QStringLiteral("answer %1").arg(i))) << QString::fromUtf8(kCorpus[i]);
        }
    }

    void aStreamedAnswerEndsAsTheWholeTextRenderedAtOnce()
    {
        QFETCH(QString, answer);
        QTextDocument whole;
        whole.setMarkdown(answer);
        for (unsigned seed = 1; seed <= 20; ++seed) {
            QTextDocument streamed;
            streamInto(streamed, answer, seed);
            QCOMPARE(structureOf(streamed), structureOf(whole));
            QCOMPARE(streamed.toMarkdown(), whole.toMarkdown());
        }
    }

    void anAnswerAfterEarlierTurnsLeavesThemAsTheyWere()
    {
        QTextDocument transcript;
        transcript.setMarkdown(QStringLiteral("## You\n\nWhat does it cost?"));
        const QStringList before = structureOf(transcript);
        streamInto(transcript, QStringLiteral("**49 €** a month:\n\n- billed monthly\n- cancel any time\n"), 7);
        const QStringList after = structureOf(transcript);
        QCOMPARE(after.mid(0, before.size()), before);
        QVERIFY2(after.join(QLatin1Char('\n')).contains(QStringLiteral("cancel any time|h0|l-1.1")),
            qPrintable(after.join(QLatin1Char('\n'))));
    }

    void theOpenTailIsShownBeforeItIsFinished()
    {
        QTextDocument document;
        StreamingMarkdown stream(&document);
        stream.append(u"# Heading\n\nA paragraph still being writ");
        stream.render();
        QCOMPARE(document.firstBlock().blockFormat().headingLevel(), 1);
        QVERIFY(document.toPlainText().endsWith(QStringLiteral("still being writ")));
        stream.append(u"ten.");
        stream.render();
        QVERIFY(document.toPlainText().endsWith(QStringLiteral("still being written.")));
        QCOMPARE(stream.source(), QStringLiteral("# Heading\n\nA paragraph still being written."));
    }
};

QTEST_MAIN(StreamingMarkdownTest)
#include "StreamingMarkdownTest.moc"
