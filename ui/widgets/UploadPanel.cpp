#include "UploadPanel.h"

#include "TransferText.h"

#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QVBoxLayout>

#include <numeric>

namespace ragdesk::ui {
namespace {

/// Bars count in KiB so files up to the API's limit stay within an int.
int kib(std::uint64_t bytes)
{
    return static_cast<int>(bytes / 1024);
}

} // namespace

UploadPanel::UploadPanel(QWidget* parent)
    : QWidget(parent),
      m_files(new QVBoxLayout),
      m_overall(new QProgressBar(this)),
      m_rate(new QLabel(this)),
      m_cancel(new QPushButton(tr("Cancel uploads"), this)),
      m_close(new QPushButton(tr("Close"), this))
{
    auto* bottom = new QHBoxLayout;
    bottom->addWidget(m_overall, 1);
    bottom->addWidget(m_rate);
    bottom->addWidget(m_cancel);
    bottom->addWidget(m_close);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(m_files);
    layout->addLayout(bottom);
    connect(m_cancel, &QPushButton::clicked, this, &UploadPanel::cancelRequested);
    connect(m_close, &QPushButton::clicked, this, &QWidget::hide);
    hide();
}

void UploadPanel::start(const QStringList& names, const std::vector<std::uint64_t>& sizes)
{
    while (QLayoutItem* item = m_files->takeAt(0)) {
        if (item->layout()) {
            while (QLayoutItem* inner = item->layout()->takeAt(0)) {
                delete inner->widget();
                delete inner;
            }
        }
        delete item->layout();
        delete item;
    }
    m_rows.clear();
    for (int i = 0; i < names.size(); ++i) {
        auto* row = new QHBoxLayout;
        auto* name = new QLabel(names[i], this);
        name->setMinimumWidth(220);
        auto* bar = new QProgressBar(this);
        bar->setRange(0, std::max(1, kib(sizes[static_cast<size_t>(i)])));
        bar->setValue(0);
        auto* state = new QLabel(tr("waiting"), this);
        state->setMinimumWidth(160);
        row->addWidget(name);
        row->addWidget(bar, 1);
        row->addWidget(state);
        m_files->addLayout(row);
        m_rows.push_back({bar, state, sizes[static_cast<size_t>(i)]});
    }
    m_overall->setRange(0, std::max(1, kib(std::accumulate(sizes.begin(), sizes.end(), std::uint64_t{0}))));
    m_overall->setValue(0);
    m_overall->setFormat(tr("%p% of %n file(s)", nullptr, static_cast<int>(names.size())));
    m_rate->clear();
    m_cancel->show();
    m_close->hide();
    m_clock.start();
    show();
}

void UploadPanel::fileProgress(int index, std::uint64_t sent)
{
    Row& row = m_rows.at(static_cast<size_t>(index));
    row.sent = sent;
    row.bar->setValue(kib(sent));
    row.state->setText(tr("uploading"));
    updateOverall();
}

void UploadPanel::fileDone(int index, const QString& error)
{
    Row& row = m_rows.at(static_cast<size_t>(index));
    if (error.isEmpty()) {
        row.sent = row.size;
        row.bar->setValue(row.bar->maximum());
        row.state->setText(tr("uploaded, ingesting"));
    } else {
        row.state->setText(error);
        row.state->setToolTip(error);
        row.state->setStyleSheet(QStringLiteral("color: #c62828;"));
    }
    updateOverall();
}

void UploadPanel::finish(const QString& summary)
{
    m_rate->setText(summary);
    m_cancel->hide();
    m_close->show();
}

QString UploadPanel::summary() const
{
    return m_cancel->isHidden() ? m_rate->text() : QString();
}

void UploadPanel::updateOverall()
{
    std::uint64_t sent = 0;
    std::uint64_t total = 0;
    for (const Row& row : m_rows) {
        sent += row.sent;
        total += row.size;
    }
    m_overall->setValue(kib(sent));
    const QString rate =
        transferRateText(sent, total - std::min(sent, total), static_cast<double>(m_clock.elapsed()) / 1000.0);
    if (!rate.isEmpty()) {
        m_rate->setText(rate);
    }
}

} // namespace ragdesk::ui
