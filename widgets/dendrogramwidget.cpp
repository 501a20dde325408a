#include "dendrogramwidget.h"

#include <QApplication>
#include <QKeyEvent>
#include <QLocale>
#include <QMouseEvent>
#include <QPainter>

#include <algorithm>
#include <cmath>

#include "tooltipevent.h"

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
    if (data.z.size() != data_.z.size()) selection_.clear(); // another tree
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

void DendrogramWidget::cancelDrag() {
    if (!dragging_) return;
    dragging_ = false;
    unsetCursor();
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
    paintSelection(p);
}

void DendrogramWidget::setSelection(const QList<int>& units) {
    if (units == selection_) return;
    selection_ = units;
    update();
}

void DendrogramWidget::paintSelection(QPainter& p) {
    const int n = static_cast<int>(data_.z.size()) + 1;
    if (selection_.isEmpty() || data_.layout.links.size() != data_.z.size()) return;
    const DendrogramGeometry& g = layout_.geometry;
    // A merge is drawn bold when every unit under it is selected.
    std::vector<char> in(size_t(2 * n - 1), 0);
    for (int u : selection_)
        if (u >= 0 && u < n) in[size_t(u)] = 1;
    QVector<QLineF> lines;
    for (size_t i = 0; i < data_.z.size(); ++i) {
        const auto& r = data_.z[i];
        const int a = static_cast<int>(r[0]), b = static_cast<int>(r[1]);
        if (a < 0 || b < 0 || a >= 2 * n - 1 || b >= 2 * n - 1 || !in[size_t(a)] || !in[size_t(b)]) continue;
        in[size_t(n) + i] = 1;
        const DendrogramLink& l = data_.layout.links[i];
        const double xl = g.xForSlot(l.xLeft), xr = g.xForSlot(l.xRight), y = g.yForHeight(l.height);
        lines << QLineF(xl, g.yForHeight(l.yLeft), xl, y) << QLineF(xl, y, xr, y)
              << QLineF(xr, y, xr, g.yForHeight(l.yRight));
    }
    const QColor mark(0x11, 0x11, 0x11); // no group colour is this dark
    QPen pen(mark, style_.lineWidth * 3.0);
    pen.setCapStyle(Qt::FlatCap);
    p.setPen(pen);
    p.drawLines(lines);
    // A mark under each selected leaf.
    p.setPen(Qt::NoPen);
    p.setBrush(mark);
    const double w = std::min(8.0, g.plot.width() / std::max(1, g.leafCount) * 0.6);
    for (int u : selection_)
        if (u >= 0 && u < static_cast<int>(data_.layout.leafX.size()))
            p.drawRect(QRectF(g.xForSlot(data_.layout.leafX[size_t(u)]) - w / 2, g.plot.bottom() + 1, w, 4));
}

int DendrogramWidget::mergeAt(const QPointF& pos) const {
    if (!layout_.valid || data_.layout.links.size() != data_.z.size()) return -1;
    const DendrogramGeometry& g = layout_.geometry;
    constexpr double kReach = 4.0;
    int best = -1;
    double bestD = kReach + 1e-9;
    auto between = [](double v, double a, double b) { return v >= std::min(a, b) - 1 && v <= std::max(a, b) + 1; };
    for (size_t i = 0; i < data_.layout.links.size(); ++i) {
        const DendrogramLink& l = data_.layout.links[i];
        const double xl = g.xForSlot(l.xLeft), xr = g.xForSlot(l.xRight), y = g.yForHeight(l.height);
        double d = 1e300;
        if (between(pos.x(), xl, xr)) d = std::abs(pos.y() - y);
        // A leg ends on its child's bar: there the child's bar wins.
        if (between(pos.y(), y, g.yForHeight(l.yLeft))) d = std::min(d, std::abs(pos.x() - xl) + 1.0);
        if (between(pos.y(), y, g.yForHeight(l.yRight))) d = std::min(d, std::abs(pos.x() - xr) + 1.0);
        if (d < bestD) {
            bestD = d;
            best = static_cast<int>(i);
        }
    }
    return best;
}

QList<int> DendrogramWidget::mergeMembers(int row) const {
    const int n = static_cast<int>(data_.z.size()) + 1;
    QList<int> out;
    if (row < 0 || row >= n - 1) return out;
    std::vector<int> todo{n + row};
    while (!todo.empty()) {
        const int id = todo.back();
        todo.pop_back();
        if (id < n) {
            out.append(id);
        } else if (id - n < n - 1) {
            todo.push_back(static_cast<int>(data_.z[size_t(id - n)][0]));
            todo.push_back(static_cast<int>(data_.z[size_t(id - n)][1]));
        }
    }
    std::sort(out.begin(), out.end());
    return out;
}

QList<int> DendrogramWidget::unitsAt(const QPointF& pos) const {
    const int m = mergeAt(pos);
    if (m >= 0) return mergeMembers(m);
    const DendrogramGeometry& g = layout_.geometry;
    if (!layout_.valid || pos.y() <= g.plot.bottom()) return {};
    const int k = g.leafAtX(pos.x());
    if (k < 0 || k >= static_cast<int>(data_.layout.leafOrder.size())) return {};
    return {data_.layout.leafOrder[size_t(k)]};
}

QString DendrogramWidget::toolTipAt(const QPointF& pos) const {
    const int m = mergeAt(pos);
    if (m < 0) return {};
    const double h = data_.z[size_t(m)][2];
    const QList<int> members = mergeMembers(m);
    QStringList names;
    for (int u : members) {
        if (names.size() == 12) {
            names << QStringLiteral("…");
            break;
        }
        names << (u < data_.labels.size() && !data_.labels.at(u).isEmpty() ? data_.labels.at(u) : QString::number(u));
    }
    const QLocale loc;
    return tr("Merge at distance %1 (similarity %2)\n%3 units: %4")
        .arg(loc.toString(h, 'f', 4), loc.toString(1.0 - h, 'f', 4))
        .arg(members.size())
        .arg(names.join(QStringLiteral(", ")));
}

bool DendrogramWidget::event(QEvent* e) {
    return handlePositionToolTip(this, e, [this](const QPoint& pos) { return toolTipAt(QPointF(pos)); }) ||
           QWidget::event(e);
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
    if (e->button() == Qt::LeftButton) {
        clickPending_ = true;
        pressPos_ = pos;
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
    if (clickPending_ && e->button() == Qt::LeftButton) {
        clickPending_ = false;
        if ((e->position() - pressPos_).manhattanLength() < QApplication::startDragDistance())
            Q_EMIT unitsClicked(unitsAt(e->position()));
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
