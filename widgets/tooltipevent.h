// The tooltip of a widget whose tip depends on where the pointer is (a bar,
// a cell): one handler for the QEvent::ToolTip of such widgets.
#pragma once

#include <QPoint>
#include <QString>

#include <functional>

class QEvent;
class QWidget;

namespace sharelens::widgets {

// For a QEvent::ToolTip: shows textAt(the event's position) there, or hides
// any tooltip (and ignores the event) when that text is empty; returns true.
// Returns false for every other event, which the widget handles as before.
bool handlePositionToolTip(QWidget* widget, QEvent* e, const std::function<QString(const QPoint&)>& textAt);

} // namespace sharelens::widgets
