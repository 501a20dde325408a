#include "cli_figures.h"

#include <QGuiApplication>
#include <QLocale>
#include <QString>

#include <algorithm>
#include <memory>

#include "colormap.h"
#include "figures.h"
#include "linechart.h"
#include "sharelens/error.h"
#include "sharelens/input_limits.h"

namespace sharelens::cli {

void ensureGuiApplication() {
    if (QGuiApplication::instance()) return;
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
    static int argc = 1;
    static char name[] = "sharelens-cli";
    static char* argv[] = {name, nullptr};
    static std::unique_ptr<QGuiApplication> app(new QGuiApplication(argc, argv));
}

namespace {

QString q(const std::string& s) { return QString::fromStdString(s); }

// One figure in the three formats: DIR/name.{png,svg,pdf}.
void writeChart(const widgets::LineChartData& chart, const std::string& dir, const char* name, QSizeF size) {
    for (const char* ext : {"png", "svg", "pdf"}) {
        QString error;
        const QString path = q(dir) + QLatin1Char('/') + QLatin1String(name) + QLatin1Char('.') + QLatin1String(ext);
        if (!widgets::exportFigure(
                path, size, [&](QPainter& p, const QRectF& r) { widgets::paintLineChart(p, r, chart); }, &error))
            throw Error(error.toStdString(), path.toStdString());
    }
}

void writeCsv(const std::string& dir, const char* name, const QByteArray& bytes) {
    QString error;
    const QString path = q(dir) + QLatin1Char('/') + QLatin1String(name);
    if (!widgets::saveFileAtomic(path, bytes, &error)) throw Error(error.toStdString(), path.toStdString());
}

// A pruning-curve strategy drawn in the colour of the same-budget method it
// corresponds to (colormap.h: methodColor).
QColor strategyColor(const std::string& strategy) {
    if (strategy == "sharing") return widgets::methodColor(QStringLiteral("shared"));
    if (strategy == "last-k") return widgets::methodColor(QStringLiteral("drop-last-"));
    return widgets::methodColor(QStringLiteral("remove-") + q(strategy) + QLatin1Char('-'));
}

} // namespace

std::vector<widgets::LineChartData> importanceCharts(const ImportanceResult& r, const std::string& subtitle) {
    using namespace sharelens::widgets;
    LineChartData bi;
    bi.title = QStringLiteral("Block influence");
    bi.subtitle = q(subtitle);
    bi.xLabel = QStringLiteral("Block");
    bi.yLabel = QStringLiteral("1 − mean cos(x_l, x_l+1)");
    bi.yFromZero = true;
    ChartSeries s;
    s.color = groupColor(0);
    s.markers = true;
    for (size_t l = 0; l < r.blockInfluence.size(); ++l) s.points.emplace_back(double(l), r.blockInfluence[l]);
    bi.series.push_back(s);

    LineChartData ang;
    ang.title = QStringLiteral("Angular distance of n-block spans");
    ang.subtitle = q(subtitle) + QStringLiteral(" · %1 tokens").arg(QLatin1String(angularTokensName(r.angularMode)));
    ang.xLabel = QStringLiteral("Start block l");
    ang.yLabel = QStringLiteral("arccos(cos(x_l, x_l+n)) / π");
    ang.yFromZero = true;
    for (size_t n = 1; n <= r.angularDistance.size(); ++n) {
        ChartSeries line;
        line.name = QStringLiteral("n = %1").arg(n);
        line.color = groupColor(static_cast<int>(n - 1));
        for (size_t l = 0; l < r.angularDistance[n - 1].size(); ++l)
            line.points.emplace_back(double(l), r.angularDistance[n - 1][l]);
        ang.series.push_back(line);
    }
    return {bi, ang};
}

void writeImportanceFigures(const ImportanceResult& r, const std::string& subtitle, const std::string& dir) {
    ensureGuiApplication();
    const auto charts = importanceCharts(r, subtitle);
    writeChart(charts[0], dir, "importance", QSizeF(480, 300));
    writeChart(charts[1], dir, "angular", QSizeF(520, 340));
    QByteArray csv = "block,block_influence,leave_one_out_loss\n";
    for (size_t l = 0; l < r.blockInfluence.size(); ++l)
        csv += QByteArray::number(qulonglong(l)) + ',' + QByteArray::number(r.blockInfluence[l], 'g', 17) + ',' +
               (l < r.leaveOneOutLoss.size() ? QByteArray::number(r.leaveOneOutLoss[l], 'g', 17) : QByteArray()) + '\n';
    writeCsv(dir, "importance.csv", csv);
}

widgets::LineChartData curveChart(const std::vector<workflow::CurvePoint>& points, const std::string& subtitle) {
    using namespace sharelens::widgets;
    LineChartData c;
    c.title = QStringLiteral("Pruning curve (no fine-tuning)");
    c.subtitle = q(subtitle);
    c.xLabel = QStringLiteral("Parameters kept (millions)");
    c.yLabel = QStringLiteral("Validation loss");
    const workflow::CurvePoint* base = nullptr;
    for (const auto& p : points)
        if (p.strategy == "baseline") base = &p;
    std::vector<std::string> order;
    for (const auto& p : points)
        if (p.strategy != "baseline" && std::find(order.begin(), order.end(), p.strategy) == order.end())
            order.push_back(p.strategy);
    for (size_t i = 0; i < order.size(); ++i) {
        ChartSeries s;
        s.name = q(order[i]);
        s.color = strategyColor(order[i]);
        s.markers = true;
        if (base) s.points.emplace_back(double(base->parameters) / 1e6, base->loss);
        for (const auto& p : points)
            if (p.strategy == order[i]) s.points.emplace_back(double(p.parameters) / 1e6, p.loss);
        c.series.push_back(s);
    }
    return c;
}

std::vector<workflow::CurvePoint> readCurveCsv(const std::string& path) {
    const QByteArray text = QByteArray::fromStdString(
        readInputFile(path, kMaxJsonFileBytes, "a pruning-curve CSV", "points of a pruning curve",
                      "give the curve.csv that 'sharelens-cli curve' writes."));
    QList<QByteArray> lines = text.split('\n');
    if (!lines.isEmpty() && lines.back().isEmpty()) lines.removeLast(); // the newline ending the file
    std::vector<workflow::CurvePoint> out;
    int line = 0;
    for (const QByteArray& row : lines) {
        if (line >= 100000) break;
        const QList<QByteArray> v = row.trimmed().split(',');
        if (++line == 1) continue; // the header
        bool ok[3] = {false, false, false};
        workflow::CurvePoint p;
        if (v.size() == 5) {
            p.strategy = v[0].toStdString();
            p.removed = v[1].toInt(&ok[0]);
            p.threshold = v[2].isEmpty() ? 0.0 : v[2].toDouble();
            p.parameters = v[3].toLongLong(&ok[1]);
            p.loss = v[4].toDouble(&ok[2]);
        }
        if (!ok[0] || !ok[1] || !ok[2]) throw Error(ErrorCode::CurveCsvBadLine, {std::to_string(line)}, path);
        out.push_back(p);
    }
    return out;
}

void writeCurveFigures(const std::vector<workflow::CurvePoint>& points, const std::string& subtitle,
                       const std::string& dir) {
    ensureGuiApplication();
    writeChart(curveChart(points, subtitle), dir, "curve", QSizeF(520, 360));
    QByteArray csv = "strategy,removed,threshold,parameters,loss\n";
    for (const auto& p : points)
        csv += QByteArray::fromStdString(p.strategy) + ',' + QByteArray::number(p.removed) + ',' +
               (p.strategy == "sharing" ? QByteArray::number(p.threshold, 'g', 17) : QByteArray()) + ',' +
               QByteArray::number(qlonglong(p.parameters)) + ',' + QByteArray::number(p.loss, 'g', 17) + '\n';
    writeCsv(dir, "curve.csv", csv);
}

void writeAnalysisFigures(const FigureInput& in, const std::string& dir) {
    ensureGuiApplication();
    using namespace sharelens::widgets;
    QStringList labels;
    for (const auto& u : in.units) labels << q(u);
    const QString metric = in.metric == "pearson"  ? QStringLiteral("Pearson correlation")
                           : in.metric == "cosine" ? QStringLiteral("Cosine similarity")
                                                   : QStringLiteral("Linear CKA");
    // As the GUI writes them: the metric's name, separators, the threshold
    // to 4 decimals (as the dendrogram's "t =" label).
    const QLocale loc;
    const QString subtitle = QStringLiteral("%1 · %2 · %3 tokens · %4 linkage · threshold %5")
                                 .arg(q(in.modelName), metric, loc.toString(static_cast<qlonglong>(in.tokens)),
                                      q(in.linkageMethod), loc.toString(in.threshold, 'f', 4));

    HeatmapData h;
    h.values = in.similarity;
    h.labels = labels;
    h.title = QStringLiteral("Layer similarity");
    h.subtitle = subtitle;
    h.colorbarLabel = metric;
    h.vmin = std::min(0.0, in.similarity.minCoeff());
    h.vmax = 1.0;
    h.groups = in.groups;

    DendrogramData d;
    d.z = in.linkage;
    d.layout = dendrogramLayout(in.linkage, in.threshold);
    d.labels = labels;
    d.threshold = in.threshold;
    d.title = QStringLiteral("Clustering of units");
    d.subtitle = subtitle;

    const QSizeF size(480, 420); // points
    for (const char* ext : {"png", "svg", "pdf"}) {
        QString error;
        const QString heat = q(dir) + QStringLiteral("/heatmap.") + QLatin1String(ext);
        if (!exportFigure(
                heat, size, [&](QPainter& p, const QRectF& r) { paintHeatmap(p, r, h); }, &error))
            throw Error(error.toStdString(), heat.toStdString());
        const QString dend = q(dir) + QStringLiteral("/dendrogram.") + QLatin1String(ext);
        if (!exportFigure(
                dend, QSizeF(560, 360), [&](QPainter& p, const QRectF& r) { paintDendrogram(p, r, d); }, &error))
            throw Error(error.toStdString(), dend.toStdString());
    }
}

} // namespace sharelens::cli
