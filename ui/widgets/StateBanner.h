#pragma once

#include <QFrame>

class QLabel;

namespace ragdesk::ui {

/// A state said plainly in a tinted box: a title ("Maintenance ON"), a line of detail under it, and a tone that
/// colours both. The ops pages show their main state this way (maintenance, a deploy's outcome, the deploy lock).
class StateBanner : public QFrame {
    Q_OBJECT

public:
    enum class Tone { Neutral, Good, Busy, Warning, Bad };

    /// `large`: the title in a large font, for the one state a page is about.
    explicit StateBanner(bool large, QWidget* parent = nullptr);

    void setState(Tone tone, const QString& title, const QString& detail);
    Tone tone() const { return m_tone; }
    QString title() const;
    QString detail() const;

private:
    Tone m_tone = Tone::Neutral;
    QLabel* m_title;
    QLabel* m_detail;
};

} // namespace ragdesk::ui
