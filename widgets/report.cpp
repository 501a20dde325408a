#include "report.h"

#include "figures.h"
#include "linechart.h"
#include "errortext.h"
#include "reportpages.h"

#include <sharelens/cluster.h>

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QFontMetricsF>
#include <QLocale>
#include <QPageLayout>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>
#include <QSaveFile>

#include <algorithm>
#include <cmath>
#include <exception>
#include <functional>
#include <utility>
#include <vector>

#ifndef SHARELENS_VERSION
#define SHARELENS_VERSION "0.0.0"
#endif

namespace sharelens::widgets {

namespace {

QString percentChange(double from, double to) {
    if (from == 0) return QString();
    const double pct = 100.0 * (to - from) / from;
    return (pct < 0 ? QStringLiteral("−") : QStringLiteral("+")) + fixed(std::abs(pct), 1) + QStringLiteral(" %");
}
QString yesNo(bool b) { return b ? tr("yes") : tr("no"); }

QString modelName(const Session& s) {
    if (s.models.empty()) return tr("(no model)");
    const QString clean = QDir::cleanPath(q(s.models.front()));
    const QString name = QFileInfo(clean).fileName();
    return name.isEmpty() ? clean : name;
}

QString unitsId(UnitKind u) { return u == UnitKind::Blocks ? QStringLiteral("blocks") : QStringLiteral("sublayers"); }

QString metricLabel(Metric m) {
    switch (m) {
    case Metric::Pearson: return tr("Pearson correlation");
    case Metric::Cosine: return tr("Cosine similarity");
    case Metric::Cka: return tr("Linear CKA");
    }
    return {};
}

// ------------------------------------------------------------ the analysis

struct Analysis {
    HeatmapData heatmap;
    DendrogramData dendrogram;
};

// Linkage and groups recomputed from the stored similarity and clustering
// settings (the session stores the inputs, not the merge matrix).
Analysis prepareAnalysis(const Session& s) {
    Analysis a;
    const SimilarityResult& sim = *s.similarity;
    validateSimilarity(sim.similarity);
    const Eigen::MatrixXd d = similarityToDistance(sim.similarity);
    const LinkageMatrix z = linkageByKind(d, s.clustering.linkage, s.clustering.contiguous, unitKinds(sim.units));
    const int n = int(sim.similarity.rows());
    std::vector<std::vector<int>> groups;
    if (s.plan && int(s.plan->units.size()) == n) {
        for (const auto& g : s.plan->groups) groups.push_back(g.members);
    } else {
        GroupConstraints c;
        c.keepFirstLast = s.clustering.keepFirstLast;
        c.maxGroupSize = s.clustering.maxGroupSize;
        groups = cutGroups(z, s.clustering.threshold, c);
    }
    QStringList labels;
    for (const auto& u : sim.units) labels << q(u);
    const QString subtitle =
        tr("%1 · %2 · %3 tokens · %4 linkage · threshold %5")
            .arg(modelName(s), metricId(sim.metric), integer(sim.tokens), q(linkageName(s.clustering.linkage)))
            .arg(s.clustering.threshold, 0, 'g', 4);
    a.heatmap.values = sim.similarity;
    a.heatmap.labels = labels;
    a.heatmap.title = tr("Layer similarity");
    a.heatmap.subtitle = subtitle;
    a.heatmap.colorbarLabel = metricLabel(sim.metric);
    a.heatmap.vmin = std::min(0.0, sim.similarity.minCoeff());
    a.heatmap.vmax = 1.0;
    a.heatmap.groups = groups;
    a.dendrogram.z = z;
    a.dendrogram.layout = dendrogramLayout(z, s.clustering.threshold);
    a.dendrogram.labels = labels;
    a.dendrogram.threshold = s.clustering.threshold;
    a.dendrogram.title = tr("Clustering of units");
    a.dendrogram.subtitle = subtitle;
    return a;
}

// The page layout (fonts, tables, Pages) and tr() are in reportpages.h.

// ------------------------------------------------------------------ page 1

std::vector<std::pair<QString, QString>> summaryRows(const ModelSummary& m) {
    std::vector<std::pair<QString, QString>> r;
    r.push_back({tr("Architecture"),
                 q(m.architecture) + (m.modelType.empty() ? QString() : QStringLiteral(" (%1)").arg(q(m.modelType)))});
    r.push_back({tr("Layers"), integer(m.layers)});
    r.push_back({tr("Hidden size"), integer(m.hiddenSize)});
    r.push_back({tr("Attention heads"), m.kvHeads > 0 && m.kvHeads != m.heads
                                            ? tr("%1 (%2 key/value)").arg(integer(m.heads), integer(m.kvHeads))
                                            : integer(m.heads)});
    if (m.intermediateSize > 0) r.push_back({tr("MLP size"), integer(m.intermediateSize)});
    r.push_back({tr("Vocabulary"), integer(m.vocabSize)});
    r.push_back({tr("Context"), tr("%1 tokens").arg(integer(m.maxPositions))});
    r.push_back({tr("Parameters"), integer(m.parameters)});
    r.push_back({tr("Storage"), tr("%1, %2 tensors, %3 (%4 bytes), %5")
                                    .arg(q(m.dtype), integer(m.tensorCount), bytesText(m.bytes),
                                         integer(int64_t(m.bytes)), q(m.format))});
    r.push_back({tr("Tokenizer"), q(m.tokenizer)});
    return r;
}

QString runSettings(const SessionRun& run) {
    QString s = tr("%1 steps, batch %2 × %3 tokens, learning rate %4, seed %5")
                    .arg(integer(run.steps), integer(run.batchSize), integer(run.seqLen))
                    .arg(run.learningRate, 0, 'g', 4)
                    .arg(QString::number(qulonglong(run.seed)));
    s += tr(", init %1").arg(run.init.empty() ? tr("as the plan says") : q(run.init));
    if (run.privateNorms) s += tr(", private norms");
    if (run.deltaRank > 0) s += tr(", low-rank deltas of rank %1").arg(run.deltaRank);
    if (run.distill != DistillMode::None)
        s += tr(", distilled from the unshared model (%1, temperature %2, KL weight %3, hidden weight %4)")
                 .arg(QString::fromLatin1(distillModeName(run.distill)))
                 .arg(run.distillTemperature, 0, 'g', 4)
                 .arg(run.distillWeight, 0, 'g', 4)
                 .arg(run.distillHiddenWeight, 0, 'g', 4);
    s += tr("; text: %1").arg(run.textPath.empty() ? tr("built-in calibration text") : q(run.textPath));
    return s;
}

void titlePage(Pages& P, const Session& s, const std::optional<ModelSummary>& summary, const ReportOptions& o,
               const QString& generator, const QDateTime& created, const QStringList& contents) {
    const Fonts& f = P.fonts();
    P.text(tr("ShareLens report"), f.title, kInk, 2);
    P.text(tr("%1 · %2").arg(modelName(s), created.toString(QStringLiteral("yyyy-MM-dd HH:mm"))), f.subheading, kMuted,
           10);

    P.heading(tr("Model"));
    if (summary) {
        P.keyValues(summaryRows(*summary));
    } else {
        P.text(o.summaryNote.isEmpty() ? tr("No model summary: the model's folder could not be read.") : o.summaryNote,
               f.body, kMuted);
    }

    P.heading(tr("Provenance"));
    std::vector<std::pair<QString, QString>> r;
    r.push_back({tr("Report written by"), generator});
    r.push_back({tr("Session created by"), s.createdBy.empty() ? tr("(not recorded)") : q(s.createdBy)});
    r.push_back({tr("Date"), created.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss t"))});
    QStringList models;
    for (const auto& m : s.models) models << q(m);
    r.push_back({s.models.size() > 1 ? tr("Models") : tr("Model path"),
                 models.isEmpty() ? tr("(none)") : models.join(QStringLiteral("\n"))});
    const SessionCalibration& c = s.calibration;
    r.push_back({tr("Calibration text"), c.textPath.empty() ? tr("built-in calibration text") : q(c.textPath)});
    r.push_back({tr("Calibration"), tr("%1 sequences × %2 tokens, %3 units, first token %4")
                                        .arg(integer(c.sequences), integer(c.seqLen), unitsId(c.units),
                                             c.skipFirstToken ? tr("skipped") : tr("kept"))});
    QString metric = metricId(c.metric);
    if (s.similarity) {
        metric = metricId(s.similarity->metric);
        metric +=
            tr(", %1 tokens in %2 sequences").arg(integer(s.similarity->tokens), integer(s.similarity->sequences));
        if (!s.similarity->method.empty()) metric += QStringLiteral(" (%1)").arg(q(s.similarity->method));
    }
    r.push_back({tr("Metric"), metric});
    QString clustering = tr("%1 linkage on 1 − S").arg(q(linkageName(s.clustering.linkage)));
    if (s.clustering.contiguous) clustering += tr(", contiguous groups only");
    if (s.clustering.keepFirstLast) clustering += tr(", first and last unit kept unshared");
    if (s.clustering.maxGroupSize > 0) clustering += tr(", at most %1 units per group").arg(s.clustering.maxGroupSize);
    r.push_back({tr("Linkage"), clustering});
    r.push_back({tr("Threshold"), QString::number(s.clustering.threshold, 'g', 6)});
    if (!s.runs.empty()) {
        const SessionRun& run = s.runs.back();
        r.push_back({tr("Seed"), QString::number(qulonglong(run.seed))});
        r.push_back(
            {s.runs.size() > 1 ? tr("Last run (%1 of %1)").arg(s.runs.size()) : tr("Fine-tune run"), runSettings(run)});
        if (!run.stopReason.empty()) r.push_back({tr("Stopped"), q(run.stopReason)});
    }
    P.keyValues(r);

    P.heading(tr("Contents"));
    for (const auto& line : contents) P.text(line, f.body, kInk, 2);
}

// ------------------------------------------------------------------ page 3

void groupsPage(Pages& P, const Session& s) {
    const SharingPlan& plan = *s.plan;
    P.heading(tr("Groups at threshold %1").arg(QString::number(s.clustering.threshold, 'g', 6)));
    Table t;
    t.headers = {tr("Group"),      tr("Members"), tr("Units"), tr("Shared parameters"), tr("Saved parameters"),
                 tr("Saved bytes")};
    t.widths = {0.08, 0.38, 0.08, 0.16, 0.16, 0.14};
    t.align = {Qt::AlignLeft, Qt::AlignLeft, Qt::AlignRight, Qt::AlignRight, Qt::AlignRight, Qt::AlignRight};
    QStringList unshared;
    int k = 0;
    int64_t saved = 0;
    uint64_t savedBytes = 0;
    for (const auto& g : plan.groups) {
        QStringList names;
        for (int m : g.members)
            names << (m >= 0 && m < int(plan.units.size()) ? q(plan.units[size_t(m)].name) : QString::number(m));
        if (g.members.size() < 2) {
            unshared << names;
            continue;
        }
        ++k;
        saved += g.savedParameters;
        savedBytes += g.savedBytes;
        t.rows.push_back({QString::number(k), names.join(QStringLiteral(", ")), QString::number(g.members.size()),
                          integer(g.sharedParameters), integer(g.savedParameters), bytesText(g.savedBytes)});
    }
    if (k > 0) {
        t.boldFrom = int(t.rows.size());
        t.rows.push_back(
            {tr("Total"), tr("%1 shared groups").arg(k), QString(), QString(), integer(saved), bytesText(savedBytes)});
        P.table(t);
    } else {
        P.text(tr("No group has two or more units at this threshold: nothing is shared."), P.fonts().body);
    }
    if (!unshared.isEmpty())
        P.text(tr("Unshared units (%1): %2").arg(unshared.size()).arg(unshared.join(QStringLiteral(", "))),
               P.fonts().body, kInk, 8);

    P.heading(tr("Totals"));
    std::vector<std::pair<QString, QString>> r;
    r.push_back(
        {tr("Parameters"), tr("%1 → %2 (%3)")
                               .arg(integer(plan.baselineParameters), integer(plan.sharedParameters),
                                    percentChange(double(plan.baselineParameters), double(plan.sharedParameters)))});
    r.push_back({tr("Bytes"), tr("%1 → %2 (%3), %4 bytes per parameter")
                                  .arg(bytesText(plan.baselineBytes), bytesText(plan.sharedBytes),
                                       percentChange(double(plan.baselineBytes), double(plan.sharedBytes)))
                                  .arg(plan.bytesPerParameter)});
    r.push_back(
        {tr("Units"), tr("%1 units in %2 groups (%3 shared)").arg(plan.units.size()).arg(plan.groups.size()).arg(k)});
    r.push_back({tr("Private norms"), yesNo(plan.privateNorms)});
    P.keyValues(r);
}

// ------------------------------------------------------------------ page 4

// At most ~600 points per series: means over equal bins of steps.
std::vector<QPointF> decimate(std::vector<QPointF> pts, size_t limit = 600) {
    if (pts.size() <= limit) return pts;
    const size_t bin = (pts.size() + limit - 1) / limit;
    std::vector<QPointF> out;
    for (size_t i = 0; i < pts.size(); i += bin) {
        double sx = 0, sy = 0;
        int n = 0;
        bool bad = false;
        for (size_t k = i; k < std::min(pts.size(), i + bin); ++k) {
            if (!std::isfinite(pts[k].y())) bad = true;
            sx += pts[k].x();
            sy += pts[k].y();
            ++n;
        }
        out.emplace_back(sx / n, bad ? std::nan("") : sy / n);
    }
    return out;
}

template <typename F>
std::vector<QPointF> stepSeries(const TrainResult& r, F value) {
    std::vector<QPointF> pts;
    pts.reserve(r.steps.size());
    for (const auto& st : r.steps) pts.emplace_back(st.step, value(st));
    return decimate(std::move(pts));
}

std::vector<QPointF> evalSeries(const TrainResult& r) {
    std::vector<QPointF> pts;
    for (const auto& e : r.evals) pts.emplace_back(e.step, e.loss);
    return pts;
}

ChartSeries series(const QString& name, std::vector<QPointF> pts, const QColor& color,
                   Qt::PenStyle style = Qt::SolidLine, bool markers = false) {
    ChartSeries s;
    s.name = name;
    s.points = std::move(pts);
    s.color = color;
    s.style = style;
    s.markers = markers;
    return s;
}

// A distilled run's loss components (the shared run's training loss is then
// their weighted sum), dotted.
void addDistillSeries(LineChartData& loss, const SessionRun& run) {
    if (run.distill == DistillMode::None) return;
    loss.yLabel = tr("Loss (nats)");
    loss.series.push_back(series(tr("shared, cross-entropy"),
                                 stepSeries(run.shared, [](const StepRecord& r) { return r.crossEntropy; }),
                                 kShared.darker(150), Qt::DotLine));
    if (run.distill != DistillMode::Hidden)
        loss.series.push_back(series(tr("shared, KL to the unshared model"),
                                     stepSeries(run.shared, [](const StepRecord& r) { return r.distillKl; }),
                                     QColor(0x8e, 0x44, 0xad), Qt::DotLine));
    if (run.distill != DistillMode::Logits)
        loss.series.push_back(series(tr("shared, hidden-state MSE"),
                                     stepSeries(run.shared, [](const StepRecord& r) { return r.distillHidden; }),
                                     QColor(0x2e, 0x86, 0x4b), Qt::DotLine));
}

void trainingPage(Pages& P, const Session& s) {
    const SessionRun& run = s.runs.back();
    P.heading(s.runs.size() > 1 ? tr("Training: run %1 of %1").arg(s.runs.size()) : tr("Training"));
    P.text(runSettings(run), P.fonts().small, kMuted, 2);
    if (!run.stopReason.empty()) P.text(tr("Stopped: %1").arg(q(run.stopReason)), P.fonts().small, kMuted, 2);
    P.skip(4);

    LineChartData loss;
    loss.title = tr("Loss");
    loss.xLabel = tr("Step");
    loss.yLabel = tr("Cross-entropy (nats)");
    loss.series.push_back(series(tr("baseline, train"),
                                 stepSeries(run.baseline, [](const StepRecord& r) { return r.loss; }),
                                 kBaseline.lighter(140)));
    loss.series.push_back(series(
        tr("shared, train"), stepSeries(run.shared, [](const StepRecord& r) { return r.loss; }), kShared.lighter(130)));
    loss.series.push_back(
        series(tr("baseline, validation"), evalSeries(run.baseline), kBaseline.darker(120), Qt::DashLine, true));
    loss.series.push_back(
        series(tr("shared, validation"), evalSeries(run.shared), kShared.darker(120), Qt::DashLine, true));
    addDistillSeries(loss, run);

    LineChartData speed;
    speed.title = tr("Training speed");
    speed.xLabel = tr("Step");
    speed.yLabel = tr("Tokens per second");
    speed.yFromZero = true;
    speed.series.push_back(series(
        tr("baseline"), stepSeries(run.baseline, [](const StepRecord& r) { return r.tokensPerSecond; }), kBaseline));
    speed.series.push_back(
        series(tr("shared"), stepSeries(run.shared, [](const StepRecord& r) { return r.tokensPerSecond; }), kShared));

    const double mib = 1024.0 * 1024.0;
    LineChartData state;
    state.title = tr("Model state");
    state.subtitle = tr("Parameters, gradients, optimizer state");
    state.xLabel = tr("Step");
    state.yLabel = tr("MiB");
    state.yFromZero = true;
    state.series.push_back(
        series(tr("baseline"), stepSeries(run.baseline, [&](const StepRecord& r) { return r.modelStateBytes / mib; }),
               kBaseline));
    state.series.push_back(series(
        tr("shared"), stepSeries(run.shared, [&](const StepRecord& r) { return r.modelStateBytes / mib; }), kShared));
    LineChartData rss;
    rss.title = tr("Peak memory");
    rss.subtitle = tr("Peak resident set size of the process");
    rss.xLabel = tr("Step");
    rss.yLabel = tr("MiB");
    rss.yFromZero = true;
    rss.series.push_back(series(tr("baseline"),
                                stepSeries(run.baseline, [&](const StepRecord& r) { return r.peakRssBytes / mib; }),
                                kBaseline));
    rss.series.push_back(series(tr("shared"),
                                stepSeries(run.shared, [&](const StepRecord& r) { return r.peakRssBytes / mib; }),
                                kShared, Qt::DashLine));

    const double gap = 14;
    const double h = (P.remaining() - 2 * gap) / 3;
    P.figure(h, [&](QPainter& p, const QRectF& r) { paintLineChart(p, r, loss); });
    P.skip(gap);
    P.figure(h, [&](QPainter& p, const QRectF& r) { paintLineChart(p, r, speed); });
    P.skip(gap);
    P.figure(h, [&](QPainter& p, const QRectF& r) {
        const double w = (r.width() - 20) / 2;
        paintLineChart(p, QRectF(r.left(), r.top(), w, r.height()), state);
        paintLineChart(p, QRectF(r.right() - w, r.top(), w, r.height()), rss);
    });
}

// ------------------------------------------------------------------ page 5

// The mean over the finite values (NaN when none), the statistic the GUI's
// tables and the command line's JSON give for speed.
double mean(const std::vector<double>& v) {
    double sum = 0;
    int n = 0;
    for (double x : v)
        if (std::isfinite(x)) {
            sum += x;
            ++n;
        }
    return n ? sum / n : std::nan("");
}

const BudgetPoint* findBudget(const SessionRun& run, const std::string& method) {
    for (const auto& b : run.budget)
        if (b.method == method) return &b;
    return nullptr;
}

// The baseline and the shared model after training.
void resultsTable(Pages& P, const SessionRun& run) {
    Table t;
    t.headers = {tr("Model"), tr("Validation loss before"), tr("after"),           tr("change"), tr("Parameters"),
                 tr("Bytes"), tr("Tokens/s (mean)"),        tr("Peak model state")};
    t.widths = {0.11, 0.13, 0.1, 0.1, 0.14, 0.13, 0.14, 0.15};
    t.align = {Qt::AlignLeft,  Qt::AlignRight, Qt::AlignRight, Qt::AlignRight,
               Qt::AlignRight, Qt::AlignRight, Qt::AlignRight, Qt::AlignRight};
    auto row = [&](const QString& name, const std::string& method, const TrainResult& r, int64_t params) {
        QString before = QStringLiteral("—"), after = QStringLiteral("—"), change = QStringLiteral("—");
        // No "before" when the run evaluated only at the end of training.
        const bool hasBefore = !r.evals.empty() && (r.evals.front().step == 0 || r.steps.empty());
        if (!r.evals.empty()) {
            if (hasBefore) before = fixed(r.evals.front().loss, 4);
            after = fixed(r.evals.back().loss, 4);
            if (hasBefore && r.evals.size() > 1) {
                const double d = r.evals.back().loss - r.evals.front().loss;
                change = (d < 0 ? QStringLiteral("−") : QStringLiteral("+")) + fixed(std::abs(d), 4);
            }
        }
        const BudgetPoint* b = findBudget(run, method);
        const uint64_t bytes = b ? b->bytes : uint64_t(params) * 4;
        std::vector<double> tps;
        uint64_t peak = 0;
        for (const auto& st : r.steps) {
            tps.push_back(st.tokensPerSecond);
            peak = std::max(peak, st.modelStateBytes);
        }
        const double tpsMean = mean(tps);
        t.rows.push_back({name, before, after, change, integer(params), bytesText(bytes),
                          std::isfinite(tpsMean) ? integer(int64_t(std::llround(tpsMean))) : QStringLiteral("—"),
                          r.steps.empty() ? QStringLiteral("—") : bytesText(peak)});
    };
    row(tr("baseline"), "baseline", run.baseline, run.baselineParameters);
    row(tr("shared"), "shared", run.shared, run.sharedParameters);
    P.table(t);
    P.text(tr("Validation loss: mean next-token cross-entropy on fixed windows of the held-out tail of the text, "
              "before training and after the last step; the comparison below uses the same windows. Tokens/s: the "
              "mean over the steps. Bytes as float32 unless the budget comparison recorded them."),
           P.fonts().small, kMuted, 6);
}

// Validation loss against parameters and against bytes, one labelled
// point per method.
void budgetCharts(Pages& P, const SessionRun& run) {
    int64_t maxParams = 0;
    uint64_t maxBytes = 0;
    for (const auto& p : run.budget) {
        maxParams = std::max(maxParams, p.parameters);
        maxBytes = std::max(maxBytes, p.bytes);
    }
    const double scale = maxParams >= 2000000 ? 1e6 : maxParams >= 2000 ? 1e3 : 1.0;
    const QString unit = scale == 1e6 ? tr("millions") : scale == 1e3 ? tr("thousands") : QString();
    const double byteScale = maxBytes >= (uint64_t(2) << 20) ? 1024.0 * 1024.0 : maxBytes >= 2048 ? 1024.0 : 1.0;
    const QString byteUnit = byteScale > 1024 ? tr("MiB") : byteScale > 1 ? tr("KiB") : tr("bytes");
    LineChartData byParams, byBytes;
    byParams.title = tr("Validation loss vs parameters");
    byParams.xLabel = unit.isEmpty() ? tr("Parameters") : tr("Parameters (%1)").arg(unit);
    byBytes.title = tr("Validation loss vs bytes");
    byBytes.xLabel = tr("Bytes (%1)").arg(byteUnit);
    for (LineChartData* c : {&byParams, &byBytes}) {
        c->yLabel = tr("Validation loss (nats)");
        c->padRange = true;
        for (const auto& p : run.budget) {
            const double x = c == &byParams ? double(p.parameters) / scale : double(p.bytes) / byteScale;
            // No legend: every point carries its method's name.
            ChartSeries cs = series(QString(), {QPointF(x, p.loss)}, methodColor(q(p.method)), Qt::SolidLine, true);
            cs.line = false;
            cs.pointLabels = QStringList{q(p.method)};
            c->series.push_back(cs);
        }
    }
    P.skip(6);
    P.text(tr("Each method evaluated on the same validation sequences."), P.fonts().small, kMuted, 4);
    P.figure(std::min(P.remaining(), 250.0), [&](QPainter& p, const QRectF& r) {
        const double w = (r.width() - 20) / 2;
        paintLineChart(p, QRectF(r.left(), r.top(), w, r.height()), byParams);
        paintLineChart(p, QRectF(r.right() - w, r.top(), w, r.height()), byBytes);
    });
}

void resultsPage(Pages& P, const Session& s) {
    const SessionRun& run = s.runs.back();
    P.heading(tr("Results"));
    resultsTable(P, run);
    P.heading(tr("Comparison at a similar budget"));
    if (run.budget.empty()) {
        P.text(tr("This run recorded no budget comparison (layer removal, int8): left out."), P.fonts().body, kMuted);
        return;
    }
    const BudgetPoint* base = findBudget(run, "baseline");
    Table b;
    b.headers = {tr("Method"),          tr("Parameters"), tr("Bytes"),
                 tr("Validation loss"), tr("Perplexity"), tr("vs baseline")};
    b.widths = {0.26, 0.16, 0.16, 0.15, 0.13, 0.14};
    b.align = {Qt::AlignLeft, Qt::AlignRight, Qt::AlignRight, Qt::AlignRight, Qt::AlignRight, Qt::AlignRight};
    for (const auto& p : run.budget) {
        QString vs = QStringLiteral("—");
        if (base && &p != base && std::isfinite(p.loss) && std::isfinite(base->loss)) {
            const double d = p.loss - base->loss;
            vs = (d < 0 ? QStringLiteral("−") : QStringLiteral("+")) + fixed(std::abs(d), 4);
        }
        b.rows.push_back(
            {q(p.method), integer(p.parameters), bytesText(p.bytes), fixed(p.loss, 4), fixed(std::exp(p.loss), 2), vs});
    }
    P.table(b);
    budgetCharts(P, run);
}

// The title page's list of sections, in order (a long groups table may take
// more than one page).
QStringList reportContents(const Session& s) {
    QStringList contents;
    contents << tr("• Model summary and provenance");
    if (s.similarity)
        contents << tr("• Similarity heatmap and dendrogram with the threshold");
    else
        contents << tr("No analysis in this session: the heatmap and the dendrogram are left out.");
    if (s.plan)
        contents << tr("• Groups: members, shared and saved parameters and bytes");
    else
        contents << tr("No sharing plan in this session: the groups table is left out.");
    if (!s.runs.empty()) {
        contents << tr("• Training charts of the last run");
        contents << tr("• Results and the comparison at a similar budget");
    } else {
        contents << tr("No fine-tune run in this session: the training charts and the comparison are left out.");
    }
    return contents;
}

// The extra charts, two to a page, under "Layer importance and pruning".
void extraChartPages(Pages& P, const std::vector<LineChartData>& charts) {
    for (size_t i = 0; i < charts.size(); ++i) {
        if (i % 2 == 0) {
            P.newPage();
            P.heading(tr("Layer importance and pruning"));
        } else {
            P.skip(12);
        }
        const auto& chart = charts[i];
        const double h = i % 2 == 0 && i + 1 < charts.size() ? (P.remaining() - 12) / 2 : P.remaining();
        P.figure(h, [&](QPainter& p, const QRectF& r) { paintLineChart(p, r, chart); });
    }
}

// Every page after the file is open.
void reportPages(Pages& P, const Session& s, const std::optional<ModelSummary>& summary, const ReportOptions& o,
                 const QString& generator, const QDateTime& created, const QStringList& contents,
                 const std::optional<Analysis>& analysis) {
    titlePage(P, s, summary, o, generator, created, contents);
    if (analysis) {
        P.newPage();
        P.heading(tr("Similarity and clustering"));
        const double gap = 12;
        const double total = P.remaining() - gap;
        P.figure(total * 0.57, [&](QPainter& p, const QRectF& r) { paintHeatmap(p, r, analysis->heatmap); });
        P.skip(gap);
        P.figure(P.remaining(), [&](QPainter& p, const QRectF& r) { paintDendrogram(p, r, analysis->dendrogram); });
    }
    if (s.plan) {
        P.newPage();
        groupsPage(P, s);
    }
    if (!s.runs.empty()) {
        P.newPage();
        trainingPage(P, s);
        P.newPage();
        resultsPage(P, s);
    }
    extraChartPages(P, o.extraCharts);
}

} // namespace

int reportBasePageCount(const Session& s) {
    return 1 + (s.similarity ? 1 : 0) + (s.plan ? 1 : 0) + (s.runs.empty() ? 0 : 2);
}

bool writeReport(const Session& s, const std::optional<ModelSummary>& summary, const QString& pdfPath, QString* error,
                 const ReportOptions& o) {
    auto fail = [&](const QString& message) {
        if (error) *error = message;
        return false;
    };
    // Everything that can throw on a bad session happens before the file opens.
    std::optional<Analysis> analysis;
    try {
        if (s.similarity) analysis = prepareAnalysis(s);
    } catch (const std::exception& e) {
        return fail(
            tr("Cannot write the report “%1”: the session's analysis cannot be drawn: %2").arg(pdfPath, errorText(e)));
    }
    const QString generator = o.generator.isEmpty() ? QStringLiteral("ShareLens " SHARELENS_VERSION) : o.generator;
    const QDateTime created = o.created.isValid() ? o.created : QDateTime::currentDateTime();

    const QStringList contents = reportContents(s);

    return writePdfDocument(
        pdfPath, tr("ShareLens report: %1").arg(modelName(s)), generator, error,
        [&](QPdfWriter& writer, QPainter& painter) {
            Pages P(writer, painter, makeFonts(),
                    tr("ShareLens report · %1 · %2").arg(modelName(s), created.toString(QStringLiteral("yyyy-MM-dd"))));
            reportPages(P, s, summary, o, generator, created, contents, analysis);
        });
}

bool writePdfDocument(const QString& pdfPath, const QString& title, const QString& generator, QString* error,
                      const std::function<void(QPdfWriter&, QPainter&)>& paint) {
    auto fail = [&](const QString& message) {
        if (error) *error = message;
        return false;
    };
    if (const QString why = outputFileProblem(pdfPath); !why.isEmpty())
        return fail(tr("Cannot write the report “%1”: %2").arg(pdfPath, why));
    QSaveFile file(pdfPath);
    if (!file.open(QIODevice::WriteOnly))
        return fail(tr("Cannot write the report “%1”: %2.").arg(pdfPath, file.errorString()));
    try {
        QPdfWriter writer(&file);
        writer.setCreator(generator);
        writer.setTitle(title);
        writer.setResolution(72); // painter units are points
        writer.setPageLayout(
            QPageLayout(QPageSize(QPageSize::A4), QPageLayout::Portrait, QMarginsF(0, 0, 0, 0), QPageLayout::Point));
        QPainter painter;
        if (!painter.begin(&writer)) {
            file.cancelWriting();
            return fail(tr("Cannot write the report “%1”: the PDF writer did not start.").arg(pdfPath));
        }
        painter.setRenderHint(QPainter::Antialiasing, true);
        painter.setRenderHint(QPainter::TextAntialiasing, true);
        paint(writer, painter);
        painter.end();
    } catch (const std::exception& e) {
        file.cancelWriting();
        return fail(tr("Cannot write the report “%1”: %2").arg(pdfPath, errorText(e)));
    }
    if (file.error() != QFileDevice::NoError) {
        const QString why = file.errorString();
        file.cancelWriting();
        return fail(tr("Cannot write the report “%1”: %2.").arg(pdfPath, why));
    }
    if (!file.commit()) return fail(tr("Cannot write the report “%1”: %2.").arg(pdfPath, file.errorString()));
    return true;
}

} // namespace sharelens::widgets
