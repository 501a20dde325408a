// Interactive heatmap of an n x n matrix (similarity): the matrix is colour-
// mapped once into an image with one pixel per cell (off the GUI thread for
// large n), cached as a pixmap at the device's resolution, and painted with
// group outlines, labels and a colour bar. A tooltip names the pair of units
// and the value under the mouse. The wheel zooms about the mouse, a drag
// pans, a double-click (or the 0 key) shows the whole matrix again; labels
// follow the zoom. A click (without a drag) on a cell reports the units it
// compares (unitsClicked); the selection given back is highlighted.
#pragma once

#include "figures.h"

#include <QImage>
#include <QPixmap>
#include <QThreadPool>
#include <QWidget>

#include <atomic>
#include <memory>
#include <vector>

namespace sharelens::widgets {

class HeatmapWidget : public QWidget {
    Q_OBJECT
public:
    explicit HeatmapWidget(QWidget* parent = nullptr);
    ~HeatmapWidget() override;

    // Shows `data`: re-renders the matrix image (the previous one stays on
    // screen, scaled, until the new one is ready).
    void setData(const HeatmapData& data);
    // Reorders rows and columns (e.g. by the dendrogram's leaf order); an
    // empty or invalid order means natural. Re-renders the image.
    void setOrder(const std::vector<int>& order);
    // Changes the outlined groups only; the matrix image is kept.
    void setGroups(const std::vector<std::vector<int>>& groups);

    int unitCount() const;
    const std::vector<int>& order() const { return order_; }
    const std::vector<std::vector<int>>& groups() const { return groups_; }
    // Geometry of what is on screen: when zoomed, its matrix is the whole
    // matrix's (virtual) rect, larger than visibleMatrix().
    const HeatmapGeometry& geometry() const { return shown_.geometry; }
    // The matrix's frame on screen.
    QRectF visibleMatrix() const;
    // The labelled display positions step (follows the zoom).
    int labelStep() const { return shown_.labelStep; }

    const HeatmapZoom& zoom() const { return zoom_; }
    bool isZoomed() const { return zoom_.isZoomed(unitCount()); }
    // Sets the zoom (clamped); emits zoomChanged when it changes.
    void setZoom(const HeatmapZoom& zoom);
    // Zooms by `factor` about a point of the widget (the matrix's centre
    // when `at` is outside it).
    void zoomAbout(const QPointF& at, double factor);
    void resetZoom() { setZoom({}); }

    // Units highlighted (rows, columns and their labels' ticks).
    void setSelection(const QList<int>& units);
    const QList<int>& selection() const { return selection_; }
    // What a click at `pos` selects: the unit on the diagonal; both units'
    // group when they share one; otherwise the pair. Empty off the matrix.
    QList<int> unitsAt(const QPoint& pos) const;

    // The tooltip shown at `pos` (widget coordinates); empty off the matrix.
    QString toolTipAt(const QPoint& pos) const;

    // Matrices with at least this many units render on a worker thread.
    void setAsyncThreshold(int units) { asyncThreshold_ = units; }
    // True while a newer matrix image is being rendered.
    bool isRendering() const { return rendering_; }
    // Image generations delivered so far (for tests and benchmarks).
    quint64 renderCount() const { return renderCount_; }

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

Q_SIGNALS:
    // A freshly rendered matrix image is on screen.
    void imageReady();
    void zoomChanged();
    // The user clicked a cell (see unitsAt).
    void unitsClicked(const QList<int>& units);

protected:
    bool event(QEvent* e) override;
    void paintEvent(QPaintEvent* e) override;
    void resizeEvent(QResizeEvent* e) override;
    void changeEvent(QEvent* e) override;
    void wheelEvent(QWheelEvent* e) override;
    void mousePressEvent(QMouseEvent* e) override;
    void mouseMoveEvent(QMouseEvent* e) override;
    void mouseReleaseEvent(QMouseEvent* e) override;
    void mouseDoubleClickEvent(QMouseEvent* e) override;
    void keyPressEvent(QKeyEvent* e) override;

private:
    void relayout();
    void updateShown();
    void paintMatrix(QPainter& p);
    void paintSelection(QPainter& p);
    void startRender();
    void deliver(quint64 generation, const QImage& cells, const QImage& scaled);
    void ensureScaledPixmap();

    std::shared_ptr<const HeatmapData> data_; // values and labels; shared with render jobs
    std::vector<int> order_;
    std::vector<std::vector<int>> groups_;
    FigureStyle style_;
    HeatmapLayout layout_; // the whole matrix
    HeatmapLayout shown_;  // with the zoom: geometry over the virtual rect, visible = the frame
    HeatmapZoom zoom_;
    QList<int> selection_;
    QPointF pressPos_;
    HeatmapZoom pressZoom_;
    bool pressed_ = false, panning_ = false;
    std::vector<GroupBlock> blocks_;

    QImage cells_;   // one pixel per cell, for the last delivered generation
    QPixmap pixmap_; // cells_ scaled to the matrix rect in device pixels
    bool rendering_ = false;
    quint64 renderCount_ = 0;
    quint64 generation_ = 0;
    std::shared_ptr<std::atomic<quint64>> latest_ = std::make_shared<std::atomic<quint64>>(0);
    int asyncThreshold_ = 256;
    QThreadPool pool_;
};

} // namespace sharelens::widgets
