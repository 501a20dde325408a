#include "cli_figures.h"

#include <QGuiApplication>
#include <QLocale>
#include <QString>

#include <memory>

#include "figures.h"
#include "sharelens/error.h"

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

} // namespace

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
