#pragma once

#include <QCoreApplication>
#include <QPointer>

#include <functional>

namespace ragdesk::ui {

/// Hands `apply` to the GUI thread, where it runs later unless `receiver` is gone by then: for what a task on a
/// worker passes on before it ends (a follow's events, a read's batches). Posted through the application object,
/// which lives on the GUI thread, so `receiver` is only read there.
template <typename T> void postToGui(const QPointer<T>& receiver, std::function<void(T&)> apply)
{
    QMetaObject::invokeMethod(
        qApp,
        [receiver, apply = std::move(apply)] {
            if (receiver) {
                apply(*receiver);
            }
        },
        Qt::QueuedConnection);
}

} // namespace ragdesk::ui
