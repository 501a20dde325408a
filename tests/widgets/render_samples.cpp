// Renders sample figures (12 and 200 units, structured matrices) to a folder
// and screenshots of the two widgets, so that a person can look at them:
// render_samples OUT_DIR [png|svg|pdf ...]
#include "dendrogramwidget.h"
#include "figures.h"
#include "fixtures.h"
#include "heatmapwidget.h"

#include <QApplication>
#include <QDir>
#include <QElapsedTimer>

#include <cstdio>

using namespace sharelens::widgets;

int main(int argc, char** argv) {
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    const QString out = argc > 1 ? QString::fromLocal8Bit(argv[1]) : QStringLiteral(".");
    QStringList formats;
    for (int i = 2; i < argc; ++i) formats << QString::fromLocal8Bit(argv[i]);
    if (formats.isEmpty()) formats << QStringLiteral("png");
    QDir().mkpath(out);
    int failures = 0;
    for (int n : {12, 200}) {
        const int blocks = n == 12 ? 4 : 9;
        const Eigen::MatrixXd s = fixtures::blockSimilarity(n, blocks, 11);
        const auto z = fixtures::averageLinkage(s);
        const double t = n == 12 ? 0.2 : 0.25;
        DendrogramData dd = fixtures::dendrogramData(z, t, n);
        dd.title = QStringLiteral("Layer clustering");
        dd.subtitle = QStringLiteral("demo-gpt2-%1L · Pearson · 65,536 tokens · average linkage · threshold %2")
                          .arg(n)
                          .arg(t, 0, 'f', 2);
        HeatmapData hd = fixtures::heatmapData(s);
        hd.title = QStringLiteral("Layer similarity");
        hd.subtitle = dd.subtitle;
        hd.order = dd.layout.leafOrder;
        hd.groups = fixtures::cut(z, t);
        hd.axisLabel = QStringLiteral("Layer (dendrogram order)");
        for (const QString& f : formats) {
            QString error;
            const QString hm = QStringLiteral("%1/heatmap-%2.%3").arg(out).arg(n).arg(f);
            const QString dg = QStringLiteral("%1/dendrogram-%2.%3").arg(out).arg(n).arg(f);
            if (!exportFigure(
                    hm, QSizeF(360, 330), [&](QPainter& p, const QRectF& r) { paintHeatmap(p, r, hd); }, &error))
                std::fprintf(stderr, "%s\n", qPrintable(error)), ++failures;
            if (!exportFigure(
                    dg, QSizeF(460, 280), [&](QPainter& p, const QRectF& r) { paintDendrogram(p, r, dd); }, &error))
                std::fprintf(stderr, "%s\n", qPrintable(error)), ++failures;
            std::printf("%s\n%s\n", qPrintable(hm), qPrintable(dg));
        }
        HeatmapWidget hw;
        hw.resize(640, 480);
        hw.setData(hd);
        hw.show();
        QElapsedTimer timer;
        timer.start();
        while (hw.isRendering() && timer.elapsed() < 30000) QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
        hw.grab().save(QStringLiteral("%1/widget-heatmap-%2.png").arg(out).arg(n));
        DendrogramWidget dw;
        dw.resize(640, 400);
        dw.setData(dd);
        dw.show();
        QCoreApplication::processEvents();
        dw.grab().save(QStringLiteral("%1/widget-dendrogram-%2.png").arg(out).arg(n));
    }
    return failures ? 1 : 0;
}
