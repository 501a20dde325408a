#include "tooltipevent.h"

#include <QEvent>
#include <QHelpEvent>
#include <QToolTip>
#include <QWidget>

namespace sharelens::widgets {

bool handlePositionToolTip(QWidget* widget, QEvent* e, const std::function<QString(const QPoint&)>& textAt) {
    if (e->type() != QEvent::ToolTip) return false;
    auto* he = static_cast<QHelpEvent*>(e);
    const QString text = textAt(he->pos());
    if (text.isEmpty()) {
        QToolTip::hideText();
        e->ignore();
    } else {
        QToolTip::showText(he->globalPos(), text, widget);
    }
    return true;
}

} // namespace sharelens::widgets
