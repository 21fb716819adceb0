#pragma once

#include <QElapsedTimer>
#include <QWidget>

#include <cstdint>
#include <vector>

class QLabel;
class QProgressBar;
class QPushButton;
class QVBoxLayout;

namespace ragdesk::ui {

/// The progress of a batch of uploads: a bar per file, an overall bar with the rate and the time left, and Cancel.
/// It only shows what it is told (UploadQueue drives it); hidden while there is nothing to show.
class UploadPanel : public QWidget {
    Q_OBJECT

public:
    explicit UploadPanel(QWidget* parent = nullptr);

    /// A new batch: one row per file with its size.
    void start(const QStringList& names, const std::vector<std::uint64_t>& sizes);
    void fileProgress(int index, std::uint64_t sent);
    /// The file is on the server (or failed, with the reason).
    void fileDone(int index, const QString& error = {});
    /// The batch ended: how, in words ("3 files uploaded", "cancelled: 2 of 3 uploaded").
    void finish(const QString& summary);

    QString summary() const;
    QProgressBar* overall() const { return m_overall; }
    QPushButton* cancelButton() const { return m_cancel; }

signals:
    void cancelRequested();

private:
    void updateOverall();

    struct Row {
        QProgressBar* bar;
        QLabel* state;
        std::uint64_t size;
        std::uint64_t sent = 0;
    };
    std::vector<Row> m_rows;
    QVBoxLayout* m_files;
    QProgressBar* m_overall;
    QLabel* m_rate;
    QPushButton* m_cancel;
    QPushButton* m_close;
    QElapsedTimer m_clock;
};

} // namespace ragdesk::ui
