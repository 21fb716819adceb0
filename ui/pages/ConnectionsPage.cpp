#include "ConnectionsPage.h"

#include "bridge/StackDirectory.h"
#include "dialogs/Confirmation.h"
#include "dialogs/StackEditorDialog.h"
#include "models/StackProfileModel.h"
#include "models/StatusIcons.h"
#include "widgets/Actions.h"
#include "widgets/Text.h"

#include <QAction>
#include <QHeaderView>
#include <QLabel>
#include <QSortFilterProxyModel>
#include <QStackedWidget>
#include <QTableView>
#include <QToolBar>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace ragdesk::ui {
namespace {

QLabel* emptyStateLabel(const std::filesystem::path& configPath)
{
    auto* label = new QLabel(
        QObject::tr("<h3>No stacks configured</h3>"
                    "<p>Add one with <b>Add stack…</b> (Ctrl+N): it is saved to <code>%1</code>, its secrets to "
                    "the keychain. Or start RagDesk with <code>RAGDESK_API_URL</code> set "
                    "(for the local devstack: <code>eval \"$(devstack/devstack env)\"</code>).</p>")
            .arg(QString::fromStdString(configPath.string()).toHtmlEscaped()));
    label->setAlignment(Qt::AlignCenter);
    label->setWordWrap(true);
    return label;
}

} // namespace

ConnectionsPage::ConnectionsPage(StackDirectory* stacks, QWidget* parent)
    : QWidget(parent),
      m_stacks(stacks),
      m_proxy(new QSortFilterProxyModel(this)),
      m_content(new QStackedWidget(this)),
      m_table(new QTableView(this)),
      m_detailsTitle(new QLabel(this)),
      m_detailsMessage(new QLabel(this)),
      m_details(new QTreeWidget(this)),
      m_add(addPageAction(this, tr("&Add stack…"), QKeySequence::New, tr("Add a stack"))),
      m_edit(
          addPageAction(this, tr("&Edit stack…"), QKeySequence(Qt::CTRL | Qt::Key_E), tr("Edit the selected stack"))),
      // Keys of their own: these actions are also in the Stack menu, live on every page, where Del and F5 belong to
      // the page's own actions.
      m_remove(addPageAction(this, tr("&Remove stack…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Delete),
          tr("Remove the selected stack"))),
      m_refresh(addPageAction(
          this, tr("&Check now"), QKeySequence(Qt::SHIFT | Qt::Key_F5), tr("Check every stack's API and SSH now")))
{
    m_proxy->setSourceModel(stacks->model());
    m_proxy->setSortRole(StackProfileModel::SortRole);

    auto* title = new QLabel(tr("<h2>Stacks</h2>"), this);
    auto* source = new QLabel(tr("Stacks from <code>%1</code> and the environment. Secrets are in the keychain.")
                                  .arg(QString::fromStdString(stacks->configPath().string()).toHtmlEscaped()),
        this);
    source->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto* tools = new QToolBar(this);
    tools->setToolButtonStyle(Qt::ToolButtonTextOnly);
    tools->addActions({m_add, m_edit, m_remove});
    tools->addSeparator();
    tools->addAction(m_refresh);

    m_table->setModel(m_proxy);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(static_cast<int>(StackProfileModel::Column::Name), Qt::AscendingOrder);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->hide();
    // Short columns fit their text; the key path is elided in the middle (its file name matters); the
    // component summary takes the rest, so the table never needs a horizontal scroll bar.
    QHeaderView* columns = m_table->horizontalHeader();
    columns->setSectionResizeMode(QHeaderView::ResizeToContents);
    columns->setSectionResizeMode(static_cast<int>(StackProfileModel::Column::SshKey), QHeaderView::Interactive);
    columns->resizeSection(static_cast<int>(StackProfileModel::Column::SshKey), 160);
    columns->setSectionResizeMode(static_cast<int>(StackProfileModel::Column::Components), QHeaderView::Stretch);
    m_table->setTextElideMode(Qt::ElideMiddle);
    m_table->setWordWrap(false);
    m_table->setAlternatingRowColors(true);

    m_detailsMessage->setWordWrap(true);
    m_detailsMessage->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_details->setRootIsDecorated(false);
    m_details->setHeaderLabels({tr("Component"), tr("State"), tr("Version"), tr("Latency"), tr("Detail")});
    m_details->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_details->setMaximumHeight(140);

    auto* stacksView = new QWidget(this);
    auto* stacksLayout = new QVBoxLayout(stacksView);
    stacksLayout->setContentsMargins(0, 0, 0, 0);
    stacksLayout->addWidget(m_table, 1);
    stacksLayout->addWidget(m_detailsTitle);
    stacksLayout->addWidget(m_detailsMessage);
    stacksLayout->addWidget(m_details);
    m_content->addWidget(stacksView);
    m_content->addWidget(emptyStateLabel(stacks->configPath()));

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(title);
    layout->addWidget(source);
    layout->addWidget(tools);
    layout->addWidget(m_content, 1);

    connect(m_add, &QAction::triggered, this, [this] { openEditor(true); });
    connect(m_edit, &QAction::triggered, this, [this] { openEditor(false); });
    connect(m_remove, &QAction::triggered, this, &ConnectionsPage::confirmRemove);
    connect(m_refresh, &QAction::triggered, stacks, &StackDirectory::refreshHealth);
    connect(m_table, &QTableView::doubleClicked, this, [this] { openEditor(false); });
    connect(stacks->model(), &QAbstractItemModel::dataChanged, this, &ConnectionsPage::showDetails);
    connect(stacks->model(), &QAbstractItemModel::modelReset, this, [this] {
        selectCurrentStack(); // kept selected across edits
        updateActions();
        showDetails();
    });
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this] {
        m_stacks->setCurrent(selectedName());
        updateActions();
        showDetails();
    });
    connect(stacks, &StackDirectory::currentChanged, this, &ConnectionsPage::selectCurrentStack);

    selectCurrentStack();
    updateActions();
    showDetails();
}

void ConnectionsPage::selectCurrentStack()
{
    const client::StackProfile* current = m_stacks->current();
    if (!current || selectedName() == current->name) {
        return;
    }
    const QModelIndexList matches =
        m_proxy->match(m_proxy->index(0, 0), Qt::DisplayRole, qs(current->name), 1, Qt::MatchExactly);
    if (!matches.isEmpty()) {
        m_table->selectRow(matches.first().row());
    }
}

std::string ConnectionsPage::selectedName() const
{
    const QModelIndex current = m_proxy->mapToSource(m_table->currentIndex());
    return current.isValid() ? m_stacks->profiles().at(static_cast<size_t>(current.row())).name : std::string();
}

void ConnectionsPage::updateActions()
{
    m_content->setCurrentIndex(m_proxy->rowCount() > 0 ? 0 : 1);
    const std::string name = selectedName();
    const bool editable = !name.empty() && !m_stacks->isFromEnvironment(name);
    m_edit->setEnabled(editable);
    m_remove->setEnabled(editable);
    const QString why = !name.empty() && !editable
        ? tr(" — this stack comes from the environment (RAGDESK_API_URL…): change it there")
        : QString();
    m_edit->setStatusTip(why);
    m_remove->setStatusTip(why);
}

void ConnectionsPage::openEditor(bool adding)
{
    const std::string name = selectedName();
    if (!adding && (name.empty() || m_stacks->isFromEnvironment(name))) {
        return;
    }
    std::optional<client::StackProfile> editing;
    if (!adding) {
        editing = *m_stacks->find(name);
    }
    auto* editor = new StackEditorDialog(m_stacks, editing, this);
    editor->setAttribute(Qt::WA_DeleteOnClose);
    editor->open();
    emit editorOpened(editor);
}

void ConnectionsPage::confirmRemove()
{
    const std::string name = selectedName();
    if (name.empty() || m_stacks->isFromEnvironment(name)) {
        return;
    }
    Confirmation::ask(this, tr("Remove stack"),
        tr("Remove the stack “%1” from RagDesk, and its password, token and key passphrase from the keychain?\n\n"
           "Nothing on the server is touched.")
            .arg(qs(name)),
        tr("Remove %1").arg(qs(name)), [this, name] {
            if (auto removed = m_stacks->remove(name); !removed) {
                m_detailsMessage->setText(qs(removed.error().message));
                m_detailsMessage->show();
            }
        });
}

void ConnectionsPage::showDetails()
{
    m_details->clear();
    const QModelIndex current = m_proxy->mapToSource(m_table->currentIndex());
    if (!current.isValid()) {
        m_detailsTitle->clear();
        m_detailsMessage->clear();
        return;
    }
    const StackProfileModel* model = m_stacks->model();
    const client::StackProfile& profile = model->profiles().at(static_cast<size_t>(current.row()));
    const StackHealth& health = model->health(current.row());
    const SshHealth& ssh = model->sshHealth(current.row());
    const QString when = health.checkedAt.isValid()
        ? tr(", checked %1").arg(health.checkedAt.toLocalTime().toString(QStringLiteral("HH:mm:ss")))
        : QString();
    m_detailsTitle->setText(
        tr("<b>%1</b> — API %2, SSH %3%4")
            .arg(qs(profile.name).toHtmlEscaped(), stateText(health.state), stateText(ssh.state), when));
    QStringList problems;
    for (const QString& problem : {model->insecureHttpWarning(current.row()), health.message,
             ssh.message.isEmpty() ? QString() : tr("SSH: ") + ssh.message}) {
        if (!problem.isEmpty()) {
            problems << problem;
        }
    }
    m_detailsMessage->setText(problems.join(QLatin1Char('\n')));
    m_detailsMessage->setVisible(!problems.isEmpty());
    if (!health.system) {
        return;
    }
    for (const client::api::NamedService& service : client::api::services(*health.system)) {
        const client::api::ServiceHealth& state = *service.health;
        auto* row = new QTreeWidgetItem(m_details);
        row->setText(0, qs(std::string(service.name)));
        row->setIcon(1, statusIcon(state.ok));
        row->setText(1, qs(state.status));
        row->setText(2, qs(state.version.value_or("")));
        row->setText(3, state.latencyMs ? tr("%1 ms").arg(*state.latencyMs) : QString());
        row->setText(4, qs(state.detail.value_or("")));
    }
}

} // namespace ragdesk::ui
