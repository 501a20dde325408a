// Interactive dendrogram: the tree of a linkage with a horizontal threshold
// line the user drags (or moves with the arrow keys). While dragging the
// widget emits thresholdChanged(); the caller recomputes groups and layout
// and hands them back with setData() or setThreshold(), which never emit.
#pragma once

#include "figures.h"

#include <QList>
#include <QWidget>

class QPainter;

namespace sharelens::widgets {

class DendrogramWidget : public QWidget {
    Q_OBJECT
public:
    explicit DendrogramWidget(QWidget* parent = nullptr);

    // Shows `data`; the line moves to data.threshold. Does not emit.
    void setData(const DendrogramData& data);
    const DendrogramData& data() const { return data_; }

    double threshold() const { return threshold_; }
    // Moves the line (clamped to the bounds). Does not emit.
    void setThreshold(double threshold);
    // The range the user may drag the threshold in, intersected with the
    // height axis. Default [0, +inf).
    void setThresholdBounds(double lo, double hi);

    const DendrogramGeometry& geometry() const { return layout_.geometry; }
    bool hasTree() const { return layout_.valid; }
    // Pixel row of the threshold line.
    double thresholdY() const;
    bool isDragging() const { return dragging_; }
    // Ends a drag without emitting (the caller refused the move).
    void cancelDrag();
    // How close (pixels) the mouse must be to grab the line.
    static constexpr double kGrabDistance = 5.0;

    // The merge (row of data().z) whose link is drawn under `pos` (within a
    // few pixels of its bar or legs), -1 for none.
    int mergeAt(const QPointF& pos) const;
    // The units under merge `row` (all leaves of its subtree), increasing.
    QList<int> mergeMembers(int row) const;
    // What a click at `pos` selects: a merge's members, or the unit whose
    // leaf label is there; empty elsewhere.
    QList<int> unitsAt(const QPointF& pos) const;
    // The tooltip at `pos`: a merge's height and members; empty elsewhere.
    QString toolTipAt(const QPointF& pos) const;

    void setSelection(const QList<int>& units);
    const QList<int>& selection() const { return selection_; }

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

Q_SIGNALS:
    // The user moved the threshold (while dragging, or with a key).
    void thresholdChanged(double threshold);
    // The user released the line (or moved it with a key).
    void thresholdEdited(double threshold);
    // The user clicked a merge or a leaf label (see unitsAt).
    void unitsClicked(const QList<int>& units);

protected:
    void paintEvent(QPaintEvent* e) override;
    void resizeEvent(QResizeEvent* e) override;
    void changeEvent(QEvent* e) override;
    void mousePressEvent(QMouseEvent* e) override;
    void mouseMoveEvent(QMouseEvent* e) override;
    void mouseReleaseEvent(QMouseEvent* e) override;
    void keyPressEvent(QKeyEvent* e) override;
    void leaveEvent(QEvent* e) override;
    bool event(QEvent* e) override;

private:
    void relayout();
    double clampThreshold(double t) const;
    bool nearLine(double y) const;
    void userMoved(double t);
    void paintSelection(QPainter& p);

    DendrogramData data_;
    FigureStyle style_;
    DendrogramFigureLayout layout_;
    double threshold_ = 0.0;
    double boundLo_ = 0.0, boundHi_ = 1e300;
    bool dragging_ = false;
    double grabOffset_ = 0.0;
    QList<int> selection_;
    bool clickPending_ = false;
    QPointF pressPos_;
};

} // namespace sharelens::widgets
