#include "chat/Transcript.h"

#include <QAbstractTextDocumentLayout>
#include <QClipboard>
#include <QGuiApplication>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTest>
#include <QTextBlock>
#include <QToolButton>

using ragdesk::ui::Transcript;

namespace {

const QString kAnswerWithCode =
    QStringLiteral("Run this:\n\n```bash\ndocker compose ps\ndocker compose logs web\n```\n\n"
                   "Then see [the docs](https://example.org/docs).\n");

/// The middle of the first code block's first line, in viewport coordinates.
QPoint firstCodePoint(Transcript& transcript)
{
    for (QTextBlock block = transcript.document()->begin(); block.isValid(); block = block.next()) {
        if (block.blockFormat().hasProperty(QTextFormat::BlockCodeFence)) {
            const QRectF rect = transcript.document()->documentLayout()->blockBoundingRect(block);
            return QPoint(static_cast<int>(rect.left()) + 20, static_cast<int>(rect.center().y())) -
                QPoint(transcript.horizontalScrollBar()->value(), transcript.verticalScrollBar()->value());
        }
    }
    return {};
}

} // namespace

/// The playground's transcript: turns added, streamed and removed; questions shown as typed; code blocks copied
/// whole from a button over them; links never navigate the view.
class TranscriptTest : public QObject {
    Q_OBJECT

private slots:
    void aStreamedAnswerEndsAsTheWholeAnswerUnderItsQuestion()
    {
        Transcript transcript;
        transcript.beginTurn(QStringLiteral("What is *this*?"));
        for (const QChar c : kAnswerWithCode) {
            transcript.appendAnswer(QString(c));
        }
        transcript.endTurn(QStringLiteral("Saved · total 2 s"));
        const QString shown = transcript.toPlainText();
        QVERIFY2(shown.startsWith(QStringLiteral("What is *this*?")), "the question as typed, not as Markdown");
        QVERIFY(shown.contains(QStringLiteral("docker compose logs web")));
        QVERIFY(shown.endsWith(QStringLiteral("Saved · total 2 s")));
    }

    void removingTheLastTurnLeavesTheOnesBefore()
    {
        Transcript transcript;
        transcript.addFinishedTurn(QStringLiteral("first?"), QStringLiteral("One."), QStringLiteral("Saved"));
        const QString before = transcript.toPlainText();
        transcript.beginTurn(QStringLiteral("second?"));
        transcript.appendAnswer(QStringLiteral("Part"));
        transcript.removeLastTurn();
        QCOMPARE(transcript.toPlainText(), before);
        transcript.removeLastTurn();
        QVERIFY(transcript.document()->isEmpty());
    }

    void anAnswerCutAnywhereIsReplacedByTheNextOne()
    {
        for (qsizetype cut = 1; cut < kAnswerWithCode.size(); cut += 3) {
            Transcript transcript;
            transcript.show();
            transcript.beginTurn(QStringLiteral("How?"));
            for (qsizetype at = 0; at < cut; at += 2) {
                transcript.appendAnswer(QStringView(kAnswerWithCode).mid(at, std::min<qsizetype>(2, cut - at)));
            }
            transcript.endTurn(QStringLiteral("Connection dropped"));
            transcript.removeLastTurn();
            transcript.addFinishedTurn(QStringLiteral("How?"), kAnswerWithCode, QStringLiteral("Saved"));
            QVERIFY2(transcript.toPlainText().endsWith(QStringLiteral("Saved")), qPrintable(QString::number(cut)));
            QVERIFY(!transcript.toPlainText().contains(QStringLiteral("dropped")));
        }
    }

    void aCodeBlockIsCopiedWholeFromTheButtonOverIt()
    {
        Transcript transcript;
        transcript.resize(600, 400);
        transcript.show();
        QVERIFY(QTest::qWaitForWindowExposed(&transcript));
        transcript.addFinishedTurn(QStringLiteral("How?"), kAnswerWithCode, QStringLiteral("Saved"));
        const QPoint onCode = firstCodePoint(transcript);
        QCOMPARE(transcript.codeAt(onCode), QStringLiteral("docker compose ps\ndocker compose logs web"));
        QCOMPARE(transcript.codeAt(QPoint(5, 5)), QString()); // the question is not code

        QTest::mouseMove(transcript.viewport(), onCode);
        QTRY_VERIFY(transcript.copyCodeButton()->isVisible());
        QSignalSpy copied(&transcript, &Transcript::codeCopied);
        transcript.copyCodeButton()->click();
        QCOMPARE(copied.count(), 1);
        QCOMPARE(QGuiApplication::clipboard()->text(), QStringLiteral("docker compose ps\ndocker compose logs web"));
        QTest::mouseMove(transcript.viewport(), QPoint(5, 5));
        QTRY_VERIFY(!transcript.copyCodeButton()->isVisible());
    }

    void aClickedLinkLeavesTheTranscriptAsItIs()
    {
        Transcript transcript;
        transcript.addFinishedTurn(QStringLiteral("Where?"),
            QStringLiteral("[run me](file:///bin/sh) or [docs](https://example.org)"), QStringLiteral("Saved"));
        const QString before = transcript.toPlainText();
        // What a click does: Transcript opens web and mail links only (not testable without a browser), never here.
        emit transcript.anchorClicked(QUrl(QStringLiteral("file:///bin/sh")));
        QCOMPARE(transcript.toPlainText(), before);
        QVERIFY(!transcript.openLinks());
    }
};

QTEST_MAIN(TranscriptTest)
#include "TranscriptTest.moc"
