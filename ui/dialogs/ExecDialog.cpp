#include "ExecDialog.h"

#include "Confirmation.h"
#include "bridge/OpsSession.h"
#include "widgets/ErrorBanner.h"

#include "ragdesk/client/ops/StackOps.h"
#include "ragdesk/client/ops/logs/TerminalText.h"

#include <QCoreApplication>
#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPointer>
#include <QPushButton>
#include <QScrollBar>
#include <QTextBlock>
#include <QVBoxLayout>

namespace ragdesk::ui {
namespace {

constexpr int kMaxLines = 20'000; ///< older output scrolls away
constexpr size_t kMaxPartialBytes = size_t{64} << 10; ///< a line without an end is shown in pieces this large

} // namespace

ExecDialog::ExecDialog(OpsSession* session, const QString& service, QWidget* parent)
    : QDialog(parent),
      m_session(session),
      m_service(service),
      m_command(new QLineEdit(this)),
      m_output(new QPlainTextEdit(this)),
      m_status(new QLabel(this)),
      m_run(new QPushButton(tr("&Run"), this)),
      m_stop(new QPushButton(tr("&Stop"), this))
{
    setWindowTitle(tr("Run a command in %1").arg(service));
    resize(820, 520);
    m_command->setPlaceholderText(tr("e.g. python -m app.scripts.check, or ls -la /data"));
    m_command->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_output->setReadOnly(true);
    m_output->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_output->setMaximumBlockCount(kMaxLines);
    m_output->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_status->setText(tr("Runs with sh -c in the service's first running container; recorded in the audit trail."));
    m_status->setWordWrap(true);
    m_stop->setEnabled(false);
    m_run->setDefault(true);

    auto* form = new QFormLayout;
    form->addRow(tr("&Command:"), m_command);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    buttons->addButton(m_run, QDialogButtonBox::ActionRole);
    buttons->addButton(m_stop, QDialogButtonBox::ActionRole);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_output, 1);
    layout->addWidget(m_status);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::rejected, this, &ExecDialog::reject);
    connect(m_run, &QPushButton::clicked, this, &ExecDialog::run);
    connect(m_stop, &QPushButton::clicked, this, &ExecDialog::stop);
    connect(m_command, &QLineEdit::returnPressed, this, &ExecDialog::run);
}

ExecDialog::~ExecDialog()
{
    m_task.cancel(); // the ops layer stops it in the container too
}

void ExecDialog::run()
{
    const QString command = m_command->text().trimmed();
    if (m_running || command.isEmpty()) {
        return;
    }
    Confirmation::askByName(this, tr("Run a command"),
        tr("Run <tt>%1</tt> in the container of <b>%2</b>? It runs as the container's user and is recorded in the "
           "audit trail.")
            .arg(command.toHtmlEscaped(), m_service.toHtmlEscaped()),
        m_service, tr("Run"), [this] { start(); });
}

void ExecDialog::start()
{
    m_running = true;
    m_run->setEnabled(false);
    m_stop->setEnabled(true);
    m_command->setEnabled(false);
    m_output->clear();
    m_shownAny = false;
    m_partial[0].clear();
    m_partial[1].clear();
    m_status->setText(tr("Running…"));
    m_clock.start();
    const QPointer<ExecDialog> self(this);
    // Output arrives on the worker's thread: each piece is handed to the GUI thread as it comes.
    auto forward = [self](bool error) {
        return [self, error](std::string_view bytes) {
            // Through the application object, which lives on the GUI thread: `self` is only read there.
            QMetaObject::invokeMethod(
                qApp,
                [self, error, piece = std::string(bytes)] {
                    if (self) {
                        self->received(piece, error);
                    }
                },
                Qt::QueuedConnection);
        };
    };
    client::ops::ExecRequest request{.service = m_service.toStdString(),
        .argv = {"sh", "-c", m_command->text().trimmed().toStdString()},
        .input = {},
        .timeout = std::chrono::minutes(30),
        .onStdout = forward(false),
        .onStderr = forward(true),
        .cancel = {}};
    m_task = m_session->run<client::ssh::CommandResult>(
        this, OpsSession::Lane::Actions,
        [request](const OpsSession::Ops& ops, const TaskContext& context) mutable {
            request.cancel = context.cancel();
            return ops->exec(request);
        },
        [this](client::Result<client::ssh::CommandResult> result) {
            for (int stream = 0; stream < 2; ++stream) {
                if (!m_partial[stream].empty()) {
                    showLine(std::exchange(m_partial[stream], {}), stream == 1);
                }
            }
            const QString took = QLocale().toString(static_cast<double>(m_clock.elapsed()) / 1000.0, 'f', 1);
            if (result) {
                ended(tr("Exited with status %1 after %2 s.").arg(result->exitStatus).arg(took));
            } else if (result.error().kind == client::ErrorKind::Cancelled) {
                ended(tr("Stopped after %1 s: %2").arg(took, QString::fromStdString(result.error().message)));
            } else {
                ended(failureText(tr("run the command"), result.error()));
            }
        });
}

void ExecDialog::stop()
{
    if (m_running) {
        m_status->setText(tr("Stopping it in the container…"));
        m_task.cancel();
    }
}

void ExecDialog::reject()
{
    stop();
    QDialog::reject();
}

void ExecDialog::received(std::string_view bytes, bool error)
{
    std::string& partial = m_partial[error ? 1 : 0];
    while (!bytes.empty()) {
        const size_t end = bytes.find('\n');
        if (end == std::string_view::npos) {
            partial.append(bytes);
            if (partial.size() >= kMaxPartialBytes) {
                showLine(std::exchange(partial, {}), error);
            }
            return;
        }
        partial.append(bytes.substr(0, end));
        showLine(partial, error);
        partial.clear();
        bytes.remove_prefix(end + 1);
    }
}

void ExecDialog::showLine(std::string_view line, bool error)
{
    const client::ops::CleanText clean = client::ops::cleanTerminalText(line);
    QTextCharFormat format;
    if (error) {
        format.setForeground(QColor(0xc6, 0x28, 0x28));
    }
    QScrollBar* scroll = m_output->verticalScrollBar();
    const bool following = scroll->value() == scroll->maximum(); // else the person scrolled up to read
    QTextCursor cursor(m_output->document());
    cursor.movePosition(QTextCursor::End);
    if (std::exchange(m_shownAny, true)) {
        cursor.insertBlock();
    }
    cursor.insertText(QString::fromUtf8(clean.text.data(), static_cast<qsizetype>(clean.text.size())), format);
    if (following) {
        scroll->setValue(scroll->maximum());
    }
}

void ExecDialog::ended(const QString& outcome)
{
    m_running = false;
    m_run->setEnabled(true);
    m_stop->setEnabled(false);
    m_command->setEnabled(true);
    m_status->setText(outcome);
    emit runEnded(outcome);
}

} // namespace ragdesk::ui
