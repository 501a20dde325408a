#include "heatmapwidget.h"

#include <QApplication>
#include <QEvent>
#include <QFontMetricsF>
#include <QHelpEvent>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QToolTip>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>

namespace sharelens::widgets {

namespace {

QImage scaleCells(const QImage& cells, const QSize& target) {
    if (cells.isNull() || target.isEmpty()) return {};
    // Upscaling: whole cells, hard edges. Downscaling (more cells than
    // pixels): average, so that thin structures do not vanish at random.
    const bool down = target.width() < cells.width();
    return cells.scaled(target, Qt::IgnoreAspectRatio, down ? Qt::SmoothTransformation : Qt::FastTransformation);
}

QSize devicePixels(const QRectF& r, qreal dpr) {
    return QSize(std::max(1, int(std::lround(r.width() * dpr))), std::max(1, int(std::lround(r.height() * dpr))));
}

} // namespace

HeatmapWidget::HeatmapWidget(QWidget* parent) : QWidget(parent), style_(FigureStyle::forWidget(font())) {
    pool_.setMaxThreadCount(1);
    setAttribute(Qt::WA_OpaquePaintEvent);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
    setFocusPolicy(Qt::WheelFocus);
    data_ = std::make_shared<HeatmapData>();
}

HeatmapWidget::~HeatmapWidget() {
    latest_->store(~quint64(0)); // cancels a running job
    pool_.waitForDone();
}

int HeatmapWidget::unitCount() const { return int(data_->values.rows()); }

QSize HeatmapWidget::sizeHint() const { return QSize(520, 460); }
QSize HeatmapWidget::minimumSizeHint() const { return QSize(160, 140); }

void HeatmapWidget::setData(const HeatmapData& data) {
    auto d = std::make_shared<HeatmapData>(data);
    order_ = d->order;
    groups_ = d->groups;
    d->groups.clear(); // groups_ is the live copy
    const bool sameSize = d->values.rows() == data_->values.rows();
    data_ = std::move(d);
    if (!sameSize) {
        zoom_ = {}; // another matrix: its zoom does not carry over
        selection_.clear();
    }
    relayout();
    startRender();
}

void HeatmapWidget::setOrder(const std::vector<int>& order) {
    order_ = order;
    relayout();
    startRender();
}

void HeatmapWidget::setGroups(const std::vector<std::vector<int>>& groups) {
    groups_ = groups;
    blocks_ = groupBlocks(groups_, shown_.geometry);
    update();
}

void HeatmapWidget::relayout() {
    layout_ = layoutHeatmap(QRectF(rect()), *data_, style_);
    if (layout_.valid) layout_.geometry = HeatmapGeometry(layout_.geometry.matrix, layout_.geometry.n, order_);
    updateShown();
}

void HeatmapWidget::updateShown() {
    const int n = unitCount();
    zoom_ = zoom_.clamped(n);
    shown_ = layout_;
    if (layout_.valid) {
        const QRectF& matrix = layout_.geometry.matrix;
        shown_.visible = matrix;
        shown_.geometry = HeatmapGeometry(zoom_.virtualMatrix(matrix, n), n, order_);
        // Labels follow the zoom: thinned to what fits at the zoomed cell size.
        shown_.labelStep = thinningStep(shown_.geometry.cellHeight(), QFontMetricsF(style_.tick).height());
    }
    blocks_ = groupBlocks(groups_, shown_.geometry);
}

QRectF HeatmapWidget::visibleMatrix() const { return shown_.valid ? shown_.visible : QRectF(); }

void HeatmapWidget::setZoom(const HeatmapZoom& zoom) {
    const HeatmapZoom z = zoom.clamped(unitCount());
    if (z == zoom_) return;
    zoom_ = z;
    updateShown();
    update();
    Q_EMIT zoomChanged();
}

void HeatmapWidget::zoomAbout(const QPointF& at, double factor) {
    if (!layout_.valid) return;
    const QRectF& m = layout_.geometry.matrix;
    setZoom(zoom_.zoomedAbout(m, unitCount(), m.contains(at) ? at : m.center(), factor));
}

void HeatmapWidget::setSelection(const QList<int>& units) {
    if (units == selection_) return;
    selection_ = units;
    update();
}

QList<int> HeatmapWidget::unitsAt(const QPoint& pos) const {
    const QPointF p = QPointF(pos) + QPointF(0.5, 0.5);
    int r = -1, c = -1;
    if (!shown_.valid || !shown_.visible.contains(p) || !shown_.geometry.unitsAt(p, &r, &c)) return {};
    if (r == c) return {r};
    for (const auto& g : groups_) {
        if (g.size() < 2 || std::find(g.begin(), g.end(), r) == g.end()) continue;
        if (std::find(g.begin(), g.end(), c) == g.end()) break;
        return QList<int>(g.begin(), g.end());
    }
    return {std::min(r, c), std::max(r, c)};
}

void HeatmapWidget::startRender() {
    const quint64 gen = ++generation_;
    latest_->store(gen);
    const int n = unitCount();
    if (n <= 0 || data_->values.cols() != n) {
        cells_ = QImage();
        pixmap_ = QPixmap();
        rendering_ = false;
        update();
        return;
    }
    const QSize target = layout_.valid ? devicePixels(layout_.geometry.matrix, devicePixelRatioF()) : QSize();
    if (n < asyncThreshold_) {
        const QImage cells = renderHeatmapImage(data_->values, order_, data_->vmin, data_->vmax);
        deliver(gen, cells, scaleCells(cells, target));
        return;
    }
    rendering_ = true;
    auto data = data_;
    auto latest = latest_;
    const std::vector<int> order = order_;
    pool_.start([this, gen, data, latest, order, target] {
        auto cancelled = [&] { return latest->load() != gen; };
        const QImage cells = renderHeatmapImage(data->values, order, data->vmin, data->vmax, cancelled);
        if (cells.isNull() || cancelled()) return;
        const QImage scaled = scaleCells(cells, target);
        if (cancelled()) return;
        // Queued to the GUI thread; the destructor waits for this job, so
        // `this` is alive when the event is posted (and a pending event dies
        // with the widget).
        QMetaObject::invokeMethod(
            this, [this, gen, cells, scaled] { deliver(gen, cells, scaled); }, Qt::QueuedConnection);
    });
    update();
}

void HeatmapWidget::deliver(quint64 gen, const QImage& cells, const QImage& scaled) {
    if (gen != generation_) return; // superseded while it rendered
    cells_ = cells;
    pixmap_ = scaled.isNull() ? QPixmap() : QPixmap::fromImage(scaled);
    pixmap_.setDevicePixelRatio(devicePixelRatioF());
    rendering_ = false;
    ++renderCount_;
    update();
    Q_EMIT imageReady();
}

void HeatmapWidget::ensureScaledPixmap() {
    if (cells_.isNull() || !layout_.valid) return;
    const qreal dpr = devicePixelRatioF();
    const QSize target = devicePixels(layout_.geometry.matrix, dpr);
    if (!pixmap_.isNull() && pixmap_.size() == target && qFuzzyCompare(pixmap_.devicePixelRatio(), dpr)) return;
    pixmap_ = QPixmap::fromImage(scaleCells(cells_, target));
    pixmap_.setDevicePixelRatio(dpr);
}

void HeatmapWidget::resizeEvent(QResizeEvent* e) {
    QWidget::resizeEvent(e);
    relayout();
}

void HeatmapWidget::changeEvent(QEvent* e) {
    QWidget::changeEvent(e);
    if (e->type() == QEvent::FontChange) {
        style_ = FigureStyle::forWidget(font());
        relayout();
        update();
    }
}

void HeatmapWidget::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.fillRect(rect(), Qt::white);
    if (!layout_.valid) {
        drawNoData(p, QRectF(rect()), style_);
        return;
    }
    paintMatrix(p);
    p.save();
    if (isZoomed()) p.setClipRect(shown_.visible);
    drawSeparators(p, shown_.geometry, data_->separators, style_.lineWidth * 0.8);
    drawGroupOutlines(p, shown_.geometry, blocks_, style_.lineWidth * 0.8);
    p.restore();
    paintSelection(p);
    drawHeatmapFrame(p, shown_, *data_, style_);
}

void HeatmapWidget::paintMatrix(QPainter& p) {
    const QRectF& matrix = layout_.geometry.matrix;
    if (isZoomed() && !cells_.isNull()) {
        // One image pixel per cell, drawn over the whole (virtual) matrix and
        // clipped to the frame: hard cell edges, fractional pans.
        const QRectF whole = shown_.geometry.matrix;
        p.save();
        p.setClipRect(matrix);
        p.setRenderHint(QPainter::SmoothPixmapTransform, whole.width() * devicePixelRatioF() < cells_.width());
        p.drawImage(whole, cells_);
        p.restore();
        return;
    }
    // While a new image renders, the last one is shown scaled (stale); the
    // current one is re-scaled only when the size or the screen changed.
    if (!rendering_) ensureScaledPixmap();
    if (!pixmap_.isNull()) {
        p.setRenderHint(QPainter::SmoothPixmapTransform, false);
        p.drawPixmap(matrix, pixmap_, QRectF(QPointF(0, 0), QSizeF(pixmap_.size())));
    } else {
        p.fillRect(matrix, QColor(0xee, 0xee, 0xee));
        p.setPen(QColor(0x88, 0x88, 0x88));
        p.setFont(style_.axis);
        p.drawText(matrix, Qt::AlignCenter, tr("Rendering…"));
    }
}

void HeatmapWidget::paintSelection(QPainter& p) {
    if (selection_.isEmpty()) return;
    const HeatmapGeometry& g = shown_.geometry;
    const QRectF frame = shown_.visible;
    // Everything outside the selected units' rows and columns is faded.
    QPainterPath keep;
    for (int u : selection_) {
        const QRectF cell = g.cellRect(u, u);
        if (cell.isEmpty()) continue;
        keep.addRect(QRectF(frame.left(), cell.top(), frame.width(), cell.height()));
        keep.addRect(QRectF(cell.left(), frame.top(), cell.width(), frame.height()));
    }
    QPainterPath fade;
    fade.addRect(frame);
    keep.setFillRule(Qt::WindingFill);
    p.save();
    p.setRenderHint(QPainter::Antialiasing, false);
    p.fillPath(fade.subtracted(keep.simplified()), QColor(255, 255, 255, 150));
    // A mark beside each selected row and below each selected column.
    const QColor mark(0x11, 0x11, 0x11); // no group colour is this dark
    const double len = QFontMetricsF(style_.tick).height() * 0.3;
    for (int u : selection_) {
        const QRectF cell = g.cellRect(u, u);
        if (cell.isEmpty()) continue;
        const double y = cell.center().y(), x = cell.center().x();
        if (y >= frame.top() && y <= frame.bottom())
            p.fillRect(QRectF(frame.left() - len, cell.top(), len, cell.height())
                           .intersected(QRectF(0, frame.top(), width(), frame.height())),
                       mark);
        if (x >= frame.left() && x <= frame.right())
            p.fillRect(QRectF(cell.left(), frame.bottom(), cell.width(), len)
                           .intersected(QRectF(frame.left(), 0, frame.width(), height())),
                       mark);
    }
    p.restore();
}

QString HeatmapWidget::toolTipAt(const QPoint& pos) const {
    int r = -1, c = -1;
    const QPointF p = QPointF(pos) + QPointF(0.5, 0.5);
    if (!shown_.valid || !shown_.visible.contains(p) || !shown_.geometry.unitsAt(p, &r, &c)) return {};
    const HeatmapData& d = *data_;
    auto name = [&](int u) {
        return u < d.labels.size() && !d.labels.at(u).isEmpty() ? d.labels.at(u) : QString::number(u);
    };
    const double v = d.values(r, c);
    const QString value = std::isfinite(v) ? QString::number(v, 'f', 4) : tr("n/a");
    const QString what = d.colorbarLabel.isEmpty() ? tr("value") : d.colorbarLabel;
    return tr("%1 × %2\n%3: %4").arg(name(r), name(c), what, value);
}

bool HeatmapWidget::event(QEvent* e) {
    if (e->type() == QEvent::ToolTip) {
        auto* he = static_cast<QHelpEvent*>(e);
        const QString text = toolTipAt(he->pos());
        if (text.isEmpty()) {
            QToolTip::hideText();
            e->ignore();
        } else {
            int r = -1, c = -1;
            shown_.geometry.unitsAt(QPointF(he->pos()) + QPointF(0.5, 0.5), &r, &c);
            const QRectF cell = shown_.geometry.cellRect(r, c).intersected(shown_.visible);
            QToolTip::showText(he->globalPos(), text, this, cell.toAlignedRect());
        }
        return true;
    }
    return QWidget::event(e);
}

void HeatmapWidget::wheelEvent(QWheelEvent* e) {
    const double steps = e->angleDelta().y() / 120.0;
    if (!layout_.valid || steps == 0) {
        QWidget::wheelEvent(e);
        return;
    }
    zoomAbout(e->position(), std::pow(1.25, steps));
    e->accept();
}

void HeatmapWidget::mousePressEvent(QMouseEvent* e) {
    if (e->button() != Qt::LeftButton || !layout_.valid) {
        QWidget::mousePressEvent(e);
        return;
    }
    pressed_ = true;
    panning_ = false;
    pressPos_ = e->position();
    pressZoom_ = zoom_;
    e->accept();
}

void HeatmapWidget::mouseMoveEvent(QMouseEvent* e) {
    if (!pressed_) {
        QWidget::mouseMoveEvent(e);
        return;
    }
    const QPointF delta = e->position() - pressPos_;
    if (!panning_ && isZoomed() && delta.manhattanLength() >= QApplication::startDragDistance()) {
        panning_ = true;
        setCursor(Qt::ClosedHandCursor);
    }
    if (panning_) setZoom(pressZoom_.pannedBy(layout_.geometry.matrix, unitCount(), delta));
    e->accept();
}

void HeatmapWidget::mouseReleaseEvent(QMouseEvent* e) {
    if (!pressed_ || e->button() != Qt::LeftButton) {
        QWidget::mouseReleaseEvent(e);
        return;
    }
    pressed_ = false;
    if (panning_) {
        panning_ = false;
        unsetCursor();
    } else {
        // A click: the units under it, or none (clears the selection) off the matrix.
        Q_EMIT unitsClicked(unitsAt(e->position().toPoint()));
    }
    e->accept();
}

void HeatmapWidget::mouseDoubleClickEvent(QMouseEvent* e) {
    if (e->button() == Qt::LeftButton) {
        resetZoom();
        e->accept();
        return;
    }
    QWidget::mouseDoubleClickEvent(e);
}

void HeatmapWidget::keyPressEvent(QKeyEvent* e) {
    const QPointF centre = layout_.geometry.matrix.center();
    switch (e->key()) {
    case Qt::Key_0:
    case Qt::Key_Home: resetZoom(); break;
    case Qt::Key_Plus:
    case Qt::Key_Equal: zoomAbout(centre, 1.25); break;
    case Qt::Key_Minus: zoomAbout(centre, 1 / 1.25); break;
    default: QWidget::keyPressEvent(e); return;
    }
    e->accept();
}

} // namespace sharelens::widgets
