#include "trainingcharts.h"

#include "colormap.h"

#include <QApplication>
#include <QDir>
#include <QEvent>
#include <QPalette>
#include <QStyle>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLocale>
#include <QScrollBar>
#include <QMenu>
#include <QMessageBox>
#include <QPainter>
#include <QSpinBox>
#include <QTableWidget>
#include <QToolButton>
#include <QVBoxLayout>
#include <QtCharts/QChart>
#include <QtCharts/QChartView>
#include <QtCharts/QLegend>
#include <QtCharts/QLineSeries>
#include <QtCharts/QAbstractAxis>
#include <QtCharts/QValueAxis>

#include <algorithm>
#include <cmath>
#include <limits>

#include "figures.h"

namespace sharelens::widgets {

QList<QPointF> decimatePoints(const std::vector<QPointF>& points, int maxPoints) {
    QList<QPointF> out;
    const size_t n = points.size();
    if (maxPoints < 2 || n <= size_t(maxPoints)) {
        out.reserve(qsizetype(n));
        for (const auto& p : points) out.append(p);
        return out;
    }
    const size_t buckets = size_t(maxPoints) / 2;
    out.reserve(qsizetype(buckets * 2));
    for (size_t b = 0; b < buckets; ++b) {
        const size_t lo = b * n / buckets, hi = (b + 1) * n / buckets;
        if (lo >= hi) continue;
        size_t mn = lo, mx = lo;
        for (size_t i = lo; i < hi; ++i) {
            if (points[i].y() < points[mn].y()) mn = i;
            if (points[i].y() > points[mx].y()) mx = i;
        }
        if (mn == mx) {
            out.append(points[mn]);
        } else {
            out.append(points[std::min(mn, mx)]);
            out.append(points[std::max(mn, mx)]);
        }
    }
    return out;
}

void compactLegend(QChart* chart) {
    QFont f = chart->legend()->font();
    f.setPointSizeF(std::max(7.0, f.pointSizeF() * 0.85));
    chart->legend()->setFont(f);
}

QWidget* chartWithExport(QChartView* view, QWidget* extra, const QString& buttonName, QObject* context,
                         const std::function<void(bool data)>& exportFn) {
    auto* box = new QWidget;
    auto* l = new QVBoxLayout(box);
    l->setContentsMargins(0, 0, 0, 0);
    l->setSpacing(0);
    auto* exportButton = new QToolButton;
    exportButton->setObjectName(buttonName);
    exportButton->setText(TrainingChartsPanel::tr("Export"));
    exportButton->setPopupMode(QToolButton::InstantPopup);
    auto* menu = new QMenu(exportButton);
    menu->addAction(TrainingChartsPanel::tr("Figure (PNG, SVG, PDF)…"), context, [exportFn] { exportFn(false); });
    menu->addAction(TrainingChartsPanel::tr("Data (CSV)…"), context, [exportFn] { exportFn(true); });
    exportButton->setMenu(menu);
    auto* row = new QHBoxLayout;
    if (extra) row->addWidget(extra);
    row->addStretch();
    row->addWidget(exportButton);
    l->addLayout(row);
    l->addWidget(view, 1);
    return box;
}

// ---------------------------------------------------------------- charts

TrainingChartsPanel::TrainingChartsPanel(const QStringList& runNames, int columns, QWidget* parent) : QWidget(parent) {
    const QString base = runNames.value(0), shared = runNames.value(1);
    buildChart(LossChart, tr("Loss"), tr("Loss (nats)"),
               {base, shared, tr("%1 val.").arg(base), tr("%1 val.").arg(shared)},
               {QStringLiteral("baseline_train"), QStringLiteral("shared_train"), QStringLiteral("baseline_validation"),
                QStringLiteral("shared_validation")},
               QStringLiteral("loss"), 1.0);
    buildChart(SpeedChart, tr("Speed"), tr("Tokens per second"), {base, shared},
               {QStringLiteral("baseline"), QStringLiteral("shared")}, QStringLiteral("tokens_per_s"), 1.0);
    // Model state is a few MiB for a small model, the process hundreds:
    // peak resident memory gets its own axis on the right.
    buildChart(
        MemoryChart, tr("Memory"), tr("Model state (MiB)"), {base, shared, tr("Peak RSS (right)")},
        {QStringLiteral("baseline_model_state"), QStringLiteral("shared_model_state"), QStringLiteral("peak_rss")},
        QStringLiteral("bytes"), 1.0 / (1024.0 * 1024.0), tr("Peak resident (MiB)"));
    m_charts[LossChart].y->setLabelFormat(QStringLiteral("%.2f"));
    m_charts[SpeedChart].y->setLabelFormat(QStringLiteral("%.0f"));
    m_charts[MemoryChart].y->setLabelFormat(QStringLiteral("%.1f"));
    m_charts[MemoryChart].y2->setLabelFormat(QStringLiteral("%.0f"));
    m_charts[SpeedChart].zeroBased = true;
    m_charts[MemoryChart].zeroBased = true;
    // The methods' colours, as in the budget chart, the figures and the report.
    for (int c = 0; c < ChartCount; ++c) {
        m_charts[size_t(c)].series[0]->setColor(methodColor(QStringLiteral("baseline")));
        m_charts[size_t(c)].series[1]->setColor(methodColor(QStringLiteral("shared")));
    }
    m_charts[MemoryChart].series[2]->setColor(neutralGrey().darker(130));
    // Validation: the run's colour, dashed, with its few points shown.
    for (int s : {2, 3}) {
        QLineSeries* v = m_charts[LossChart].series[size_t(s)];
        v->setPointsVisible(true);
        QPen pen = v->pen();
        pen.setColor(m_charts[LossChart].series[size_t(s - 2)]->color());
        pen.setStyle(Qt::DashLine);
        pen.setWidthF(2.0);
        v->setPen(pen);
    }
    m_grid = new QGridLayout(this);
    m_grid->setContentsMargins(0, 0, 0, 0);
    columns = std::max(1, columns);
    for (int c = 0; c < ChartCount; ++c) {
        const auto chart = Chart(c);
        m_boxes[size_t(c)] = chartWithExport(m_charts[size_t(c)].view, nullptr, QStringLiteral("exportChart%1").arg(c),
                                             this, [this, chart](bool data) { exportInteractive(chart, data); });
        m_grid->addWidget(m_boxes[size_t(c)], c / columns, c % columns);
    }
    for (int c = 0; c < columns; ++c) m_grid->setColumnStretch(c, 1);
    for (int r = 0; r <= (ChartCount - 1) / columns; ++r) m_grid->setRowStretch(r, 1);
    buildDistillChart(columns);
    clear(1);
}

// The distillation chart: one series per loss component of the shared run,
// on a row of its own under the other charts (hidden until used).
void TrainingChartsPanel::buildDistillChart(int columns) {
    buildChart(DistillChart, tr("Distillation"), tr("Loss component"),
               {tr("Cross-entropy"), tr("KL to the unshared model"), tr("Hidden-state MSE")},
               {QStringLiteral("cross_entropy"), QStringLiteral("distill_kl"), QStringLiteral("distill_hidden")},
               QStringLiteral("value"), 1.0);
    auto& st = m_charts[DistillChart];
    st.y->setLabelFormat(QStringLiteral("%.3g"));
    st.series[0]->setColor(methodColor(QStringLiteral("shared")));
    st.series[1]->setColor(QColor(0x8e, 0x44, 0xad));
    st.series[2]->setColor(QColor(0x2e, 0x86, 0x4b));
    st.view->setMinimumSize(320, 180);
    m_boxes[DistillChart] = chartWithExport(st.view, nullptr, QStringLiteral("exportChart%1").arg(int(DistillChart)),
                                            this, [this](bool data) { exportInteractive(DistillChart, data); });
    m_grid->addWidget(m_boxes[DistillChart], (ChartCount - 1) / columns + 1, 0, 1, columns);
    m_boxes[DistillChart]->hide();
}

void TrainingChartsPanel::buildChart(Chart c, const QString& title, const QString& yTitle, const QStringList& names,
                                     const QStringList& ids, const QString& valueColumn, double displayScale,
                                     const QString& y2Title) {
    ChartState& st = m_charts[size_t(c)];
    st.chart = new QChart;
    // Tick labels in the user's locale (decimal comma in German).
    st.chart->setLocalizeNumbers(true);
    st.chart->setLocale(QLocale());
    st.chart->setTitle(title);
    st.chart->legend()->setAlignment(Qt::AlignBottom);
    st.chart->legend()->setShowToolTips(true);
    // Each entry draws its series' own line: dashed validation shows dashed.
    st.chart->legend()->setMarkerShape(QLegend::MarkerShapeFromSeries);
    compactLegend(st.chart);
    st.chart->setMargins(QMargins(4, 4, 4, 4));
    st.x = new QValueAxis;
    st.x->setTitleText(tr("Step"));
    st.x->setLabelFormat(QStringLiteral("%.0f")); // "%d" prints nothing with localized numbers
    st.y = new QValueAxis;
    st.y->setTitleText(yTitle);
    st.y->setLabelFormat(QStringLiteral("%.4g"));
    st.chart->addAxis(st.x, Qt::AlignBottom);
    st.chart->addAxis(st.y, Qt::AlignLeft);
    if (!y2Title.isEmpty()) {
        st.y2 = new QValueAxis;
        st.y2->setTitleText(y2Title);
        st.y2->setLabelFormat(QStringLiteral("%.4g"));
        st.chart->addAxis(st.y2, Qt::AlignRight);
    }
    for (qsizetype i = 0; i < names.size(); ++i) {
        auto* s = new QLineSeries;
        s->setName(names[i]);
        st.chart->addSeries(s);
        s->attachAxis(st.x);
        s->attachAxis(st.y2 && i == names.size() - 1 ? st.y2 : st.y);
        st.series.push_back(s);
    }
    st.data.assign(names.size(), {});
    st.ids = ids;
    st.valueColumn = valueColumn;
    st.displayScale = displayScale;
    st.view = new QChartView(st.chart);
    st.view->setObjectName(QStringLiteral("finetuneChart%1").arg(int(c)));
    st.view->setRenderHint(QPainter::Antialiasing);
    st.view->setMinimumSize(300, 190); // three side by side, and two rows, fit a 1366 × 768 screen
    followPalette(st.view);
}

namespace {

// Tick labels drawn or transparent. Transparent rather than hidden: a hidden
// axis's labels give up their room and Qt Charts then elides the axis title.
void setLabelsShown(QValueAxis* axis, bool shown) {
    QColor c = axis->labelsColor();
    c.setAlpha(shown ? 255 : 0);
    axis->setLabelsColor(c);
}

} // namespace

void TrainingChartsPanel::clear(int steps) {
    for (auto& st : m_charts) {
        for (size_t i = 0; i < st.series.size(); ++i) {
            st.data[i].clear();
            st.series[i]->clear();
        }
        st.x->setRange(0, std::max(1, steps));
        // Until data arrive: a range whose ticks print well in every format,
        // and no tick labels (an empty chart has no numbers to show).
        st.y->setRange(0, st.zeroBased ? 100 : 1);
        if (st.y2) st.y2->setRange(0, 100);
        for (QValueAxis* axis : {st.x, st.y, st.y2})
            if (axis) setLabelsShown(axis, false);
        st.dirty = false;
    }
    m_distillShown = false;
    if (m_boxes[DistillChart]) m_boxes[DistillChart]->hide();
}

void TrainingChartsPanel::addPoint(Chart c, int series, double x, double y, bool keepMax) {
    if (!std::isfinite(y)) return;
    auto& d = m_charts[size_t(c)].data[size_t(series)];
    if (!d.empty() && d.back().x() >= x) {
        if (keepMax && d.back().x() == x && y > d.back().y()) {
            d.back().setY(y);
            m_charts[size_t(c)].dirty = true;
        }
        return; // x stays increasing
    }
    d.emplace_back(x, y);
    m_charts[size_t(c)].dirty = true;
}

void TrainingChartsPanel::addRecords(const std::vector<std::pair<PairRun, StepRecord>>& steps,
                                     const std::vector<std::pair<PairRun, EvalRecord>>& evals) {
    for (const auto& [run, s] : steps) {
        const int r = run == PairRun::Shared ? 1 : 0;
        addPoint(LossChart, r, s.step, s.loss);
        addPoint(SpeedChart, r, s.step, s.tokensPerSecond);
        addPoint(MemoryChart, r, s.step, static_cast<double>(s.modelStateBytes));
        addPoint(MemoryChart, 2, s.step, static_cast<double>(s.peakRssBytes), true);
        if (run == PairRun::Shared && (s.distillKl != 0 || s.distillHidden != 0)) {
            addPoint(DistillChart, 0, s.step, s.crossEntropy);
            if (s.distillKl != 0) addPoint(DistillChart, 1, s.step, s.distillKl);
            if (s.distillHidden != 0) addPoint(DistillChart, 2, s.step, s.distillHidden);
            if (!m_distillShown) {
                m_distillShown = true;
                m_boxes[DistillChart]->show();
            }
        }
    }
    for (const auto& [run, e] : evals) addPoint(LossChart, run == PairRun::Shared ? 3 : 2, e.step, e.loss);
    refresh();
}

void TrainingChartsPanel::refresh() {
    for (auto& st : m_charts) {
        if (!st.dirty) continue;
        st.dirty = false;
        const double inf = std::numeric_limits<double>::infinity();
        double lo[2] = {inf, inf}, hi[2] = {-inf, -inf};
        for (size_t i = 0; i < st.series.size(); ++i) {
            const int a = st.y2 && i + 1 == st.series.size() ? 1 : 0;
            QList<QPointF> pts = decimatePoints(st.data[i], kMaxChartPoints);
            for (auto& p : pts) {
                p.setY(p.y() * st.displayScale);
                lo[a] = std::min(lo[a], p.y());
                hi[a] = std::max(hi[a], p.y());
            }
            st.series[i]->replace(pts);
            // A component the run does not train has no points and no legend entry.
            if (&st == &m_charts[DistillChart]) st.series[i]->setVisible(!pts.isEmpty());
        }
        QValueAxis* axes[2] = {st.y, st.y2};
        if (std::isfinite(lo[0]) || std::isfinite(lo[1])) setLabelsShown(st.x, true);
        for (int a = 0; a < 2; ++a) {
            if (!axes[a] || !std::isfinite(lo[a])) continue;
            setLabelsShown(axes[a], true);
            const double pad = hi[a] > lo[a] ? 0.05 * (hi[a] - lo[a]) : std::max(1e-6, 0.05 * std::abs(hi[a]));
            // Non-negative quantities (speed, bytes) keep zero as the floor.
            const double floor = lo[a] >= 0 ? 0.0 : -inf;
            axes[a]->setRange(st.zeroBased ? std::min(0.0, lo[a]) : std::max(floor, lo[a] - pad), hi[a] + pad);
            axes[a]->applyNiceNumbers();
        }
    }
}

void applyChartPalette(QChart* chart, const QPalette& palette) {
    const QColor background = palette.color(QPalette::Base);
    const QColor ink = palette.color(QPalette::Text);
    QColor grid = ink, axisLine = ink;
    grid.setAlpha(45);
    axisLine.setAlpha(150);
    chart->setBackgroundBrush(background);
    chart->setTitleBrush(ink);
    chart->legend()->setLabelColor(ink);
    const auto axes = chart->axes();
    for (QAbstractAxis* axis : axes) {
        QColor labels = ink;
        labels.setAlpha(axis->labelsColor().alpha()); // hidden (transparent) labels stay hidden
        axis->setLabelsColor(labels);
        axis->setTitleBrush(ink);
        axis->setLinePenColor(axisLine);
        axis->setGridLineColor(grid);
        axis->setMinorGridLineColor(grid);
    }
}

namespace {

// Recolours a chart view's chart whenever the view's palette changes.
class PaletteFollower : public QObject {
public:
    explicit PaletteFollower(QChartView* view) : QObject(view), m_view(view) { apply(); }
    bool eventFilter(QObject* watched, QEvent* event) override {
        if (watched == m_view &&
            (event->type() == QEvent::PaletteChange || event->type() == QEvent::ApplicationPaletteChange))
            apply();
        return QObject::eventFilter(watched, event);
    }
    void apply() {
        applyChartPalette(m_view->chart(), m_view->palette());
        m_view->setBackgroundBrush(m_view->palette().color(QPalette::Base));
    }

private:
    QChartView* m_view;
};

} // namespace

void followPalette(QChartView* view) {
    auto* follower = new PaletteFollower(view);
    view->installEventFilter(follower);
}

bool exportChartView(QChartView* view, const QString& path, QString* error) {
    // At least 480 x 300 and the view's own shape, so the chart fills the
    // figure (no empty margin at the right or the bottom).
    const double w = std::max(1, view->width()), h = std::max(1, view->height());
    const double scale = std::max({1.0, 480.0 / w, 300.0 / h});
    const QSizeF size(w * scale, h * scale);
    // Figures are for print: light colours whatever the window's theme.
    const QBrush viewBackground = view->backgroundBrush();
    applyChartPalette(view->chart(), QApplication::style()->standardPalette());
    view->setBackgroundBrush(Qt::white);
    const bool ok = widgets::exportFigure(
        path, size,
        [view](QPainter& p, const QRectF& rect) {
            p.fillRect(rect, Qt::white);
            view->render(&p, rect, view->viewport()->rect(), Qt::KeepAspectRatio);
        },
        error);
    applyChartPalette(view->chart(), view->palette());
    view->setBackgroundBrush(viewBackground);
    return ok;
}

bool TrainingChartsPanel::exportChart(Chart c, const QString& path, QString* error) const {
    return exportChartView(m_charts[size_t(c)].view, path, error);
}

bool TrainingChartsPanel::exportChartCsv(Chart c, const QString& path, QString* error) const {
    const ChartState& st = m_charts[size_t(c)];
    QByteArray csv = "series,step," + st.valueColumn.toUtf8() + "\n";
    for (size_t i = 0; i < st.data.size(); ++i)
        for (const QPointF& p : st.data[i]) {
            csv += st.ids[qsizetype(i)].toUtf8() + ',' + QByteArray::number(qint64(p.x())) + ',' +
                   QByteArray::number(p.y(), 'g', 10) + '\n';
        }
    return widgets::saveFileAtomic(path, csv, error);
}

void TrainingChartsPanel::askAndExport(QWidget* parent, const QString& name, bool data,
                                       const std::function<bool(const QString&, bool, QString*)>& write) {
    const QString path =
        data ? QFileDialog::getSaveFileName(parent, tr("Export Chart Data"), name + QStringLiteral(".csv"),
                                            tr("CSV files (*.csv)"))
             : QFileDialog::getSaveFileName(parent, tr("Export Chart"), name + QStringLiteral(".png"),
                                            tr("PNG image (*.png);;SVG drawing (*.svg);;PDF document (*.pdf)"));
    if (path.isEmpty()) return;
    QString error;
    if (!write(path, data, &error)) QMessageBox::warning(parent, tr("Export failed"), error);
}

void TrainingChartsPanel::exportInteractive(Chart c, bool data) {
    static const char* names[] = {"loss", "speed", "memory", "distillation"};
    askAndExport(this, QString::fromLatin1(names[c]), data, [this, c](const QString& path, bool csv, QString* error) {
        return csv ? exportChartCsv(c, path, error) : exportChart(c, path, error);
    });
}

// ---------------------------------------------------------------- settings

TrainingSettingsBox::TrainingSettingsBox(const QString& prefix, QWidget* parent) : QGroupBox(tr("Training"), parent) {
    auto* tf = new QFormLayout(this);
    m_steps = new QSpinBox;
    m_steps->setObjectName(prefix + QStringLiteral("Steps"));
    m_steps->setRange(1, 10000000);
    m_steps->setValue(200);
    m_batch = new QSpinBox;
    m_batch->setObjectName(prefix + QStringLiteral("Batch"));
    m_batch->setRange(1, 4096);
    m_batch->setValue(4);
    m_seqLen = new QSpinBox;
    m_seqLen->setObjectName(prefix + QStringLiteral("SeqLen"));
    m_seqLen->setRange(2, 1 << 20);
    m_seqLen->setValue(64);
    m_seqLen->setSuffix(tr(" tokens"));
    m_lr = new QDoubleSpinBox;
    m_lr->setObjectName(prefix + QStringLiteral("LearningRate"));
    m_lr->setDecimals(6);
    m_lr->setRange(0.000001, 10.0);
    m_lr->setSingleStep(0.0001);
    m_lr->setValue(0.0003);
    m_seed = new QSpinBox;
    m_seed->setObjectName(prefix + QStringLiteral("Seed"));
    m_seed->setRange(0, std::numeric_limits<int>::max());
    m_seed->setValue(1);
    tf->addRow(tr("Steps:"), m_steps);
    tf->addRow(tr("Batch:"), m_batch);
    tf->addRow(tr("Sequence length:"), m_seqLen);
    tf->addRow(tr("Learning rate:"), m_lr);
    tf->addRow(tr("Seed:"), m_seed);
}

void TrainingSettingsBox::setFieldsEnabled(bool enabled) {
    for (QWidget* w : std::initializer_list<QWidget*>{m_steps, m_batch, m_seqLen, m_lr, m_seed}) w->setEnabled(enabled);
}

// ---------------------------------------------------------------- run table

namespace {

enum ResultColumn { RunCol, ValBeforeCol, ValAfterCol, ParamsCol, StateCol, TpsCol, ResultColumns };

// As tall as its header and rows, whatever the style and font (measured
// when the layout asks, so a theme change refits it).
class RunTable : public QTableWidget {
public:
    using QTableWidget::QTableWidget;
    QSize sizeHint() const override { return {QTableWidget::sizeHint().width(), fittedHeight()}; }
    QSize minimumSizeHint() const override { return {QTableWidget::minimumSizeHint().width(), fittedHeight()}; }

private:
    int fittedHeight() const {
        int h = horizontalHeader()->sizeHint().height() + 2 * frameWidth() + 2;
        for (int r = 0; r < rowCount(); ++r) h += rowHeight(r);
        // A narrow table scrolls sideways: its scroll bar must not cover a row.
        if (horizontalScrollBar()->isVisible()) h += horizontalScrollBar()->sizeHint().height();
        return h;
    }
};

} // namespace

QString lossText(double v) { return v < 0 ? QStringLiteral("—") : QLocale().toString(v, 'f', 4); }

QTableWidget* makeRunTable(const QString& objectName, const QStringList& runNames, bool compactHeaders) {
    auto* t = new RunTable(static_cast<int>(runNames.size()), ResultColumns);
    t->setObjectName(objectName);
    if (compactHeaders)
        t->setHorizontalHeaderLabels({TrainingChartsPanel::tr("Run"), TrainingChartsPanel::tr("Val. loss\nbefore"),
                                      TrainingChartsPanel::tr("Val. loss\nafter"),
                                      TrainingChartsPanel::tr("Parameters"), TrainingChartsPanel::tr("Model\nstate"),
                                      TrainingChartsPanel::tr("Mean\ntokens/s")});
    else
        t->setHorizontalHeaderLabels(
            {TrainingChartsPanel::tr("Run"), TrainingChartsPanel::tr("Validation loss\nbefore"),
             TrainingChartsPanel::tr("Validation loss\nafter"), TrainingChartsPanel::tr("Parameters"),
             TrainingChartsPanel::tr("Model state"), TrainingChartsPanel::tr("Mean\ntokens/s")});
    t->verticalHeader()->hide();
    t->setEditTriggers(QAbstractItemView::NoEditTriggers);
    // Compact tables sit in narrow cells: every column as wide as its header
    // and numbers (never clipped), the last one taking what is left.
    t->horizontalHeader()->setSectionResizeMode(compactHeaders ? QHeaderView::ResizeToContents : QHeaderView::Stretch);
    t->horizontalHeader()->setSectionResizeMode(RunCol, QHeaderView::ResizeToContents);
    if (compactHeaders) {
        t->horizontalHeader()->setStretchLastSection(true);
        // The height follows the sideways scroll bar as it comes and goes.
        QObject::connect(t->horizontalScrollBar(), &QScrollBar::rangeChanged, t, [t] { t->updateGeometry(); });
    }
    t->setWordWrap(false);
    t->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    for (int r = 0; r < static_cast<int>(runNames.size()); ++r)
        t->setItem(r, RunCol, new QTableWidgetItem(runNames[r]));
    t->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    return t;
}

void setRunRow(QTableWidget* table, int row, const QString& name, const SessionSystemSummary& s) {
    const QLocale loc;
    const QStringList cells{name,
                            lossText(s.validationBefore),
                            lossText(s.validationAfter),
                            loc.toString(static_cast<qlonglong>(s.parameters)),
                            loc.formattedDataSize(static_cast<qint64>(s.modelStateBytes)),
                            loc.toString(s.meanTokensPerSecond, 'f', 0)};
    for (int c = 0; c < ResultColumns; ++c) {
        auto* item = new QTableWidgetItem(cells[c]);
        if (c != RunCol) item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        table->setItem(row, c, item);
    }
}

void clearRunTable(QTableWidget* table) {
    for (int r = 0; r < table->rowCount(); ++r)
        for (int c = RunCol + 1; c < table->columnCount(); ++c) table->setItem(r, c, nullptr);
}

} // namespace sharelens::widgets
