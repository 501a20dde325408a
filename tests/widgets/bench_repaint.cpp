// Repaint latency of the interactive widgets after a threshold change:
// the time from DendrogramWidget::setThreshold() / HeatmapWidget::setGroups()
// (new outlines for the new cut) to the end of the synchronous repaint, for
// n = 80 and n = 2000 units (or the counts given as arguments), and of a
// zoom or pan step. Prints median and 95th percentile in ms; the goal is
// under 16 ms (one frame at 60 Hz) at 2000 units.
#include "dendrogramwidget.h"
#include "fixtures.h"
#include "heatmapwidget.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QTest>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <vector>

using namespace sharelens::widgets;

namespace {

struct Stats {
    double median, p95, max;
};

Stats stats(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return {v[v.size() / 2], v[std::min(v.size() - 1, v.size() * 95 / 100)], v.back()};
}

void print(const char* what, int n, const Stats& s) {
    std::printf("%-34s n=%-5d median %7.2f ms   p95 %7.2f ms   max %7.2f ms   %s\n", what, n, s.median, s.p95, s.max,
                s.p95 < 16.0 ? "ok (< 16 ms)" : "SLOW (>= 16 ms)");
}

// Heatmap: the cut changes, so the outlines change; the image stays. Then
// zoom and pan steps.
bool benchHeatmap(int n, const sharelens::LinkageMatrix& z, const std::vector<double>& thresholds, int rounds) {
    HeatmapWidget w;
    w.resize(900, 600);
    HeatmapData d = fixtures::heatmapData(fixtures::blockSimilarity(n, 8));
    d.groups = fixtures::cut(z, thresholds[0]);
    w.setData(d);
    w.show();
    if (!QTest::qWaitForWindowExposed(&w)) return false;
    QElapsedTimer first;
    first.start();
    if (!QTest::qWaitFor([&] { return !w.isRendering(); }, 30000)) return false;
    std::printf("%-34s n=%-5d %7.2f ms (off the GUI thread: %s)\n", "heatmap first image", n,
                first.nsecsElapsed() / 1e6, n >= 256 ? "yes" : "no");
    std::vector<std::vector<std::vector<int>>> cuts;
    for (double t : thresholds) cuts.push_back(fixtures::cut(z, t));
    std::vector<double> outline;
    QElapsedTimer timer;
    for (int i = 0; i < rounds; ++i) {
        timer.start();
        w.setGroups(cuts[size_t(i)]);
        w.repaint();
        outline.push_back(timer.nsecsElapsed() / 1e6);
    }
    print("heatmap setGroups+repaint", n, stats(outline));
    // Zoomed in (wheel steps about the centre), then panned by pixels.
    std::vector<double> zoom, pan;
    const QRectF m = w.visibleMatrix();
    for (int i = 0; i < rounds; ++i) {
        timer.start();
        w.zoomAbout(m.center(), i < rounds / 2 ? 1.25 : 1 / 1.25);
        w.repaint();
        zoom.push_back(timer.nsecsElapsed() / 1e6);
    }
    w.zoomAbout(m.center(), 40.0);
    for (int i = 0; i < rounds; ++i) {
        HeatmapZoom z2 = w.zoom().pannedBy(m, n, QPointF(i % 2 ? 7 : -5, 3));
        timer.start();
        w.setZoom(z2);
        w.repaint();
        pan.push_back(timer.nsecsElapsed() / 1e6);
    }
    print("heatmap zoom step+repaint", n, stats(zoom));
    print("heatmap pan step+repaint (x40)", n, stats(pan));
    return true;
}

} // namespace

int main(int argc, char** argv) {
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    const int rounds = 60;
    std::printf("platform %s, %d rounds each, widget 900x600\n", qPrintable(QGuiApplication::platformName()), rounds);
    std::vector<int> sizes;
    for (int i = 1; i < argc; ++i) sizes.push_back(std::atoi(argv[i]));
    if (sizes.empty()) sizes = {80, 2000};
    for (int n : sizes) {
        const auto z = fixtures::balancedLinkage(n);
        double maxH = 0;
        for (const auto& r : z) maxH = std::max(maxH, r[2]);
        std::vector<double> thresholds;
        for (int i = 0; i < rounds; ++i) thresholds.push_back(maxH * (0.1 + 0.8 * i / (rounds - 1)));

        // Dendrogram: the line moves and the caller hands back a new layout.
        {
            DendrogramWidget w;
            w.resize(900, 600);
            w.setData(fixtures::dendrogramData(z, thresholds[0], n));
            w.show();
            if (!QTest::qWaitForWindowExposed(&w)) return 1;
            std::vector<DendrogramData> datas;
            for (double t : thresholds) datas.push_back(fixtures::dendrogramData(z, t, n));
            std::vector<double> line, full;
            QElapsedTimer timer;
            for (int i = 0; i < rounds; ++i) {
                timer.start();
                w.setThreshold(thresholds[size_t(i)]);
                w.repaint();
                line.push_back(timer.nsecsElapsed() / 1e6);
            }
            for (int i = 0; i < rounds; ++i) {
                timer.start();
                w.setData(datas[size_t(i)]);
                w.repaint();
                full.push_back(timer.nsecsElapsed() / 1e6);
            }
            print("dendrogram setThreshold+repaint", n, stats(line));
            print("dendrogram setData+repaint", n, stats(full));
        }
        if (!benchHeatmap(n, z, thresholds, rounds)) return 1;
    }
    return 0;
}
