#include "DeployDialog.h"

#include "bridge/OpsSession.h"
#include "widgets/ErrorBanner.h"
#include "widgets/Text.h"
#include "widgets/TimeText.h"

#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace ragdesk::ui {
namespace {

using client::ops::DeployRef;
using client::ops::DeployRefs;

enum Column { Name, Commit, Message, Author, Committed };

void addGroup(QTreeWidget* tree, const QString& title, const std::vector<DeployRef>& refs)
{
    auto* group = new QTreeWidgetItem(tree, {title});
    group->setFlags(Qt::ItemIsEnabled);
    QFont bold = group->font(Name);
    bold.setBold(true);
    group->setFont(Name, bold);
    for (const DeployRef& ref : refs) {
        auto* item = new QTreeWidgetItem(group,
            {qs(ref.name), qs(ref.revision.substr(0, 12)), qs(ref.subject), qs(ref.author),
                ref.committed ? localTimeText(*ref.committed) : QString()});
        item->setToolTip(Message, qs(ref.subject));
        item->setData(Name, Qt::UserRole, qs(ref.kind == DeployRef::Kind::Commit ? ref.revision : ref.name));
    }
    group->setExpanded(true);
}

} // namespace

DeployDialog::DeployDialog(OpsSession* session, QWidget* parent)
    : QDialog(parent),
      m_refs(new QTreeWidget(this)),
      m_filter(new QLineEdit(this)),
      m_ref(new QLineEdit(this)),
      m_status(new QLabel(tr("Fetching from origin on the server…"), this)),
      m_deploy(new QPushButton(tr("Deploy"), this))
{
    const QString stack = session->stack() ? qs(session->stack()->name) : QString();
    setWindowTitle(tr("Deploy to %1").arg(stack));
    resize(900, 560);
    auto* about = new QLabel(tr("The server takes a backup, shows the maintenance page, checks out and builds the ref, "
                                "starts it and waits until every container is healthy, then takes the maintenance page "
                                "off. A release that fails its health wait is rolled back to the one running now. The "
                                "deploy runs on the server: closing RagDesk or losing the link does not stop it."),
        this);
    about->setWordWrap(true);
    m_filter->setPlaceholderText(tr("Filter branches, tags and commits"));
    m_filter->setClearButtonEnabled(true);
    m_refs->setHeaderLabels({tr("Ref"), tr("Commit"), tr("Message"), tr("Author"), tr("Committed")});
    m_refs->setRootIsDecorated(true);
    m_refs->setUniformRowHeights(true);
    m_refs->header()->setSectionResizeMode(Message, QHeaderView::Stretch);
    m_refs->header()->setStretchLastSection(false);
    m_status->setWordWrap(true);
    m_ref->setPlaceholderText(tr("a branch, a tag or a commit"));
    m_deploy->setEnabled(false);
    m_deploy->setDefault(true);

    auto* refRow = new QHBoxLayout;
    refRow->addWidget(new QLabel(tr("Deploy:"), this));
    refRow->addWidget(m_ref, 1);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    buttons->addButton(m_deploy, QDialogButtonBox::AcceptRole);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(about);
    layout->addWidget(m_filter);
    layout->addWidget(m_refs, 1);
    layout->addWidget(m_status);
    layout->addLayout(refRow);
    layout->addWidget(buttons);

    connect(m_filter, &QLineEdit::textChanged, this, &DeployDialog::applyFilter);
    connect(m_refs, &QTreeWidget::currentItemChanged, this, [this](QTreeWidgetItem* item) {
        if (item && item->parent()) {
            m_ref->setText(item->data(Name, Qt::UserRole).toString());
        }
    });
    connect(m_refs, &QTreeWidget::itemDoubleClicked, this, [this](QTreeWidgetItem* item) {
        if (item->parent()) {
            m_deploy->click();
        }
    });
    connect(m_ref, &QLineEdit::textChanged, this,
        [this](const QString& text) { m_deploy->setEnabled(!text.trimmed().isEmpty()); });
    connect(buttons, &QDialogButtonBox::accepted, this, [this] {
        emit deployRequested(m_ref->text().trimmed());
        accept();
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    session->run<DeployRefs>(
        this, OpsSession::Lane::Status,
        [](const OpsSession::Ops& ops, const TaskContext&) { return client::ops::Deployer(*ops).refs(); },
        [this](client::Result<DeployRefs> refs) {
            m_loaded = true;
            if (!refs) {
                m_status->setText(failureText(tr("Could not list the refs"), refs.error()) +
                    tr(" — a ref can still be typed below."));
            } else {
                showRefs(*refs);
            }
            emit refsLoaded();
        });
}

void DeployDialog::showRefs(const DeployRefs& refs)
{
    m_refs->clear();
    addGroup(m_refs, tr("Branches"), refs.branches);
    addGroup(m_refs, tr("Tags"), refs.tags);
    addGroup(m_refs, tr("Recent commits"), refs.commits);
    for (int column = Name; column <= Committed; ++column) {
        if (column != Message) {
            m_refs->resizeColumnToContents(column);
        }
    }
    m_status->setText(refs.fetchProblem.empty()
            ? tr("Fetched from origin just now.")
            : tr("Could not fetch from origin (%1): these are the refs the server had.")
                  .arg(qs(refs.fetchProblem).toHtmlEscaped()));
    // The usual choice first: main (or master), else the newest branch.
    QTreeWidgetItem* branches = m_refs->topLevelItem(0);
    QTreeWidgetItem* preferred = branches->childCount() > 0 ? branches->child(0) : nullptr;
    for (int i = 0; i < branches->childCount(); ++i) {
        const QString name = branches->child(i)->text(Name);
        if (name == QStringLiteral("main") || name == QStringLiteral("master")) {
            preferred = branches->child(i);
            break;
        }
    }
    if (preferred && m_ref->text().isEmpty()) {
        m_refs->setCurrentItem(preferred);
    }
}

void DeployDialog::applyFilter()
{
    const QString needle = m_filter->text().trimmed();
    for (int group = 0; group < m_refs->topLevelItemCount(); ++group) {
        QTreeWidgetItem* parent = m_refs->topLevelItem(group);
        for (int i = 0; i < parent->childCount(); ++i) {
            QTreeWidgetItem* item = parent->child(i);
            bool shown = needle.isEmpty();
            for (int column = Name; !shown && column <= Author; ++column) {
                shown = item->text(column).contains(needle, Qt::CaseInsensitive);
            }
            item->setHidden(!shown);
        }
    }
}

} // namespace ragdesk::ui
