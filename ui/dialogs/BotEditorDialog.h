#pragma once

#include "FormDialog.h"

#include "ragdesk/client/api/BotProfiles.h"

#include <optional>

class QCheckBox;
class QDoubleSpinBox;
class QPlainTextEdit;
class QSpinBox;

namespace ragdesk::ui {

/// Creates or edits a bot profile, every field of the contract: name, description, chat model, embedding model
/// (empty: the platform default), system prompt, temperature, max tokens and the provider API key (write-only: the
/// server says only whether one is stored; it can be replaced or removed). An edit sends only what changed.
class BotEditorDialog : public FormDialog {
    Q_OBJECT

public:
    BotEditorDialog(ApiSession* session, std::optional<client::api::BotProfile> editing, QWidget* parent = nullptr);

    QLineEdit* nameEdit() const { return m_name; }
    QLineEdit* modelEdit() const { return m_model; }
    QLineEdit* embeddingModelEdit() const { return m_embeddingModel; }
    QPlainTextEdit* systemPromptEdit() const { return m_systemPrompt; }
    QDoubleSpinBox* temperatureEdit() const { return m_temperature; }
    QSpinBox* maxTokensEdit() const { return m_maxTokens; }
    QLineEdit* providerKeyEdit() const { return m_providerKey; }
    QCheckBox* removeKeyBox() const { return m_removeKey; }

protected:
    void submit() override;

private:
    client::api::BotProfilePatch changes() const;

    std::optional<client::api::BotProfile> m_editing;
    QLineEdit* m_name;
    QLineEdit* m_description;
    QLineEdit* m_model;
    QLineEdit* m_embeddingModel;
    QPlainTextEdit* m_systemPrompt;
    QDoubleSpinBox* m_temperature;
    QSpinBox* m_maxTokens;
    QLineEdit* m_providerKey;
    QCheckBox* m_removeKey;
};

} // namespace ragdesk::ui
