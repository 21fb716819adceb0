// The floor bench_startup compares RagDesk with: a bare Qt Widgets window, started, shown and painted once, printing
// "painted" the way `ragdesk --report-first-paint` does.
#include <QApplication>
#include <QTimer>
#include <QWidget>

#include <cstdio>

namespace {

class BareWindow : public QWidget {
protected:
    void paintEvent(QPaintEvent* event) override
    {
        QWidget::paintEvent(event);
        if (!m_reported) {
            m_reported = true;
            QTimer::singleShot(0, this, [] {
                std::fputs("painted\n", stdout);
                std::fflush(stdout);
            });
        }
    }

private:
    bool m_reported = false;
};

} // namespace

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    BareWindow window;
    window.resize(1100, 640);
    window.show();
    return QApplication::exec();
}
