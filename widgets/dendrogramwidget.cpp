#include "dendrogramwidget.h"

#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>

#include <algorithm>
#include <cmath>

namespace sharelens::widgets {

DendrogramWidget::DendrogramWidget(QWidget* parent) : QWidget(parent), style_(FigureStyle::forWidget(font())) {
    setMouseTracking(true);
    setFocusPolicy(Qt::StrongFocus);
    setAttribute(Qt::WA_OpaquePaintEvent);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
}

QSize DendrogramWidget::sizeHint() const { return QSize(560, 360); }
QSize DendrogramWidget::minimumSizeHint() const { return QSize(200, 140); }

void DendrogramWidget::setData(const DendrogramData& data) {
    data_ = data;
    relayout();
    threshold_ = clampThreshold(data_.threshold);
    update();
}

void DendrogramWidget::setThreshold(double t) {
    const double c = clampThreshold(t);
    if (c == threshold_) return;
    threshold_ = c;
    update();
}

void DendrogramWidget::setThresholdBounds(double lo, double hi) {
    boundLo_ = std::min(lo, hi);
    boundHi_ = std::max(lo, hi);
    threshold_ = clampThreshold(threshold_);
    update();
}

double DendrogramWidget::clampThreshold(double t) const {
    if (!std::isfinite(t)) return threshold_;
    double hi = boundHi_;
    if (layout_.valid) hi = std::min(hi, layout_.geometry.yMax);
    return std::clamp(t, boundLo_, std::max(boundLo_, hi));
}

double DendrogramWidget::thresholdY() const { return layout_.geometry.yForHeight(threshold_); }

void DendrogramWidget::relayout() { layout_ = layoutDendrogram(QRectF(rect()), data_, style_); }

void DendrogramWidget::resizeEvent(QResizeEvent* e) {
    QWidget::resizeEvent(e);
    relayout();
}

void DendrogramWidget::changeEvent(QEvent* e) {
    QWidget::changeEvent(e);
    if (e->type() == QEvent::FontChange) {
        style_ = FigureStyle::forWidget(font());
        relayout();
        update();
    }
}

void DendrogramWidget::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.fillRect(rect(), Qt::white);
    if (!layout_.valid) {
        drawNoData(p, QRectF(rect()), style_);
        return;
    }
    p.setRenderHint(QPainter::Antialiasing, true);
    drawDendrogram(p, layout_, data_, threshold_, style_);
    if (hasFocus()) {
        // A small handle at the left end shows the line has keyboard focus.
        const double y = thresholdY();
        p.setPen(Qt::NoPen);
        p.setBrush(QColor(0xc0, 0x39, 0x2b));
        const QPointF tip(layout_.geometry.plot.left(), y);
        const QPointF tri[3] = {tip, tip + QPointF(-6, -4), tip + QPointF(-6, 4)};
        p.drawPolygon(tri, 3);
    }
}

bool DendrogramWidget::nearLine(double y) const { return layout_.valid && std::abs(y - thresholdY()) <= kGrabDistance; }

void DendrogramWidget::userMoved(double t) {
    const double c = clampThreshold(t);
    if (c == threshold_) return;
    threshold_ = c;
    update();
    Q_EMIT thresholdChanged(threshold_);
}

void DendrogramWidget::mousePressEvent(QMouseEvent* e) {
    const QPointF pos = e->position();
    if (e->button() == Qt::LeftButton && nearLine(pos.y()) && pos.x() >= layout_.geometry.plot.left() - kGrabDistance &&
        pos.x() <= layout_.geometry.plot.right() + kGrabDistance) {
        dragging_ = true;
        grabOffset_ = pos.y() - thresholdY();
        setCursor(Qt::SplitVCursor);
        e->accept();
        return;
    }
    QWidget::mousePressEvent(e);
}

void DendrogramWidget::mouseMoveEvent(QMouseEvent* e) {
    const QPointF pos = e->position();
    if (dragging_) {
        userMoved(layout_.geometry.heightForY(pos.y() - grabOffset_));
        e->accept();
        return;
    }
    const bool over = nearLine(pos.y()) && pos.x() >= layout_.geometry.plot.left() - kGrabDistance &&
                      pos.x() <= layout_.geometry.plot.right() + kGrabDistance;
    if (over)
        setCursor(Qt::SplitVCursor);
    else
        unsetCursor();
    QWidget::mouseMoveEvent(e);
}

void DendrogramWidget::mouseReleaseEvent(QMouseEvent* e) {
    if (dragging_ && e->button() == Qt::LeftButton) {
        userMoved(layout_.geometry.heightForY(e->position().y() - grabOffset_));
        dragging_ = false;
        if (!nearLine(e->position().y())) unsetCursor();
        Q_EMIT thresholdEdited(threshold_);
        e->accept();
        return;
    }
    QWidget::mouseReleaseEvent(e);
}

void DendrogramWidget::keyPressEvent(QKeyEvent* e) {
    if (!layout_.valid || (e->key() != Qt::Key_Up && e->key() != Qt::Key_Down)) {
        QWidget::keyPressEvent(e);
        return;
    }
    // One pixel per press, ten with Shift.
    const double step = layout_.geometry.yMax / std::max(1.0, layout_.geometry.plot.height()) *
                        ((e->modifiers() & Qt::ShiftModifier) ? 10.0 : 1.0);
    const double before = threshold_;
    userMoved(threshold_ + (e->key() == Qt::Key_Up ? step : -step));
    if (threshold_ != before) Q_EMIT thresholdEdited(threshold_);
    e->accept();
}

void DendrogramWidget::leaveEvent(QEvent* e) {
    if (!dragging_) unsetCursor();
    QWidget::leaveEvent(e);
}

} // namespace sharelens::widgets
