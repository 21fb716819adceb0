#include "BotEditorDialog.h"

#include "widgets/Text.h"

#include "ragdesk/client/api/ApiClient.h"

#include <QCheckBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QSpinBox>

namespace ragdesk::ui {
namespace {

/// The value when it differs from what the bot has, else nothing: an edit sends only what changed.
template <typename T> std::optional<T> ifChanged(const T& now, const T& before)
{
    return now == before ? std::nullopt : std::optional<T>(now);
}

} // namespace

BotEditorDialog::BotEditorDialog(ApiSession* session, std::optional<client::api::BotProfile> editing, QWidget* parent)
    : FormDialog(session, editing ? tr("Edit bot %1").arg(qs(editing->name)) : tr("Add a bot"), parent),
      m_editing(std::move(editing)),
      m_systemPrompt(new QPlainTextEdit(this)),
      m_temperature(new QDoubleSpinBox(this)),
      m_maxTokens(new QSpinBox(this)),
      m_removeKey(new QCheckBox(tr("Remove the stored key"), this))
{
    m_name = addLine(tr("&Name"), {"name"}, tr("support-bot"));
    m_description = addLine(tr("&Description"), {"description"});
    m_model = addLine(tr("Chat &model"), {"model"}, tr("gpt-4o-mini (any LiteLLM model id)"));
    m_embeddingModel = addLine(tr("&Embedding model"), {"embedding_model"}, tr("empty: text-embedding-3-small"));
    m_systemPrompt->setPlaceholderText(tr("You are a helpful assistant."));
    m_systemPrompt->setTabChangesFocus(true);
    m_systemPrompt->setMinimumHeight(110);
    form()->addRow(tr("&System prompt"), m_systemPrompt);
    errors().addField(form(), {"system_prompt"});
    m_temperature->setRange(0.0, 2.0);
    m_temperature->setSingleStep(0.1);
    m_temperature->setDecimals(2);
    m_temperature->setValue(0.7);
    form()->addRow(tr("&Temperature"), m_temperature);
    errors().addField(form(), {"temperature"});
    m_maxTokens->setRange(1, 128000);
    m_maxTokens->setValue(1024);
    form()->addRow(tr("Max &tokens"), m_maxTokens);
    errors().addField(form(), {"max_tokens"});
    m_providerKey =
        addLine(tr("Provider API &key"), {"credentials", "credentials.api_key"}, tr("empty: the platform's key"));
    m_providerKey->setEchoMode(QLineEdit::Password);
    form()->addRow(QString(), m_removeKey);
    m_removeKey->setVisible(m_editing && m_editing->hasCredentials);

    if (m_editing) {
        m_name->setText(qs(m_editing->name));
        m_description->setText(qs(m_editing->description));
        m_model->setText(qs(m_editing->model));
        m_embeddingModel->setText(qs(m_editing->embeddingModel.value_or("")));
        m_systemPrompt->setPlainText(qs(m_editing->systemPrompt));
        m_temperature->setValue(m_editing->temperature);
        m_maxTokens->setValue(m_editing->maxTokens);
        m_providerKey->setPlaceholderText(
            m_editing->hasCredentials ? tr("a key is stored: type to replace it") : tr("empty: the platform's key"));
    }
    connect(m_removeKey, &QCheckBox::toggled, m_providerKey, &QLineEdit::setDisabled);
    resize(560, sizeHint().height());
}

client::api::BotProfilePatch BotEditorDialog::changes() const
{
    const client::api::BotProfile& before = *m_editing;
    client::api::BotProfilePatch patch;
    patch.name = ifChanged(text(m_name), before.name);
    patch.description = ifChanged(text(m_description), before.description);
    patch.model = ifChanged(text(m_model), before.model);
    const std::string embedding = text(m_embeddingModel);
    const std::optional<std::string> embeddingNow = embedding.empty() ? std::nullopt : std::optional(embedding);
    if (embeddingNow != before.embeddingModel) {
        patch.embeddingModel = embeddingNow;
    }
    patch.systemPrompt = ifChanged(m_systemPrompt->toPlainText().toStdString(), before.systemPrompt);
    patch.temperature = ifChanged(m_temperature->value(), before.temperature);
    patch.maxTokens = ifChanged(m_maxTokens->value(), before.maxTokens);
    if (m_removeKey->isChecked()) {
        patch.providerApiKey = std::optional<client::Secret>();
    } else if (!m_providerKey->text().isEmpty()) {
        patch.providerApiKey = client::Secret(m_providerKey->text().toStdString());
    }
    return patch;
}

void BotEditorDialog::submit()
{
    if (m_editing) {
        send<client::api::BotProfile>([id = m_editing->id, patch = changes()](
                                          client::api::ApiClient& api) { return api.bots().update(id, patch); });
        return;
    }
    const auto optionalText = [](const QLineEdit* edit) {
        const std::string value = text(edit);
        return value.empty() ? std::nullopt : std::optional(value);
    };
    client::api::BotProfileDraft draft{.name = text(m_name),
        .description = optionalText(m_description),
        .model = optionalText(m_model),
        .embeddingModel = optionalText(m_embeddingModel),
        .systemPrompt = m_systemPrompt->toPlainText().isEmpty()
            ? std::nullopt
            : std::optional(m_systemPrompt->toPlainText().toStdString()),
        .temperature = m_temperature->value(),
        .maxTokens = m_maxTokens->value(),
        .providerApiKey = m_providerKey->text().isEmpty()
            ? std::nullopt
            : std::optional(client::Secret(m_providerKey->text().toStdString()))};
    send<client::api::BotProfile>([draft](client::api::ApiClient& api) { return api.bots().create(draft); });
}

} // namespace ragdesk::ui
