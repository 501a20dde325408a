#include "heatmapwidget.h"

#include <QEvent>
#include <QHelpEvent>
#include <QPainter>
#include <QToolTip>

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
    data_ = std::move(d);
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
    blocks_ = groupBlocks(groups_, layout_.geometry);
    update();
}

void HeatmapWidget::relayout() {
    layout_ = layoutHeatmap(QRectF(rect()), *data_, style_);
    if (layout_.valid) layout_.geometry = HeatmapGeometry(layout_.geometry.matrix, layout_.geometry.n, order_);
    blocks_ = groupBlocks(groups_, layout_.geometry);
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
    const QRectF& matrix = layout_.geometry.matrix;
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
    drawSeparators(p, layout_.geometry, data_->separators, style_.lineWidth * 0.8);
    drawGroupOutlines(p, layout_.geometry, blocks_, style_.lineWidth * 0.8);
    drawHeatmapFrame(p, layout_, *data_, style_);
}

QString HeatmapWidget::toolTipAt(const QPoint& pos) const {
    int r = -1, c = -1;
    if (!layout_.valid || !layout_.geometry.unitsAt(QPointF(pos) + QPointF(0.5, 0.5), &r, &c)) return {};
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
            layout_.geometry.unitsAt(QPointF(he->pos()) + QPointF(0.5, 0.5), &r, &c);
            QToolTip::showText(he->globalPos(), text, this, layout_.geometry.cellRect(r, c).toAlignedRect());
        }
        return true;
    }
    return QWidget::event(e);
}

} // namespace sharelens::widgets
