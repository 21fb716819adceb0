#pragma once

#include "bridge/StackWorker.h"

#include <QDialog>
#include <QElapsedTimer>

#include <string>
#include <string_view>

class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;

namespace ragdesk::ui {

class OpsSession;

/// A one-off command in a service's container (`docker exec … sh -c COMMAND`), its output streamed in as it comes,
/// cleaned as a terminal would show it (escapes never act on the window). Stop stops it in the container too; closing
/// the dialog stops it as well. Each run is recorded in the audit trail by the ops layer.
class ExecDialog : public QDialog {
    Q_OBJECT

public:
    ExecDialog(OpsSession* session, const QString& service, QWidget* parent = nullptr);
    ~ExecDialog() override;

    QLineEdit* command() const { return m_command; }
    QPlainTextEdit* output() const { return m_output; }
    QLabel* status() const { return m_status; }
    /// Runs the command typed (after a confirmation by the service's name).
    void run();
    /// Stops the run in flight.
    void stop();
    bool running() const { return m_running; }

signals:
    /// A run ended: exited (with its status), stopped, or failed.
    void runEnded(const QString& outcome);

protected:
    void reject() override;

private:
    void start();
    /// Output of the run, on the GUI thread: complete lines are shown, a partial one waits for its end.
    void received(std::string_view bytes, bool error);
    void showLine(std::string_view line, bool error);
    void ended(const QString& outcome);

    OpsSession* m_session;
    QString m_service;
    QLineEdit* m_command;
    QPlainTextEdit* m_output;
    QLabel* m_status;
    QPushButton* m_run;
    QPushButton* m_stop;
    TaskHandle m_task;
    QElapsedTimer m_clock;
    std::string m_partial[2]; ///< the unfinished line of stdout and stderr
    bool m_running = false;
    bool m_shownAny = false; ///< a line of this run is shown (the next one starts a new block)
};

} // namespace ragdesk::ui
