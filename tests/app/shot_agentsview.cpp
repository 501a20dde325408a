// Screenshot of the agents view for docs/screenshots (not run by ctest):
//   shot_agentsview OUT.png LEVEL(layers|agents) TAB(0|1) THRESHOLD AGENT_DIR...
// Runs the analysis with the built-in calibration text (32 sequences of 128
// tokens), sets the level and threshold (negative = the view's choice), shows
// the tab, and saves the window's grab to OUT.png.
#include <QApplication>
#include <QTabWidget>
#include <QTimer>

#include <cstdio>

#include "agentsview.h"

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    if (argc < 7) {
        std::fprintf(stderr, "usage: shot_agentsview OUT.png layers|agents TAB THRESHOLD AGENT_DIR AGENT_DIR...\n");
        return 2;
    }
    const QString out = QString::fromLocal8Bit(argv[1]);
    const bool agentsLevel = QString::fromLocal8Bit(argv[2]) == QLatin1String("agents");
    const int tab = QString::fromLocal8Bit(argv[3]).toInt();
    const double threshold = QString::fromLocal8Bit(argv[4]).toDouble();
    sharelens::app::AgentsView v;
    for (int i = 5; i < argc; ++i) v.addAgent(QString::fromLocal8Bit(argv[i]));
    v.setSequenceLength(128);
    v.setSequenceCount(32);
    v.resize(1560, 960);
    v.show();
    QObject::connect(&v, &sharelens::app::AgentsView::analysisFailed, &app, [&](const QString& m, bool) {
        std::fprintf(stderr, "failed: %s\n", qPrintable(m));
        app.exit(1);
    });
    QObject::connect(&v, &sharelens::app::AgentsView::analysisFinished, &app, [&] {
        v.setLevel(agentsLevel ? sharelens::AgentLevel::Agents : sharelens::AgentLevel::Layers);
        if (threshold >= 0) v.setThreshold(threshold);
        if (auto* tabs = v.findChild<QTabWidget*>(QStringLiteral("agentsTabs"))) tabs->setCurrentIndex(tab);
        QTimer::singleShot(1500, &app, [&] {
            const bool ok = v.grab().save(out);
            std::fprintf(stderr, "%s %s\n", ok ? "saved" : "could not save", qPrintable(out));
            std::fprintf(stderr, "%s\n", qPrintable(v.previewText()));
            app.exit(ok ? 0 : 1);
        });
    });
    QTimer::singleShot(0, &v, &sharelens::app::AgentsView::analyze);
    return app.exec();
}
